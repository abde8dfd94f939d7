"""Render a catalog into a docs folder: Markdown pages, exports and the hand-written pages.

Takes a `Catalog`, the project folder (holding mkdocs.yml, docs/ and optional templates/) and an
output folder; gives `RenderStats`. Only files whose content changed are rewritten, so mtime-based
caches (MkDocs' dirty builds, `serve`) stay fast; files no longer produced are removed.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from llm_atlas.catalog import Catalog
from llm_atlas.models import KIND_TITLES, KINDS, Entry
from llm_atlas.parallel import split_map
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render import cache as cache_mod
from llm_atlas.render import views
from llm_atlas.render.env import PageRenderer, make_environment, one_line
from llm_atlas.render.exports import render_exports
from llm_atlas.render.plan import Page, kind_page, plan_entry_pages, plan_list_pages
from llm_atlas.render.snippets import Made, Snippets

MARKER = ".llm-atlas-generated"


@dataclass(frozen=True, slots=True)
class EntryHtml:
    """An entry page's title (plain text) and body HTML, for writing it into the site's shell."""

    title: str
    body: str


@dataclass
class RenderStats:
    pages: int = 0
    files: int = 0
    written: int = 0
    removed: int = 0
    # The list pages and exports made this time (the others were kept from the last render).
    remade: list[str] = field(default_factory=list)
    entries: dict[str, EntryHtml] = field(default_factory=dict)


def render_docs(
    catalog: Catalog,
    project_dir: Path,
    out_dir: Path,
    site_name: str,
    site_url: str = "",
    *,
    entry_markdown: bool = True,
    entry_html: bool = True,
    cache_path: Path | None = None,
) -> RenderStats:
    """Write the generated Markdown, the exports and a copy of PROJECT_DIR/docs into OUT_DIR.

    Entry pages are rendered as HTML, returned in `RenderStats.entries` with ENTRY_HTML;
    ENTRY_MARKDOWN also writes each as a Markdown page for engines that build it themselves.
    With CACHE_PATH, pages and exports whose inputs did not change since the last render (and
    whose files are as written then) are not made again (`render.cache`).
    """
    tags = views.tag_index(catalog)
    snippets = Snippets(catalog)
    env = make_environment(project_dir, template_globals(catalog, site_name, tags, snippets))
    renderer = PageRenderer(env)
    entry_salt = list_base = None
    if cache_path is not None:
        with template_errors():
            entry_salt, list_base = _cache_keys(env, catalog, site_name, site_url)
    cache = cache_mod.RenderCache(cache_path, entry_salt)
    keys: dict[str, str] = {}
    if list_base is not None:
        memo: dict[object, str] = {}
        keys = {e.id: cache_mod.entry_key(catalog, e, tags, memo) for e in catalog.entries.values()}
    folder = OutputFolder(out_dir)
    entry_pages = plan_entry_pages(catalog)
    list_pages = plan_list_pages(catalog, tags)
    hand_written = collect_docs(project_dir / "docs")
    _refuse_clash(hand_written, [p.path for p in list_pages + entry_pages])
    plan = _ListPlan(list_pages, cache, folder, list_base, keys, catalog)
    # Snippets of unchanged entries make the list pages and exports that must be made cheap.
    lists_made = bool(plan.to_make) or not plan.exports_kept
    if lists_made and list_base is not None:
        snippets.seed(cache.load_snippets(keys))

    def page_task(page: Page) -> Piece:
        text = renderer.render(page.template, page=page, root=page.root, **page.context)
        return Piece({page.path: text.encode("utf-8")})

    def exports_task() -> Piece:
        exports = render_exports(catalog, env, site_name, site_url, snippets)
        return Piece({name: text.encode("utf-8") for name, text in exports.items()})

    def entry_task(page: Page) -> Piece:
        entry: Entry = page.context["entry"]
        key = keys.get(entry.id, "")
        hit = cache.get(entry.id, key, entry_html) if cache.enabled else None
        if hit is not None:
            title, body = hit.title, hit.body
        else:
            title = one_line(entry.title)
            ids = views.heading_ids(catalog, entry)
            body = renderer.render(cache_mod.TEMPLATE, entry=entry, ids=ids)
        wrote, stamp, queued = False, None, ""
        if entry_markdown:  # (a page the cache has as written needs no task)
            markdown = entry_markdown_page(renderer, page, body)
            if writer is not None:
                writer.put(page.path, markdown)
                queued = page.path
            else:
                wrote = folder.write(page.path, markdown)
                stamp = folder.stamp(page.path)
        if hit is not None or not entry_html:  # not shipped back from a child, or not kept
            title = body = ""
        page_info = cache_mod.CachedPage(key, title, body, stamp)
        return Piece({}, page_info, entry.id, int(wrote), hit is not None, queued=queued)

    writer: _Writer | None = None

    def run_tasks(tasks: Sequence[Callable[[], Piece]]) -> list[Piece]:
        nonlocal writer
        writer = _Writer(folder) if entry_markdown and len(tasks) >= WRITER_MIN else None
        try:
            pieces = [task() for task in tasks]
        finally:
            written = writer.close() if writer is not None else 0
            writer = None
        # Entry pages written by the writer: their stamps as written.
        pieces = [
            dataclasses.replace(p, entry=p.entry._replace(stamp=folder.stamp(p.queued)))
            if p.queued and p.entry is not None
            else p
            for p in pieces
        ]
        if pieces:  # the snippets made here go back with the last piece (from a forked child)
            last = pieces[-1]
            pieces[-1] = dataclasses.replace(
                last, snippets=snippets.fresh, written=last.written + written
            )
        return pieces

    # Tasks with their rough cost in µs (measured at 10k entries), the list pages first: a forked
    # child takes the second half of the cost (entry pages, which it writes itself) while this
    # process does the first.
    seeded = snippets.seeded / max(1, len(catalog.entries))
    tasks: list[tuple[Callable[[], Piece], int]] = []
    if not plan.exports_kept:
        tasks.append((exports_task, int(len(catalog.entries) * (45 - 36 * seeded))))
    tasks += [(partial(page_task, p), _page_cost(p, seeded)) for p in plan.to_make]
    # Entry pages the cache has as they are (their Markdown pages, if any, as written then)
    # need no task.
    entries: dict[str, EntryHtml] = {}
    cached: dict[str, cache_mod.CachedPage] = {}
    for p in entry_pages:
        entry_id = p.context["entry"].id
        hit = cache.get(entry_id, keys.get(entry_id, ""), entry_html) if cache.enabled else None
        if hit is None or (entry_markdown and folder.stamp(p.path) != hit.stamp):
            tasks.append((partial(entry_task, p), 50 if hit is not None else 450))
            continue
        cached[entry_id] = hit
        if entry_html:
            entries[entry_id] = EntryHtml(hit.title, hit.body)
    with template_errors():
        pieces = split_map(
            run_tasks,
            [task for task, _ in tasks],
            weights=[cost for _, cost in tasks],
            min_weight=PARALLEL_COST,
        )
    outputs: dict[str, bytes] = {}
    written = 0
    for piece in pieces:
        outputs.update(piece.outputs)
        written += piece.written
        if piece.snippets is not snippets.fresh:  # from a forked child
            snippets.absorb(piece.snippets)
        if piece.entry is not None:
            page_info = piece.entry
            if piece.from_cache:
                hit = cache.get(piece.entry_id, page_info.key, entry_html)
                assert hit is not None
                page_info = page_info._replace(title=hit.title, body=hit.body)
            if entry_html:
                entries[piece.entry_id] = EntryHtml(page_info.title, page_info.body)
            cached[piece.entry_id] = page_info
    # In the catalog's order (the sitemap and the search index follow it).
    cached = {i: cached[i] for i in catalog.entries}
    if entry_html:
        entries = {i: entries[i] for i in catalog.entries}
    generated = [*outputs, *plan.kept]
    _refuse_clash(hand_written, generated)
    made_keys = {rel: plan.key_of(rel) for rel in generated}
    for rel, source in hand_written.items():
        outputs[rel] = source.read_bytes()
    stats = RenderStats(
        files=len(outputs) + len(plan.kept), remade=sorted(made_keys.keys() - set(plan.kept))
    )
    stats.written = written + sum(folder.write(rel, data) for rel, data in outputs.items())
    entry_files = [p.path for p in entry_pages] if entry_markdown else []
    stats.files += len(entry_files)
    stats.removed = folder.finish([*outputs, *plan.kept, *entry_files])
    if cache_path is not None:
        files = {}
        for rel, key in made_keys.items():
            stamp = folder.stamp(rel)
            if key is not None and stamp is not None:
                files[rel] = (key, stamp)
        cache.replace(cached, files)
        cache.save()
        # Rewriting the snippets (17 MB at 10k entries) costs more than making a few entries'
        # snippets again next time: they are rewritten once enough of them are missing.
        missing = len(keys) - snippets.seeded
        slack = 0 if snippets.seeded == 0 else max(SNIPPETS_SLACK, len(keys) // 100)
        if lists_made and missing > slack:
            kept = snippets.kept(KEPT_SNIPPETS)
            cache.save_snippets({i: (keys[i], m) for i, m in kept.items() if i in keys})
    stats.pages = len(list_pages) + len(entry_pages)
    stats.entries = entries
    return stats


class _ListPlan:
    """Which list pages and exports the render cache keeps (made from the same keys, and their
    files as written then) and which are made again."""

    def __init__(
        self,
        pages: list[Page],
        cache: cache_mod.RenderCache,
        folder: OutputFolder,
        base: str | None,
        keys: dict[str, str],
        catalog: Catalog,
    ) -> None:
        self.keys: dict[str, str] = {}
        self.export_key: str | None = None
        if base is not None:
            self.keys = {
                p.path: cache_mod.page_key(base, p.path, p.template, p.context, keys) for p in pages
            }
            every = {"entries": list(catalog.entries.values())}
            self.export_key = cache_mod.page_key(base, "", "exports", every, keys)
        self.kept = [
            p.path
            for p in pages
            if cache.file_kept(p.path, self.keys.get(p.path), folder.stamp(p.path))
        ]
        # The exports are kept all together or made all again.
        exports = [rel for rel, (key, _) in cache.files.items() if key == self.export_key]
        self.exports_kept = bool(exports) and all(
            cache.file_kept(rel, self.export_key, folder.stamp(rel)) for rel in exports
        )
        if self.exports_kept:
            self.kept += exports
        kept = set(self.kept)
        self.to_make = [p for p in pages if p.path not in kept]

    def key_of(self, rel: str) -> str | None:
        """Return the key a generated file (list page or export) was made from."""
        return self.keys.get(rel, self.export_key)


# The snippets kept for the next render: what list pages and exports are made of.
SNIPPETS_SLACK = 20  # entries whose snippets may be missing before they are written again
KEPT_SNIPPETS = frozenset({"item", "short", "paper", "json", "csv", "bib"})
# µs; below this, forking does not pay (after a fork, both processes copy each page of the
# shared heap they touch: about 0.3 s at 10k entries)
PARALLEL_COST = 1_000_000


@dataclass(frozen=True, slots=True)
class Piece:
    """What one render task made: files, or an entry page and whether its Markdown page was
    written."""

    outputs: dict[str, bytes]
    entry: cache_mod.CachedPage | None = None
    entry_id: str = ""
    written: int = 0
    from_cache: bool = False
    snippets: dict[str, Made] = field(default_factory=dict)
    queued: str = ""  # the entry's Markdown page, handed to the writer thread


# Below this many tasks, a writer thread is not worth starting.
WRITER_MIN = 200


class _Writer:
    """Writes files into an `OutputFolder` from a thread of its own, so that creating them
    (0.1-0.6 ms of system time per new file on this machine's disk, with the interpreter lock
    released) overlaps rendering the next pages. Started after any fork, joined by `close`."""

    def __init__(self, folder: OutputFolder) -> None:
        self.folder = folder
        self.queue: queue.SimpleQueue[tuple[str, bytes] | None] = queue.SimpleQueue()
        self.written = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="llm-atlas-writer", daemon=True)
        self.thread.start()

    def put(self, rel: str, data: bytes) -> None:
        self.queue.put((rel, data))

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.written += self.folder.write(*item)
                except BaseException as exc:  # noqa: BLE001 - raised again by close()
                    self.error = exc

    def close(self) -> int:
        """Wait for every file to be written; return how many were (raise what failed)."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.written


