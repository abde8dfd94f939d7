/* llm-atlas: an empty search result offers the nearest topic and page names, as links inserted
 * as text, under Material's result line ("Try: Distillation · LLM distillation, MiniLLM").
 *
 * search-rank.js, loaded before this script (llm-atlas' config lists both on every page), calls
 * `atlasSearchSuggest(query, docs)` with each result it shows: DOCS are the index's documents
 * when the result is empty, else null (the offer goes). A document's names are read as
 * search-rank.js reads them for ranking (atlasSearchNames); nothing here parses markup.
 */
(function () {
  "use strict";

  var R = window.atlasSearchNames;
  var N = window.atlasNormalise;
  var SHOWN = 5;
  var named = { docs: null, pages: [] }; // the documents last named, and their names

  function isArticle(doc) {
    return typeof doc.location === "string" && doc.location.indexOf("#") < 0;
  }

  // An article's label and the names it is found by: its title's, and its long Latin words.
  function name(doc) {
    var n = R.read(doc);
    var tags = doc.tags || [];
    var label = n.topic && tags.length ? n.title + " · " + R.plain(tags[0]) : n.title;
    var words = R.latinTokens([n.title].concat(tags.map(R.plain)).join(" ")).filter(function (w) {
      return w.length >= R.longWord;
    });
    var keys = [n.full, n.head, n.bare].concat(n.keys, words);
    return { location: doc.location, label: label, topic: n.topic, keys: keys };
  }

  // The names nearest the query, for an empty result: topics first, then by edit distance.
  function nearest(raw, docs) {
    var q = R.key(raw);
    if (!q || !N) return [];
    if (named.docs !== docs) named = { docs: docs, pages: docs.filter(isArticle).map(name) };
    var bound = Math.max(2, Math.floor(q.length / 3));
    var scored = [];
    named.pages.forEach(function (page) {
      var best = bound + 1;
      page.keys.forEach(function (k) {
        var d = k.indexOf(q) === 0 ? 0 : N.distance(k.slice(0, q.length + bound), q, bound);
        if (d < best) best = d;
      });
      if (best <= bound) scored.push({ page: page, d: best });
    });
    scored.sort(function (a, b) { return (a.page.topic ? 0 : 1) - (b.page.topic ? 0 : 1) || a.d - b.d; });
    return scored.slice(0, SHOWN).map(function (s) { return s.page; });
  }

  // The word KEY in the site's language (atlasWords: search-lazy.js, which the theme loads
  // before this script), or undefined.
  function word(key) {
    return window.atlasWords ? window.atlasWords.word(key) : undefined;
  }

  function configBase() {
    var el = document.getElementById("__config");
    try {
      return (el && JSON.parse(el.textContent).base) || ".";
    } catch (e) {
      return ".";
    }
  }

  function suggest(raw, docs) {
    var meta = document.querySelector(".md-search-result__meta");
    if (!meta) return;
    var box = document.getElementById("atlas-search-suggest");
    if (!box) {
      box = document.createElement("p");
      box.id = "atlas-search-suggest";
      box.className = "atlas-search-suggest";
      meta.insertAdjacentElement("afterend", box);
    }
    box.replaceChildren();
    var pages = docs ? nearest(raw, docs) : [];
    box.hidden = pages.length === 0;
    if (!pages.length) return;
    box.appendChild(document.createTextNode(word("search_try") || "→ "));
    var base = new URL(configBase(), document.baseURI);
    pages.forEach(function (page, i) {
      if (i) box.appendChild(document.createTextNode(word("list_enum") || ", "));
      var a = document.createElement("a");
      a.href = new URL(page.location, base).href;
      a.textContent = page.label;
      box.appendChild(a);
    });
  }

  if (R) window.atlasSearchSuggest = suggest;
})();
