"""Live preview: build into a temporary folder with `build_site`, serve it, and build again when
an input of the build changes (the browser reloads by itself).

Takes the catalog folder, the project and the flags `serve` was given; serves until stopped.
Uses MkDocs' LiveReloadServer, watching exactly the paths of the build's `Manifest`. Each
rebuild is the build's own pipeline and decision (`build.state.decide`), so the preview is the
site `llm-atlas build` makes. A failed rebuild is reported; the server keeps the last good
build when there is one, and says so only then. Interrupted (Ctrl+C or SIGTERM), it removes its
temporary folders.
"""

from __future__ import annotations

import errno
import logging
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import click

from llm_atlas.build.pipeline import BuildReport, build_site, command_hint, counted
from llm_atlas.problems import AtlasError, display_path

log = logging.getLogger(__name__)

NO_BUILD_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>llm-atlas preview</title>"
    b"<p>No build to show yet: the first build failed. The terminal running "
    b"<code>llm-atlas serve</code> says why; fix it and save, and this page reloads.</p>"
)


@dataclass
class Preview:
    """The preview's builds into WORK_DIR/site: whether one succeeded, whether the last failed."""

    catalog_dir: Path
    project_dir: Path
    config_name: str
    work_dir: Path
    site_name: str | None = None
    good: bool = False  # a build succeeded: the site folder holds it
    failed: bool = False  # the last build failed
    inputs: list[Path] = field(default_factory=list)  # what the last build read (its manifest)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hint(self, verb: str) -> str:
        config = self.project_dir / self.config_name
        return command_hint(verb, self.catalog_dir, config, self.site_name)

    def rebuild(self, quiet: bool = False) -> str:
        """Build the preview once; return and print what was done (QUIET: print nothing when
        nothing changed). Problems are printed, never raised."""
        with self.lock:
            return self._rebuild(quiet)

    def _rebuild(self, quiet: bool) -> str:
        start = time.perf_counter()
        report = BuildReport()
        try:
            build_site(
                self.catalog_dir,
                self.project_dir,
                self.work_dir / "site",
                config_name=self.config_name,
                render_dir=self.work_dir / "render",
                site_name=self.site_name,
                report=report,
            )
        except AtlasError as exc:
            click.echo(exc.format_message(), err=True)
            return self._failed(report, "")
        except Exception as exc:  # noqa: BLE001 - a preview must outlive any one bad build
            log.debug("rebuild failed", exc_info=True)
            click.echo(f"the build failed unexpectedly: {exc!r}", err=True)
            return self._failed(report, f" (run `{self.hint('build')}` to see the whole error)")
        self.inputs = list(report.inputs)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        fixed, self.failed, self.good = self.failed, False, True
        if report.decision.value == "reuse":
            done = "preview up to date" if fixed else "nothing changed"
            if fixed or not quiet:
                click.echo(done)
            return done
        what = counted(report.entry_pages, "entry page", "entry pages")
        if report.decision.value == "full":
            what = "all pages"
        elif report.decision.value == "pages":
            what += f" and {counted(report.pages, 'other page', 'other pages')}"
        entries = counted(report.entries, "entry", "entries")
        done = f"rebuilt {what} of {entries} in {time.perf_counter() - start:.2f} s"
        if fixed:
            done += "; preview up to date"
        click.echo(done)
        return done

    def _failed(self, report: BuildReport, more: str) -> str:
        self.failed = True
        self.inputs = list(report.inputs) or self.inputs  # a config that did not read: the last
        if self.good:
            click.echo(f"the preview keeps the last good build{more}; fix the problem and save")
        else:
            click.echo(f"nothing to preview yet{more}; fix the problem and save", err=True)
        return "failed"

    def error_page(self, code: int) -> bytes | None:
        """Return the page the server shows for a missing file before any build succeeded."""
        return NO_BUILD_PAGE if code == 404 and not self.good else None


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


def check_project(catalog_dir: Path, project_dir: Path, config_name: str) -> str | None:
    """Refuse a preview of nothing (no catalog folder), as `mkdocs serve` refuses a missing
    config; return the warning a config without site_url deserves (None when it has one)."""
    from llm_atlas.render.config import load_site_config, site_url_warning

    if not catalog_dir.is_dir():
        raise AtlasError(
            f"catalog folder '{display_path(catalog_dir)}' does not exist: pass --catalog DIR, "
            "or run `llm-atlas init` to start a project here",
            exit_code=2,
        )
    config_file = project_dir / config_name
    return site_url_warning(load_site_config(config_file), config_file)


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit(143) in the main thread, so `finally` blocks run."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def watch_inputs(server: Any, preview: Preview, watched: set[Path]) -> None:
    """Make SERVER watch exactly the paths the last build read (the first time, before any
    build: the catalog and the config), that exist."""
    config = preview.project_dir / preview.config_name
    wanted = {p for p in preview.inputs or [preview.catalog_dir, config] if p.exists()}
    for path in sorted(watched - wanted):
        server.unwatch(str(path))
    for path in sorted(wanted - watched):
        server.watch(str(path))
    watched.clear()
    watched.update(wanted)


def catch_up(observer: Any, build: Callable[[], None], stopped: threading.Event) -> None:
    """Once the watcher has taken its first look (inside `server.serve`), build again: an edit
    made while serve started, before the watcher looked, is not missed (when nothing changed,
    the build says nothing)."""
    while not observer.is_alive():
        if stopped.wait(0.05):
            return
    build()


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

    warning = check_project(catalog_dir, project_dir, config_name)
    check_port(host, port)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    work_dir = Path(tempfile.mkdtemp(prefix="llm-atlas-serve-"))
    stopped = threading.Event()
    server: Any = None
    try:
        with stop_on_sigterm():
            (work_dir / "site").mkdir()
            preview = Preview(catalog_dir, project_dir, config_name, work_dir, site_name)
            watched: set[Path] = set()

            lock = threading.Lock()

            def build(quiet: bool = False) -> None:
                preview.rebuild(quiet)
                with lock:
                    watch_inputs(server, preview, watched)

            root = str(work_dir / "site")
            server = LiveReloadServer(builder=build, host=host, port=port, root=root)
            server.error_handler = preview.error_page
            build()
            click.echo(f"serving the preview at http://{host}:{port}/ (Ctrl+C to stop)")
            quiet = threading.Thread(
                target=catch_up, args=(server.observer, lambda: build(True), stopped), daemon=True
            )
            quiet.start()
            server.serve()
    except KeyboardInterrupt:
        click.echo("stopped")
    except OSError as exc:  # taken between the check and now
        raise AtlasError(
            f"cannot serve on {host}:{port}: {exc.strerror}: choose another with --port",
            exit_code=2,
        ) from exc
    finally:
        stopped.set()
        if server is not None:
            server.shutdown()
        shutil.rmtree(work_dir, ignore_errors=True)
