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
