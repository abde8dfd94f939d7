"""Render a catalog into a docs folder: Markdown pages, exports and the hand-written pages.

Takes a `Catalog`, the project folder (holding mkdocs.yml, docs/ and optional templates/) and an
output folder; gives `RenderStats`. Every page is made each time (the shipped catalog renders in
a fraction of a second); only files whose content changed are rewritten, and files no longer
produced are removed.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from llm_atlas.catalog import Catalog
from llm_atlas.facts import Facts
from llm_atlas.models import KIND_TITLES, KINDS, Entry
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render import views
from llm_atlas.render.entry_inputs import entry_inputs
from llm_atlas.render.env import (
    ASSET_FOLDERS,
    PageRenderer,
    find_assets,
    make_environment,
    own_templates,
)
from llm_atlas.render.escape import one_line
from llm_atlas.render.exports import bib_record, render_exports
from llm_atlas.render.messages import Messages, home_intro, messages_for
from llm_atlas.render.output import write_outputs
from llm_atlas.render.plan import Page, kind_page, plan_entry_pages, plan_list_pages
from llm_atlas.render.records import EntryHtml, RenderStats
from llm_atlas.render.snippets import Snippets

ENTRY_TEMPLATE = "entry.html.j2"


def render_docs(
    catalog: Catalog,
    project_dir: Path,
    out_dir: Path,
    site_name: str,
    site_url: str = "",
    *,
    entry_markdown: bool = True,
    entry_html: bool = True,
    facts: Facts | None = None,
    config: Mapping[str, Any] | None = None,
) -> RenderStats:
    """Write the generated Markdown, the exports and a copy of PROJECT_DIR/docs into OUT_DIR.

    With ENTRY_HTML, `RenderStats.entries` gives each entry page as HTML, rendered when read
    (`EntryPages`), and `RenderStats.entry_inputs` the digests of their inputs; ENTRY_MARKDOWN
    writes each as a Markdown page for engines that build it themselves.
    FACTS (the data folder, `llm_atlas.facts`) add link health and repository facts. CONFIG
    (the site's mkdocs.yml) gives the pages' language and the home page's introduction.
    """
    tags = views.tag_index(catalog)
    words = messages_for(config)
    snippets = Snippets(catalog, words)
    hand_written = {**default_assets(), **collect_docs(project_dir / "docs")}
    globals_ = template_globals(catalog, site_name, tags, snippets, words)
    globals_["pages"] = frozenset(hand_written)  # the hand-written pages a template may link
    if facts:
        globals_["facts"] = facts
    globals_["home_intro"] = home_intro(config, project_dir)
    env = make_environment(project_dir, globals_)
    renderer = PageRenderer(env)
    list_pages = plan_list_pages(catalog, tags, facts or None)
    entry_pages = plan_entry_pages(catalog)
    outputs: dict[str, bytes] = {}
    with template_errors():
        for page in list_pages:
            text = renderer.render(page.template, page=page, root=page.root, **page.context)
            outputs[page.path] = text.encode("utf-8")
        for name, text in render_exports(catalog, env, site_name, site_url, facts).items():
            outputs[name] = text.encode("utf-8")

    def entry_page(entry: Entry) -> EntryHtml:
        ids = views.heading_ids(catalog, entry, words)
        with template_errors():
            body = renderer.render(ENTRY_TEMPLATE, entry=entry, ids=ids)
        names = tuple(one_line(n) for n in (entry.title_en, *entry.aliases) if n)
        return EntryHtml(one_line(entry.title), body, names)

    entries = EntryPages(catalog.entries, entry_page)
    if entry_markdown:
        for page in entry_pages:
            body = entries[page.context["entry"].id].body
            with template_errors():
                outputs[page.path] = entry_markdown_page(renderer, page, body)
    _refuse_clash(hand_written, outputs)
    for rel, source in hand_written.items():
        outputs[rel] = source.read_bytes()
    stats = write_outputs(out_dir, outputs)
    stats.pages = len(list_pages) + len(entry_pages)
    if entry_html:
        stats.entries = entries
        whole = own_templates(project_dir)
        stats.entry_inputs = entry_inputs(catalog, tags, facts, whole_catalog=whole)
    return stats


class EntryPages(Mapping[str, EntryHtml]):
    """Entry id → its page's title and body HTML, each rendered when first read: a build that
    keeps the last site's entry pages reads only those whose inputs (`entry_inputs`) changed.
    Reading one raises AtlasError on a template error, as the render would."""

    def __init__(self, entries: Mapping[str, Entry], make: Callable[[Entry], EntryHtml]) -> None:
        self._entries = entries
        self._make = make
        self._made: dict[str, EntryHtml] = {}

    def __getitem__(self, entry_id: str) -> EntryHtml:
        made = self._made.get(entry_id)
        if made is None:
            made = self._made[entry_id] = self._make(self._entries[entry_id])
        return made

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries  # Mapping's own would render the page

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


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
    words: Messages | None = None,
) -> dict[str, object]:
    """Return what every template can use besides its page context, in the language of WORDS
    (`t`, the message catalog; default: Chinese)."""
    tags = views.tag_index(catalog) if tags is None else tags
    words = words or messages_for(None)
    snippets = Snippets(catalog, words) if snippets is None else snippets
    return {
        **snippets.globals(),
        "catalog": catalog,
        "site_name": site_name,
        "bibtex": bib_record,
        "KINDS": KINDS,
        "KIND_TITLES": KIND_TITLES,
        "KIND_SLUGS": views.KIND_SLUGS,
        "LANG_NAMES": views.lang_names(words),
        "t": words.text,
        "kind_title": words.kind_title,
        "kind_page": kind_page,
        "field_rows": lambda e: views.field_rows(e, words),
        "entry_links": lambda e: views.entry_links(e, words),
        "related_groups": lambda e: views.related_groups(catalog, e, words),
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


def default_assets() -> dict[str, Path]:
    """Return docs-relative path → file for llm-atlas' own scripts and stylesheets."""
    folder = find_assets()
    if folder is None:
        return {}
    out: dict[str, Path] = {}
    for name in ASSET_FOLDERS:
        out.update({f"assets/{name}/{rel}": p for rel, p in collect_docs(folder / name).items()})
    return out
