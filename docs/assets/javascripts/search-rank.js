/* llm-atlas: the search box forgives how people type, and puts the page named by the query first.
 *
 * Material's search (lunr) appends a wildcard to every term and ranks by tf-idf, so a rare longer
 * word beats the word itself ("LoRA" found LoRAPrune first, "ZeRO" ZeroQuant), and a topic page
 * had no edge over single entries for its own name. This script sits between Material's page code
 * and its search worker, offline, reading only what Material sends the worker:
 *
 * - the query goes out folded (normalise.js: width, case, dashes, British spellings), with a
 *   space between Latin and Han characters ("AI编译器" is "AI 编译器", the words the index holds);
 * - a Latin word of 5 letters or more that no page holds is asked again fuzzily (lunr's
 *   "word~1", ~2 from 9 letters): "distilation" finds distillation;
 * - the results: pages the query names (id, title, title head, English title, alias: the index's
 *   `keys` field, a topic's tags) come first, then title parts and tags, then titles that start
 *   with the query or hold every word, then pages holding every word, then the rest; topic pages
 *   before entries in a tier, then pages holding more of the words, then Material's order;
 * - an empty result offers the nearest topic and page names (search-suggest.js, loaded after
 *   this script: it reads names as this script does, atlasSearchNames).
 *
 * It relies on Material for MkDocs 9.x's worker protocol (browser/worker, search/worker/message:
 * {type: 0, data: index} and {type: 2, data: query} out, {type: 3, data: {items: [[article,
 * ...sections], ...]}} back, read from the worker's "message" events). tests/test_search_quality.py
 * checks the whole path in Chromium; if the protocol changes, search still works, unranked.
 */
