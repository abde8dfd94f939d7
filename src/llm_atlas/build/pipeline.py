"""Build the site: inputs → decision → validate and render → MkDocs (or only the changed pages,
`build.pages`) into a new folder → swap it into site/.

Takes a catalog folder and the project folder (mkdocs.yml, docs/, optional templates/); gives a
`BuildReport`. A failed build raises `AtlasError` and leaves the previous site untouched.
"""

from __future__ import annotations

import shlex
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.build import entry_pages
from llm_atlas.build import state as state_
from llm_atlas.build.inputs import plugin_names, search_dictionaries, take_manifest
from llm_atlas.build.pages import Rendered, make_pages
from llm_atlas.build.seam import PARTIAL_PLUGINS, SEARCH_INDEX, check_config
from llm_atlas.build.segments import SegmentStore, prepare_jieba
from llm_atlas.build.site_folder import (
    check_site_dir,
    merge_in,
    new_build_folder,
    site_stamp,
    swap_in,
)
from llm_atlas.build.state import Decision, MkDocsInputs, decide
from llm_atlas.catalog import Catalog
from llm_atlas.facts import load_facts
from llm_atlas.problems import display_path
from llm_atlas.render.config import derive_config, dump_config, load_site_config_files, site_name
from llm_atlas.render.docs import collect_docs, render_docs, template_errors
from llm_atlas.render.env import find_assets, find_templates, make_environment
from llm_atlas.render.output import prepare_out_dir, write_outputs
from llm_atlas.render.records import RenderStats
from llm_atlas.validate import load_catalog

RENDER_DIR = Path(".cache") / "llm-atlas" / "render"
# Inputs MkDocs reads only as the render wrote them (`state.mkdocs_digest`, `page_digests`).
RENDERED = ("catalog", "docs")


@dataclass
class BuildReport:
    entries: int = 0
    topics: int = 0
    decision: Decision = Decision.FULL
    entry_pages: int = 0  # entry pages written
    pages: int = 0  # other pages MkDocs made again (PAGES; all of them in a FULL build)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    search_index: int = 0  # bytes
    site_dir: Path = Path("site")
    inputs: tuple[Path, ...] = ()  # the files and folders the build read (`Manifest.paths`)
    serve_hint: str = "llm-atlas serve"  # with the build's catalog, config and site name


def build_site(
    catalog_dir: Path,
    project_dir: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    clean: bool = False,
    config_name: str = "mkdocs.yml",
    render_dir: Path | None = None,
    freeze: bool = False,
    site_name: str | None = None,
    report: BuildReport | None = None,
) -> BuildReport:
    """Validate, render and build the site into SITE_DIR; raise AtlasError on any failure.

    `build.state.decide` chooses how: nothing (REUSE), only the changed entry pages (DIRTY), or
    MkDocs in full (FULL; always with CLEAN). FREEZE: see `load_catalog`. SITE_NAME replaces
    the config's. REPORT, when given, is filled as the build goes (a failed build's inputs).
    """
    report = report or BuildReport()
    report.site_dir = site_dir
    report.serve_hint = command_hint("serve", catalog_dir, project_dir / config_name, site_name)
    clock = _Clock(report.timings)
    with clock("inputs"):  # what the site is a function of, and what the last build left
        config, config_files = load_site_config_files(project_dir / config_name, site_name)
        check_config(config, config_name)
        target = check_site_dir(site_dir, project_dir, (project_dir / "docs",))
        out_dir = render_dir or project_dir / RENDER_DIR
        sources = [*find_templates(project_dir), *filter(None, [find_assets()])]
        written = (target, out_dir)
        manifest = take_manifest(catalog_dir, project_dir, config, sources, config_files, written)
        report.inputs = manifest.paths
        last, shell_html = state_.load_state(out_dir)
        seen = state_.see_site(target, last)
        report.decision = decide(last, manifest.digest, seen, clean=clean, strict=strict)
    if report.decision is Decision.REUSE and last is not None:
        report.warnings = list(last.warnings)
        return report
    with clock("validate"):
        catalog = load_catalog(catalog_dir, freeze=freeze)
        report.entries, report.topics = len(catalog.entries), len(catalog.topics)
    with clock("render"):
        rendered = render_project(catalog, project_dir, out_dir, config, entry_markdown=False)
        pages = rendered.entries  # each rendered when read: only those the build writes
        shell = render_shell(project_dir)
        frame = state_.mkdocs_digest(out_dir, manifest.without(*RENDERED), list(pages), project_dir)
        partial = set(plugin_names(config)) <= PARTIAL_PLUGINS and not config.get("hooks")
        mkdocs = MkDocsInputs(frame, state_.page_digests(out_dir), partial)
        done = Rendered(project_dir, out_dir, pages, shell, rendered.entry_inputs)
        report.decision = decide(
            last, manifest.digest, seen, clean=clean, strict=strict, mkdocs=mkdocs
        )
    jieba_scratch = prepare_jieba()
    segments = SegmentStore()  # this build's, keyed on the code and the package versions too
    dictionary, user_dictionary = (
        project_dir / n if n else None for n in search_dictionaries(config)
    )
    segments.configure(dictionary, user_dictionary, manifest.key("code", "versions"))
    tmp = new_build_folder(target)
    try:
        with clock("pages"):
            made = make_pages(
                report.decision, tmp, target, done, mkdocs, last, shell_html, strict, segments
            )
        report.decision, report.warnings = made.decision, made.warnings
        report.pages = len(made.pages)
        with clock("entries"):
            segment = segments.segment_text
            report.entry_pages = entry_pages.fill_entries(
                tmp, project_dir, made.shell_html, pages, made.changed, segment
            )
            segments.save()  # what MkDocs' search and the entry pages segmented
            report.search_index = (tmp / SEARCH_INDEX).stat().st_size
        with clock("swap"):
            token = state_.new_token()
            if made.decision is Decision.FULL:
                swap_in(tmp, target, token)
            else:  # TMP holds only what changed
                merge_in(tmp, target, token)
            built = state_.BuildState(token, manifest.digest, frame, done.hashes, made.warnings)
            built.site, built.copied = site_stamp(target), made.copied
            built.pages, built.records = mkdocs.pages, made.records
            state_.save_state(out_dir, built, made.shell_html)
    finally:
        for folder in (tmp, jieba_scratch):
            if folder is not None and folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
    return report


