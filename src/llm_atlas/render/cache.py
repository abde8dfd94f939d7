"""What the last render made, so unchanged pages are not made again: entry pages whose inputs
did not change (they are most of the render time of a large catalog), and the list pages and
exports when nothing in the catalog or the templates changed.

An entry page's body depends on the entry, the titles of its topics, the anchors of its tags,
its series and its related entries: `entry_key` digests exactly those. The cache is used only
with the shipped entry.html.j2 and entry.md.j2 (a project's own template may read anything in
the catalog), and is tied to their text and to the rendering code. An entry's Markdown page is
not made again when the cache has its page and the file is as that render left it. The cache
is one pickle file in the render folder; a missing, damaged or foreign file is an empty cache.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import NamedTuple

from llm_atlas import __version__
from llm_atlas.cachefiles import load_pickle, save_pickle
from llm_atlas.catalog import Catalog
from llm_atlas.models import Entry
from llm_atlas.render import views
from llm_atlas.render.snippets import related_fingerprint

TEMPLATE = "entry.html.j2"
MARKDOWN_TEMPLATE = "entry.md.j2"
# Any change to the code (catalog indexes, models, views) may change pages: all of it is digested.
_PACKAGE = Path(__file__).resolve().parents[1]


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
    catalog: Catalog, entry: Entry, tags: dict[str, views.Tag], fingerprints: dict[str, str]
) -> str:
    """Return a digest of everything the shipped template reads to render ENTRY's page
    (FINGERPRINTS: related entries' fingerprints made so far, filled in here)."""
    parts = [repr(entry.__dict__)]
    parts += [catalog.topics[t].title for t in entry.topics]
    parts += [tags[views.tag_key(t)].anchor for t in entry.tags]
    if entry.series is not None:
        parts += [f"{e.id}\0{e.part}\0{e.title}\0{e.status}" for e in catalog.series[entry.series]]
    for rel in catalog.related[entry.id]:
        found = fingerprints.get(rel)
        if found is None:
            found = fingerprints[rel] = related_fingerprint(catalog.entries[rel])
        parts.append(found)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


Stamp = tuple[int, int]  # a file's size and mtime_ns


class CachedPage(NamedTuple):
    """An entry page as last rendered: its key, title and body, and the stamp of its Markdown
    page as written then (None without one)."""

    key: str
    title: str
    body: str
    stamp: Stamp | None


_Row = tuple[str, str, str, Stamp | None]


class RenderCache:
    """What the last render into a folder made: entry pages by id (`CachedPage`, kept while
    ENTRY_SALT is the same), and the stamps of the other generated files (list pages and
    exports, kept while LISTS_KEY, a digest of the whole catalog and all templates, is the same).
    """

    def __init__(self, path: Path | None, entry_salt: str | None, lists_key: str | None) -> None:
        self.path = path
        self.entry_salt = entry_salt
        self.lists_key = lists_key
        # Plain tuples (unpickling 10k named tuples took 0.25 s); see `get`.
        self.pages: dict[str, _Row] = {}
        self.lists: dict[str, Stamp] = {}
        self.changed = False
        stored = load_pickle(path) if path is not None else None
        if not isinstance(stored, tuple) or len(stored) != 4:
            return
        stored_salt, pages, stored_key, lists = stored
        if entry_salt is not None and stored_salt == entry_salt and isinstance(pages, dict):
            self.pages = pages
        if lists_key is not None and stored_key == lists_key and isinstance(lists, dict):
            self.lists = lists

    @property
    def enabled(self) -> bool:
        """Return True when entry pages are cached."""
        return self.path is not None and self.entry_salt is not None

    def get(self, entry_id: str, key: str) -> CachedPage | None:
        found = self.pages.get(entry_id)
        return CachedPage(*found) if found is not None and found[0] == key else None

    def replace(self, pages: dict[str, CachedPage], lists: dict[str, Stamp]) -> None:
        """Keep exactly PAGES and LISTS (this render's) from now on."""
        rows: dict[str, _Row] = {}
        if self.entry_salt is not None:
            rows = {i: (p.key, p.title, p.body, p.stamp) for i, p in pages.items()}
        lists = lists if self.lists_key is not None else {}
        if rows != self.pages or lists != self.lists:
            self.pages, self.lists = rows, lists
            self.changed = True

    def save(self) -> None:
        """Write the cache when it changed; a folder that cannot be written is skipped."""
        if self.path is None or not self.changed:
            return
        if save_pickle(self.path, (self.entry_salt, self.pages, self.lists_key, self.lists)):
            self.changed = False


def lists_key(catalog: Catalog, templates: dict[str, str], site_name: str, site_url: str) -> str:
    """Return a digest of everything list pages and exports are made from: the catalog files'
    text, every template (TEMPLATES: name → text), the rendering code and the site's name and
    address."""
    digest = hashlib.sha256(f"{__version__}\0{site_name}\0{site_url}".encode())
    digest.update(code_digest().encode())
    for name, text in sorted(templates.items()):
        digest.update(f"\0{name}\0{text}".encode())
    files = {id(f): f for f in catalog.files}
    files.update({id(o.file): o.file for o in catalog.topic_origins.values()})
    for loaded in files.values():
        digest.update(f"\0{loaded.display}\0{loaded.text}".encode())
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """Return a digest of the package's code, read once per process (it is the code running)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()
