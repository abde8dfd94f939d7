"""Browser tests of the reader's side of the shipped catalog (issue #22): the map, tables,
listings and the search index fetched only when the reader reaches for search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import ARGS, CHROMIUM
from site_helpers import REPO, BuiltSite, build_catalog, serve_dir
from test_browser import Visit

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"


@pytest.fixture(scope="module")
def site_shipped(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped catalog (hundreds of entries), built with the repository's settings."""
    return build_catalog(REPO / "catalog", tmp_path_factory.mktemp("site-shipped"))


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def reader(chromium: object, site_shipped: BuiltSite) -> Iterator[Visit]:
    with serve_dir(site_shipped.site_dir) as base:
        v = Visit(chromium, base)
        v.requests: list[str] = []  # type: ignore[misc]
        v.page.on("request", lambda r: v.requests.append(r.url))  # type: ignore[attr-defined]
        yield v
        v.context.close()


def index_requests(visit: Visit) -> list[str]:
    return [u for u in visit.requests if u.endswith(INDEX)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("reach", ["click", "slash"])
def test_search_index_is_fetched_only_when_the_reader_reaches_for_search(
    reader: Visit, reach: str
) -> None:
    page = reader.go("topics/quantization/")
    page.wait_for_timeout(800)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(200)
    assert index_requests(reader) == []
    if reach == "click":
        page.click("input.md-search__input")
    else:
        page.keyboard.press("/")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('键入')"
    )
    assert len(index_requests(reader)) == 1
    page.keyboard.type("vLLM")
    page.wait_for_selector(".md-search-result__item")
    found = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("entries/vllm/" in str(link) for link in found)
    reader.check_clean()


def test_a_search_in_the_address_fetches_the_index_at_once(reader: Visit) -> None:
    page = reader.go("?q=vLLM")
    page.wait_for_selector(".md-search-result__item")
    assert len(index_requests(reader)) == 1
    reader.check_clean()
