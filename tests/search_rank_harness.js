// Runs docs/assets/javascripts/search-rank.js (and the scripts loaded with it) in Node against a
// fake Material search worker, for tests/test_search_rank.py. Reads a scenario as JSON on stdin:
//   {scripts: ["assets/javascripts/x.js", ...], docs: [{location, title, text, tags?, keys?}],
//    queries: ["..."],
//    answers: {"<query as the worker got it>": ["<location>", ...]}, typed_ahead?: true}
// (typed_ahead: every query is sent before the worker answers the first)
// The fake worker answers each query with the listed documents (one group each), marking a
// query term true on a document whose fields hold it, as Material does. Prints {sent: [every
// query the worker got], results: [[article location, ...] per result shown], suggested: [the
// text and links offered under the last result when it was empty]}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const docsDir = path.join(__dirname, "..", "docs");
const scenario = JSON.parse(fs.readFileSync(0, "utf8"));
const sent = [];
const shown = [];
const listeners = [];

class Worker {
  addEventListener(type, fn) { listeners.push(fn); }
  postMessage(message) { sent.push(message); }
  dispatchEvent(event) { shown.push(event.data); }
}
class MessageEvent {
  constructor(type, init) { this.type = type; this.data = init.data; }
}
// Just enough DOM for the suggestions under an empty result (no innerHTML: text only).
class Element {
  constructor(tag) { this.tag = tag; this.children = []; this.hidden = false; this.textContent = ""; }
  appendChild(child) { this.children.push(child); return child; }
  replaceChildren() { this.children = []; }
  insertAdjacentElement(where, element) { box = element; }
}
let box = null;
const meta = new Element("div");
const document = {
  baseURI: "http://h/",
  querySelector: selector => (selector === ".md-search-result__meta" ? meta : null),
  // #atlas-page-words: the words main.html hands every page (from the message catalog)
  getElementById: id => (id === "atlas-search-suggest" ? box
    : id === "atlas-page-words" && scenario.words ? { textContent: JSON.stringify(scenario.words) }
    : null),
  createElement: tag => new Element(tag),
  createTextNode: text => ({ text }),
  addEventListener() {}, // search-lazy.js listens for the reader reaching for search
};
// search-lazy.js (the theme's script before the others) holds the index request and gives the
// words of the page (atlasWords); here there is no request to hold.
class XMLHttpRequest {
  open() {}
  send() {}
}
const location = { href: "http://h/", search: "" };
const context = {
  Worker, MessageEvent, XMLHttpRequest, URLSearchParams, document, location, URL, console,
}; // no DOMParser: text only
context.window = context;
vm.createContext(context);
// The scripts of every page, in the order the pages load them (scenario.scripts: paths under
// docs/, search-lazy.js from the theme, then llm-atlas' extra_javascript).
for (const name of scenario.scripts) {
  vm.runInContext(fs.readFileSync(path.join(docsDir, name), "utf8"), context);
}

const byLocation = new Map(scenario.docs.map(d => [d.location, d]));
function answer(query) {
  const terms = query.split(/\s+/).filter(Boolean).map(t => t.replace(/~\d+$/, ""));
  const items = (scenario.answers[query] || []).map(location => {
    const doc = byLocation.get(location);
    const hay = [doc.title, doc.text, (doc.tags || []).join(" "), doc.keys || ""].join(" ")
      .toLowerCase();
    const marks = {};
    for (const t of terms) marks[t] = hay.includes(t);
    return [Object.assign({}, doc, { terms: marks })];
  });
  return { type: 3, data: { items } };
}

const worker = new context.Worker();
worker.postMessage({ type: 0, data: { docs: scenario.docs } });
let answered = 1;
function answerAll() {
  // The worker answers every query it got so far, in order (a fuzzy one too).
  while (answered < sent.length) {
    const event = { data: answer(sent[answered].data), stopImmediatePropagation() {} };
    answered += 1;
    for (const fn of listeners) fn.call(worker, event);
  }
}
for (const query of scenario.queries) {
  worker.postMessage({ type: 2, data: query });
  if (!scenario.typed_ahead) answerAll();
}
answerAll();
process.stdout.write(JSON.stringify({
  sent: sent.filter(m => m.type === 2).map(m => m.data),
  results: shown.map(m => m.data.items.map(group => group[0].location)),
  suggested: box && !box.hidden
    ? box.children.map(c => (c.tag === "a" ? [c.textContent, c.href] : c.text)) : [],
}));