def _page_cost(page: Page, seeded: float) -> int:
    """Return the rough cost of a list page in µs, for SEEDED, the share of entries whose
    snippets came from the render cache: per entry listed, 35 (8 seeded), or 17 (4 seeded) on
    the tags page, whose items are short."""
    if page.template == "tags.md.j2":
        listed = sum(len(t.entries) for t in page.context["tags"])
        return 1000 + int(listed * (17 - 13 * seeded))
    listed = len(page.context.get("entries", ()))
    listed += sum(g["count"] for g in page.context.get("groups", ()))
    listed += len(page.context.get("practice", ()))
    return 1000 + int(listed * (35 - 27 * seeded))


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn a template's errors (syntax, missing template, undefined value) into AtlasError."""
    try:
        yield
    except jinja2.TemplateError as exc:
        where = (
            f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        )
        raise AtlasError(f"template error: {where}{exc}") from exc


def _refuse_clash(hand_written: dict[str, Path], generated: Iterable[str]) -> None:
    for rel in generated:
        if rel in hand_written:
            raise AtlasError(
                f"{display_path(hand_written[rel])}: this page is generated from the catalog; "
                "rename the hand-written file or override the template instead"
            )


def entry_markdown_page(renderer: PageRenderer, page: Page, body: str) -> bytes:
    """Return an entry's Markdown page: front matter with its title, then the body HTML."""
    entry: Entry = page.context["entry"]
    text = renderer.render(
        page.template,
        page=page,
        root=page.root,
        entry=entry,
        body=Markup(body),
        front_matter=front_matter(entry),
    )
    return text.encode("utf-8")


