"""The search index's fields beyond Material's: plain text, the names field, lean word breaks.

Takes search index documents (dicts, as in search/search_index.json) and a Chinese segmenter
(text → text with U+200B between words); changes them in place:

- `plain_docs`: title and text without markup (#19: the index holds plain text, escaped);
- `add_keys` / `name_topic_docs`: the `keys` field of a page's other names (English title,
  aliases) and of other forms of its words (llm_atlas.normalise), which search-rank.js ranks as
  titles; a topic page as one document, its tags its English title and aliases;
- `trim_breaks`: no U+200B where the index's separator already splits.

Every step can run again on its own output (an incremental build updates the last index).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from llm_atlas.normalise import name_keys

Segment = Callable[[str], str]

# Material's worker indexes every field the index's config lists (Material 9.x: search/worker,
# `for (const [name, spec] of Object.entries(config.fields))`); boosted as a title.
KEYS_FIELD = "keys"
KEYS_BOOST = 1000.0

_MARKUP = re.compile(r"<[^>]*>")
# Elements that break words (inline ones such as <code> or <sub> do not).
BREAKS = frozenset({"p", "pre", "li", "ol", "ul", "br", "td", "th", "tr", "div", "table"})
_BREAK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(BREAKS))})\b[^>]*>")
_BREAK_RUN = re.compile("\u200b+")


def plain(text: str) -> str:
    """Return TEXT (index HTML) as plain text without word breaks."""
    return html.unescape(_MARKUP.sub(" ", text)).replace("\u200b", "")


def add_keys(doc: dict[str, Any], keys: tuple[list[str], list[str]], segment: Segment) -> None:
    """Set DOC's keys field: the names, "|", the forms (see `name_keys`), Chinese segmented as
    in the other fields ("|" is a separator of the index); drop it when there are none."""
    names, forms = keys
    if names or forms:
        text = " ".join(names) + (" | " + " ".join(forms) if forms else "")
        doc[KEYS_FIELD] = segment(text.strip())
    else:
        doc.pop(KEYS_FIELD, None)


def segment_tags(tags: list[str], segment: Segment) -> list[str]:
    """Return TAGS with Chinese segmented as in the other fields: a tag left whole ("预训练语料")
    is one word of the index, and Material's query segmenter, which cuts a query into the
    longest words the index holds, then finds only the pages with that tag."""
    return [segment(t.replace("\u200b", "")) for t in tags]


def plain_docs(docs: list[dict[str, Any]]) -> None:
    """Make the titles and texts of DOCS plain text on one line (markup dropped, escapes kept)."""
    for doc in docs:
        for field in ("title", "text"):
            doc[field] = " ".join(_MARKUP.sub("", _BREAK_TAG.sub(" ", doc[field])).split())


def name_topic_docs(docs: list[dict[str, Any]], segment: Segment) -> list[dict[str, Any]]:
    """Return DOCS with a topic page as one document: its title, English title, aliases (the
    tags the topic template sets, and their keys) and description. The page's sections list
    entries that have documents of their own: as copies they made a fifth of the index, and
    put topic pages among the results of every entry they list."""
    kept: list[dict[str, Any]] = []
    for doc in docs:
        if not doc["location"].startswith("topics/"):
            kept.append(doc)
            continue
        if "#" in doc["location"]:
            continue
        kept.append(doc)
        names = [plain(t) for t in doc.get("tags", [])]
        if "tags" in doc:
            doc["tags"] = segment_tags(doc["tags"], segment)
        add_keys(doc, name_keys([plain(doc["title"])], names), segment)
    return kept


def trim_breaks(docs: list[dict[str, Any]], separator: re.Pattern[str]) -> None:
    """Drop the U+200B word breaks the index's SEPARATOR makes needless: next to a space or a
    separating punctuation mark, or at either end (about a third of them, 3 bytes each)."""

    def trim(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            start, end = m.start(), m.end()
            if start == 0 or end == len(text):
                return ""
            split = separator.match(text, start - 1) or separator.match(text, end)
            return "" if split else "\u200b"

        return _BREAK_RUN.sub(one, text)

    for doc in docs:
        for field in ("title", "text", KEYS_FIELD):
            if field in doc:
                doc[field] = trim(doc[field])
        if "tags" in doc:
            doc["tags"] = [trim(t) for t in doc["tags"]]
