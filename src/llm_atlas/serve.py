"""Live preview: build into a temporary folder, serve it, and rebuild when the catalog, the
templates, the hand-written docs or mkdocs.yml change (the browser reloads by itself).

Uses MkDocs' LiveReloadServer. A rebuild re-validates and re-renders (only changed files are
rewritten), then does the least work that keeps the preview right: only the changed entry pages
(filled into the kept page shell) when nothing else MkDocs reads changed; a dirty MkDocs build
(only changed pages) when the navigation and config did not change; otherwise a full build.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from llm_atlas import build_state, entry_pages
from llm_atlas.problems import AtlasError
from llm_atlas.render.env import find_templates
from llm_atlas.site import (
    RENDER_DIR,
    check_jieba,
    fill_entries,
    render_project,
    render_shell,
    run_mkdocs,
)

log = logging.getLogger(__name__)
_DIRTY_NOTICE = "A 'dirty' build is being performed"


@dataclass
class Preview:
    """What the last rebuild made, to decide how little the next one must do."""

    catalog_dir: Path
    project_dir: Path
    config_name: str
    site_dir: Path
    structure: str = ""
    contents: str = ""
    shell_html: str = ""
    entries: dict[str, str] = field(default_factory=dict)


def rebuild(preview: Preview) -> str:
    """Render and update the preview once; return what was done (problems are reported, and
    the server keeps the last good build)."""
    from llm_atlas.catalog import load_catalog

    start = time.perf_counter()
    try:
        catalog = load_catalog(preview.catalog_dir)
        out_dir = preview.project_dir / RENDER_DIR
        pages = render_project(
            catalog, preview.project_dir, out_dir, preview.config_name, entry_markdown=False
        ).entries
        shell = render_shell(preview.project_dir)
        structure, contents = build_state.mkdocs_digests(out_dir, shell, list(pages))
        hashes = build_state.entry_digests(pages)
        site = preview.site_dir
        if preview.shell_html and contents == preview.contents:
            build_state.sync_static(out_dir / "docs", site)
            changed = {i for i, h in hashes.items() if preview.entries.get(i) != h}
            what = f"{len(changed)} entry pages (MkDocs not needed)"
        else:
            dirty = bool(preview.shell_html) and structure == preview.structure
            old_docs = _search_docs(site) if dirty else []
            for warning in run_mkdocs(
                out_dir / "mkdocs.yml", site, False, shell, entry_ids=list(pages), dirty=dirty
            ):
                if not warning.startswith(_DIRTY_NOTICE):
                    click.echo(f"warning: {warning}", err=True)
            preview.shell_html = entry_pages.remove_shell(site)
            if dirty:
                _merge_search_docs(site, old_docs)
            changed = (
                set(pages)
                if not dirty
                else {i for i, h in hashes.items() if preview.entries.get(i) != h}
            )
            what = f"{'changed' if dirty else 'all'} pages and {len(changed)} entry pages"
        fill_entries(site, preview.project_dir, preview.shell_html, pages, changed)
        preview.structure, preview.contents, preview.entries = structure, contents, hashes
    except AtlasError as exc:
        click.echo(exc.format_message(), err=True)
        click.echo(
            "the preview keeps the last good build; fix the problem and save again", err=True
        )
        return "failed"
    seconds = time.perf_counter() - start
    done = f"rebuilt {what} of {len(catalog.entries)} entries in {seconds:.2f} s"
    click.echo(done)
    return done


def _search_docs(site_dir: Path) -> list[dict[str, Any]]:
    path = site_dir / entry_pages.SEARCH_INDEX
    if not path.is_file():
        return []
    docs: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return docs


def _merge_search_docs(site_dir: Path, old: list[dict[str, Any]]) -> None:
    """Put back the documents of the pages a dirty build did not rebuild (it indexes only the
    pages it built; Material's own fix for this needs `mkdocs serve`)."""
    path = site_dir / entry_pages.SEARCH_INDEX
    data = json.loads(path.read_text(encoding="utf-8"))
    rebuilt = {d["location"].split("#")[0] for d in data["docs"]}
    kept = [
        d
        for d in old
        if d["location"].split("#")[0] not in rebuilt and not d["location"].startswith("entries/")
    ]
    kept += [d for d in old if d["location"].startswith("entries/")]
    data["docs"] = kept + data["docs"]
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def watched_paths(catalog_dir: Path, project_dir: Path, config_name: str) -> list[Path]:
    """Return the files and folders whose changes trigger a rebuild."""
    paths = [
        catalog_dir,
        project_dir / config_name,
        project_dir / "docs",
        *find_templates(project_dir),
    ]
    return [p for p in paths if p.exists()]


def serve_site(
    catalog_dir: Path, project_dir: Path, config_name: str, host: str, port: int
) -> None:
    """Serve a live preview on HOST:PORT until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    check_jieba()
    site_dir = Path(tempfile.mkdtemp(prefix="llm-atlas-serve-"))
    preview = Preview(catalog_dir, project_dir, config_name, site_dir)

    def build() -> None:
        rebuild(preview)

    server = LiveReloadServer(
        builder=build,
        host=host,
        port=port,
        root=str(site_dir),
    )
    for path in watched_paths(catalog_dir, project_dir, config_name):
        server.watch(str(path))
    rebuild(preview)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
