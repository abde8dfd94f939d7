"""Browser tests: the built site in Debian's chromium (Playwright), served on 127.0.0.1.

They fail, never skip, when chromium is missing: CI installs it (apt-get install chromium).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from chromium import ARGS, CHROMIUM
from site_helpers import PAYLOADS, BuiltSite, serve_dir

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page that records console errors, page errors, dialogs and requests to other origins."""

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on(
            "request",
            lambda r: (
                None if r.url.startswith((base, "data:", "blob:")) else self.foreign.append(r.url)
            ),
        )

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def go(self, path: str) -> object:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, path
        self.page.wait_for_load_state("load")
        return self.page

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.foreign == []
        assert self.page.evaluate("window.__pwned === undefined")


@pytest.fixture()
def visit(browser: object, site_basic: BuiltSite) -> Iterator[Visit]:
    with serve_dir(site_basic.site_dir) as base:
        v = Visit(browser, base)
        yield v
        v.context.close()


def search(visit: Visit, query: str) -> list[str]:
    page = visit.page
    page.click("input.md-search__input")
    # Type only once the search worker has loaded the index (the meta line says so).
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('键入')"
    )
    # The whole query at once (typed key by key, Material searches each prefix, and an answer
    # to a prefix could be the list read below), then a key event: Material searches on them.
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    # Read the list until it holds still (a late answer would still change it).
    read = "els => els.map(e => e.href)"
    links = page.eval_on_selector_all(".md-search-result__item a", read)
    for _ in range(40):
        page.wait_for_timeout(150)
        again = page.eval_on_selector_all(".md-search-result__item a", read)
        if again == links:
            break
        links = again
    return [str(link).split("?")[0].split("#")[0] for link in links]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("量化", ["topics/quantization/", "entries/quant-overview/"]),
        ("LoRA", ["entries/lora-paper/", "entries/lora-tutorial/"]),
        ("vLLM", ["entries/vllm/"]),
    ],
)
def test_search_finds_pages(visit: Visit, query: str, expected: list[str]) -> None:
    visit.go("")
    found = search(visit, query)
    for path in expected:
        assert any(link.endswith(path) for link in found), (path, found)
    visit.check_clean()


# Material's result meta line and the offer under it, as the page computes them (px and colours).
SEARCH_LINES = """() => {
  const style = (el) => { const s = getComputedStyle(el); return {
    left: s.paddingLeft, right: s.paddingRight, top: s.paddingTop, size: s.fontSize,
    color: s.color, shown: el.getClientRects().length > 0 }; };
  const offer = document.getElementById("atlas-search-suggest");
  const words = JSON.parse(document.getElementById("atlas-page-words").textContent);
  return { meta: style(document.querySelector(".md-search-result__meta")),
           offer: style(offer), text: offer.textContent, words: words,
           links: [...offer.querySelectorAll("a")].map((a) => a.textContent) };
}"""


@pytest.mark.parametrize(
    ("scheme", "width", "inset"),
    [("light", 1280, "44px"), ("dark", 1280, "44px"), ("light", 390, "16px")],
)
def test_an_empty_search_offers_names_set_as_materials_meta_line(
    browser: object, site_basic: BuiltSite, scheme: str, width: int, inset: str
) -> None:
    with serve_dir(site_basic.site_dir) as base:
        context = browser.new_context(  # type: ignore[attr-defined]
            locale="zh-CN", color_scheme=scheme, viewport={"width": width, "height": 800}
        )
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base)
            # On a phone the search box opens from the header's button.
            page.click("input.md-search__input" if width > 960 else "label[for=__search]")
            page.wait_for_function(
                "document.querySelector('.md-search-result__meta').textContent.includes('键入')"
            )
            page.keyboard.type("量画")  # a typo no page holds
            page.keyboard.press("End")
            page.wait_for_selector("#atlas-search-suggest a")
            got = page.evaluate(SEARCH_LINES)
        finally:
            context.close()
    meta, offer, words = got["meta"], got["offer"], got["words"]
    assert offer["shown"] and got["links"][0] == "LLM量化 · Quantization"
    assert got["text"] == words["search_try"] + words["list_enum"].join(got["links"])
    # Inset as the meta line (0 before atlas.css styled it), in its size and colour.
    assert (offer["left"], offer["right"]) == (meta["left"], meta["right"]) == (inset, "16px")
    assert offer["top"] != "0px"
    assert (offer["size"], offer["color"]) == (meta["size"], meta["color"])
    assert errors == []


