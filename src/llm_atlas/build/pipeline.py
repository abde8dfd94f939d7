"""Build the site: inputs → decision → validate and render → MkDocs (or only the changed entry
pages) into a new folder → swap it into site/.

Takes a catalog folder and the project folder (mkdocs.yml, docs/, optional templates/); gives a
`BuildReport`. A failed build raises `AtlasError` and leaves the previous site untouched.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.build import entry_pages
from llm_atlas.build import state as state_
from llm_atlas.build.inputs import search_dictionaries, take_manifest
from llm_atlas.build.seam import SEARCH_INDEX, check_config, run_mkdocs
from llm_atlas.build.search_index import SEGMENTS, prepare_jieba, update_search_index
from llm_atlas.build.site_folder import MARKER, check_site_dir, link_tree, new_build_folder, swap_in
from llm_atlas.build.state import Decision, decide
from llm_atlas.catalog import Catalog
from llm_atlas.facts import load_facts
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render.config import derive_config, dump_config, load_site_config, site_name
from llm_atlas.render.docs import collect_docs, render_docs, template_errors
from llm_atlas.render.env import find_assets, find_templates, make_environment
from llm_atlas.render.output import prepare_out_dir, write_outputs
from llm_atlas.render.records import EntryHtml, RenderStats
from llm_atlas.validate import load_catalog

RENDER_DIR = Path(".cache") / "llm-atlas" / "render"


@dataclass
class BuildReport:
    entries: int = 0
    topics: int = 0
    decision: Decision = Decision.FULL
    entry_pages: int = 0  # entry pages written
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    search_index: int = 0  # bytes
    site_dir: Path = Path("site")


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
) -> BuildReport:
    """Validate, render and build the site into SITE_DIR; raise AtlasError on any failure.

    `build_state.decide` chooses how: nothing (REUSE), only the changed entry pages (DIRTY), or
    MkDocs in full (FULL; always with CLEAN). FREEZE: see `load_catalog`. SITE_NAME replaces
    the config's.
    """
    report = BuildReport(site_dir=site_dir)
    clock = _Clock(report.timings)
    with clock("inputs"):  # what the site is a function of, and what the last build left
        config = load_site_config(project_dir / config_name, site_name)
        check_config(config, config_name)
        target = check_site_dir(site_dir, project_dir, (project_dir / "docs",))
        sources = [*find_templates(project_dir), *filter(None, [find_assets()])]
        manifest = take_manifest(catalog_dir, project_dir, config, sources)
        out_dir = render_dir or project_dir / RENDER_DIR
        last, shell_html = state_.load_state(out_dir)
        report.decision = decide(last, manifest.digest, target, clean=clean, strict=strict)
    if report.decision is Decision.REUSE and last is not None:
        report.warnings = list(last.warnings)
        return report
    with clock("validate"):
        catalog = load_catalog(catalog_dir, freeze=freeze)
        report.entries, report.topics = len(catalog.entries), len(catalog.topics)
    with clock("render"):
        pages = render_project(catalog, project_dir, out_dir, config, entry_markdown=False).entries
        shell = render_shell(project_dir)
        mkdocs = state_.mkdocs_digest(out_dir, manifest.without("catalog"), list(pages))
        done = Rendered(project_dir, out_dir, pages, shell, state_.entry_digests(pages))
        report.decision = decide(
            last, manifest.digest, target, clean=clean, strict=strict, mkdocs=mkdocs
        )
    prepare_jieba()
    SEGMENTS.configure(*(project_dir / n if n else None for n in search_dictionaries(config)))
    tmp = new_build_folder(target)
    try:
        shell_html, changed = make_pages(report, clock, tmp, target, done, last, shell_html, strict)
        with clock("entries"):
            fill_entries(tmp, project_dir, shell_html, pages, changed)
            report.entry_pages = len(changed)
            report.search_index = (tmp / SEARCH_INDEX).stat().st_size
        with clock("swap"):
            token = state_.new_token()
            swap_in(tmp, target, token)
            built = state_.BuildState(token, manifest.digest, mkdocs, done.hashes, report.warnings)
            state_.save_state(out_dir, built, shell_html)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report


@dataclass(frozen=True)
class Rendered:
    """What the render gave: its folder, the entry pages, the shell's Markdown, their digests
    (and the project they came from)."""

    project_dir: Path
    out_dir: Path
    pages: dict[str, EntryHtml]
    shell_markdown: str
    hashes: dict[str, str]


def make_pages(
    report: BuildReport,
    clock: _Clock,
    tmp: Path,
    site_dir: Path,
    rendered: Rendered,
    last: state_.BuildState | None,
    shell_html: str | None,
    strict: bool,
) -> tuple[str, set[str]]:
    """Fill TMP with the last site (DIRTY) or MkDocs' build of every page but the entry pages
    (FULL); return the entry page shell's HTML and the entry pages to write."""
    if report.decision is Decision.DIRTY and last is not None and shell_html is not None:
        with clock("copy"):
            if copy_last_site(site_dir, tmp, shell_html, rendered.out_dir / "docs"):
                report.warnings = list(last.warnings)
                hashes = rendered.hashes
                return shell_html, {i for i, h in hashes.items() if last.entries.get(i) != h}
            report.decision = Decision.FULL  # a damaged site or shell
            shutil.rmtree(tmp)
            tmp.mkdir()
    with clock("mkdocs"):
        config_file = rendered.out_dir / "mkdocs.yml"
        ids = list(rendered.pages)
        shell = rendered.shell_markdown
        report.warnings = run_mkdocs(config_file, tmp, strict, shell, ids, rendered.project_dir)
        return entry_pages.remove_shell(tmp), set(ids)


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


