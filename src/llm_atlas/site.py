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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.catalog import Catalog, load_catalog
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render import (
    RenderStats,
    collect_docs,
    prepare_out_dir,
    render_docs,
    write_outputs,
)
from llm_atlas.render.config import derive_config, dump_config, load_site_config, site_name
from llm_atlas.render.env import find_templates

SITE_MARKER = ".llm-atlas-site"
RENDER_DIR = Path(".cache") / "llm-atlas" / "render"
SEARCH_INDEX = Path("search") / "search_index.json"


@dataclass
class BuildReport:
    entries: int = 0
    topics: int = 0
    render: RenderStats = field(default_factory=RenderStats)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    search_index: tuple[int, int] = (0, 0)
    site_dir: Path = Path("site")


def render_project(
    catalog: Catalog, project_dir: Path, out_dir: Path, config_name: str
) -> RenderStats:
    """Write OUT_DIR/docs (generated and hand-written pages) and OUT_DIR/mkdocs.yml."""
    prepare_out_dir(out_dir)
    config = load_site_config(project_dir / config_name)
    url = str(config.get("site_url") or "")
    stats = render_docs(catalog, project_dir, out_dir / "docs", site_name(config), url)
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


def run_mkdocs(config_file: Path, site_dir: Path, strict: bool) -> list[str]:
    """Build CONFIG_FILE into SITE_DIR with MkDocs; return its warnings (raise in strict mode)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collected: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                collected.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        build(config)
    except MkDocsException as exc:
        problems = "\n".join(f"  {w}" for w in collected)
        raise AtlasError(
            f"MkDocs build failed: {exc}" + (f"\n{problems}" if problems else "")
        ) from exc
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    return collected


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


def swap_in(new_dir: Path, site_dir: Path) -> None:
    """Replace SITE_DIR by NEW_DIR with two renames (the old site stays until the new is in)."""
    (new_dir / SITE_MARKER).write_text("built by llm-atlas: this folder is replaced on build\n")
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        os.replace(site_dir, old)
    os.replace(new_dir, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    catalog_dir: Path,
    project_dir: Path,
    site_dir: Path,
    *,
    strict: bool = False,
    config_name: str = "mkdocs.yml",
    render_dir: Path | None = None,
) -> BuildReport:
    """Validate, render and build the site into SITE_DIR; raise AtlasError on any failure."""
    report = BuildReport(site_dir=site_dir)
    check_jieba()
    check_site_dir(site_dir, project_dir)
    start = time.perf_counter()
    catalog = load_catalog(catalog_dir)
    report.entries, report.topics = len(catalog.entries), len(catalog.topics)
    report.timings["validate"] = time.perf_counter() - start
    out_dir = render_dir or project_dir / RENDER_DIR
    start = time.perf_counter()
    report.render = render_project(catalog, project_dir, out_dir, config_name)
    report.timings["render"] = time.perf_counter() - start
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        start = time.perf_counter()
        report.warnings = run_mkdocs(out_dir / "mkdocs.yml", tmp, strict)
        report.timings["mkdocs"] = time.perf_counter() - start
        start = time.perf_counter()
        report.search_index = rewrite_search_index(tmp)
        swap_in(tmp, site_dir)
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
        f"mkdocs {t.get('mkdocs', 0):.2f} s)",
        f"search index {after / 1024:.0f} KiB "
        f"(UTF-8; {before / 1024:.0f} KiB as written by MkDocs)",
    ]
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append(f"open {display_path(report.site_dir / 'index.html')}")
    return "\n".join(lines)
