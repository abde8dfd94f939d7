"""Tests of build/entry_pages.py: the page shell, tables of contents, search documents, sitemap."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from site_helpers import BASIC_CATALOG, REPO, write_injection_catalog

from llm_atlas.build import entry_pages, search_fields, search_index, segments
from llm_atlas.problems import AtlasError
from llm_atlas.render.docs import render_docs
from llm_atlas.render.records import EntryHtml
from llm_atlas.validate import load_catalog

SHELL = (
    '<title>ATLAS-SHELL-TITLE - Atlas</title><link rel="canonical" href="https://x.org/'
    '_atlas/shell/"><div class="md-header__topic">ATLAS-SHELL-TITLE</div>'
    '<nav class="md-nav md-nav--secondary" aria-label="目录">'
    '<label class="md-nav__title" for="__toc">目录</label>\n'
    '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix><li>'
    '<a href="#atlas-shell-toc">ATLAS-SHELL-TOC</a></li></ul></nav><article>'
    '<h1 id="atlas-shell-title">ATLAS-SHELL-TITLE<a class="headerlink" href="#atlas-shell-title"'
    '>&para;</a></h1>\n<p>ATLAS-SHELL-BODY</p>\n<h2 id="atlas-shell-toc">ATLAS-SHELL-TOC'
    '<a class="headerlink" href="#atlas-shell-toc">&para;</a></h2></article>'
)


def fill(page: EntryHtml) -> str:
    from llm_atlas.render.env import make_environment

    toc = make_environment(REPO).get_template("entry-toc.html.j2")
    return entry_pages.fill_shell(entry_pages.parse_shell(SHELL), "e-1", page, toc)


def test_fill_shell_places_title_body_url_and_toc() -> None:
    body = (
        '<h1 id="t">T<a class="headerlink" href="#t">&para;</a></h1><p>x</p>'
        '<h2 id="a">A &amp; B<a class="headerlink" href="#a">&para;</a></h2>'
        '<h3 id="related-paper">论文<a class="headerlink" href="#related-paper">&para;</a></h3>'
    )
    out = fill(EntryHtml("</title><script>x</script>", body))
    assert "<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; - Atlas</title>" in out
    assert '<div class="md-header__topic">&lt;/title&gt;' in out
    assert 'href="https://x.org/entries/e-1/"' in out
    assert "<article>" + body + "</article>" in out
    assert '<a href="#a" class="md-nav__link"><span class="md-ellipsis">A &amp; B</span>' in out
    assert '<nav class="md-nav" aria-label="A &amp; B">' in out
    assert 'href="#related-paper"' in out
    assert "ATLAS" not in out and "<script>" not in out


def test_fill_shell_drops_an_empty_table_of_contents() -> None:
    out = fill(EntryHtml("T", '<h1 id="t">T<a class="headerlink" href="#t">&para;</a></h1>'))
    assert 'aria-label="目录"></nav>' in out
    assert "md-nav__title" not in out


@pytest.mark.parametrize(
    "broken",
    [SHELL.replace("ATLAS-SHELL-TOC", "toc"), SHELL.replace('for="__toc"', 'for="x"')],
)
def test_parse_shell_refuses_a_theme_without_the_markers(broken: str) -> None:
    with pytest.raises(AtlasError, match="theme"):
        entry_pages.parse_shell(broken)


def material_docs(pages: dict[str, EntryHtml]) -> list[dict[str, object]]:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    for entry_id, page in pages.items():
        # An entry's tags go into its search document as a page's `tags:` front matter would.
        tags = search_index.entry_tags(page.body)
        meta = {"tags": tags} if tags else {}
        index.add_entry_from_context(
            SimpleNamespace(
                meta=meta, content=page.body, toc=[], url=f"entries/{entry_id}/", title=page.title
            )
        )
    # Tags stay on the page's own document (search_index.search_docs says why).
    return [
        {k: v for k, v in d.items() if k != "tags" or "#" not in d["location"]}
        for d in index.entries
    ]


@pytest.mark.parametrize("which", ["basic", "injection"])
def test_search_docs_match_materials_own_indexing(tmp_path: Path, which: str) -> None:
    catalog_dir = BASIC_CATALOG
    if which == "injection":
        catalog_dir = tmp_path / "catalog"
        write_injection_catalog(catalog_dir)
    pages = render_docs(load_catalog(catalog_dir), REPO, tmp_path / "out", "Atlas").entries
    segments.SEGMENTS.configure(None, None)  # as a build of the repository's config does
    docs = search_index.search_docs(pages)
    # Beyond Material's: plain text, tags segmented, the keys field (build/search_fields.py).
    expected = material_docs(pages)
    search_fields.plain_docs(expected)
    for doc in expected:
        if "tags" in doc:
            doc["tags"] = search_fields.segment_tags(doc["tags"], segments.segment_chinese)
    # Compared as the index holds them: without word breaks a space or an end makes needless.
    search_fields.trim_breaks(docs, re.compile(r"\s"))
    search_fields.trim_breaks(expected, re.compile(r"\s"))
    assert [{k: v for k, v in d.items() if k != search_fields.KEYS_FIELD} for d in docs] == expected
    if which == "basic":
        assert {
            "location": "entries/lora-paper/#related-tutorial",
            "title": "教程",
            "text": "\u200b".join(
                [
                    "大",
                    "模型",
                    "参数",
                    "高效",
                    "微调",
                    "技术",
                    "实战",
                    "（",
                    "五",
                    "）",
                ]
            )
            + "-LoRA 中文 · 第 5 篇 · 原文 ↗",
        } in docs


def test_update_sitemap_lists_every_entry(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        "<urlset>\n<url>\n<loc>https://x.org/</loc>\n</url>\n"
        "<url>\n<loc>https://x.org/_atlas/shell/</loc>\n</url>\n</urlset>"
    )
    entry_pages.update_sitemap(tmp_path, ["a", "b"])
    text = (tmp_path / "sitemap.xml").read_text()
    assert "_atlas" not in text
    assert text.count("<url>") == 3
    assert "<loc>https://x.org/entries/b/</loc>" in text
    assert (tmp_path / "sitemap.xml.gz").is_file()
