"""Tests of serve.py: the rebuild the live preview runs after each save (no timing: see
bench/bench_serve.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.serve import Preview, rebuild, watched_paths


def make_preview(tmp_path: Path) -> Preview:
    catalog = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    site = tmp_path / "site"
    site.mkdir()
    return Preview(catalog, project, "mkdocs.yml", site)


def edit(preview: Preview, old: str, new: str) -> None:
    path = preview.catalog_dir / "entries.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def search_locations(site: Path, needle: str) -> set[str]:
    data = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {d["location"] for d in data["docs"] if needle in d["title"] + d["text"]}


def test_rebuild_updates_pages_after_each_edit(tmp_path: Path) -> None:
    preview = make_preview(tmp_path)
    site = preview.site_dir
    assert rebuild(preview).startswith("rebuilt all pages and 10 entry pages of 10 entries")
    lora = site / "entries/lora-paper/index.html"
    topics_before = len(search_locations(site, ""))
    # Shown only on the entry page: just that page is rewritten.
    edit(preview, "Yelong Shen", "Phillip Wallis")
    assert rebuild(preview).startswith("rebuilt 1 entry pages (MkDocs not needed)")
    assert "Edward J. Hu, Phillip Wallis" in lora.read_text(encoding="utf-8")
    assert search_locations(site, "Phillip Wallis") == {"entries/lora-paper/"}
    # A description shows on the topic page too: a dirty MkDocs build of the changed pages.
    edit(preview, "介绍 GPTQ、AWQ 等训练后量化方法。", "新的描述文字。")
    assert rebuild(preview).startswith("rebuilt changed pages and 1 entry pages")
    topic = (site / "topics/quantization/index.html").read_text(encoding="utf-8")
    assert "新的描述文字。" in topic
    assert "新的描述文字" in (site / "entries/quant-overview/index.html").read_text("utf-8")
    # The search index still lists every page (a dirty build indexes only what it rebuilt).
    assert len(search_locations(site, "")) == topics_before
    assert "topics/quantization/#kind-tutorial" in search_locations(site, "描述")
    assert "ATLAS-SHELL" not in topic and not (site / "_atlas").exists()
    # A save that changes nothing rewrites nothing.
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert rebuild(preview).startswith("rebuilt 0 entry pages")
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert {p for p in after if before.get(p) != after[p]} == {site / "search/search_index.json"}


def test_rebuild_keeps_the_last_good_site_on_a_bad_edit(tmp_path: Path) -> None:
    preview = make_preview(tmp_path)
    rebuild(preview)
    page = preview.site_dir / "entries/lora-paper/index.html"
    before = page.read_bytes()
    edit(preview, "topics: [peft-practice]", "topics: [no-such-topic]")
    assert rebuild(preview) == "failed"
    assert page.read_bytes() == before


def test_watched_paths_cover_catalog_config_docs_and_templates(tmp_path: Path) -> None:
    preview = make_preview(tmp_path)
    paths = watched_paths(preview.catalog_dir, preview.project_dir, "mkdocs.yml")
    assert preview.catalog_dir in paths and preview.project_dir / "docs" in paths
    assert any((p / "entry.html.j2").is_file() for p in paths)