def explore_count(visit: Visit) -> int:
    visit.page.wait_for_selector("#atlas-explore[data-ready]")
    value = visit.page.get_attribute("#atlas-explore-count", "data-count")
    return int(value or -1)


def test_explore_filters_by_kind_and_topic(visit: Visit, site_basic: BuiltSite) -> None:
    data = json.loads((site_basic.site_dir / "catalog.json").read_text(encoding="utf-8"))
    entries = data["entries"]
    page = visit.go("explore/")
    assert explore_count(visit) == len(entries)
    page.select_option("select[name=kind]", "tutorial")
    assert explore_count(visit) == sum(e["kind"] == "tutorial" for e in entries)
    page.select_option("select[name=topic]", "peft-practice")
    want = [e["id"] for e in entries if e["kind"] == "tutorial" and "peft-practice" in e["topics"]]
    assert explore_count(visit) == len(want)
    shown = page.eval_on_selector_all(
        "#atlas-explore-results li", "els => els.map(e => e.dataset.id)"
    )
    assert sorted(shown) == sorted(want)
    assert "kind=tutorial" in page.url and "topic=peft-practice" in page.url
    # A parent topic includes its subtopics.
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=topic]", "training")
    below = {"training", "training-practice", "peft-practice"}
    assert explore_count(visit) == sum(bool(below & set(e["topics"])) for e in entries)
    page.fill("input[name=q]", "qlora")
    assert explore_count(visit) == 1
    visit.check_clean()


def test_explore_reads_filters_from_the_address(visit: Visit, site_basic: BuiltSite) -> None:
    data = json.loads((site_basic.site_dir / "catalog.json").read_text(encoding="utf-8"))
    visit.go("explore/#kind=paper&status=published")
    assert explore_count(visit) == sum(e["kind"] == "paper" for e in data["entries"])
    visit.check_clean()


def test_entry_page_shows_relations_both_ways(visit: Visit) -> None:
    page = visit.go("entries/lora-paper/")
    # HTML links only (an SVG link's href is an object; the neighbourhood map has its own test).
    related = page.eval_on_selector_all(
        ".md-content a[href]:not(svg a)", "els => els.map(e => e.href)"
    )
    # lora-paper declares no relation: both come from the other side.
    assert any(h.endswith("entries/lora-tutorial/") for h in related)
    assert any(h.endswith("entries/lora-code/") for h in related)
    assert "教程" in page.inner_text("#related-tutorial")
    assert "代码" in page.inner_text("#related-code")
    visit.check_clean()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "topics/peft-practice/",
        "topics/empty-topic/",
        "papers/",
        "benchmarks/",
        "tools/",
        "tags/",
        "about/",
        "api/",
        "entries/qlora-tutorial/",
        "map/",
        "404.html",
    ],
)
def test_pages_load_without_console_errors(visit: Visit, path: str) -> None:
    visit.go(path)
    assert visit.page.title()
    visit.check_clean()