def copy_last_site(site_dir: Path, target: Path, shell_html: str, docs_dir: Path) -> bool:
    """Copy SITE_DIR into TARGET as hard links (every file the build writes again is replaced,
    never written through), with the files MkDocs copies as they are (exports) from DOCS_DIR;
    return False when the site or the shell is damaged."""
    try:
        entry_pages.parse_shell(shell_html)
        json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]
        for path in site_dir.iterdir():
            if path.name != MARKER:
                link_tree(path, target / path.name)
        for rel, source in collect_docs(docs_dir).items():
            if not rel.endswith(".md"):
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                (target / rel).unlink(missing_ok=True)
                shutil.copy2(source, target / rel)
    except (AtlasError, OSError, ValueError, KeyError, TypeError):
        return False
    return True


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
    )
    derived_config = derive_config(config, catalog, health=bool(facts))
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
    import jinja2

    folders = [str(p) for p in find_templates(project_dir)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    with template_errors():
        return env.get_template("entry-shell.md.j2").render()


def fill_entries(
    site_dir: Path,
    project_dir: Path,
    shell_html: str,
    pages: dict[str, EntryHtml],
    changed: set[str],
) -> None:
    """Write the CHANGED entry pages into SITE_DIR from the shell; update the search index (as
    UTF-8) and the sitemap."""
    shell = entry_pages.parse_shell(shell_html)
    with template_errors():
        env = make_environment(project_dir)
        entry_pages.write_entry_pages(site_dir, shell, pages, env, only=changed)
    update_search_index(site_dir, pages, changed)
    entry_pages.update_sitemap(site_dir, list(pages))
    SEGMENTS.save()  # what MkDocs' search and the entry pages segmented


def format_report(report: BuildReport) -> str:
    """Return what `build` prints: what was built, where, and how to look at it."""
    seconds = sum(report.timings.values())
    shown = display_path(report.site_dir)
    if report.decision is Decision.REUSE:
        lines = [f"{shown}/ is up to date: nothing changed since the last build ({seconds:.1f} s)"]
    elif report.decision is Decision.DIRTY:
        lines = [
            f"updated {shown}/ in {seconds:.1f} s: {report.entry_pages} of {report.entries} "
            "entry pages changed, the other pages are as the last build made them"
        ]
    else:
        lines = [
            f"built {shown}/ in {seconds:.1f} s: {report.entries} entries in {report.topics} "
            f"topics, search index {report.search_index / 1024:.0f} KiB"
        ]
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append("to look at it: llm-atlas serve (a preview at http://127.0.0.1:8000)")
    return "\n".join(lines)
