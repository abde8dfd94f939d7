"""Build the site: render the catalog into a folder beside a derived mkdocs.yml, run MkDocs into a
temporary folder, rewrite search_index.json as UTF-8, and swap the result into site/.

Takes a catalog folder and the project folder (mkdocs.yml, docs/, optional templates/); gives a
`BuildReport`. A failed build raises `AtlasError` and leaves the previous site untouched.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from llm_atlas import build_state as state_
from llm_atlas import entry_pages
from llm_atlas.cachefiles import user_cache
from llm_atlas.catalog import Catalog, load_catalog
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render import (
    EntryHtml,
    RenderStats,
    collect_docs,
    prepare_out_dir,
    render_docs,
    write_outputs,
)
from llm_atlas.render.config import derive_config, dump_config, load_site_config, site_name
from llm_atlas.render.env import find_templates, make_environment

SITE_MARKER = ".llm-atlas-site"
RENDER_DIR = Path(".cache") / "llm-atlas" / "render"
SEARCH_INDEX = Path("search") / "search_index.json"
JINJA_CACHE = "jinja-cache"
ENTRY_CACHE = ".llm-atlas-render-cache.pickle"


@dataclass
class BuildReport:
    entries: int = 0
    topics: int = 0
    render: RenderStats = field(default_factory=RenderStats)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    search_index: tuple[int, int] = (0, 0)
    site_dir: Path = Path("site")
    reused: bool = False
    dirty: bool = False  # MkDocs rebuilt only the pages whose Markdown changed
    entry_pages: int = 0


def render_project(
    catalog: Catalog,
    project_dir: Path,
    out_dir: Path,
    config_name: str,
    *,
    entry_markdown: bool = True,
) -> RenderStats:
    """Write OUT_DIR/docs (generated and hand-written pages) and OUT_DIR/mkdocs.yml.

    Without ENTRY_MARKDOWN, the entry pages are only rendered as HTML (`build` fills them into
    the page shell), and their Markdown pages are not written; with it, their HTML is not kept.
    """
    prepare_out_dir(out_dir)
    config = load_site_config(project_dir / config_name)
    url = str(config.get("site_url") or "")
    stats = render_docs(
        catalog,
        project_dir,
        out_dir / "docs",
        site_name(config),
        url,
        entry_markdown=entry_markdown,
        entry_html=not entry_markdown,
        cache_path=out_dir / ENTRY_CACHE,
    )
    derived_config = derive_config(config, catalog)
    stats.written += copy_theme_overrides(config, project_dir, out_dir)
    derived_config["theme"] = {**(derived_config.get("theme") or {}), "custom_dir": "overrides"}
    derived = dump_config(derived_config).encode("utf-8")
    config_stats = write_outputs_keep(out_dir, "mkdocs.yml", derived)
    stats.written += config_stats
    return stats


def copy_theme_overrides(config: dict[str, Any], project_dir: Path, out_dir: Path) -> int:
    """Fill OUT_DIR/overrides with the project's theme custom_dir plus llm-atlas' main.html."""
    outputs: dict[str, bytes] = {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else None
    custom = theme.get("custom_dir") if theme else None
    if isinstance(custom, str):
        for rel, path in collect_docs(project_dir / custom).items():
            outputs[rel] = path.read_bytes()
    if "main.html" not in outputs:
        for folder in find_templates(project_dir):
            if (folder / "theme" / "main.html").is_file():
                outputs["main.html"] = (folder / "theme" / "main.html").read_bytes()
                break
    return write_outputs(out_dir / "overrides", outputs).written


def write_outputs_keep(out_dir: Path, name: str, data: bytes) -> int:
    """Write one file in OUT_DIR only when its content changed; return 1 if written."""
    target = out_dir / name
    if target.is_file() and target.read_bytes() == data:
        return 0
    target.write_bytes(data)
    return 1


def check_jieba() -> None:
    """Fail loudly when jieba is missing: Material's search silently drops Chinese segmentation."""
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError as exc:
        raise AtlasError(
            "jieba cannot be imported, so Chinese search would be broken: "
            "pip install 'jieba>=0.42.1'"
        ) from exc
    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    strict: bool,
    shell: str | None = None,
    *,
    entry_ids: Sequence[str] = (),
    titles: dict[str, str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Build CONFIG_FILE into SITE_DIR with MkDocs; return its warnings (raise in strict mode)
    and the title of each page (by source path).

    With SHELL (the entry page shell's Markdown), entry pages (ENTRY_IDS; their Markdown is not
    written) are left out and the shell is built instead, for `entry_pages` to fill. TITLES
    (what the build that made SITE_DIR returned) make a dirty build: only pages whose Markdown
    is newer than their HTML are rebuilt (the search index then lists only those pages), the
    others keep their titles for the navigation; `NotDirty` is raised when that would not give
    what a full build gives (a rebuilt page's title changed, or a page's title is unknown).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collected: list[str] = []
    made: dict[str, str] = {}

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                collected.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    # MkDocs warns that a dirty build may leave stale navigation: here only pages whose
    # navigation is unchanged are built dirty, and the warning would fail a --strict build.
    notice = logging.getLogger("mkdocs.commands.build")
    notice.addFilter(_not_the_dirty_notice)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        if shell is not None:
            # Compiled theme templates do not depend on the catalog: keep them per user, so a new
            # render folder or clone does not compile Material's templates again (about 1 s).
            cache = user_cache("jinja") or config_file.parent / JINJA_CACHE
            config.plugins["llm-atlas/entry-shell"] = make_shell_plugin(
                shell, entry_ids, cache, titles, made
            )
        build(config, dirty=titles is not None)
    except MkDocsException as exc:
        problems = "\n".join(f"  {w}" for w in collected)
        raise AtlasError(
            f"MkDocs build failed: {exc}" + (f"\n{problems}" if problems else "")
        ) from exc
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        notice.removeFilter(_not_the_dirty_notice)
    return collected, made


class NotDirty(Exception):
    """A dirty MkDocs build would not make what a full build makes."""


def _not_the_dirty_notice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def make_shell_plugin(
    shell: str,
    entry_ids: Sequence[str],
    jinja_cache: Path,
    titles: dict[str, str] | None = None,
    made: dict[str, str] | None = None,
) -> Any:
    """Return a MkDocs plugin that adds the entry page shell, adds the entry pages as excluded
    files (links to them resolve; they are not built) and keeps the theme's compiled templates
    in JINJA_CACHE (compiling Material's takes longer than building a small site). It gives the
    pages a dirty build did not read their TITLES, and puts every page's title in MADE (see
    `run_mkdocs`)."""
    import jinja2
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files, InclusionLevel

    class EntryShell(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_files(self, files: Files, *, config: Any) -> Files:
            for entry_id in entry_ids:
                # Resolvable, so links to entries/<id>.md become URLs; never built.
                files.append(
                    File.generated(
                        config,
                        f"entries/{entry_id}.md",
                        content="",
                        inclusion=InclusionLevel.EXCLUDED,
                    )
                )
            files.append(
                File.generated(
                    config,
                    entry_pages.SHELL_SOURCE,
                    content=shell,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
            return files

        def on_config(self, config: Any) -> Any:
            # Material segments each page's Chinese text with jieba, run by run; the cached
            # segmenter gives the same result and shares its cache with the entry pages.
            for name in ("material/search", "search"):
                index = getattr(config.plugins.get(name), "search_index", None)
                if index is not None:
                    index._segment_chinese = entry_pages.segment_chinese
            return config

        def on_env(
            self, env: jinja2.Environment, *, config: Any, files: Files
        ) -> jinja2.Environment:
            # Every page is read (or, in a dirty build, left as it was) by now.
            for file in files.documentation_pages():
                page = file.page
                if page is None:
                    continue
                if titles is not None:
                    known = titles.get(file.src_uri)
                    if page.markdown is None and known is not None:  # not rebuilt
                        page.markdown, page.meta = "", {"title": known}
                    elif known is None or page.title != known:
                        raise NotDirty(file.src_uri)
                if made is not None and page.title is not None:
                    made[file.src_uri] = page.title
            jinja_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(jinja_cache))
            return env

    return EntryShell()


def render_shell(project_dir: Path) -> str:
    """Return the entry page shell's Markdown."""
    return make_environment(project_dir).get_template("entry-shell.md.j2").render()


def rewrite_search_index(site_dir: Path) -> tuple[int, int]:
    """Rewrite search/search_index.json with UTF-8 text instead of \\u escapes; return sizes."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return (0, 0)
    before = path.stat().st_size
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return (before, path.stat().st_size)


def check_site_dir(site_dir: Path, project_dir: Path) -> None:
    """Refuse a site folder that would replace the project or a folder llm-atlas did not build."""
    target = site_dir.resolve()
    project = project_dir.resolve()
    if target == project or project.is_relative_to(target) or target == Path(target.anchor):
        raise AtlasError(
            f"--site-dir '{display_path(site_dir)}' contains the project: "
            "choose a folder of its own, e.g. site/"
        )
    if target.exists() and not target.is_dir():
        raise AtlasError(f"--site-dir '{display_path(site_dir)}' is a file")
    built = (target / SITE_MARKER).is_file() or (
        (target / "index.html").is_file() and (target / "sitemap.xml").is_file()
    )
    if target.is_dir() and any(target.iterdir()) and not built:
        raise AtlasError(
            f"--site-dir '{display_path(site_dir)}' is not empty and holds no built "
            "site: its files would be replaced; choose another folder"
        )


def swap_in(new_dir: Path, site_dir: Path, token: str = "") -> None:
    """Replace SITE_DIR by NEW_DIR with two renames (the old site stays until the new is in)."""
    (new_dir / SITE_MARKER).write_text(
        "built by llm-atlas: this folder is replaced on build\n"
        + (f"{state_.TOKEN_PREFIX}{token}\n" if token else "")
    )
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        os.replace(site_dir, old)
    os.replace(new_dir, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def fill_entries(
    site_dir: Path,
    project_dir: Path,
    shell_html: str,
    pages: dict[str, EntryHtml],
    changed: set[str],
) -> tuple[int, int]:
    """Write the CHANGED entry pages into SITE_DIR from the shell, update search index and
    sitemap; return the search index sizes (with \\u escapes as MkDocs writes, as written)."""
    shell = entry_pages.parse_shell(shell_html)
    env = make_environment(project_dir)
    entry_pages.write_entry_pages(site_dir, shell, pages, env, only=changed)
    sizes = entry_pages.update_search_index(site_dir, pages, changed)
    entry_pages.update_sitemap(site_dir, list(pages))
    entry_pages.SEGMENTS.save()  # what MkDocs' search and the entry pages segmented
    return sizes


def copy_site(site_dir: Path, target: Path) -> list[dict[str, Any]]:
    """Copy SITE_DIR into TARGET for a dirty build; return its search documents. The entry
    pages (most of a large site, which MkDocs does not write) are hard links where the file
    system has them: an entry page is replaced, never written through
    (`entry_pages.write_entry_pages`)."""
    entries = site_dir / "entries"
    link: Any = os.link
    for folder, _dirs, files in os.walk(site_dir):
        source = Path(folder)
        into = target / source.relative_to(site_dir)
        into.mkdir(exist_ok=True)
        in_entries = source == entries or entries in source.parents
        for name in files:
            if source == site_dir and name == SITE_MARKER:
                continue
            if not in_entries:
                shutil.copy2(source / name, into / name)
                continue
            try:
                link(source / name, into / name)
            except OSError:  # no hard links here: copy
                link = shutil.copy2
                link(source / name, into / name)
    return entry_pages.search_docs_of(target)


def reusable(state: state_.BuildState | None, site_dir: Path, digest: str, strict: bool) -> bool:
    """Return True when SITE_DIR still holds the build STATE records and MkDocs' inputs match
    (and, with STRICT, that build had no warnings: MkDocs must run to fail on them)."""
    return (
        state is not None
        and not (strict and state.warnings)
        and state.mkdocs == digest
        and holds_build(state, site_dir)
    )


def holds_build(state: state_.BuildState, site_dir: Path) -> bool:
    """Return True when SITE_DIR is the site the build STATE records made (nothing replaced it)."""
    return state.site_dir == str(site_dir.resolve()) and (
        state_.site_token(site_dir / SITE_MARKER) == state.token
    )


def build_site(
    catalog_dir: Path,
    project_dir: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    config_name: str = "mkdocs.yml",
    render_dir: Path | None = None,
    freeze: bool = False,
) -> BuildReport:
    """Validate, render and build the site into SITE_DIR; raise AtlasError on any failure.

    MkDocs builds every page but the entry pages, plus one entry page shell that each entry page
    is filled into. When MkDocs' inputs did not change since the last build into SITE_DIR, MkDocs
    is skipped and only the entry pages that changed are rewritten in place. FREEZE: see
    `load_catalog`.
    """
    report = BuildReport(site_dir=site_dir)
    check_jieba()
    check_site_dir(site_dir, project_dir)
    start = time.perf_counter()
    catalog = load_catalog(catalog_dir, freeze=freeze)
    report.entries, report.topics = len(catalog.entries), len(catalog.topics)
    report.timings["validate"] = time.perf_counter() - start
    out_dir = render_dir or project_dir / RENDER_DIR
    start = time.perf_counter()
    report.render = render_project(catalog, project_dir, out_dir, config_name, entry_markdown=False)
    pages = report.render.entries
    shell_markdown = render_shell(project_dir)
    structure, digest = state_.mkdocs_digests(out_dir, shell_markdown, list(pages))
    hashes = state_.entry_digests(pages)
    report.timings["render"] = time.perf_counter() - start
    state = state_.load_state(out_dir)
    shell_html = state_.load_shell(out_dir)
    if state is not None and shell_html is not None and reusable(state, site_dir, digest, strict):
        start = time.perf_counter()
        changed = {i for i, h in hashes.items() if state.entries.get(i) != h}
        report.render.written += state_.sync_static(out_dir / "docs", site_dir)
        if changed:
            report.search_index = fill_entries(site_dir, project_dir, shell_html, pages, changed)
        else:
            size = (site_dir / entry_pages.SEARCH_INDEX).stat().st_size
            report.search_index = (size, size)
        report.reused, report.entry_pages = True, len(changed)
        report.warnings = list(state.warnings)
        state.entries = hashes
        state_.save_state(out_dir, state)
        report.timings["entries"] = time.perf_counter() - start
        return report
    # Only page contents changed (not the navigation, config or theme): MkDocs rebuilds just
    # the pages whose Markdown is newer, into a copy of the site.
    # (A build with warnings is redone whole: a dirty build would not warn again.)
    dirty = (
        state is not None
        and shell_html is not None
        and not state.warnings
        and state.structure == structure
        and bool(state.titles)
        and holds_build(state, site_dir)
    )
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        start = time.perf_counter()
        mkdocs = partial(run_mkdocs, out_dir / "mkdocs.yml", tmp, strict, shell_markdown)
        old_docs: list[dict[str, Any]] = []
        if dirty and state is not None:
            old_docs = copy_site(site_dir, tmp)
            try:
                report.warnings, titles = mkdocs(entry_ids=list(pages), titles=state.titles)
            except NotDirty:
                shutil.rmtree(tmp)
                tmp.mkdir()
                dirty = False
        if not dirty:
            report.warnings, titles = mkdocs(entry_ids=list(pages))
        report.timings["mkdocs"] = time.perf_counter() - start
        start = time.perf_counter()
        shell_html = entry_pages.remove_shell(tmp)
        changed = set(pages)
        if dirty and state is not None:
            entry_pages.merge_search_docs(tmp, old_docs)
            changed = {i for i, h in hashes.items() if state.entries.get(i) != h}
        report.search_index = fill_entries(tmp, project_dir, shell_html, pages, changed)
        report.entry_pages, report.dirty = len(changed), dirty
        report.timings["entries"] = time.perf_counter() - start
        start = time.perf_counter()
        token = state_.new_token()
        swap_in(tmp, site_dir, token)
        built = state_.BuildState(
            str(site_dir.resolve()), token, digest, hashes, report.warnings, structure, titles
        )
        state_.save_state(out_dir, built, shell_html)
        report.timings["finish"] = time.perf_counter() - start
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report


def format_report(report: BuildReport) -> str:
    """Return the short summary `build` prints."""
    t = report.timings
    before, after = report.search_index
    lines = [
        f"built {report.entries} entries, {report.topics} topics, {report.render.pages} pages "
        f"({report.render.written} files rewritten) in {sum(t.values()):.1f} s "
        f"(validate {t.get('validate', 0):.2f} s, render {t.get('render', 0):.2f} s, "
        + (
            "MkDocs skipped: its inputs did not change, "
            if report.reused
            else f"mkdocs {t.get('mkdocs', 0):.2f} s"
            + (" (only the changed pages)" if report.dirty else "")
            + ", "
        )
        + f"{report.entry_pages} entry pages {t.get('entries', 0):.2f} s)",
        f"search index {after / 1024:.0f} KiB (UTF-8"
        + ("" if report.reused else f"; {before / 1024:.0f} KiB as written by MkDocs")
        + ")",
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append(f"open {display_path(report.site_dir / 'index.html')}")
    return "\n".join(lines)
