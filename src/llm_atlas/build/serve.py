"""Live preview: build into a temporary folder with `build_site`, serve it, and build again when
the catalog, the templates, the hand-written docs, the data or mkdocs.yml change (the browser
reloads by itself).

Uses MkDocs' LiveReloadServer. Each rebuild is the build's own pipeline and decision
(`build_state.decide`), so the preview is the site `llm-atlas build` makes. A failed rebuild
is reported and the server keeps the last good build.
"""

from __future__ import annotations

import errno
import logging
import shutil
import socket
import tempfile
import time
from pathlib import Path

import click

from llm_atlas.problems import AtlasError
from llm_atlas.render.env import find_templates

log = logging.getLogger(__name__)


def rebuild(
    catalog_dir: Path,
    project_dir: Path,
    config_name: str,
    work_dir: Path,
    site_name: str | None = None,
) -> str:
    """Build the preview once into WORK_DIR/site; return what was done (problems are reported,
    and the server keeps the last good build)."""
    from llm_atlas.build.pipeline import build_site

    start = time.perf_counter()
    try:
        report = build_site(
            catalog_dir,
            project_dir,
            work_dir / "site",
            config_name=config_name,
            render_dir=work_dir / "render",
            site_name=site_name,
        )
    except AtlasError as exc:
        click.echo(exc.format_message(), err=True)
        click.echo(
            "the preview keeps the last good build; fix the problem and save again", err=True
        )
        return "failed"
    except Exception as exc:  # noqa: BLE001 - a preview must outlive any one bad build
        log.debug("rebuild failed", exc_info=True)
        click.echo(
            f"the build failed unexpectedly: {exc!r}; the preview keeps the last good "
            "build (run `llm-atlas build` to see the whole error)",
            err=True,
        )
        return "failed"
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.decision.value == "reuse":
        click.echo("nothing changed")
        return "nothing changed"
    what = {"dirty": f"{report.entry_pages} entry pages", "full": "all pages"}
    done = (
        f"rebuilt {what[report.decision.value]} of {report.entries} entries "
        f"in {time.perf_counter() - start:.2f} s"
    )
    click.echo(done)
    return done


def watched_paths(catalog_dir: Path, project_dir: Path, config_name: str) -> list[Path]:
    """Return the files and folders whose changes trigger a rebuild."""
    paths = [
        catalog_dir,
        project_dir / config_name,
        project_dir / "docs",
        project_dir / "data",
        *find_templates(project_dir),
    ]
    return [p for p in paths if p.exists()]


def check_port(host: str, port: int) -> None:
    """Refuse a HOST:PORT that cannot be served on, before any build."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise AtlasError(f"cannot serve on '{host}': {exc.strerror}", exit_code=2) from exc
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise AtlasError(
                    f"port {port} on {host} is in use (another preview?): "
                    f"choose another with --port, e.g. --port {port + 1}",
                    exit_code=2,
                ) from exc
            raise AtlasError(f"cannot serve on {host}:{port}: {exc.strerror}", exit_code=2) from exc


def serve_site(
    catalog_dir: Path,
    project_dir: Path,
    config_name: str,
    host: str,
    port: int,
    site_name: str | None = None,
) -> None:
    """Serve a live preview on HOST:PORT until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    check_port(host, port)
    work_dir = Path(tempfile.mkdtemp(prefix="llm-atlas-serve-"))
    (work_dir / "site").mkdir()

    def build() -> None:
        rebuild(catalog_dir, project_dir, config_name, work_dir, site_name)

    server = LiveReloadServer(builder=build, host=host, port=port, root=str(work_dir / "site"))
    for path in watched_paths(catalog_dir, project_dir, config_name):
        server.watch(str(path))
    build()
    click.echo(f"serving the preview at http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        click.echo("stopped")
    except OSError as exc:  # taken between the check and now
        raise AtlasError(
            f"cannot serve on {host}:{port}: {exc.strerror}: choose another with --port",
            exit_code=2,
        ) from exc
    finally:
        server.shutdown()
        shutil.rmtree(work_dir, ignore_errors=True)
