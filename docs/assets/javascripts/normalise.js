/* llm-atlas: the one normaliser of search and explore text, in the browser.
 *
 * The build writes the search index with the same rules in Python
 * (src/llm_atlas/normalise.py); tests/cases/search/normalise.json is run through
 * both (tests/test_search_normalise.py runs this file in Node), so a query typed here and a
 * name indexed there meet in the same form:
 *
 * - fold: full-width ASCII to half width, the ideographic space to a space, dashes to "-",
 *   lower case, British spellings to American ones ("quantisation" is "quantization");
 * - key: fold, then without spaces, hyphens and punctuation ("FlashAttention-2" and
 *   "flashattention2" are "flashattention2"; "Deep Speed" and "DeepSpeed" are "deepspeed");
 *   "+" and "#" stay, they name things (QuIP#, FlashDecoding++);
 * - distance: edit distance with adjacent transpositions, given up above a bound.
 */
(function (root) {
  "use strict";

  // Whole words and their plural in -s (the "our", "re", "ogue", "ll" and "ce" families).
  var WORDS = {
    analogue: "analog", artefact: "artifact", behaviour: "behavior", catalogue: "catalog",
    centre: "center", colour: "color", defence: "defense", dialogue: "dialog",
    favour: "favor", fibre: "fiber", flavour: "flavor", grey: "gray", honour: "honor",
    judgement: "judgment", labelled: "labeled", labelling: "labeling", labour: "labor",
    licence: "license", litre: "liter", metre: "meter", modelled: "modeled",
    modelling: "modeling", neighbour: "neighbor", programme: "program", travelling: "traveling"
  };
  // Stems spelt -ise / -yse in British English: optimise, quantised, tokeniser, analysing.
  var ISE = new RegExp(
    "^(optim|quant|normal|token|summar|parallel|regular|vector|minim|maxim|organ|special|" +
    "general|visual|serial|initial|util|custom|standard|categor|synchron|recogn|memor|" +
    "personal|central|real|prior|author|capital|character|stabil|local|global|modern|digit|" +
    "binar|discret|random|linear|sanit|virtual|container)is(e|ed|es|ing|er|ers)$"
  );
  var YSE = /^(anal|paral|catal)ys(e|ed|es|ing|er|ers)$/;
  var ISATION = /isation(s?)$/;
  var DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63]/g;
  var LATIN_WORD = /[a-z]+/g;
  // What a key leaves out: spaces (listed: Python's \s and JavaScript's differ), hyphens and
  // punctuation, but not "+" and "#".
  var NOISE = /[\t-\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\-_:;,.!?()[\]{}"'`/\\|~*=<>@$%^&、。，．？！；：“”‘’（）《》【】〈〉「」『』·…]+/g;

  function american(word) {
    var plural = word.length > 3 && word.charAt(word.length - 1) === "s";
    var stem = plural ? word.slice(0, -1) : word;
    if (Object.prototype.hasOwnProperty.call(WORDS, word)) return WORDS[word];
    if (plural && Object.prototype.hasOwnProperty.call(WORDS, stem)) return WORDS[stem] + "s";
    if (ISATION.test(word)) return word.replace(ISATION, "ization$1");
    var m = ISE.exec(word);
    if (m) return m[1] + "iz" + m[2];
    m = YSE.exec(word);
    if (m) return m[1] + "yz" + m[2];
    return word;
  }

  function width(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
      else if (c === 0x3000) out += " ";
      else out += text.charAt(i);
    }
    return out;
  }

  function fold(text) {
    return width(String(text)).replace(DASHES, "-").toLowerCase().replace(LATIN_WORD, american);
  }

  function key(text) {
    return fold(text).replace(NOISE, "");
  }

  // Damerau-Levenshtein (optimal string alignment) distance of A and B, or MAX + 1 above MAX.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], row = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        row[j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return Math.min(prev[b.length], max + 1);
  }

  var api = { fold: fold, key: key, distance: distance, WORDS: WORDS, ISE: ISE.source, YSE: YSE.source };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.atlasNormalise = api;
})(this);