(function () {
  "use strict";

  var N = window.atlasNormalise;
  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  var pending = []; // the queries sent, answered in order: {raw, fuzzy, sent}
  var asked = 0; // the reader's queries so far (a fuzzy answer to an older one is dropped)
  var docs = []; // the index's documents, for the suggestions under an empty result

  var HAN = "\\u3400-\\u9fff\\uf900-\\ufaff";
  var LATIN_HAN = new RegExp("([A-Za-z0-9])(?=[" + HAN + "])|([" + HAN + "])(?=[A-Za-z0-9])", "g");
  // What the index's separator splits on, minus the characters that name things (+ and #).
  var NOISE = /[\s\u200b\u3000\-_:;,.!?()[\]"'/|、。，．？！；：“”‘’（）《》【】〈〉「」『』·]+/g;
  var HEAD = /^[^:：]+/;
  var PARTS = /[:：\-–—（）()、，,/|·]+/;
  var TOPIC_PARTS = /[:：\-–—（）()、，,/|·与和及]+/; // "稀疏化与剪枝" is two names
  var GENERIC = /^(llm|大模型|ai)/;
  var FUZZY_MIN = 5;
  var RERANKED = 100; // results reranked; the rest keep Material's order
  var MARK = /<\/?mark>/g;
  var LATIN = /^[a-z0-9+#]+$/;

  function norm(text) {
    return text.toLowerCase().replace(NOISE, "");
  }

  // The index holds plain text, escaped (Material inserts it as HTML), and Material's <mark>
  // highlights. Read as text without any parser, so nothing in it can run or load: markup set
  // as innerHTML of an element of this page would (an <img onerror> in a result ran script).
  var ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(ENTITY, function (m, dec, hex, name) {
      if (dec || hex) return String.fromCodePoint(Math.min(parseInt(dec || hex, dec ? 10 : 16), 0x10ffff));
      return Object.prototype.hasOwnProperty.call(NAMED, name.toLowerCase()) ? NAMED[name.toLowerCase()] : m;
    }).replace(/\u200b/g, "");
  }

  function key(text) {
    return N ? N.key(text) : norm(text);
  }

  function fold(text) {
    return N ? N.fold(text) : text.toLowerCase();
  }

  function words(query) {
    return fold(query).replace(LATIN_HAN, "$1$2 ").split(/\s+/).map(key).filter(Boolean);
  }

  function rewrite(query) {
    return fold(query).replace(LATIN_HAN, "$1$2 ");
  }

  function keysOf(item) {
    // The keys field: names, then "|" and other forms of words (the build's search_index.py).
    // It holds no entities, only Material's <mark> highlights.
    var named = String(item.keys || "").replace(MARK, "").split("|")[0];
    var out = named.split(/\s+/).map(key).filter(Boolean);
    if (item.location.indexOf("topics/") === 0) {
      (item.tags || []).forEach(function (t) { out.push(key(plain(t))); });
    }
    return out;
  }

  // A name is the query's, for a fuzzy answer, when within the query's edit budget.
  function near(name, q) {
    return q.length >= FUZZY_MIN && N && N.distance(name, q, budget(q)) <= budget(q);
  }

  function budget(word) {
    return word.length >= 9 ? 2 : 1;
  }

  // The Latin words of TEXT, hyphenated ones also joined ("p-tuning" gives p, tuning, ptuning).
  function latinTokens(text) {
    var out = [];
    fold(text).split(/[^a-z0-9+#.\-]+/).forEach(function (chunk) {
      var pieces = chunk.split(/[.\-]+/).filter(Boolean);
      out.push.apply(out, pieces);
      if (pieces.length > 1) out.push(pieces.join(""));
    });
    return out;
  }

  // Does HAY (a key) hold the word W? A Latin word must start one of the TOKENS (Latin words
  // of the same text: "lora" is not in "QLoRA"); a mistyped one, for a fuzzy answer, be near one.
  function hasWord(hay, w, fuzzy, tokens) {
    if (!LATIN.test(w)) return hay.indexOf(w) >= 0;
    if (tokens.some(function (t) { return t.indexOf(w) === 0; }) || hay.indexOf(w) === 0) return true;
    if (!fuzzy || w.length < FUZZY_MIN || !N) return false;
    return tokens.some(function (t) { return N.distance(t, w, budget(w)) <= budget(w); });
  }

  function names_(item) {
    var title = plain(item.title);
    var path = item.location.split("#")[0].split("/");
    var out = { id: key(path[1] || ""), full: key(title), topic: path[0] === "topics" };
    var head = HEAD.exec(title);
    out.head = head ? key(head[0]) : out.full;
    out.parts = title.split(out.topic ? TOPIC_PARTS : PARTS).map(key).filter(Boolean);
    out.bare = out.full.replace(GENERIC, "");
    out.keys = keysOf(item);
    out.tagParts = [];
    (item.tags || []).forEach(function (t) {
      plain(t).split(PARTS).forEach(function (p) { if (key(p)) out.tagParts.push(key(p)); });
    });
    out.title = title;
    return out;
  }

  // [tier, words held, title length] of a result's article for the query key Q and words WS.
  function tier(item, q, ws, fuzzy) {
    var n = names_(item);
    var size = n.full.length;
    var named = [n.id, n.full, n.head, n.bare].concat(n.keys);
    if (named.indexOf(q) >= 0) return [0, ws.length, 0];
    var tags = (item.tags || []).map(function (t) { return key(plain(t)); });
    // A topic's tags are its English title and aliases: titles too.
    var titles = [n.full, n.bare].concat(n.topic ? tags : []);
    var parts = n.parts.concat(n.topic ? n.tagParts : []);
    if (parts.indexOf(q) >= 0 || (n.topic && tags.indexOf(q) >= 0)) return [1, ws.length, 0];
    // The names a mistyped query is nearest ("distilation"), after the names it spells out.
    if (fuzzy && named.concat(tags).some(function (k) { return near(k, q); })) return [1, ws.length, 0];
    // A topic whose title starts with or holds the query is named by it ("Agent应用",
    // "AI集群网络通信" for "网络通信").
    if (n.topic && q.length > 1 && titles.some(function (t) { return t.indexOf(q) >= 0; })) {
      return [1, ws.length, 0];
    }
    if (tags.indexOf(q) >= 0) return [2, ws.length, 0];
    if (titles.some(function (t) { return t.indexOf(q) === 0; })) return [3, ws.length, 0];
    var titleWords = latinTokens(n.title);
    var inTitle = ws.filter(function (w) { return hasWord(n.full, w, fuzzy, titleWords); });
    // Among titles holding every word, the shorter is more about them ("LoRA 微调").
    if (ws.length > 1 && inTitle.length === ws.length) return [3, ws.length, size];
    // Chinese has no spaces: the whole query as a substring of the text (a tag, a phrase) beats
    // pages that only hold its words apart ("投机解码" vs "投机" and "解码器").
    var text = plain(item.text);
    var hay = [key(text), tags.join("\n"), n.keys.join("\n"), n.full].join("\n");
    var tokens = latinTokens([text].concat(tags, n.keys).join(" "));
    var held = ws.filter(function (w) { return hasWord(hay, w, fuzzy, tokens.concat(titleWords)); });
    var all = held.length === ws.length || hay.indexOf(q) >= 0;
    // A title the query holds, with every word found: "数据去重" names the page "去重".
    if (all && size > 1 && q.indexOf(n.full) >= 0) return [3, ws.length, 0];
    return [all ? 4 : 5, all ? ws.length : held.length, 0];
  }

  function article(group) {
    for (var i = 0; i < group.length; i++) {
      if (group[i].location.indexOf("#") < 0) return group[i];
    }
    return group[0];
  }

  function rerank(items, raw, fuzzy) {
    var q = key(raw);
    var ws = words(raw);
    if (!q) return { items: items, best: 6 };
    // Lunr scores names (title, tags, keys) far above text: the pages a query names are among
    // its first results. Reranking those bounds the work of a broad query's long tail.
    var rest = items.slice(RERANKED);
    var keyed = items.slice(0, RERANKED).map(function (group, index) {
      var page = article(group);
      var t = tier(page, q, ws, fuzzy);
      var topicFirst = t[0] < 4 && page.location.indexOf("topics/") === 0 ? 0 : 1;
      return { group: group, tier: t[0], key: [t[0], topicFirst, -t[1], t[2], index] };
    });
    keyed.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      }
      return 0;
    });
    var ranked = keyed.map(function (k) { return k.group; }).concat(rest);
    return { items: ranked, best: keyed.length ? keyed[0].tier : 6 };
  }

  // The query's Latin words of FUZZY_MIN letters or more that no result holds (Material marks
  // each result's query terms true or false), asked again with an edit distance.
  function fuzzyQuery(items, sent) {
    var found = {};
    items.forEach(function (group) {
      group.forEach(function (item) {
        Object.keys(item.terms || {}).forEach(function (t) { if (item.terms[t]) found[t] = true; });
      });
    });
    var changed = false;
    var terms = sent.split(/\s+/).filter(Boolean).map(function (t) {
      if (found[t] || !/^[a-z][a-z0-9]+$/.test(t) || t.length < FUZZY_MIN) return t;
      changed = true;
      return t + "~" + budget(t);
    });
    return changed ? terms.join(" ") : null;
  }

  function learn(index) {
    if (Array.isArray(index && index.docs)) docs = index.docs;
  }

  // How a document's names read, for search-suggest.js.
  window.atlasSearchNames = { read: names_, plain: plain, key: key, latinTokens: latinTokens, longWord: FUZZY_MIN };

  // Material listens to the worker before this script runs, so the results are caught by a
  // capturing listener on the worker (at the target, capturing listeners run first), stopped,
  // and sent again reranked, or held while a fuzzy query is asked.
  function onResult(event) {
    var data = event.data;
    if (!data || data.type !== RESULT || data.atlasRanked || !data.data) return;
    if (!Array.isArray(data.data.items)) return;
    event.stopImmediatePropagation();
    var query = pending.length ? pending.shift() : { raw: "", fuzzy: false, sent: "", seq: asked };
    if (query.seq !== asked) return; // a newer query was asked: its answer follows
    var ranked = rerank(data.data.items, query.raw, query.fuzzy);
    // Exact terms found little (no page the query names): ask the unknown words fuzzily.
    var again = query.fuzzy || ranked.best <= 2 ? null : fuzzyQuery(data.data.items, query.sent);
    if (again) {
      pending.push({ raw: query.raw, fuzzy: true, sent: again, seq: query.seq });
      post.call(this, { type: QUERY, data: again });
      return;
    }
    var items = ranked.items;
    var copy = { type: RESULT, atlasRanked: true, data: Object.assign({}, data.data, { items: items }) };
    this.dispatchEvent(new MessageEvent("message", { data: copy }));
    if (window.atlasSearchSuggest) window.atlasSearchSuggest(query.raw, items.length ? null : docs);
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (!this.atlasRanking) {
      this.atlasRanking = true;
      this.addEventListener("message", onResult, true);
    }
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === SETUP) learn(message.data);
    if (message && message.type === QUERY && typeof message.data === "string") {
      var sent = rewrite(message.data);
      asked += 1;
      pending.push({ raw: message.data, fuzzy: false, sent: sent, seq: asked });
      args[0] = { type: QUERY, data: sent };
    }
    return post.apply(this, args);
  };
})();
