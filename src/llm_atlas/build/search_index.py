"""The site's search index: the entry pages' documents, made as Material's search plugin makes
a page's, and Chinese text segmented with jieba as Material does.

Takes entry pages (`EntryHtml`) and a built site's search/search_index.json; gives the index with
the entries' documents replaced. Jieba's segmentation of each run of Han characters is kept per
user as JSON (`SegmentStore`): loading jieba's dictionary takes about a second (0.9 s of the 2.8 s
of CPU a shipped build takes), and a build whose runs were all seen before never loads it. The
store is keyed by jieba's version and the bytes of the dictionaries the site config names; a
missing, damaged or foreign file is an empty store.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llm_atlas.build.caches import load_json, save_json
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
from llm_atlas.build.site_folder import replace_file
from llm_atlas.normalise import name_keys
from llm_atlas.render.escape import search_text
from llm_atlas.render.records import EntryHtml
from llm_atlas.user_cache import user_cache

SEGMENTS_LIMIT = 500_000  # runs kept in the segment store (the shipped catalog has about 9k)


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


_HAN = None


class SegmentStore:
    """Jieba's segmentation of each run of Han characters, kept per user between builds."""

    def __init__(self) -> None:
        self.dictionaries: tuple[Path | None, Path | None] = (None, None)
        self.key = ""
        self.runs: dict[str, str] | None = None
        self.added = 0

    def configure(
        self, dictionary: Path | None, user_dictionary: Path | None, inputs: str = ""
    ) -> None:
        """Segment with these dictionaries (Material's search.jieba_dict and jieba_dict_user);
        runs segmented with other dictionaries, or other bytes of them, or under other INPUTS
        (the build's manifest: llm-atlas' code and the package versions), are not reused."""
        key = _store_key((dictionary, user_dictionary), inputs)
        if key != self.key:
            self.save()
            self.dictionaries, self.key, self.runs = (dictionary, user_dictionary), key, None
        if _jieba_setup not in (None, key):
            _restart_jieba(dictionary)  # before Material's search sets it up for this build

    def _path(self) -> Path | None:
        folder = user_cache("segments")
        if folder is None:
            return None
        self.key = self.key or _store_key(self.dictionaries)
        return folder / f"jieba-{self.key}.json"

    def _load(self) -> dict[str, str]:
        path = self._path()
        stored = load_json(path) if path is not None else None
        valid = isinstance(stored, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in stored.items()
        )
        self.runs = dict(stored) if valid and isinstance(stored, dict) else {}
        return self.runs

    def segment(self, run: str) -> str:
        runs = self.runs if self.runs is not None else self._load()
        found = runs.get(run)
        if found is None:
            found = "\u200b" + "\u200b".join(self._jieba().cut(run.encode("utf-8"))) + "\u200b"
            runs[run] = found
            self.added += 1
        return found

    def _jieba(self) -> Any:
        """Return jieba set up with this store's dictionaries alone, as a new process has it."""
        global _jieba_setup
        import jieba  # type: ignore[import-untyped]

        self.key = self.key or _store_key(self.dictionaries)
        if _jieba_setup != self.key:
            dictionary, user_dictionary = self.dictionaries
            if _jieba_setup is not None or dictionary is not None:
                _restart_jieba(dictionary)
            if user_dictionary is not None:
                with user_dictionary.open("rb") as f:
                    jieba.load_userdict(f)
            _jieba_setup = self.key
        return jieba

    def segment_text(self, text: str) -> str:
        """Segment the runs of Han characters in TEXT as Material's search does: words joined
        with U+200B (a build can make its own store and hand this method down)."""
        global _HAN
        if _HAN is None:
            from backrefs import bre

            _HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
        return str(_HAN.sub(lambda m: self.segment(m.group(0)), text)).strip("\u200b")

    def save(self) -> None:
        """Write the store when runs were added (the newest SEGMENTS_LIMIT of them)."""
        path = self._path() if self.runs is not None and self.added else None
        if path is None or self.runs is None:
            return
        runs = self.runs
        if len(runs) > SEGMENTS_LIMIT:
            runs = dict(list(runs.items())[-SEGMENTS_LIMIT:])
        if save_json(path, runs):
            self.added = 0


SEGMENTS = SegmentStore()
# The store key jieba is set up for in this process (None: as imported, or restarted since).
_jieba_setup: str | None = None


def _restart_jieba(dictionary: Path | None) -> None:
    """Set jieba back to one main dictionary, built again when next used: a user dictionary
    loaded earlier in this process added words jieba cannot drop otherwise."""
    global _jieba_setup
    import jieba

    if dictionary is not None:
        jieba.set_dictionary(str(dictionary))
    else:
        jieba.dt.dictionary, jieba.dt.initialized = jieba.DEFAULT_DICT, False
    _jieba_setup = None


def _store_key(dictionaries: tuple[Path | None, Path | None], inputs: str = "") -> str:
    """Return the digest of jieba's version, the bytes of DICTIONARIES and INPUTS."""
    import jieba

    digest = hashlib.sha256(f"jieba {jieba.__version__}\0{inputs}".encode())
    for path in dictionaries:
        digest.update(b"\0")
        if path is not None:
            digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()[:32]


def prepare_jieba() -> Path | None:
    """Keep jieba's own cache (a marshal file it reads back) in the per-user cache, never in
    the shared temporary folder where another user could plant one; return the private
    temporary folder made instead when the per-user cache is off (the caller removes it)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    folder = user_cache("jieba")
    made = None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = made = Path(tempfile.mkdtemp(prefix="llm-atlas-jieba-"))
    jieba.dt.tmp_dir = str(folder)
    return made


def segment_chinese(text: str) -> str:
    """Segment runs of Han characters with jieba as Material's search does (cached per run)."""
    return SEGMENTS.segment_text(text)


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
