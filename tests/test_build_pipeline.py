"""Tests of site.py and the build command: config derivation, build, UTF-8 search index, swap."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import BASIC_CATALOG, REPO, BuiltSite, build_catalog

from llm_atlas.build.site_folder import check_site_dir
from llm_atlas.build.state import Decision
from llm_atlas.cli import main
from llm_atlas.problems import AtlasError
from llm_atlas.render.config import derive_config, dump_config, load_site_config
from llm_atlas.validate import load_catalog


def test_config_keeps_python_tags_and_adds_what_the_generator_owns() -> None:
    config = load_site_config(REPO / "mkdocs.yml")
    derived = derive_config(config, load_catalog(BASIC_CATALOG))
    text = dump_config(derived)
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text
    assert derived["not_in_nav"].endswith("/entries/")
    assert derived["validation"]["links"]["anchors"] == "warn"
    assert derived["theme"]["font"] is False and derived["theme"]["language"] == "zh"
    search = derived["plugins"][0]["search"]
    assert search["pipeline"] == [] and "\\u200b" in search["separator"] and "lang" not in search
    assert derived["nav"][0] == {"首页": "index.md"}
    assert {"参与贡献": "contributing.md"} in derived["nav"]  # the config's own pages, last
    assert derived["nav"][-1] == config["nav"][-1]
    assert {
        "LLM训练": [
            "topics/training/index.md",
            {"LLM训练实战": "topics/training-practice/index.md"},
            {"LLM参数高效微调技术实战": "topics/peft-practice/index.md"},
        ]
    } in derived["nav"]


def test_built_site_has_every_page_and_export(site_basic: BuiltSite) -> None:
    site = site_basic.site_dir
    for name in (
        "index.html",
        "catalog.json",
        "papers.bib",
        "catalog.csv",
        "feed.xml",
        "feed.json",
        "explore/index.html",
        "tags/index.html",
        ".llm-atlas-site",
    ):
        assert (site / name).is_file(), name
    assert site_basic.report.warnings == []


def test_search_index_is_utf8(site_basic: BuiltSite) -> None:
    raw = (site_basic.site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert "量化" in raw and "\\u91cf" not in raw
    assert site_basic.report.search_index == len(raw.encode("utf-8"))
    assert json.loads(raw)["config"]["pipeline"] == []


def test_no_page_loads_anything_from_another_origin(site_basic: BuiltSite) -> None:
    pattern = re.compile(
        r'(?:src|href)="(https?:)?//(?!example\.com|arxiv\.org|github\.com|docs\.'
        r'vllm\.ai)[^"]*"'
    )
    for page in site_basic.site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert [m.group(0) for m in pattern.finditer(text) if "<link" in m.group(0)] == []


def test_failed_build_leaves_the_old_site_untouched(site_basic: BuiltSite, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_catalog(BASIC_CATALOG, tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "topics.yaml").write_text((BASIC_CATALOG / "topics.yaml").read_text(encoding="utf-8"))
    (bad / "e.yaml").write_text("- id: x\n  kind: paper\n  title: t\n  topics: [nope]\n")
    with pytest.raises(AtlasError):
        build_catalog(bad, tmp_path)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "render", "site"]


def test_build_command_prints_validate_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "catalog"
    bad.mkdir()
    (bad / "topics.yaml").write_text("- id: a\n  title: A\n  title_en: A\n")
    (bad / "e.yaml").write_text(
        "- id: x\n  kind: paper\n  title: t\n  url: https://a.org/\n  topics: [b]\n"
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--catalog",
            str(bad),
            "--config",
            str(REPO / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("e.yaml:5:12: error: x: topics: topic 'b' does not exist" in line for line in lines)
    assert [line for line in lines if line.startswith("Error: ")] == [lines[-1]]
    assert lines[-1].startswith("Error: 1 problem(s) in ") and ": error: " not in lines[-1]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", [".", "catalog-parent"])
def test_site_dir_must_not_contain_the_project(tmp_path: Path, name: str) -> None:
    project = tmp_path / "p"
    project.mkdir()
    target = project if name == "." else tmp_path
    with pytest.raises(AtlasError, match="contains the project"):
        check_site_dir(target, project)


def test_site_dir_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(AtlasError, match="was not built by llm-atlas"):
        check_site_dir(tmp_path, tmp_path.parent / "project")


def test_strict_fails_on_a_broken_link_in_hand_written_docs(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
        + "\nnav:\n  - 关于: about.md\n"
    )
    (project / "docs/about.md").write_text("# 关于\n\n[gone](missing.md) [anchor](#没有)\n")
    from llm_atlas.build.pipeline import build_site

    with pytest.raises(AtlasError, match="strict"):
        build_site(BASIC_CATALOG, project, tmp_path / "site", strict=True)
    report = build_site(BASIC_CATALOG, project, tmp_path / "site", strict=False)
    assert any("missing.md" in w for w in report.warnings)
    assert any("没有" in w for w in report.warnings)
    again = build_site(BASIC_CATALOG, project, tmp_path / "site", strict=False)
    assert again.decision is Decision.REUSE and again.warnings == report.warnings
    # Nothing changed, but a strict build must still run MkDocs and fail on those warnings.
    with pytest.raises(AtlasError, match="strict"):
        build_site(BASIC_CATALOG, project, tmp_path / "site", strict=True)


def entry_links(page: Path) -> set[str]:
    return set(re.findall(r'href="(?:\.\./)*entries/([a-z0-9-]+)/"', page.read_text("utf-8")))


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_catalog(REPO / "catalog", tmp_path_factory.mktemp("shipped"))


def test_shipped_catalog_every_entry_on_its_topic_page_and_own_page(
    shipped_site: BuiltSite,
) -> None:
    catalog = load_catalog(REPO / "catalog")
    site = shipped_site.site_dir
    assert shipped_site.report.warnings == []
    linked = {t: entry_links(site / "topics" / t / "index.html") for t in catalog.topics}
    for entry in catalog.entries.values():
        own = (site / "entries" / entry.id / "index.html").read_text(encoding="utf-8")
        assert html.escape(entry.title, quote=False) in html.unescape(
            own
        ) or entry.title in html.unescape(own), entry.id
        for topic in entry.topics:
            assert entry.id in linked[topic], (entry.id, topic)


def test_every_entry_page_is_the_shell_with_its_own_title_body_and_search(
    site_basic: BuiltSite,
) -> None:
    catalog = load_catalog(BASIC_CATALOG)
    site = site_basic.site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    stylesheet = re.search(r'<link rel="stylesheet" href="(assets/stylesheets/main[^"]+)"', home)
    assert stylesheet is not None
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"] for d in index["docs"]}
    for entry in catalog.entries.values():
        text = (site / "entries" / entry.id / "index.html").read_text(encoding="utf-8")
        title = html.escape(entry.title)
        assert f"<title>{title} - LLM Atlas · 大模型工程知识图谱</title>" in text
        assert f'href="../../{stylesheet.group(1)}"' in text  # the shell's chrome, same depth
        assert 'class="md-header__topic"' in text and 'class="md-nav md-nav--primary"' in text
        assert f"<code>{entry.id}</code>" in text
        assert "ATLAS-SHELL" not in text and "_atlas" not in text
        assert f"entries/{entry.id}/" in pages
    assert not (site / "_atlas").exists()
    assert site_basic.report.entry_pages == len(catalog.entries)
    assert sorted(p.name for p in (site / "entries").iterdir()) == sorted(catalog.entries)


def test_second_build_reuses_the_site_and_rewrites_only_changed_entries(tmp_path: Path) -> None:
    import os
    import shutil

    catalog = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog)
    first = build_catalog(catalog, tmp_path)
    assert first.report.decision is Decision.FULL and first.report.pages > 20
    site = first.site_dir
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = build_catalog(catalog, tmp_path).report
    assert again.decision is Decision.REUSE and "render" not in again.timings
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before
    old_page = (site / "entries/lora-paper/index.html").read_bytes()
    os.link(site / "entries/lora-paper/index.html", tmp_path / "old-lora.html")
    # Authors show only on the entry page (and in the exports): no MkDocs run.
    entries = catalog / "entries.yaml"
    entries.write_text(
        entries.read_text(encoding="utf-8").replace("Yelong Shen", "Phillip Wallis"),
        encoding="utf-8",
    )
    edited = build_catalog(catalog, tmp_path).report
    assert edited.decision is Decision.DIRTY and edited.entry_pages == 1
    assert edited.pages == 0  # no MkDocs run
    page = (site / "entries/lora-paper/index.html").read_text(encoding="utf-8")
    assert "Edward J. Hu, Phillip Wallis" in page
    assert "Phillip Wallis" in (site / "catalog.json").read_text(encoding="utf-8")
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Phillip Wallis" in index and "Yelong Shen" not in index
    # The old site's entry page was replaced in the copy, not written through the link.
    assert (tmp_path / "old-lora.html").read_bytes() == old_page != page.encode()
    # A title shows on topic and index pages too: MkDocs makes those pages again, over a copy
    # of the last site whose other pages are links to the old ones (never written through).
    topic = site / "topics/quantization/index.html"
    old_topic = topic.read_bytes()
    os.link(topic, tmp_path / "old-topic.html")
    entries.write_text(
        entries.read_text(encoding="utf-8").replace(
            "title: 大模型量化技术原理-总结", "title: 量化总结"
        ),
        encoding="utf-8",
    )
    retitled = build_catalog(catalog, tmp_path, strict=False).report
    assert retitled.decision is Decision.PAGES and 0 < retitled.pages < first.report.pages
    assert "量化总结" in topic.read_text(encoding="utf-8")
    assert (tmp_path / "old-topic.html").read_bytes() == old_topic != topic.read_bytes()
    # Under --strict, MkDocs sees every page (to fail on any warning): a full build.
    entries.write_text(entries.read_text("utf-8").replace("量化总结", "量化小结"), "utf-8")
    assert build_catalog(catalog, tmp_path).report.decision is Decision.FULL


def test_build_command_says_what_was_built_and_how_to_look(tmp_path: Path) -> None:
    args = ["build", "--catalog", str(BASIC_CATALOG), "--config", str(REPO / "mkdocs.yml")]
    args += ["--site-dir", str(tmp_path / "site"), "--render-dir", str(tmp_path / "render")]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "entries in 7 topics" in first.output and "llm-atlas serve" in first.output
    assert "open " not in first.output and "entry pages" not in first.output.splitlines()[0]
    again = CliRunner().invoke(main, args)
    assert "is up to date: nothing changed since the last build" in again.output
    clean = CliRunner().invoke(main, [*args, "--clean"])
    assert clean.stdout.startswith("built ")  # the site_url warning goes to stderr


def test_a_folder_with_only_a_catalog_builds_with_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    project = tmp_path / "my-atlas"
    shutil.copytree(BASIC_CATALOG, project / "catalog")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "no mkdocs.yml here: using llm-atlas' defaults (Material, Chinese search); "
        "`llm-atlas init` writes a config to edit"
    )
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>my-atlas</title>" in home and "fonts.googleapis" not in home
    explore = (site / "explore/index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/explore.js" in explore
    assert (site / "assets/javascripts/explore.js").is_file()
    assert (site / "assets/stylesheets/atlas.css").is_file()
    assert not (site / "about").exists()  # the repository's own pages are not the project's
    named = CliRunner().invoke(main, ["build", "--site-name", "模型图谱"])
    assert named.exit_code == 0, named.output
    assert "<title>模型图谱</title>" in (site / "index.html").read_text(encoding="utf-8")
