"""Tests of build/seam.py: each assumption about MkDocs and Material, checked against the
installed packages' own files, and the guards that keep a project's theme from undoing them."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import material
import mkdocs
import pytest
from site_helpers import BASIC_CATALOG, REPO, write_injection_catalog

from llm_atlas.build import seam
from llm_atlas.build.pipeline import build_site
from llm_atlas.problems import AtlasError

MATERIAL = Path(material.__file__).parent / "templates"


def test_materials_partials_have_the_markup_the_shell_is_cut_at() -> None:
    toc = (MATERIAL / "partials" / "toc.html").read_text(encoding="utf-8")
    assert seam.TOC_START in toc
    assert '<label class="md-nav__title" for="__toc">' in toc
    assert '<ul class="md-nav__list" data-md-component="toc"' in toc
    sitemap = (Path(mkdocs.__file__).parent / "templates" / "sitemap.xml").read_text()
    assert "<url>" in sitemap and "</url>" in sitemap


def test_materials_search_index_has_the_method_llm_atlas_replaces() -> None:
    from material.plugins.search.plugin import SearchIndex

    assert callable(getattr(SearchIndex(), seam.SEGMENT_METHOD))


def test_a_search_plugin_without_the_method_is_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    plugins = {"material/search": SimpleNamespace(search_index=SimpleNamespace())}
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.llm_atlas"):
        assert not seam.patch_search(plugins, lambda text: text)
    assert "has no _segment_chinese" in caplog.text
    index = SimpleNamespace(_segment_chinese=None)
    assert seam.patch_search({"search": SimpleNamespace(search_index=index)}, str.upper)
    assert index._segment_chinese is str.upper


def test_a_sitemap_without_the_shell_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    assert seam.expand_sitemap("<urlset>\n</urlset>", ["a"]) is None
    assert caplog.text == ""
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.llm_atlas"):
        assert seam.expand_sitemap("<urlset><url><loc>x</loc></url></urlset>", ["a"]) is None
    assert "no <url> of the entry page shell" in caplog.text


@pytest.mark.parametrize(
    ("title", "printed", "want"),
    [
        ("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;", "</title><script>x</script>", False),
        ("LoRA &amp; QLoRA", "LoRA & QLoRA", True),
        ("plain", "plain", True),
    ],
)
def test_escape_title_escapes_only_markup_the_theme_unescaped(
    title: str, printed: str, want: bool
) -> None:
    page = f"<html><head><title>{printed} - Atlas</title></head><body>{printed}</body></html>"
    out = seam.escape_title(page, title)
    assert (out == page) is want
    head, _, body = out.partition("</head>")
    assert "<script>" not in head
    assert body.endswith(f"<body>{printed}</body></html>")


def test_use_directory_urls_false_is_refused(tmp_path: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8") + "\nuse_directory_urls: false\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(AtlasError, match="use_directory_urls: false is not supported"):
        build_site(BASIC_CATALOG, tmp_path, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_projects_own_main_html_keeps_titles_escaped(tmp_path: Path) -> None:
    """A theme custom_dir with its own main.html replaces llm-atlas' (which escapes <title>);
    the titles of catalog topics and entries stay text anyway."""
    project = tmp_path / "project"
    (project / "overrides").mkdir(parents=True)
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    shutil.copytree(REPO / "docs", project / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    write_injection_catalog(tmp_path / "catalog")
    build_site(tmp_path / "catalog", project, tmp_path / "site", render_dir=tmp_path / "r")
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        head = page.read_text(encoding="utf-8").partition("</head>")[0]
        titles = re.findall(r"<title>(.*?)</title>", head, re.S)
        assert len(titles) == 1, page
        assert "<" not in titles[0], page
        assert "__pwned" not in re.sub(r"<title>.*?</title>", "", head, flags=re.S), page


def test_materials_search_dialog_is_labelled_and_a_miss_is_reported() -> None:
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    labelled, found = seam.label_search_dialog(search, 'Find "x"')
    assert found
    assert 'data-md-component="search" role="dialog" aria-label="Find &quot;x&quot;">' in labelled
    assert seam.label_search_dialog("<div>no dialog</div>", "x") == ("<div>no dialog</div>", False)


@pytest.mark.parametrize(
    ("language", "label"), [("zh", "查找"), ("en", "Search"), ("xx", "Search")]
)
def test_the_search_label_is_materials_own_word(language: str, label: str) -> None:
    from mkdocs.theme import Theme

    env = Theme(name="material").get_env()
    assert seam.search_label(env, {"theme": {"language": language}}) == label


def test_the_worker_protocol_search_rank_speaks_is_the_installed_materials(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    script = (REPO / "docs" / seam.RANK_SCRIPT).read_text(encoding="utf-8")
    theme = [str(MATERIAL)]
    assert seam.check_worker_protocol(theme, script) == []
    assert seam.check_worker_protocol(theme, None) == []
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.llm_atlas"):
        other = script.replace("var RESULT = 3;", "var RESULT = 4;")
        assert seam.check_worker_protocol(theme, other) == [f"{seam.RANK_SCRIPT}: var RESULT = 3;"]
        missing = seam.check_worker_protocol([str(tmp_path)], script)
    assert len(missing) == 5 and "search worker protocol" in caplog.text


def test_the_indexing_rules_are_materials() -> None:
    import inspect

    from material.plugins.search import plugin

    parser = plugin.Parser()
    assert parser.keep == seam.INDEX_KEEP_TAGS
    source = inspect.getsource(plugin)
    assert 'f"h{x}" for x in range(1, 7)' in source
    assert {f"h{x}" for x in range(1, 7)} == seam.INDEX_SECTION_TAGS
    assert f'"{seam.INDEX_EXCLUDE_ATTRIBUTE}" in self.attrs' in source
    segmented = plugin.SearchIndex()._segment_chinese("大模型推理")
    assert seam.INDEX_WORD_JOIN in segmented


@pytest.mark.parametrize("dialog", [True, False])
def test_a_build_labels_the_search_dialog_or_says_it_could_not(
    tmp_path: Path, dialog: bool
) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not dialog:  # a theme override without Material's dialog markup
        (project / "overrides" / "partials").mkdir(parents=True)
        (project / "overrides" / "partials" / "search.html").write_text('<div class="md-search">')
        config = config.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    report = build_site(BASIC_CATALOG, project, tmp_path / "site", render_dir=tmp_path / "r")
    for page in ("index.html", "entries/vllm/index.html"):
        text = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert ('role="dialog" aria-label="查找">' in text) is dialog
    missed = [w for w in report.warnings if "no page has Material's search dialog" in w]
    assert len(missed) == (0 if dialog else 1)


def test_mkdocs_keeps_hooks_in_a_cache_llm_atlas_can_clear() -> None:
    from mkdocs.config.config_options import Hooks

    assert callable(Hooks._load_hook.cache_clear)
    assert seam.reload_hooks()


@pytest.mark.parametrize(
    ("rebuilt", "want"),
    [
        (set(), ["", "#a", "x/", "entries/e/"]),
        ({"x/"}, ["", "#a", "x/", "x/#new", "entries/e/"]),
        ({"", "x/"}, ["", "x/", "x/#new", "entries/e/"]),
    ],
)
def test_a_partial_runs_search_documents_are_merged_page_by_page(
    rebuilt: set[str], want: list[str]
) -> None:
    old = [{"location": loc} for loc in ("", "#a", "x/", "entries/e/")]
    new = [{"location": loc} for loc in ("", "x/", "x/#new")]
    new = [d for d in new if d["location"].split("#")[0] in rebuilt]
    merged = seam.merge_page_docs(old, new, ["", "x/"], rebuilt)
    assert [d["location"] for d in merged] == want
