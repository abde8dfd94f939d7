"""Live preview: build into a temporary folder, serve it, and rebuild when the catalog, the
templates, the hand-written docs or mkdocs.yml change (the browser reloads by itself).

Uses MkDocs' LiveReloadServer; rendering only rewrites changed Markdown, so MkDocs' dirty build
touches just the pages whose content changed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import click

from llm_atlas.problems import AtlasError
from llm_atlas.render.env import find_templates
from llm_atlas.site import RENDER_DIR, check_jieba, render_project, rewrite_search_index, run_mkdocs

log = logging.getLogger(__name__)


def rebuild(catalog_dir: Path, project_dir: Path, config_name: str, site_dir: Path) -> None:
    """Render and build once; report problems instead of stopping the server."""
    from llm_atlas.catalog import load_catalog

    try:
        catalog = load_catalog(catalog_dir)
        out_dir = project_dir / RENDER_DIR
        render_project(catalog, project_dir, out_dir, config_name)
        for warning in run_mkdocs(out_dir / "mkdocs.yml", site_dir, strict=False):
            click.echo(f"warning: {warning}", err=True)
        rewrite_search_index(site_dir)
    except AtlasError as exc:
        click.echo(exc.format_message(), err=True)
        click.echo(
            "the preview keeps the last good build; fix the problem and save again", err=True
        )
    else:
        click.echo(f"rebuilt {len(catalog.entries)} entries")


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
    server = LiveReloadServer(
        builder=lambda: rebuild(catalog_dir, project_dir, config_name, site_dir),
        host=host,
        port=port,
        root=str(site_dir),
    )
    for path in watched_paths(catalog_dir, project_dir, config_name):
        server.watch(str(path))
    rebuild(catalog_dir, project_dir, config_name, site_dir)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
