"""The explore page's keyword filter normalises as the search box does (normalise.js): width,
case, hyphens, spaces and joined forms, British spellings, aliases. Basic catalog, Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from chromium import ARGS, CHROMIUM
from site_helpers import BASIC_CATALOG, BuiltSite, build_catalog, serve_dir
from test_browser import Visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_basic(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_catalog(BASIC_CATALOG, tmp_path_factory.mktemp("site-basic"))


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def visit(chromium: object, site_basic: BuiltSite) -> Iterator[Visit]:
    with serve_dir(site_basic.site_dir) as base:
        v = Visit(chromium, base)
        yield v
        v.context.close()


@pytest.mark.parametrize(
    "query",
    [
        "lora",
        "ＬｏＲＡ",  # full width
        "lowrank adaptation",  # joined where the title has a hyphen
        "low rank-adaptation",
        "Low–Rank",  # an en dash
    ],
)
def test_the_keyword_filter_normalises_like_search(visit: Visit, query: str) -> None:
    page = visit.go(f"explore/#q={quote(query)}")
    page.wait_for_selector("#atlas-explore[data-ready]")  # type: ignore[attr-defined]
    ids = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".atlas-explore__item", "els => els.map(e => e.dataset.id)"
    )
    assert "lora-paper" in ids
    assert visit.errors == []


def test_an_unrelated_keyword_finds_nothing(visit: Visit) -> None:
    page = visit.go("explore/#q=quantisation%20lowrank")
    page.wait_for_selector("#atlas-explore[data-ready]")  # type: ignore[attr-defined]
    assert page.get_attribute("#atlas-explore-count", "data-count") == "0"  # type: ignore[attr-defined]
