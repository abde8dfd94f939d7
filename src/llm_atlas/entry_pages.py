"""Entry pages without a MkDocs run each: fill the one page shell MkDocs built with each entry's
title, body, table of contents and URL, then add the entries to the search index and the sitemap.

Takes the shell's HTML (MkDocs' output for templates/entry-shell.md.j2) and `EntryHtml` records;
gives entries/<id>/index.html files. The shell sits at the same depth as entries/<id>/, so its
relative asset and navigation URLs hold for every entry page.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from llm_atlas.cachefiles import load_pickle, save_pickle, user_cache
from llm_atlas.problems import AtlasError
from llm_atlas.render import EntryHtml

SHELL_DIR = "_atlas/shell"
SHELL_SOURCE = f"{SHELL_DIR}/index.md"
SEARCH_INDEX = Path("search") / "search_index.json"
_MARK = "ATLAS-SHELL"
_BODY = re.compile(r'<h1 id="atlas-shell-title">.*?ATLAS-SHELL-TOC.*?</h2>', re.S)
_TOC = re.compile(
    r'(<label class="md-nav__title" for="__toc">.*?</label>)\s*'
    r'<ul class="md-nav__list" data-md-component="toc".*?</ul>',
    re.S,
)
_HEADING = re.compile(r'<h([23]) id="([^"]*)">(.*?)<a class="headerlink"')
_SITEMAP_URL = re.compile(r"\s*<url>(?:(?!</url>).)*?_atlas/shell/.*?</url>", re.S)
_SLOT = "\x00"


@dataclass(frozen=True)
class Shell:
    """The shell page split at its slots: literal text at even indexes, slot names at odd ones."""

    parts: list[str]
    toc_label: str


def parse_shell(text: str) -> Shell:
    """Split the shell page's HTML at the title, body, table of contents and URL."""
    body = _BODY.search(text)
    toc = _TOC.search(text, text.find("md-nav--secondary"))
    if body is None or toc is None or toc.start() < 0 or toc.end() > body.start():
        raise AtlasError(
            "the theme's page markup is not what llm-atlas expects (entry page shell markers "
            "not found): check theme overrides of content.html or toc.html"
        )
    text = (
        text[: toc.start()]
        + f"{_SLOT}toc{_SLOT}"
        + text[toc.end() : body.start()]
        + f"{_SLOT}body{_SLOT}"
        + text[body.end() :]
    )
    text = text.replace(f"{_MARK}-TITLE", f"{_SLOT}title{_SLOT}")
    text = text.replace(f"{SHELL_DIR}/", f"entries/{_SLOT}id{_SLOT}/")
    if _MARK in text:
        raise AtlasError("the entry page shell has a marker llm-atlas cannot place: see the theme")
    return Shell(text.split(_SLOT), toc.group(1))


def toc_items(body: str) -> list[dict[str, Any]]:
    """Return the h2/h3 headings of an entry body as nested table-of-contents items."""
    items: list[dict[str, Any]] = []
    for level, anchor, title in _HEADING.findall(body):
        item = {"id": anchor, "title": Markup(title), "children": []}
        if level == "3" and items:
            items[-1]["children"].append(item)
        else:
            items.append(item)
    return items


def fill_shell(shell: Shell, entry_id: str, page: EntryHtml, toc: jinja2.Template) -> str:
    """Return the HTML of one entry page."""
    items = toc_items(page.body)
    slots = {
        "title": html.escape(page.title),
        "body": page.body,
        "id": entry_id,
        "toc": toc.render(label=Markup(shell.toc_label), items=items) if items else "",
    }
    parts = shell.parts
    return "".join(part if i % 2 == 0 else slots[part] for i, part in enumerate(parts))


def write_entry_pages(
    site_dir: Path,
    shell: Shell,
    pages: dict[str, EntryHtml],
    env: jinja2.Environment,
    only: set[str] | None = None,
) -> int:
    """Write entries/<id>/index.html for PAGES (or just the ids in ONLY); return files written."""
    toc = env.get_template("entry-toc.html.j2")
    written = 0
    for entry_id, page in pages.items():
        if only is not None and entry_id not in only:
            continue
        data = fill_shell(shell, entry_id, page, toc).encode("utf-8")
        target = site_dir / "entries" / entry_id / "index.html"
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a new file: the old one may be linked from another site
        target.write_bytes(data)
        written += 1
    entries_dir = site_dir / "entries"
    if entries_dir.is_dir():
        for folder in entries_dir.iterdir():
            if folder.is_dir() and folder.name not in pages:
                shutil.rmtree(folder)
    return written


def search_docs(pages: dict[str, EntryHtml]) -> list[dict[str, Any]]:
    """Return search index documents for PAGES, as Material's search plugin makes them: one per
    heading (the h1 one at the page URL), text with p/code/pre/li/ol/ul/sub/sup kept, Chinese
    segmented by jieba and joined with U+200B."""
    docs: list[dict[str, Any]] = []
    for entry_id, page in pages.items():
        url = f"entries/{entry_id}/"
        for anchor, title, text in split_sections(page.body):
            docs.append(
                {
                    "location": f"{url}#{anchor}" if anchor else url,
                    "title": segment_chinese(title.strip() or page.title),
                    "text": segment_chinese(text.strip()),
                }
            )
    return docs


_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ID = re.compile(r'\bid="([^"]*)"')


