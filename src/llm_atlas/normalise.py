"""The search normaliser at build time: the same rules as the browser's
(docs/assets/javascripts/normalise.js), so names indexed here and queries typed there meet.

Takes text; gives its folded form (width, dashes, case, American spelling), its key (folded,
without separators) and, for a page's names, the keys the index holds for it (`name_keys`).
tests/cases/search/normalise.json is run through both implementations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whole words and their plural in -s (the "our", "re", "ogue", "ll" and "ce" families).
WORDS = {
    "analogue": "analog",
    "artefact": "artifact",
    "behaviour": "behavior",
    "catalogue": "catalog",
    "centre": "center",
    "colour": "color",
    "defence": "defense",
    "dialogue": "dialog",
    "favour": "favor",
    "fibre": "fiber",
    "flavour": "flavor",
    "grey": "gray",
    "honour": "honor",
    "judgement": "judgment",
    "labelled": "labeled",
    "labelling": "labeling",
    "labour": "labor",
    "licence": "license",
    "litre": "liter",
    "metre": "meter",
    "modelled": "modeled",
    "modelling": "modeling",
    "neighbour": "neighbor",
    "programme": "program",
    "travelling": "traveling",
}
# Stems spelt -ise / -yse in British English: optimise, quantised, tokeniser, analysing.
ISE = (
    "^(optim|quant|normal|token|summar|parallel|regular|vector|minim|maxim|organ|special|"
    "general|visual|serial|initial|util|custom|standard|categor|synchron|recogn|memor|"
    "personal|central|real|prior|author|capital|character|stabil|local|global|modern|digit|"
    "binar|discret|random|linear|sanit|virtual|container)is(e|ed|es|ing|er|ers)$"
)
YSE = "^(anal|paral|catal)ys(e|ed|es|ing|er|ers)$"
_ISE = re.compile(ISE)
_YSE = re.compile(YSE)
_ISATION = re.compile(r"isation(s?)$")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63]")
_LATIN_WORD = re.compile("[a-z]+")
# What a key leaves out: spaces (listed: Python's \\s and JavaScript's differ), hyphens and
# punctuation, but not "+" and "#".
_NOISE = re.compile(
    "[\\t-\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
    "\\-_:;,.!?()\\[\\]{}\"'`/\\\\|~*=<>@$%^&"
    "、。，．？！；：“”‘’（）《》【】〈〉「」『』·…]+"
)


def _american(word: str) -> str:
    plural = len(word) > 3 and word.endswith("s")
    stem = word[:-1] if plural else word
    if word in WORDS:
        return WORDS[word]
    if plural and stem in WORDS:
        return WORDS[stem] + "s"
    if _ISATION.search(word):
        return _ISATION.sub(r"ization\1", word)
    if m := _ISE.match(word):
        return f"{m[1]}iz{m[2]}"
    if m := _YSE.match(word):
        return f"{m[1]}yz{m[2]}"
    return word


# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, as their half-width forms.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _width(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def fold(text: str) -> str:
    """Return TEXT in half width, dashes as "-", lower case, American spelling."""
    lowered = _DASHES.sub("-", _width(text)).lower()
    return _LATIN_WORD.sub(lambda m: _american(m[0]), lowered)


def key(text: str) -> str:
    """Return the folded TEXT without spaces, hyphens and punctuation ("+" and "#" stay)."""
    return _NOISE.sub("", fold(text))


_HEAD = re.compile(r"^[^:：(（]+")
# A run of Latin words joined by hyphens, dots or spaces: "DeepSeek-V3", "Nano-vLLM", "KV Cache".
_COMPOUND = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[-.][A-Za-z0-9+#]+)+")
_WORD = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+")
MAX_NAME = 32  # characters of a name (or its head) kept whole as a key


def name_keys(
    shown: Iterable[str], names: Iterable[str] = (), text: str = ""
) -> tuple[list[str], list[str]]:
    """Return the keys the index holds for a page beside its title and tags (SHOWN): its other
    names and the other forms of its words.

    Names: each of NAMES (English title, aliases) whole when short, and its head (before ":"
    or "("). Forms: each hyphenated compound of all names joined ("DeepSeek-V3" is
    "deepseekv3"), every word of them and of TEXT that the fold respells ("optimisation").
    A form that is a word of the shown names is left out (the index holds it there), and so
    is a form that is also a name."""
    shown, names = list(shown), list(names)
    plain = {w.lower() for name in shown for w in _WORD.findall(name)}
    found: dict[str, None] = {}
    for name in names:
        head = _HEAD.match(name)
        for part in (name, head[0] if head else ""):
            if part and len(part.strip()) <= MAX_NAME:
                found[key(part)] = None
    named = [k for k in found if k]
    forms: dict[str, None] = {}
    for name in shown + names:
        for compound in _COMPOUND.findall(name):
            forms[key(compound)] = None
    for word in {w.lower() for w in _WORD.findall(" ".join([*shown, *names, text]))}:
        if fold(word) != word:
            forms[fold(word)] = None
    return named, [k for k in forms if k and k not in plain and k not in found]
