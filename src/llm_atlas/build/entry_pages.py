"""Entry pages without a MkDocs run each: fill the one page shell MkDocs built with each entry's
title, body, table of contents and URL, then add the entries to the search index and the sitemap.

Takes the shell's HTML (MkDocs' output for templates/entry-shell.md.j2) and `EntryHtml` records;
gives entries/<id>/index.html files (`fill_entries`), into the overlay of an incremental build
when the last site holds the rest (`start_overlay`). The shell sits at the same depth as
entries/<id>/, so its relative asset and navigation URLs hold for every entry page.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from llm_atlas.build import seam
from llm_atlas.build.search_index import update_search_index
from llm_atlas.build.site_folder import link_tree, replace_file
from llm_atlas.problems import AtlasError
from llm_atlas.render.docs import template_errors
from llm_atlas.render.env import make_environment
from llm_atlas.render.records import EntryHtml

_HEADING = re.compile(r'<h([23]) id="([^"]*)">(.*?)<a class="headerlink"')
_FIRST_ID = re.compile(r'<h[1-6] id="([^"]*)"')
_MARK = "ATLAS-SHELL"
_SLOT = "\x00"


@dataclass(frozen=True)
class Shell:
    """The shell page split at its slots: literal text at even indexes, slot names at odd ones."""

    parts: list[str]
    toc_label: str


def parse_shell(text: str) -> Shell:
    """Split the shell page's HTML at the title, body, table of contents and URL."""
    body = seam.SHELL_BODY.search(text)
    toc = seam.TOC_BLOCK.search(text, text.find(seam.TOC_START))
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
    # Material's skip link goes to the page's first heading: the entry's, not the shell's.
    text = text.replace(seam.SHELL_SKIP_LINK, f'href="#{_SLOT}anchor{_SLOT}"')
    text = text.replace(f"{_MARK}-TITLE", f"{_SLOT}title{_SLOT}")
    text = text.replace(f"{seam.SHELL_DIR}/", f"entries/{_SLOT}id{_SLOT}/")
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
    first = _FIRST_ID.search(page.body)
    slots = {
        "anchor": first.group(1) if first else "",
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
    pages: Mapping[str, EntryHtml],
    env: jinja2.Environment,
    only: set[str] | None = None,
) -> int:
    """Write entries/<id>/index.html for PAGES (or just the ids in ONLY); return files written."""
    toc = env.get_template("entry-toc.html.j2")
    written = 0
    for entry_id in pages if only is None else [i for i in pages if i in only]:
        page = pages[entry_id]  # rendered here, when `pages` renders as read (`EntryPages`)
        data = fill_shell(shell, entry_id, page, toc).encode("utf-8")
        target = site_dir / "entries" / entry_id / "index.html"
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, data)  # the old file may be linked from another site
        written += 1
    entries_dir = site_dir / "entries"
    if entries_dir.is_dir():
        for folder in entries_dir.iterdir():
            if folder.is_dir() and folder.name not in pages:
                shutil.rmtree(folder)
    return written


def update_sitemap(site_dir: Path, ids: list[str]) -> None:
    """Replace the shell's <url> in sitemap.xml (present when site_url is set) by one per entry."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = seam.expand_sitemap(path.read_text(encoding="utf-8"), ids)
    if text is None:
        return
    replace_file(path, text.encode("utf-8"))
    replace_file(site_dir / "sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))


def remove_shell(site_dir: Path) -> str:
    """Delete the built shell page from SITE_DIR; return its HTML."""
    page = site_dir / seam.SHELL_DIR / "index.html"
    if not page.is_file():
        raise AtlasError("MkDocs did not write the entry page shell: check the theme overrides")
    text = page.read_text(encoding="utf-8")
    shutil.rmtree(site_dir / seam.SHELL_DIR.split("/")[0])
    return text


def start_overlay(
    site_dir: Path, overlay: Path, shell_html: str, docs_dir: Path, copied: dict[str, str]
) -> bool:
    """Fill OVERLAY, the folder of what an incremental build changes in SITE_DIR, with hard
    links to the files it reads before it replaces them (the search index, the sitemap) and
    with the files MkDocs copied as they are (COPIED: docs path → site path; exports change
    with the catalog) again from DOCS_DIR; return False when the site or the shell is damaged.
    Every file written into the overlay is replaced, never written through a link."""
    try:
        parse_shell(shell_html)
        json.loads((site_dir / seam.SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
        for name in (seam.SEARCH_INDEX, "sitemap.xml"):
            link_file(site_dir / name, overlay / name)
        for source, dest in copied.items():
            (overlay / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(docs_dir / source, overlay / dest)
    except (AtlasError, OSError, ValueError, KeyError, TypeError):
        return False
    return True


def link_file(source: Path, target: Path) -> None:
    """Link SOURCE at TARGET (its folders made) when SOURCE is a file."""
    if source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        link_tree(source, target)


def fill_entries(
    site_dir: Path,
    project_dir: Path,
    shell_html: str,
    pages: Mapping[str, EntryHtml],
    changed: set[str],
    segment: Callable[[str], str],
) -> int:
    """Write the CHANGED entry pages into SITE_DIR from the shell; update the search index (as
    UTF-8; Chinese segmented with SEGMENT) and the sitemap. Return the pages whose bytes
    changed (a page whose inputs changed may come out the same)."""
    shell = parse_shell(shell_html)
    with template_errors():
        env = make_environment(project_dir)
        written = write_entry_pages(site_dir, shell, pages, env, only=changed)
    update_search_index(site_dir, pages, changed, segment)
    update_sitemap(site_dir, list(pages))
    return written
