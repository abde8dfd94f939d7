/* llm-atlas: the search index is fetched when the reader reaches for search, not at page load.
 *
 * Version note (Material for MkDocs 9.x, read on 9.8.2): Material's bundle requests
 * search/search_index.json as the page loads, with XMLHttpRequest (bundle.ts: fetchSearchIndex →
 * requestJSON → request), and hands it to its search worker when it arrives. That index is about
 * half the bytes of a page. This script, loaded before the bundle (templates/theme/main.html),
 * holds the send() of that one request until the reader focuses the search box (a click, a tap
 * on the header's search button, Material's / s f shortcuts all focus it), or arrives with a
 * search in the address (?q=, ?h=). Material's search shows "initialising" meanwhile, as it did
 * while the index loaded at start; the worker answers once the index is in.
 *
 * If Material fetches the index some other way, nothing here matches and the index loads at page
 * load as before: search still works. tests/test_browser.py checks both halves in Chromium (no
 * request before focus, an answer after).
 *
 * Below it, atlasWords: the one reader of the words the site's scripts show (see there).
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var SHORTCUTS = { "/": true, s: true, S: true, f: true, F: true };
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function isIndex(url) {
    try {
      return INDEX.test(new URL(String(url), window.location.href).pathname);
    } catch (e) {
      return false;
    }
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.atlasHeld = !wanted && isIndex(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.atlasHeld && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("keydown", onKey, true);
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  function onFocus(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search")) want();
  }

  function onKey(event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && SHORTCUTS[event.key]) want();
  }

  var params = new URLSearchParams(window.location.search);
  if (params.has("q") || params.has("h")) {
    wanted = true;
  } else {
    document.addEventListener("focusin", onFocus, true);
    document.addEventListener("keydown", onKey, true);
  }
})();

/* atlasWords: the words the site's scripts show, in its language (the message catalog's js.* keys),
 * from the block the theme writes just before this script (#atlas-page-words, main.html). It
 * lives here because this is the theme's one script that every page of every project loads, and
 * before the page's own (explore.js, map-find.js, search-rank.js), which all read it. */
(function () {
  "use strict";

  var words = null;

  function word(key) {
    if (!words) {
      var block = document.getElementById("atlas-page-words");
      try {
        words = block ? JSON.parse(block.textContent) : {};
      } catch (e) {
        words = {};
      }
    }
    return Object.prototype.hasOwnProperty.call(words, key) ? words[key] : undefined;
  }

  // The word KEY with {name} filled in from VALUES (the key itself when the page has no words);
  // with a count of 1 (VALUES.count), its "KEY.one" form where the catalog has one (English),
  // the rule of render/messages.py.
  function say(key, values) {
    var one = values && String(values.count) === "1" ? word(key + ".one") : undefined;
    var template = one || word(key) || key;
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  window.atlasWords = { word: word, say: say };
})();
