"""Live preview: build into a temporary folder, serve it, and rebuild when the catalog, the
templates, the hand-written docs or mkdocs.yml change (the browser reloads by itself).

Uses MkDocs' LiveReloadServer. A rebuild re-validates and re-renders (only changed files are
rewritten), then does the least work that keeps the preview right: only the changed entry pages
(filled into the kept page shell) when nothing else MkDocs reads changed; a dirty MkDocs build
(only changed pages) when the navigation and config did not change; otherwise a full build.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import click

from llm_atlas import build_state, entry_pages
from llm_atlas.problems import AtlasError
from llm_atlas.render.env import find_templates
from llm_atlas.site import (
    RENDER_DIR,
    NotDirty,
    check_jieba,
    fill_entries,
    render_project,
    render_shell,
    run_mkdocs,
)

log = logging.getLogger(__name__)


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
    titles: dict[str, str] = field(default_factory=dict)


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
            dirty = bool(preview.shell_html and preview.titles) and structure == preview.structure
            old_docs = entry_pages.search_docs_of(site) if dirty else []
            mkdocs = partial(run_mkdocs, out_dir / "mkdocs.yml", site, False, shell)
            try:
                warnings, preview.titles = mkdocs(
                    entry_ids=list(pages), titles=preview.titles if dirty else None
                )
            except NotDirty:
                dirty = False
                warnings, preview.titles = mkdocs(entry_ids=list(pages))
            for warning in warnings:
                click.echo(f"warning: {warning}", err=True)
            preview.shell_html = entry_pages.remove_shell(site)
            if dirty:
                entry_pages.merge_search_docs(site, old_docs)
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
