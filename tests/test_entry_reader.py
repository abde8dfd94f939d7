"""Entry pages that help read and cite: arXiv links, BibTeX, series navigation, planned notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from site_helpers import BuiltSite

from llm_atlas.models import Entry
from llm_atlas.render.views import entry_links, field_rows

_BIBTEX = re.compile(r'<code id="atlas-bibtex">(.*?)</code>', re.S)


def entry_page(site: BuiltSite, entry_id: str) -> str:
    return (site.site_dir / "entries" / entry_id / "index.html").read_text(encoding="utf-8")


def bib_records(site_dir: Path) -> dict[str, str]:
    """Return entry id → its record in papers.bib."""
    text = (site_dir / "papers.bib").read_text(encoding="utf-8")
    records = [r.strip("\n") + "\n" for r in re.split(r"\n(?=@)", text) if r.strip()]
    return {r.split("{", 1)[1].split(",", 1)[0]: r for r in records}


def page_bibtex(page: str) -> str | None:
    found = _BIBTEX.search(page)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("site_name", ["site_basic", "site_injection"])
def test_paper_pages_show_the_papers_bib_record(
    site_name: str, request: pytest.FixtureRequest
) -> None:
    site: BuiltSite = request.getfixturevalue(site_name)
    records = bib_records(site.site_dir)
    assert records
    for entry_id, record in records.items():
        assert page_bibtex(entry_page(site, entry_id)) == record, entry_id


def test_only_papers_have_bibtex(site_basic: BuiltSite) -> None:
    page = entry_page(site_basic, "lora-tutorial")
    assert page_bibtex(page) is None
    assert "data-atlas-copy" not in page


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"url": "https://arxiv.org/abs/2106.09685", "arxiv": "2106.09685"},
            [
                ("原文", "https://arxiv.org/abs/2106.09685"),
                ("PDF", "https://arxiv.org/pdf/2106.09685"),
            ],
        ),
        (
            {"url": "https://openreview.net/x", "arxiv": "2106.09685"},
            [
                ("原文", "https://openreview.net/x"),
                ("arXiv 摘要", "https://arxiv.org/abs/2106.09685"),
                ("PDF", "https://arxiv.org/pdf/2106.09685"),
            ],
        ),
        (
            {
                "url": "https://openreview.net/x",
                "arxiv": "2106.09685",
                "pdf": "https://x.org/a.pdf",
            },
            [
                ("原文", "https://openreview.net/x"),
                ("PDF", "https://x.org/a.pdf"),
                ("arXiv 摘要", "https://arxiv.org/abs/2106.09685"),
            ],
        ),
        ({"url": "https://openreview.net/x"}, [("原文", "https://openreview.net/x")]),
    ],
)
def test_arxiv_ids_link_to_abstract_and_pdf(
    fields: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    from llm_atlas.models import KIND_MODELS

    paper: Entry = KIND_MODELS["paper"](id="p", title="P", topics=["t"], **fields)
    assert [(r.label, r.value) for r in entry_links(paper)] == expected
    arxiv = [r.href for r in field_rows(paper) if r.label == "arXiv"]
    assert arxiv == ([f"https://arxiv.org/abs/{fields['arxiv']}"] if "arxiv" in fields else [])


def series_nav(page: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="atlas-series-nav".*?</nav>', page, re.S)
    return re.findall(r'rel="(prev|next)" href="\.\./([^/]+)/"', nav.group(0)) if nav else []


@pytest.mark.parametrize(
    ("entry_id", "expected"),
    [
        ("lora-tutorial", [("next", "qlora-tutorial")]),
        ("qlora-tutorial", [("prev", "lora-tutorial")]),
        ("lora-paper", []),
    ],
)
def test_series_entries_link_previous_and_next(
    site_basic: BuiltSite, entry_id: str, expected: list[tuple[str, str]]
) -> None:
    assert series_nav(entry_page(site_basic, entry_id)) == expected


def test_planned_entry_says_so_and_links_its_series(site_basic: BuiltSite) -> None:
    page = entry_page(site_basic, "qlora-tutorial")
    note = re.search(r'<p class="atlas-planned-note">(.*?)</p>', page, re.S)
    assert note is not None
    assert "计划中" in note.group(1) and "尚未发布" in note.group(1)
    assert re.search(r'href="#([^"]+)">「参数高效微调实战」</a>的第 6 篇', note.group(1))
    anchor = re.search(r'href="#([^"]+)">「', note.group(1)).group(1)  # type: ignore[union-attr]
    assert f'<h2 id="{anchor}">系列：参数高效微调实战' in page
    assert 'class="atlas-planned-note"' not in entry_page(site_basic, "lora-tutorial")


def neighbourhood(page: str) -> list[str]:
    found = re.search(r'<div class="atlas-near".*?</svg>', page, re.S)
    return re.findall(r'<a href="\.\./([^/]+)/"', found.group(0)) if found else []


@pytest.mark.parametrize("entry_id", ["lora-tutorial", "qlora-tutorial", "lora-paper", "lora-code"])
def test_neighbourhood_map_shows_series_neighbours_and_relations(
    site_basic: BuiltSite, entry_id: str
) -> None:
    from llm_atlas.validate import load_catalog

    catalog = load_catalog(site_basic.catalog_dir)
    entry = catalog.entries[entry_id]
    expected = set(catalog.related.get(entry_id, []))
    if entry.series:
        ids = [e.id for e in catalog.series[entry.series]]
        i = ids.index(entry_id)
        expected |= set(ids[max(0, i - 1) : i] + ids[i + 1 : i + 2])
    shown = neighbourhood(entry_page(site_basic, entry_id))
    assert len(shown) == len(set(shown))
    assert set(shown) == expected
    assert shown != [] or expected == set()