def test_paper_page_copies_its_bibtex(visit: Visit) -> None:
    page = visit.go("entries/lora-paper/")
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button[data-atlas-copy]")
    page.wait_for_function(
        "document.querySelector('button[data-atlas-copy]').textContent === '已复制'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.inner_text("#atlas-bibtex")
    assert copied.startswith("@inproceedings{lora-paper,") or copied.startswith("@misc{lora-paper,")
    visit.check_clean()


def map_shown(visit: Visit) -> list[str]:
    visit.page.wait_for_function("document.getElementById('atlas-map').atlasArmed === true")
    return visit.page.eval_on_selector_all(
        ".atlas-map__nodes a:not(.is-hidden)",
        "els => els.map(e => e.getAttribute('class').split(' ')[0].slice('atlas-k-'.length))",
    )


def test_map_node_click_opens_its_entry(visit: Visit) -> None:
    visit.go("map/")
    map_shown(visit)
    node = '.atlas-map__nodes a[href$="entries/lora-paper/"] circle'
    visit.page.hover(node)  # the tip names the entry, its links are drawn highlighted
    assert "LoRA" in visit.page.inner_text(".atlas-map__tip")
    assert visit.page.eval_on_selector_all(".atlas-map__highlight path", "e => e.length") > 0
    visit.page.click(node)
    visit.page.wait_for_url("**/entries/lora-paper/")
    assert "LoRA" in visit.page.inner_text("h1")
    visit.check_clean()


def test_map_filters_change_what_is_shown(visit: Visit) -> None:
    visit.go("map/")
    every = map_shown(visit)
    assert len(every) == int(visit.page.get_attribute("#atlas-map-count", "data-count") or -1)
    visit.page.uncheck('input[name="kind"][value="paper"]')
    no_papers = map_shown(visit)
    assert sorted(no_papers) == sorted(k for k in every if k != "paper") and "paper" in every
    visit.page.check('input[name="kind"][value="paper"]')
    visit.page.select_option('select[name="topic"]', "peft-practice")
    topics = visit.page.eval_on_selector_all(
        ".atlas-map__nodes a:not(.is-hidden)", "els => els.map(e => e.parentNode.dataset.topic)"
    )
    assert topics and set(topics) == {"peft-practice"}
    assert visit.page.get_attribute("#atlas-map-count", "data-count") == str(len(topics))
    # Edges whose ends are hidden are not drawn.
    drawn = visit.page.eval_on_selector_all(
        ".atlas-map__edges path", "els => els.map(e => e.getAttribute('d')).join('')"
    )
    assert drawn.count("M") < visit.page.eval_on_selector(
        "#atlas-map", "e => e.dataset.edges.split(',').length"
    )
    visit.page.mouse.wheel(0, -400)  # zooming in keeps the page clean
    visit.check_clean()


def test_injection_payloads_render_as_text(browser: object, site_injection: BuiltSite) -> None:
    with serve_dir(site_injection.site_dir) as base:
        v = Visit(browser, base)
        paths = [
            "",
            "topics/evil-0/",
            "topics/evil-1/",
            "tags/",
            "explore/",
            "papers/",
            "benchmarks/",
            "tools/",
            "datasets/",
            "tutorials/",
            "map/",
            *[
                f"entries/{kind}-{i}/"
                for kind in ("paper", "tutorial", "tool", "benchmark")
                for i in range(10)
            ],
        ]
        for path in paths:
            page = v.go(path)
            if path == "explore/":
                page.wait_for_selector("#atlas-explore[data-ready]")
            body = page.inner_text("article")
            if path.startswith("entries/"):
                payload = PAYLOADS[int(path.rstrip("/").rsplit("-", 1)[1])]
                assert " ".join(payload.split()) in " ".join(body.split())
            assert "{: ." not in body and "{ ." not in body  # attribute lists never leak
            # No element from a payload made it into the DOM.
            assert (
                page.eval_on_selector_all("article img[src=x], article script", "e => e.length")
                == 0
            )
            # Every table row keeps its column count (pipes did not split cells).
            widths = page.eval_on_selector_all(
                "article table", "ts => ts.map(t => [...t.rows].map(r => r.cells.length))"
            )
            for rows in widths:
                assert len(set(rows)) == 1, (path, rows)
        v.check_clean()
        v.context.close()
