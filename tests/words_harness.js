// Runs atlasWords (docs/assets/javascripts/search-lazy.js, the scripts' one reader of the page's
// words) in Node, for tests/test_render_messages.py. Reads {words: {key: text}, calls: [[key,
// values], ...]} as JSON on stdin; prints [atlasWords.say(key, values) for each call].
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const scenario = JSON.parse(fs.readFileSync(0, "utf8"));
const block = { textContent: JSON.stringify(scenario.words) };
const window = { location: { search: "", href: "http://h/" } };
const document = {
  getElementById: (id) => (id === "atlas-page-words" ? block : null),
  addEventListener() {},
  removeEventListener() {},
};
// The file's first part holds Material's search index back until it is wanted: a bare XHR here.
class XMLHttpRequest {
  open() {}
  send() {}
}
const context = vm.createContext({ window, document, URL, URLSearchParams, XMLHttpRequest });
const file = path.join(__dirname, "..", "docs", "assets", "javascripts", "search-lazy.js");
vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
const say = window.atlasWords.say;
process.stdout.write(JSON.stringify(scenario.calls.map(([key, values]) => say(key, values))));