class _Clock:
    """Time the stages of a build into TIMINGS."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def render_project(
    catalog: Catalog,
    project_dir: Path,
    out_dir: Path,
    config: dict[str, Any],
    *,
    entry_markdown: bool = True,
) -> RenderStats:
    """Write OUT_DIR/docs (generated and hand-written pages, with the facts of the project's
    data/ folder), OUT_DIR/overrides and the derived OUT_DIR/mkdocs.yml from the project's CONFIG.

    Without ENTRY_MARKDOWN, the entry pages are only rendered as HTML (`build` fills them into
    the page shell), and their Markdown pages are not written; with it, their HTML is not kept.
    """
    prepare_out_dir(out_dir)
    url = str(config.get("site_url") or "")
    facts = load_facts(project_dir / "data")
    stats = render_docs(
        catalog,
        project_dir,
        out_dir / "docs",
        site_name(config),
        url,
        entry_markdown=entry_markdown,
        entry_html=not entry_markdown,
        facts=facts,
        config=config,
    )
    derived_config = derive_config(config, catalog, health=bool(facts), project_dir=project_dir)
    stats.written += copy_theme_overrides(config, project_dir, out_dir)
    derived_config["theme"] = {**(derived_config.get("theme") or {}), "custom_dir": "overrides"}
    derived = dump_config(derived_config).encode("utf-8")
    stats.written += write_outputs_keep(out_dir, "mkdocs.yml", derived)
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


def render_shell(project_dir: Path) -> str:
    """Return the entry page shell's Markdown: a function of the templates alone (it sees no
    catalog, so a build whose templates did not change can keep the last shell)."""
    with template_errors():
        return make_environment(project_dir).get_template("entry-shell.md.j2").render()


def command_hint(
    verb: str, catalog_dir: Path, config_file: Path, site_name: str | None = None
) -> str:
    """Return the `llm-atlas VERB` command line with the flags a user gave (not the defaults)."""
    words = ["llm-atlas", verb]
    if display_path(catalog_dir) != "catalog":
        words += ["--catalog", display_path(catalog_dir)]
    if display_path(config_file) != "mkdocs.yml":
        words += ["--config", display_path(config_file)]
    if site_name:
        words += ["--site-name", site_name]
    return shlex.join(words)


def format_report(report: BuildReport, serve: str | None = None) -> str:
    """Return what `build` prints: what was built, where, and how to look at it (SERVE: the
    serve command to give; by default the one with the build's own catalog and config)."""
    serve = serve or report.serve_hint
    seconds = sum(report.timings.values())
    shown = display_path(report.site_dir)
    if report.decision is Decision.REUSE:
        lines = [f"{shown}/ is up to date: nothing changed since the last build ({seconds:.1f} s)"]
    elif report.decision in (Decision.DIRTY, Decision.PAGES):
        lines = [
            f"updated {shown}/ in {seconds:.1f} s: {report.entry_pages} of "
            f"{counted(report.entries, 'entry page', 'entry pages')} and "
            f"{counted(report.pages, 'other page', 'other pages')} changed, the rest are as "
            "the last build made them"
        ]
    else:
        lines = [
            f"built {shown}/ in {seconds:.1f} s: {counted(report.entries, 'entry', 'entries')} "
            f"in {counted(report.topics, 'topic', 'topics')}, "
            f"search index {report.search_index / 1024:.0f} KiB"
        ]
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append(f"to look at it: {serve} (a preview at http://127.0.0.1:8000)")
    return "\n".join(lines)


def counted(count: int, one: str, many: str) -> str:
    """Return COUNT with the noun in its English form for that count ("1 entry", "2 entries")."""
    return f"{count} {one if count == 1 else many}"
