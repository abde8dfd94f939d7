"""Render a catalog into a docs folder: Markdown pages, exports and the hand-written pages.

Takes a `Catalog`, the project folder (holding mkdocs.yml, docs/ and optional templates/) and an
output folder; gives `RenderStats`. Only files whose content changed are rewritten, so mtime-based
caches (MkDocs' dirty builds, `serve`) stay fast; files no longer produced are removed.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from llm_atlas.catalog import Catalog
from llm_atlas.models import KIND_TITLES, KINDS, Entry
from llm_atlas.parallel import split_map
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render import views
from llm_atlas.render.env import make_environment, one_line
from llm_atlas.render.exports import render_exports
from llm_atlas.render.plan import Page, kind_page, plan_pages
from llm_atlas.render.snippets import Snippets

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
    entries: dict[str, EntryHtml] = field(default_factory=dict)


def render_docs(
    catalog: Catalog,
    project_dir: Path,
    out_dir: Path,
    site_name: str,
    site_url: str = "",
    *,
    entry_markdown: bool = True,
) -> RenderStats:
    """Write the generated Markdown, the exports and a copy of PROJECT_DIR/docs into OUT_DIR.

    Entry pages are rendered as HTML (`RenderStats.entries`); ENTRY_MARKDOWN also writes each
    as a Markdown page for engines that build it themselves.
    """
    tags = views.tag_index(catalog)
    env = make_environment(project_dir, template_globals(catalog, site_name, tags))
    outputs: dict[str, bytes] = {}
    pages = plan_pages(catalog, tags)
    entry_pages = [p for p in pages if "entry" in p.context]

    def render_other_pages() -> None:
        for page in pages:
            if "entry" not in page.context:
                text = env.get_template(page.template).render(
                    page=page, root=page.root, **page.context
                )
                outputs[page.path] = text.encode("utf-8")
        for name, text in render_exports(catalog, env, site_name, site_url).items():
            outputs[name] = text.encode("utf-8")

    def render_entries(chunk: Sequence[Page]) -> list[tuple[str, str, bytes | None]]:
        return [render_entry(env, catalog, page, entry_markdown) for page in chunk]

    try:
        # Entry pages are most of the work: a forked child renders 80% of them while this
        # process renders the rest and then the other pages and the exports (measured at 10k
        # entries: entry pages 2.7 s, the rest 1.9 s).
        rendered = split_map(render_entries, entry_pages, child_share=0.8, then=render_other_pages)
    except jinja2.TemplateError as exc:
        where = (
            f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        )
        raise AtlasError(f"template error: {where}{exc}") from exc
    entries: dict[str, EntryHtml] = {}
    for page, (title, body, markdown) in zip(entry_pages, rendered, strict=True):
        entries[page.context["entry"].id] = EntryHtml(title, body)
        if markdown is not None:
            outputs[page.path] = markdown
    hand_written = collect_docs(project_dir / "docs")
    for rel, source in hand_written.items():
        if rel in outputs:
            raise AtlasError(
                f"{display_path(source)}: this page is generated from the catalog; "
                "rename the hand-written file or override the template instead"
            )
        outputs[rel] = source.read_bytes()
    stats = write_outputs(out_dir, outputs)
    stats.pages = len(pages)
    stats.entries = entries
    return stats


def render_entry(
    env: jinja2.Environment, catalog: Catalog, page: Page, markdown: bool
) -> tuple[str, str, bytes | None]:
    """Return an entry page's title, its body HTML and (with MARKDOWN) its Markdown page."""
    entry: Entry = page.context["entry"]
    body = env.get_template("entry.html.j2").render(
        entry=entry, ids=views.heading_ids(catalog, entry)
    )
    if not markdown:
        return one_line(entry.title), body, None
    text = env.get_template(page.template).render(
        page=page,
        root=page.root,
        entry=entry,
        body=Markup(body),
        front_matter=front_matter(entry),
    )
    return one_line(entry.title), body, text.encode("utf-8")


def front_matter(entry: Entry) -> Markup:
    """Return the YAML front matter of an entry's Markdown page (its title, HTML-escaped)."""
    # A JSON string is a YAML double-quoted scalar; the theme prints the title as HTML.
    title = json.dumps(html.escape(one_line(entry.title), quote=False), ensure_ascii=False)
    return Markup(f"title: {title}")


def template_globals(
    catalog: Catalog, site_name: str, tags: dict[str, views.Tag] | None = None
) -> dict[str, object]:
    """Return what every template can use besides its page context."""
    tags = views.tag_index(catalog) if tags is None else tags
    snippets = Snippets(catalog)
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
    """Write changed files under OUT_DIR and delete the ones no longer produced.

    One walk of OUT_DIR up front gives every existing file's size, so a new file costs one open
    and an unchanged one a read only when its size matches (10k entry pages: no stat per page).
    """
    stats = RenderStats(files=len(outputs))
    files, folders = _walk(str(out_dir))
    base = str(out_dir)
    os.makedirs(base, exist_ok=True)
    for rel, data in outputs.items():
        target = os.path.join(base, rel)
        if files.get(rel) == len(data):
            with open(target, "rb") as f:
                if f.read() == data:
                    continue
        parent = rel.rpartition("/")[0]
        if parent and parent not in folders:
            os.makedirs(os.path.join(base, parent), exist_ok=True)
            folders.update(_parents(rel))
        with open(target, "wb") as f:
            f.write(data)
        stats.written += 1
    for rel in files.keys() - outputs.keys() - {MARKER}:
        os.unlink(os.path.join(base, rel))
        stats.removed += 1
    # A folder holding no output is empty now: remove it, deepest first.
    wanted = {p for rel in outputs for p in _parents(rel)}
    for rel in sorted(folders - wanted, key=lambda r: r.count("/"), reverse=True):
        os.rmdir(os.path.join(base, rel))
    return stats


def _parents(rel: str) -> list[str]:
    """Return the folders above a relative path ('a/b/c.md' → ['a/b', 'a'])."""
    out = []
    while "/" in rel:
        rel = rel.rpartition("/")[0]
        out.append(rel)
    return out


def _walk(top: str) -> tuple[dict[str, int], set[str]]:
    """Return the files below TOP (relative POSIX path → size) and its folders (relative)."""
    files: dict[str, int] = {}
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
                    files[name] = item.stat(follow_symlinks=False).st_size
    return files, folders