def _cache_keys(
    env: jinja2.Environment, catalog: Catalog, site_name: str, site_url: str
) -> tuple[str | None, str]:
    """Return the render cache's entry salt and list page base, reading each template once."""
    assert env.loader is not None
    templates = {
        name: env.loader.get_source(env, name)[0] for name in env.list_templates(extensions=["j2"])
    }
    entry_templates = {n: templates[n] for n in cache_mod.ENTRY_TEMPLATES}
    return (
        cache_mod.cache_salt(entry_templates, site_name),
        cache_mod.lists_base(catalog, templates, site_name, site_url),
    )


def front_matter(entry: Entry) -> Markup:
    """Return the YAML front matter of an entry's Markdown page (its title, HTML-escaped)."""
    # A JSON string is a YAML double-quoted scalar; the theme prints the title as HTML.
    title = json.dumps(html.escape(one_line(entry.title), quote=False), ensure_ascii=False)
    return Markup(f"title: {title}")


def template_globals(
    catalog: Catalog,
    site_name: str,
    tags: dict[str, views.Tag] | None = None,
    snippets: Snippets | None = None,
) -> dict[str, object]:
    """Return what every template can use besides its page context."""
    tags = views.tag_index(catalog) if tags is None else tags
    snippets = Snippets(catalog) if snippets is None else snippets
    return {
        **snippets.globals(),
        "catalog": catalog,
        "site_name": site_name,
        "KINDS": KINDS,
        "KIND_TITLES": KIND_TITLES,
        "KIND_SLUGS": views.KIND_SLUGS,
        "LANG_NAMES": views.LANG_NAMES,
        "kind_page": kind_page,
        "field_rows": views.field_rows,
        "entry_links": views.entry_links,
        "related_groups": lambda e: views.related_groups(catalog, e),
        "practice_code": lambda e: views.practice_code(catalog, e),
        "tag_anchor": lambda t: tags[views.tag_key(t)].anchor,
        "topic_totals": views.topic_totals(catalog),
    }


