"""What the last render made, so unchanged pages are not made again.

An entry page's body depends on the entry, the titles of its topics, the anchors of its tags,
its series and its related entries: `entry_key` digests exactly those. Entry pages are cached
only with the shipped entry.html.j2 and entry.md.j2 (a project's own template may read anything
in the catalog), tied to their text and to the rendering code. An entry's Markdown page is not
made again when the cache has its page and the file is as that render left it.

Each list page (home, kinds, topics, tags, explore) is keyed on its own context, with every
entry in it standing for its `entry_key`, plus `lists_base`: the templates, the code, the site
and the catalog's shape (topics, and each entry's id, kind, status and topics: the counts and
trees the shipped list templates show). With a project's own list template the base is the
whole catalog text instead, so any edit makes every list page again. The exports are keyed
the same way on every entry, so any entry's edit makes them again (from its kept records).

The cache is one pickle file in the render folder; a missing, damaged or foreign file is an
empty cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, NamedTuple

from llm_atlas import __version__
from llm_atlas.cachefiles import code_digest, load_pickle, save_pickle
from llm_atlas.catalog import Catalog
from llm_atlas.models import Entry, Topic
from llm_atlas.render import views
from llm_atlas.render.snippets import Made, related_fingerprint

TEMPLATE = "entry.html.j2"
MARKDOWN_TEMPLATE = "entry.md.j2"
ENTRY_TEMPLATES = frozenset({TEMPLATE, MARKDOWN_TEMPLATE})


def _shipped_source(name: str) -> str | None:
    """Return the text of a template llm-atlas ships (installed, else in the source tree)."""
    from llm_atlas.render.env import PACKAGED_TEMPLATES, SOURCE_TEMPLATES

    for folder in (PACKAGED_TEMPLATES, SOURCE_TEMPLATES):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    return None


def cache_salt(sources: dict[str, str], site_name: str) -> str | None:
    """Return what ties cached pages to the templates in use (TEMPLATES: name → text) and to
    the rendering code, or None when a template is not the shipped one (then nothing is
    cached: a project's own template may read anything in the catalog)."""
    if any(_shipped_source(name) != text for name, text in sources.items()):
        return None
    digest = hashlib.sha256(f"{__version__}\0{site_name}".encode())
    for name, text in sorted(sources.items()):
        digest.update(f"\0{name}\0{text}".encode())
    digest.update(code_digest().encode())
    return digest.hexdigest()


def entry_key(
    catalog: Catalog, entry: Entry, tags: dict[str, views.Tag], memo: dict[object, str]
) -> str:
    """Return a digest of everything the shipped template reads to render ENTRY's page
    (MEMO: the parts shared by entries, made so far: related entries' fingerprints, series,
    tag anchors; filled in here)."""
    parts = [repr(entry.__dict__)]
    parts += [catalog.topics[t].title for t in entry.topics]
    for tag in entry.tags:
        anchor = memo.get(("tag", tag))
        if anchor is None:
            anchor = memo[("tag", tag)] = tags[views.tag_key(tag)].anchor
        parts.append(anchor)
    if entry.series is not None:
        series = memo.get(("series", entry.series))
        if series is None:
            members = catalog.series[entry.series]
            series = "\x1e".join(f"{e.id}\0{e.part}\0{e.title}\0{e.status}" for e in members)
            memo[("series", entry.series)] = series
        parts.append(series)
    for rel in catalog.related[entry.id]:
        found = memo.get(rel)
        if found is None:
            found = memo[rel] = related_fingerprint(catalog.entries[rel])
        parts.append(found)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


Stamp = tuple[int, int]  # a file's size and mtime_ns


class CachedPage(NamedTuple):
    """An entry page as last rendered: its key, title and body (empty when the render kept no
    HTML), and the stamp of its Markdown page as written then (None without one)."""

    key: str
    title: str
    body: str
    stamp: Stamp | None


_Row = tuple[str, str, str, Stamp | None]
FORMAT = "llm-atlas render cache 2"
Snippets = dict[str, tuple[str, Made]]  # entry id → (its entry_key, its snippets)


class RenderCache:
    """What the last render into a folder made: entry pages by id (`CachedPage`, kept while
    ENTRY_SALT is the same), each other generated file's key and stamp (`file_kept`), and, in
    a file of their own read only when a list page or an export is made, the snippets of each
    entry (`load_snippets`)."""

    def __init__(self, path: Path | None, entry_salt: str | None) -> None:
        self.path = path
        self.entry_salt = entry_salt
        # Plain tuples (unpickling 10k named tuples took 0.25 s); see `get`.
        self.pages: dict[str, _Row] = {}
        self.files: dict[str, tuple[str, Stamp]] = {}
        self.changed = False
        stored = load_pickle(path) if path is not None else None
        if not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != FORMAT:
            return
        _, stored_salt, pages, files = stored
        if entry_salt is not None and stored_salt == entry_salt and isinstance(pages, dict):
            self.pages = pages
        if isinstance(files, dict):
            self.files = files

    @property
    def enabled(self) -> bool:
        """Return True when entry pages are cached."""
        return self.path is not None and self.entry_salt is not None

    @property
    def snippets_path(self) -> Path | None:
        return self.path.with_name(self.path.stem + "-snippets.pickle") if self.path else None

    def load_snippets(self, keys: dict[str, str]) -> dict[str, Made]:
        """Return the stored snippets of each entry whose key is as in KEYS (entry id → key)."""
        path = self.snippets_path
        stored = load_pickle(path) if path is not None else None
        if (
            not isinstance(stored, tuple)
            or len(stored) != 3
            or stored[:2] != (FORMAT, code_digest())
        ):
            return {}
        snippets: Snippets = stored[2]
        return {i: made for i, (key, made) in snippets.items() if keys.get(i) == key}

    def save_snippets(self, snippets: Snippets) -> None:
        """Store SNIPPETS (entry id → (key, snippets)); an unwritable folder is skipped."""
        path = self.snippets_path
        if path is not None:
            save_pickle(path, (FORMAT, code_digest(), snippets))

    def get(self, entry_id: str, key: str, html: bool = True) -> CachedPage | None:
        """Return the cached page of ENTRY_ID if made from KEY (and, with HTML, if it was kept
        with its HTML)."""
        found = self.pages.get(entry_id)
        if found is None or found[0] != key or (html and not found[2]):
            return None
        return CachedPage(*found)

    def file_kept(self, rel: str, key: str | None, stamp: Stamp | None) -> bool:
        """Return True when REL was made from KEY and is as written then (STAMP)."""
        found = self.files.get(rel)
        return key is not None and found is not None and found == (key, stamp)

    def replace(self, pages: dict[str, CachedPage], files: dict[str, tuple[str, Stamp]]) -> None:
        """Keep exactly PAGES and FILES (this render's) from now on."""
        rows: dict[str, _Row] = {}
        if self.entry_salt is not None:
            rows = {i: (p.key, p.title, p.body, p.stamp) for i, p in pages.items()}
        if rows != self.pages or files != self.files:
            self.pages, self.files = rows, files
            self.changed = True

    def save(self) -> None:
        """Write the cache when it changed; a folder that cannot be written is skipped."""
        if self.path is None or not self.changed:
            return
        if save_pickle(self.path, (FORMAT, self.entry_salt, self.pages, self.files)):
            self.changed = False


def lists_base(catalog: Catalog, templates: dict[str, str], site_name: str, site_url: str) -> str:
    """Return what every list page depends on besides its own context (see the module text)."""
    list_templates = {n: t for n, t in templates.items() if n not in ENTRY_TEMPLATES}
    if any(_shipped_source(name) != text for name, text in list_templates.items()):
        return catalog_key(catalog, templates, site_name, site_url)
    digest = _setup_digest(templates, site_name, site_url, "shape")
    for topic in catalog.topics.values():
        digest.update(f"\0{topic.__dict__!r}".encode())
    shape = "\0".join(
        f"{e.id}\x1f{e.kind}\x1f{e.status}\x1f{e.topics}" for e in catalog.entries.values()
    )
    digest.update(shape.encode())
    return digest.hexdigest()


def _setup_digest(
    templates: dict[str, str], site_name: str, site_url: str, what: str
) -> hashlib._Hash:
    """Return a digest, for WHAT, of the version, the site's name and address, the rendering
    code and every template (TEMPLATES: name → text)."""
    digest = hashlib.sha256(f"{__version__}\0{site_name}\0{site_url}\0{what}".encode())
    digest.update(code_digest().encode())
    for name, text in sorted(templates.items()):
        digest.update(f"\0{name}\0{text}".encode())
    return digest


def page_key(
    base: str, path: str, template: str, context: dict[str, Any], keys: dict[str, str]
) -> str:
    """Return the key of a list page: BASE, its path and template, and its CONTEXT with every
    entry standing for its key (KEYS: entry id → `entry_key`)."""
    parts = [base, path, template]
    _fingerprint(context, keys, parts)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _fingerprint(value: object, keys: dict[str, str], out: list[str]) -> None:
    """Append a text for VALUE to OUT that changes whenever VALUE's content does."""
    if isinstance(value, Entry):
        out.append(keys[value.id])
    elif isinstance(value, dict):
        out.append("{")
        for k, v in value.items():
            out.append(repr(k))
            _fingerprint(v, keys, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for v in value:
            if isinstance(v, Entry):  # most items: the entries a page lists
                out.append(keys[v.id])
            else:
                _fingerprint(v, keys, out)
        out.append("]")
    elif isinstance(value, views.Tag):
        out.append(f"tag\0{value.name}\0{value.anchor}")
        _fingerprint(value.entries, keys, out)
    elif isinstance(value, Topic):
        out.append(repr(value.__dict__))
    elif value is None or isinstance(value, str | int | float | dt.date):
        out.append(repr(value))
    else:  # not a type a page context holds today: refuse rather than key on its id
        raise TypeError(f"cannot key a page on {type(value).__name__}")


def catalog_key(catalog: Catalog, templates: dict[str, str], site_name: str, site_url: str) -> str:
    """Return a digest of everything a project's own list templates may read: the catalog
    files' text, besides what `_setup_digest` covers."""
    digest = _setup_digest(templates, site_name, site_url, "catalog")
    files = {id(f): f for f in catalog.files}
    files.update({id(o.file): o.file for o in catalog.topic_origins.values()})
    for loaded in files.values():
        digest.update(f"\0{loaded.display}\0{loaded.text}".encode())
    return digest.hexdigest()
