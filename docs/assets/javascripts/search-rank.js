/* llm-atlas: the search box puts the page named by the query first.
 *
 * Material's search (lunr) appends a wildcard to every term and ranks by tf-idf, so a rare longer
 * word beats the word itself ("LoRA" found LoRAPrune first, "ZeRO" ZeroQuant), and a topic page
 * had no edge over single entries for its own name. This script sits between Material's page code
 * and its search worker, offline and without touching the index:
 *
 * - the query: a space goes between Latin and Han characters ("AI编译器" is "AI 编译器", the
 *   words the index holds);
 * - the results: pages whose id, title, title head (before ":"), a title part or a tag is
 *   exactly the query come first, then pages whose title starts with it or holds every query word, then
 *   pages whose text or tags hold the whole query; topic pages before entries in the title tiers;
 *   Material's order within each tier.
 *
 * It relies on Material for MkDocs 9.x's worker protocol (browser/worker, search/worker/message:
 * {type: 2, data: query} out, {type: 3, data: {items: [[article, ...sections], ...]}} back, the
 * results read from the worker's "message" events). tests/test_search_quality.py checks the
 * whole path in Chromium; if the protocol changes, search still works, unranked.
 */
(function () {
  "use strict";

  var QUERY = 2;
  var RESULT = 3;
  var pending = []; // the queries sent, answered in order (one result per query)

  var HAN = "\\u3400-\\u9fff\\uf900-\\ufaff";
  var LATIN_HAN = new RegExp("([A-Za-z0-9])(?=[" + HAN + "])|([" + HAN + "])(?=[A-Za-z0-9])", "g");
  // What the index's separator splits on, minus the characters that name things (+ and #).
  var NOISE = /[\s\u200b\u3000\-_:;,.!?()[\]"'/|、。，．？！；：“”‘’（）《》【】〈〉「」『』·]+/g;
  var HEAD = /^[^:：]+/;
  var PARTS = /[:：\-–—（）()、，,/|·]+/;
  var GENERIC = /^(llm|大模型|ai)/;

  function norm(text) {
    return text.toLowerCase().replace(NOISE, "");
  }

  // The index holds escaped HTML (Material inserts it as HTML). Decode it in a document of its
  // own that runs nothing: markup set as innerHTML of an element of this page would load (an
  // <img onerror> in a result ran script).
  var INERT = new DOMParser();

  function plain(html) {
    var doc = INERT.parseFromString(html || "", "text/html");
    return (doc.body.textContent || "").replace(/\u200b/g, "");
  }

  function rewrite(query) {
    return query.replace(LATIN_HAN, "$1$2 ");
  }

  function names(item) {
    var title = plain(item.title);
    var path = item.location.split("#")[0].split("/");
    var out = { id: norm(path[1] || ""), full: norm(title), topic: path[0] === "topics" };
    var head = HEAD.exec(title);
    out.head = head ? norm(head[0]) : out.full;
    out.parts = title.split(PARTS).map(norm).filter(Boolean);
    out.bare = out.full.replace(GENERIC, "");
    return out;
  }

  function tier(item, query, words) {
    var n = names(item);
    if (n.id === query || n.full === query || n.head === query || n.bare === query) return 0;
    var tags = (item.tags || []).map(function (t) { return norm(plain(t)); });
    if (n.parts.indexOf(query) >= 0 || tags.indexOf(query) >= 0) return 1;
    var starts = n.full.indexOf(query) === 0 || n.bare.indexOf(query) === 0;
    if (starts) return n.topic ? 1 : 2; // a topic named by the query's word ("Agent应用")
    if (words.length > 1 && words.every(function (w) { return n.full.indexOf(w) >= 0; })) return 2;
    // Chinese has no spaces: the whole query as a substring of the text (a tag, a phrase) beats
    // pages that only hold its words apart ("投机解码" vs "投机" and "解码器").
    var text = norm(plain(item.text)) + "\n" + tags.join("\n");
    if (text.indexOf(query) >= 0) return 3;
    return 4;
  }

  function article(group) {
    for (var i = 0; i < group.length; i++) {
      if (group[i].location.indexOf("#") < 0) return group[i];
    }
    return group[0];
  }

  function rerank(items, raw) {
    var query = norm(raw);
    var words = raw.split(/\s+/).map(norm).filter(Boolean);
    if (!query) return items;
    var keyed = items.map(function (group, index) {
      var page = article(group);
      var t = tier(page, query, words);
      var topicFirst = t < 3 && page.location.indexOf("topics/") === 0 ? 0 : 1;
      return { group: group, key: [t, topicFirst, index] };
    });
    keyed.sort(function (a, b) {
      for (var i = 0; i < 3; i++) {
        if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      }
      return 0;
    });
    return keyed.map(function (k) { return k.group; });
  }

  // Material listens to the worker before this script runs, so the results are caught by a
  // capturing listener on the worker (at the target, capturing listeners run first), stopped,
  // and sent again reranked.
  function onResult(event) {
    var data = event.data;
    if (!data || data.type !== RESULT || data.atlasRanked || !data.data) return;
    if (!Array.isArray(data.data.items)) return;
    event.stopImmediatePropagation();
    var items = rerank(data.data.items, pending.length ? pending.shift() : "");
    var copy = { type: RESULT, atlasRanked: true, data: Object.assign({}, data.data, { items: items }) };
    this.dispatchEvent(new MessageEvent("message", { data: copy }));
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (!this.atlasRanking) {
      this.atlasRanking = true;
      this.addEventListener("message", onResult, true);
    }
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string") {
      pending.push(message.data);
      args[0] = { type: QUERY, data: rewrite(message.data) };
    }
    return post.apply(this, args);
  };
})();