def collect_docs(docs_dir: Path) -> dict[str, Path]:
    """Return docs-relative path → file for every hand-written file (hidden ones skipped)."""
    if not docs_dir.is_dir():
        return {}
    out: dict[str, Path] = {}
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if path.is_file() and not any(p.startswith(".") for p in rel.parts):
            out[rel.as_posix()] = path
    return out


def prepare_out_dir(out_dir: Path) -> None:
    """Create OUT_DIR, refusing a non-empty folder that llm-atlas did not create."""
    if out_dir.exists() and not out_dir.is_dir():
        raise AtlasError(f"'{display_path(out_dir)}' is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise AtlasError(
            f"'{display_path(out_dir)}' is not empty and was not made by llm-atlas: "
            "choose an empty or new folder (its files would be replaced)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("generated by llm-atlas: files here are replaced on render\n")


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> RenderStats:
    """Write changed files under OUT_DIR and delete the ones no longer produced."""
    folder = OutputFolder(out_dir)
    stats = RenderStats(files=len(outputs))
    stats.written = sum(folder.write(rel, data) for rel, data in outputs.items())
    stats.removed = folder.finish(outputs)
    return stats


class OutputFolder:
    """An output folder as found (one walk up front gives every file's size, so a new file costs
    one open and an unchanged one a read only when its size matches: no stat per page)."""

    def __init__(self, out_dir: Path) -> None:
        self.base = str(out_dir)
        self.files, self.folders = _walk(self.base)
        self.found = set(self.files)
        os.makedirs(self.base, exist_ok=True)

    def write(self, rel: str, data: bytes) -> bool:
        """Write DATA at REL unless the file already holds it; return True if written."""
        # os-level calls: Python's open() adds an fstat, an ioctl and an lseek per file, which
        # cost more than the read or write itself for 10k small pages.
        target = os.path.join(self.base, rel)
        found = self.files.get(rel)
        if found is not None and found[0] == len(data) and _read(target, len(data)) == data:
            return False
        parent = rel.rpartition("/")[0]
        if parent and parent not in self.folders:
            os.makedirs(os.path.join(self.base, parent), exist_ok=True)
            self.folders.update(_parents(rel))
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            info = os.fstat(fd)
        finally:
            os.close(fd)
        self.files[rel] = (info.st_size, info.st_mtime_ns)
        return True

    def stamp(self, rel: str) -> tuple[int, int] | None:
        """Return the size and mtime_ns of REL as found or as written here (None if neither)."""
        return self.files.get(rel)

    def finish(self, wanted: Iterable[str]) -> int:
        """Delete the files found at the start that are not WANTED (and emptied folders);
        return how many files were deleted."""
        keep = set(wanted)
        stale = self.found - keep - {MARKER}
        for rel in stale:
            os.unlink(os.path.join(self.base, rel))
        # A folder holding no wanted file is empty now: remove it, deepest first.
        used = {p for rel in keep for p in _parents(rel)}
        for rel in sorted(self.folders - used, key=lambda r: r.count("/"), reverse=True):
            if os.path.isdir(os.path.join(self.base, rel)):
                os.rmdir(os.path.join(self.base, rel))
        return len(stale)


def _read(path: str, size: int) -> bytes:
    """Return up to SIZE + 1 bytes of PATH (one more shows that the file grew)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        left = size + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _parents(rel: str) -> list[str]:
    """Return the folders above a relative path ('a/b/c.md' → ['a/b', 'a'])."""
    out = []
    while "/" in rel:
        rel = rel.rpartition("/")[0]
        out.append(rel)
    return out


def _walk(top: str) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Return the files below TOP (relative POSIX path → size and mtime_ns) and its folders."""
    files: dict[str, tuple[int, int]] = {}
    folders: set[str] = set()
    if not os.path.isdir(top):
        return files, folders
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(top, rel) if rel else top) as it:
            for item in it:
                name = f"{rel}/{item.name}" if rel else item.name
                if item.is_dir(follow_symlinks=False):
                    folders.add(name)
                    stack.append(name)
                else:
                    info = item.stat(follow_symlinks=False)
                    files[name] = (info.st_size, info.st_mtime_ns)
    return files, folders
