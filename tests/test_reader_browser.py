"""Browser tests of the reader's side of the shipped catalog (issue #22): tables, listings, tags,
new-tab links and the search index fetched only when the reader reaches for search (the map:
test_reader_map.py; the `reader` fixtures: conftest.py)."""

from __future__ import annotations

import pytest
from site_helpers import BuiltSite
from test_browser import Visit, search

pytestmark = pytest.mark.browser

INDEX = "search/search_index.json"


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
    found = search(reader, "vLLM")
    assert any("entries/vllm/" in str(link) for link in found)
    reader.check_clean()


def test_a_search_in_the_address_fetches_the_index_at_once(reader: Visit) -> None:
    page = reader.go("?q=vLLM")
    page.wait_for_selector(".md-search-result__item")
    assert len(index_requests(reader)) == 1
    reader.check_clean()


# Each run of letters and digits (dots inside: "LLM.int8", "2306.00978") in a table cell whose
# characters sit on more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.md-typeset table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)*/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["topics/quantization/", "topics/peft-practice/", "papers/"])
def test_table_cells_never_break_inside_a_word(reader: Visit, path: str, width: int) -> None:
    reader.page.set_viewport_size({"width": width, "height": 900})
    page = reader.go(path)
    assert page.locator(".md-typeset table td").count() > 5
    assert page.evaluate(BROKEN_WORDS) == []


@pytest.mark.parametrize("path", ["entries/gptq/", "topics/peft-practice/", "topics/quantization/"])
def test_links_marked_as_leaving_open_in_a_new_tab(reader: Visit, path: str) -> None:
    page = reader.go(path)
    marked = page.eval_on_selector_all(
        "article a",
        "els => els.filter(a => a.textContent.includes('↗'))"
        ".map(a => [a.target, a.rel, a.href.startsWith(location.origin)])",
    )
    assert marked and all(m == ["_blank", "noopener", False] for m in marked), marked


def test_explore_reaches_every_entry_with_show_more(reader: Visit, site_shipped: BuiltSite) -> None:
    total = site_shipped.report.entries
    page = reader.go("explore/")
    page.wait_for_selector("#atlas-explore[data-ready]")
    assert page.get_attribute("#atlas-explore-count", "data-count") == str(total)
    clicks = 0
    while page.is_visible("#atlas-explore-more") and clicks <= total:
        page.click("#atlas-explore-more")
        clicks += 1
    assert clicks == (total - 1) // 100
    ids = page.eval_on_selector_all(".atlas-explore__item", "els => els.map(e => e.dataset.id)")
    assert len(ids) == len(set(ids)) == total
    assert page.text_content("#atlas-explore-count") == f"找到 {total} 个条目"
    reader.check_clean()


def test_an_empty_explore_result_offers_wider_filters(reader: Visit) -> None:
    page = reader.go("explore/#kind=benchmark&q=lora")
    page.wait_for_selector("#atlas-explore[data-ready]")
    assert page.get_attribute("#atlas-explore-count", "data-count") == "0"
    offers = page.eval_on_selector_all(
        "#atlas-explore-empty button", "els => els.map(e => e.textContent)"
    )
    assert [o.split("：")[0] for o in offers] == [
        "去掉关键词「lora」",
        "去掉类型「评测基准」",
        "清除全部条件",
    ]
    page.click("#atlas-explore-empty li:nth-child(2) button")
    assert int(page.get_attribute("#atlas-explore-count", "data-count") or 0) > 0
    assert "kind=" not in page.url and "q=lora" in page.url
    assert page.is_hidden("#atlas-explore-empty")
    reader.check_clean()


def test_the_tags_page_is_an_index_that_opens_per_letter(reader: Visit) -> None:
    page = reader.go("entries/lora/")
    link = page.locator("a[href*='tags/#']").first
    tag = (link.text_content() or "").strip()
    link.click()
    page.wait_for_url("**/tags/#tag-*")
    page.wait_for_timeout(300)
    target = page.url.split("#")[1]
    opened = page.eval_on_selector_all("details.atlas-letter[open]", "ds => ds.map(d => d.id)")
    assert opened == [f"letter-{tag[0].lower()}"], (tag, opened)
    assert page.locator(f"#{target}").is_visible() and page.locator(f"#{target}").text_content()
    box = page.locator(f"#{target}").bounding_box()
    assert box is not None and 0 <= box["y"] < 844
    # Folded, the whole index is a few screens tall (it was 80,000 px).
    page.evaluate("document.querySelectorAll('details.atlas-letter').forEach(d => d.open = false)")
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    reader.check_clean()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("entry", ["lora", "vllm", "quant-overview"])
def test_the_neighbourhood_map_labels_stay_inside_it(reader: Visit, entry: str, width: int) -> None:
    reader.page.set_viewport_size({"width": width, "height": 900})
    page = reader.go(f"entries/{entry}/")
    outside = page.evaluate(
        """() => {
          const svg = document.querySelector('.atlas-near__svg');
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect())
            .filter(r => r.left < box.left - 1 || r.right > box.right + 1).length;
        }"""
    )
    assert outside == 0


# Per result with a description: [the meta line's bottom, the description's top, how many lines
# the meta line takes].
DESC_BELOW_META = """() => [...document.querySelectorAll('.atlas-explore__item')]
  .filter(li => li.querySelector('.atlas-desc'))
  .map(li => {
    const meta = li.querySelector('.atlas-meta');
    const tops = new Set([...meta.getClientRects()].map(r => Math.round(r.top)));
    const desc = li.querySelector('.atlas-desc');
    return [meta.getBoundingClientRect().bottom, desc.getBoundingClientRect().top, tops.size];
  })"""


@pytest.mark.parametrize("width", [390, 1280])
def test_explore_descriptions_start_below_the_meta_line(reader: Visit, width: int) -> None:
    reader.page.set_viewport_size({"width": width, "height": 900})
    page = reader.go("explore/")
    page.wait_for_selector("#atlas-explore[data-ready]")
    boxes = page.evaluate(DESC_BELOW_META)
    assert len(boxes) > 50
    assert [b for b in boxes if b[1] < b[0] - 0.5] == []
    if width == 390:  # where meta lines wrap (the case the reader saw)
        assert any(lines > 1 for _, _, lines in boxes)
