"""The site's search index: the entry pages' documents, made as Material's search plugin makes
a page's, Chinese text segmented as Material does (`build.segments`).

Takes entry pages (`EntryHtml`) and a built site's search/search_index.json; gives the index with
the entries' documents replaced.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llm_atlas.build.seam import SEARCH_INDEX
from llm_atlas.build.search_fields import (
    BREAKS,
    KEYS_BOOST,
    KEYS_FIELD,
    Segment,
    add_keys,
    name_topic_docs,
    plain,
    plain_docs,
    segment_tags,
    trim_breaks,
)
from llm_atlas.build.segments import segment_chinese
from llm_atlas.build.site_folder import replace_file
from llm_atlas.normalise import name_keys
from llm_atlas.render.escape import search_text
from llm_atlas.render.records import EntryHtml


def search_docs(
    pages: Mapping[str, EntryHtml], segment: Segment | None = None
) -> list[dict[str, Any]]:
    """Return search index documents for PAGES, as Material's search plugin makes them: one per
    heading (the h1 one at the page URL), but plain text (escaped, no markup), Chinese segmented
    by jieba and joined with U+200B, and the page's names in normal forms (`KEYS_FIELD`).
    SEGMENT: the build's segmenter (`SegmentStore.segment_text`; the shared store by default)."""
    segment = segment or segment_chinese
    docs: list[dict[str, Any]] = []
    for entry_id, page in pages.items():
        url = f"entries/{entry_id}/"
        # The entry's tags, as Material indexes a page's `tags:` (boosted, shown under the
        # result), but on the page's document only: on every section, as Material puts them,
        # each tag query also matched the page's empty sections ("2 more results on this page").
        tags = entry_tags(page.body)
        for anchor, title, text in split_sections(page.body):
            doc: dict[str, Any] = {
                "location": f"{url}#{anchor}" if anchor else url,
                "title": segment(title.strip() or search_text(page.title)),
                "text": segment(text.strip()),
            }
            if tags and anchor is None:
                doc["tags"] = segment_tags(tags, segment)
            if anchor is None:
                shown = [page.title, *map(html.unescape, tags)]
                add_keys(doc, name_keys(shown, page.names, plain(text)), segment)
            docs.append(doc)
    return docs


_TAGS = re.compile(r"<td data-search-tags[^>]*>(.*?)</td>", re.S)
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)


def entry_tags(body: str) -> list[str]:
    """Return the tags of an entry body: the link texts of its cell marked data-search-tags, as
    the index holds text (escaped HTML: Material's results insert tags as HTML)."""
    cell = _TAGS.search(body)
    if cell is None:
        return []
    tags = (html.unescape(re.sub(r"<[^>]+>", "", t)) for t in _LINK_TEXT.findall(cell[1]))
    return [search_text(tag) for tag in tags]


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ID = re.compile(r'\bid="([^"]*)"')
_EXCLUDE = "data-search-exclude"
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})


def split_sections(body: str) -> list[tuple[str | None, str, str]]:
    """Return (anchor, title, text) per heading section of a generated entry body (flat HTML)."""
    sections: list[tuple[str | None, list[str], list[str]]] = []
    title: list[str] | None = None
    text: list[str] = []
    in_permalink = False
    skipped: list[str] = []  # open tags inside an element marked data-search-exclude
    for match in _TOKEN.finditer(body):
        closing, tag, attrs, data = match.groups()
        if skipped or (tag and not closing and _EXCLUDE in attrs):
            # Left out of the index, as Material's search plugin leaves such elements out.
            if tag is not None and tag not in _VOID and not attrs.endswith("/"):
                if not closing:
                    skipped.append(tag)
                elif skipped and skipped[-1] == tag:
                    skipped.pop()
            continue
        if data is not None:
            if in_permalink:
                continue
            data = html.unescape(data)
            if data.isspace():
                if title is None and (not text or not text[-1].isspace()):
                    text.append(" ")
                continue
            escaped = html.escape(data.replace("\n", " "), quote=False)
            (title if title is not None else text).append(escaped)
        elif tag in _HEADINGS:
            if closing:
                title = None
            else:
                anchor = _ID.search(attrs)
                text = []
                title = []
                sections.append((anchor.group(1) if anchor and sections else None, title, text))
        elif tag == "a" and title is not None:
            in_permalink = not closing and 'class="headerlink"' in attrs
        elif tag in BREAKS:  # plain text in the index (#19): markup only breaks words
            (title if title is not None else text).append(" ")
    return [(anchor, _one_line(title), _one_line(text)) for anchor, title, text in sections]


def _one_line(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def update_search_index(
    site_dir: Path,
    pages: Mapping[str, EntryHtml],
    changed: set[str],
    segment: Segment | None = None,
) -> None:
    """Replace the documents of the CHANGED entries in the search index (written as UTF-8),
    segmenting Chinese with SEGMENT (the shared store's by default)."""
    segment = segment or segment_chinese
    path = site_dir / SEARCH_INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    data["config"]["fields"][KEYS_FIELD] = {"boost": KEYS_BOOST}
    others: list[dict[str, Any]] = []
    by_entry: dict[str, list[dict[str, Any]]] = {}
    for doc in data["docs"]:
        entry_id = _entry_of(doc["location"])
        if entry_id is None:
            others.append(doc)
        elif entry_id in pages and entry_id not in changed:
            by_entry.setdefault(entry_id, []).append(doc)
    for doc in search_docs({i: pages[i] for i in pages if i in changed}, segment):
        by_entry.setdefault(str(_entry_of(doc["location"])), []).append(doc)
    plain_docs(others)
    others = name_topic_docs(others, segment)
    # The entries' documents in the catalog's order, as a build from scratch writes them.
    data["docs"] = others + [d for i in pages for d in by_entry.get(i, [])]
    trim_breaks(data["docs"], re.compile(data["config"]["separator"]))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    replace_file(path, text.encode("utf-8"))


def _entry_of(location: str) -> str | None:
    return location.split("/")[1] if location.startswith("entries/") else None