def split_sections(body: str) -> list[tuple[str | None, str, str]]:
    """Return (anchor, title, text) per heading section of a generated entry body (flat HTML)."""
    sections: list[tuple[str | None, list[str], list[str]]] = []
    title: list[str] | None = None
    text: list[str] = []
    in_permalink = False
    for match in _TOKEN.finditer(body):
        closing, tag, attrs, data = match.groups()
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
        elif tag in _KEEP:
            out = title if title is not None else text
            if not closing:
                out.append(f"<{tag}>")
                continue
            start = len(out) - 1 - out[::-1].index(f"<{tag}>")
            if all(part.isspace() for part in out[start + 1 :]):
                del out[start:]
            else:
                out.append(f"</{tag}>")
    return [(anchor, "".join(title), "".join(text)) for anchor, title, text in sections]


_HAN = None
SEGMENTS_LIMIT = 500_000  # runs kept in the segment store (the shipped catalog has about 9k)


class _SegmentStore:
    """Jieba's segmentation of each run of Han characters, kept per user between builds.

    Loading jieba's dictionary takes most of a second; a build whose runs were all seen before
    never loads it. The store is tied to jieba's version; a missing or damaged file is empty.
    """

    def __init__(self) -> None:
        self.runs: dict[str, str] | None = None
        self.added = 0

    def _path(self) -> Path | None:
        folder = user_cache("segments")
        return folder / "jieba.pickle" if folder is not None else None

    @staticmethod
    def _version() -> str:
        import jieba  # type: ignore[import-untyped]

        return f"jieba {jieba.__version__}"

    def _load(self) -> dict[str, str]:
        self.runs = {}
        path = self._path()
        stored = load_pickle(path) if path is not None else None
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self._version():
            self.runs = dict(stored[1])
        return self.runs

    def segment(self, run: str) -> str:
        runs = self.runs if self.runs is not None else self._load()
        found = runs.get(run)
        if found is None:
            import jieba

            found = "\u200b" + "\u200b".join(jieba.cut(run.encode("utf-8"))) + "\u200b"
            runs[run] = found
            self.added += 1
        return found

    def save(self) -> None:
        """Write the store when runs were added (the newest SEGMENTS_LIMIT of them)."""
        path = self._path()
        if path is None or self.runs is None or not self.added:
            return
        runs = self.runs
        if len(runs) > SEGMENTS_LIMIT:
            runs = dict(list(runs.items())[-SEGMENTS_LIMIT:])
        if save_pickle(path, (self._version(), runs)):
            self.added = 0


SEGMENTS = _SegmentStore()


def segment_chinese(text: str) -> str:
    """Segment runs of Han characters with jieba as Material's search does (cached per run)."""
    global _HAN
    if _HAN is None:
        from backrefs import bre

        _HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
    return str(_HAN.sub(lambda m: SEGMENTS.segment(m.group(0)), text)).strip("\u200b")


def update_search_index(
    site_dir: Path, pages: dict[str, EntryHtml], changed: set[str]
) -> tuple[int, int]:
    """Replace the documents of the CHANGED entries in the search index (written as UTF-8);
    return its size with \\u escapes (as MkDocs writes it) and as written."""
    path = site_dir / SEARCH_INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    others: list[dict[str, Any]] = []
    by_entry: dict[str, list[dict[str, Any]]] = {}
    for doc in data["docs"]:
        entry_id = _entry_of(doc["location"])
        if entry_id is None:
            others.append(doc)
        elif entry_id in pages and entry_id not in changed:
            by_entry.setdefault(entry_id, []).append(doc)
    for doc in search_docs({i: pages[i] for i in pages if i in changed}):
        by_entry.setdefault(str(_entry_of(doc["location"])), []).append(doc)
    # The entries' documents in the catalog's order, as a build from scratch writes them.
    data["docs"] = others + [d for i in pages for d in by_entry.get(i, [])]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    escaped = len(json.dumps(data, separators=(",", ":")))
    return escaped, len(text.encode("utf-8"))


def _entry_of(location: str) -> str | None:
    return location.split("/")[1] if location.startswith("entries/") else None


def update_sitemap(site_dir: Path, ids: list[str]) -> None:
    """Replace the shell's <url> in sitemap.xml (present when site_url is set) by one per entry."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    match = _SITEMAP_URL.search(text)
    if match is None:
        return
    block = match.group(0)
    urls = "".join(block.replace(f"{SHELL_DIR}/", f"entries/{i}/") for i in ids)
    text = text[: match.start()] + urls + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def remove_shell(site_dir: Path) -> str:
    """Delete the built shell page from SITE_DIR; return its HTML."""
    page = site_dir / SHELL_DIR / "index.html"
    if not page.is_file():
        raise AtlasError("MkDocs did not write the entry page shell: check the theme overrides")
    text = page.read_text(encoding="utf-8")
    shutil.rmtree(site_dir / SHELL_DIR.split("/")[0])
    return text


def search_docs_of(site_dir: Path) -> list[dict[str, Any]]:
    """Return the documents of SITE_DIR's search index (none when it has no index)."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return []
    docs: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return docs


def merge_search_docs(site_dir: Path, old: list[dict[str, Any]]) -> None:
    """Put back the documents (OLD: the index before) of the pages a dirty MkDocs build did not
    rebuild, in their places: it indexes only the pages it built (Material's own fix for this
    needs `mkdocs serve`)."""
    path = site_dir / SEARCH_INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    rebuilt: dict[str, list[dict[str, Any]]] = {}
    for doc in data["docs"]:
        rebuilt.setdefault(doc["location"].split("#")[0], []).append(doc)
    docs: list[dict[str, Any]] = []
    placed: set[str] = set()
    for doc in old:
        page = doc["location"].split("#")[0]
        if page not in rebuilt:
            docs.append(doc)
        elif page not in placed:  # the rebuilt page's documents, where the old ones were
            docs += rebuilt[page]
            placed.add(page)
    docs += [d for page, page_docs in rebuilt.items() if page not in placed for d in page_docs]
    data["docs"] = docs
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
