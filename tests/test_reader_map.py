"""Browser tests of the map page on the shipped catalog (issue #22): wheel and fingers, the find
box, topics zoomed to and counted as their pages, the text version, 24 px targets."""

from __future__ import annotations

import json

import pytest
from site_helpers import BuiltSite, serve_dir
from test_browser import Visit

pytestmark = pytest.mark.browser


def map_page(reader: Visit) -> object:
    page = reader.go("map/")
    page.wait_for_function("document.getElementById('atlas-map').atlasArmed === true")
    page.locator("svg.atlas-map__svg").scroll_into_view_if_needed()
    return page


def view_box(page: object) -> list[float]:
    value = page.get_attribute("svg.atlas-map__svg", "viewBox")  # type: ignore[attr-defined]
    return [float(v) for v in str(value).split()]


def map_middle(page: object) -> tuple[float, float]:
    box = page.locator("svg.atlas-map__svg").bounding_box()  # type: ignore[attr-defined]
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize(("modifier", "zooms"), [(None, False), ("Control", True)])
def test_the_wheel_scrolls_the_page_and_zooms_only_with_ctrl(
    reader: Visit, modifier: str | None, zooms: bool
) -> None:
    page = map_page(reader)
    page.set_viewport_size({"width": 1280, "height": 700})
    x, y = map_middle(page)
    page.mouse.move(x, y)
    page.mouse.wheel(0, 10)  # the first move on the map sets it up
    page.wait_for_timeout(300)
    before, scrolled = view_box(page), page.evaluate("scrollY")
    if modifier:
        page.keyboard.down(modifier)
    page.mouse.wheel(0, -300)
    if modifier:
        page.keyboard.up(modifier)
    page.wait_for_timeout(400)
    after = view_box(page)
    assert (after[2] < before[2]) is zooms
    assert (page.evaluate("scrollY") != scrolled) is not zooms
    reader.check_clean()


def touch(cdp: object, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send(  # type: ignore[attr-defined]
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


@pytest.mark.parametrize("fingers", [1, 2])
def test_one_finger_scrolls_the_page_and_two_pan_and_zoom_the_map(
    chromium: object, site_shipped: BuiltSite, fingers: int
) -> None:
    with serve_dir(site_shipped.site_dir) as base:
        context = chromium.new_context(  # type: ignore[attr-defined]
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="zh-CN"
        )
        page = context.new_page()
        page.goto(base + "map/")
        page.wait_for_function("document.getElementById('atlas-map').atlasArmed === true")
        page.evaluate(
            "document.querySelector('svg.atlas-map__svg').scrollIntoView({block: 'center'})"
        )
        x, y = map_middle(page)
        cdp = context.new_cdp_session(page)
        touch(cdp, "touchStart", [(x, y)] if fingers == 1 else [(x - 30, y), (x + 30, y)])
        page.wait_for_timeout(100)
        before, scrolled = view_box(page), page.evaluate("scrollY")
        for step in range(1, 9):
            if fingers == 1:
                touch(cdp, "touchMove", [(x, y - 25 * step)])
            else:
                touch(cdp, "touchMove", [(x - 30 - 12 * step, y), (x + 30 + 12 * step, y)])
            page.wait_for_timeout(30)
        touch(cdp, "touchEnd", [])
        page.wait_for_timeout(400)
        after = view_box(page)
        if fingers == 1:
            assert page.evaluate("scrollY") > scrolled + 50
            assert after == before
        else:
            assert page.evaluate("scrollY") == scrolled
            assert after[2] < before[2] * 0.6
        context.close()


def test_the_find_box_rings_and_shows_every_match(reader: Visit) -> None:
    page = map_page(reader)
    titles = page.eval_on_selector_all(
        ".atlas-map__nodes a",
        "els => els.map(a => [a.getAttribute('aria-label'), a.getAttribute('href')])",
    )
    want = sorted(h for t, h in titles if "lora" in (t + h.split("entries/")[1]).lower())
    page.fill("input[name=find]", "LoRA")
    page.wait_for_selector(".atlas-map__found[data-found]")
    page.wait_for_timeout(500)
    found = page.eval_on_selector_all(
        ".atlas-map__nodes a.is-found", "els => els.map(a => a.getAttribute('href'))"
    )
    assert sorted(found) == want and len(want) > 3
    assert page.get_attribute(".atlas-map__found", "data-found") == str(len(want))
    # Every match is inside the view, and the view is closer than the whole map.
    x, y, w, h = view_box(page)
    inside = page.eval_on_selector_all(
        ".atlas-map__nodes a.is-found circle",
        f"cs => cs.every(c => c.cx.baseVal.value >= {x} && c.cx.baseVal.value <= {x + w}"
        f" && c.cy.baseVal.value >= {y} && c.cy.baseVal.value <= {y + h})",
    )
    assert inside and w < float(page.get_attribute("#atlas-map", "data-width") or 0)
    page.keyboard.press("Enter")  # one match at a time, centred, named in the tip
    page.wait_for_timeout(400)
    assert page.is_visible(".atlas-map__tip")
    first = page.text_content(".atlas-map__tip")
    assert first and any(first == t for t, h in titles if h in want)
    page.fill("input[name=find]", "没有这样的条目zzz")
    page.wait_for_function("document.querySelector('.atlas-map__found').dataset.found === '0'")
    assert "没有标题含" in (page.text_content(".atlas-map__found") or "")
    reader.check_clean()


def topics_below(catalog: dict[str, list[dict[str, object]]], topic: str) -> set[str]:
    below = {topic}
    while True:
        more = {str(t["id"]) for t in catalog["topics"] if t.get("parent") in below} - below
        if not more:
            return below
        below |= more


def topic_total(catalog: dict[str, list[dict[str, object]]], topic: str) -> int:
    below = topics_below(catalog, topic)
    return sum(1 for e in catalog["entries"] if below & set(e["topics"]))  # type: ignore[arg-type]


@pytest.mark.parametrize("topic", ["quantization", "compression", "peft-practice"])
def test_choosing_a_topic_zooms_to_it_and_counts_its_topic_page(
    reader: Visit, site_shipped: BuiltSite, topic: str
) -> None:
    catalog = json.loads((site_shipped.site_dir / "catalog.json").read_text(encoding="utf-8"))
    page = map_page(reader)
    full = view_box(page)
    page.select_option("select[name=topic]", topic)
    page.wait_for_timeout(500)
    assert page.get_attribute("#atlas-map-count", "data-count") == str(topic_total(catalog, topic))
    region = page.locator(f'.atlas-map__region[data-topic="{topic}"]')
    assert region.get_attribute("data-count") == str(topic_total(catalog, topic))
    x, y, w, h = view_box(page)
    assert w < full[2]
    circle = region.locator("circle")
    cx, cy, r = (float(circle.get_attribute(a) or 0) for a in ("cx", "cy", "r"))
    assert x <= cx - r * 0.9 and cx + r * 0.9 <= x + w and y <= cy <= y + h
    reader.check_clean()


def test_the_status_line_counts_the_links_the_filters_leave(
    reader: Visit, site_shipped: BuiltSite
) -> None:
    catalog = json.loads((site_shipped.site_dir / "catalog.json").read_text(encoding="utf-8"))
    entries = {str(e["id"]): e for e in catalog["entries"]}
    page = map_page(reader)
    ids = page.eval_on_selector_all(
        ".atlas-map__nodes a", "els => els.map(a => a.getAttribute('href').split('/').at(-2))"
    )
    data = str(page.get_attribute("#atlas-map", "data-edges"))
    links = [(ids[int(a)], ids[int(b)]) for a, b, _kind in (e.split() for e in data.split(","))]

    def status() -> str:
        return str(page.text_content(".atlas-map__status")).split("；")[0].split("（")[0]

    def among(keep: set[str]) -> int:
        return sum(1 for a, b in links if a in keep and b in keep)

    assert status() == f"{len(entries)} 个条目，{len(links)} 条连线"
    page.locator("svg.atlas-map__svg").hover()  # the first move on the map sets it up
    page.wait_for_selector(".atlas-map__links")
    assert page.get_attribute(".atlas-map__links", "data-count") == str(len(links))
    below = topics_below(catalog, "quantization")
    in_topic = {i for i, e in entries.items() if below & set(e["topics"])}
    page.select_option("select[name=topic]", "quantization")
    page.wait_for_timeout(300)
    want = among(in_topic)
    assert 0 < want < len(links)
    assert status() == f"{len(in_topic)} 个条目，{want} 条连线"
    assert page.get_attribute(".atlas-map__links", "data-count") == str(want)
    # Unticking a kind drops its entries' links too.
    page.uncheck("input[name=kind][value=paper]")
    page.wait_for_timeout(300)
    kept = {i for i in in_topic if entries[i]["kind"] != "paper"}
    assert among(kept) < want
    assert status() == f"{len(kept)} 个条目，{among(kept)} 条连线"
    # Drawn: as many path segments as links counted.
    drawn = page.eval_on_selector_all(
        ".atlas-map__edges path", "ps => ps.map(p => p.getAttribute('d').split('M').length - 1)"
    )
    assert sum(drawn) == among(kept)
    page.select_option("select[name=topic]", "")
    page.check("input[name=kind][value=paper]")
    page.wait_for_timeout(300)
    assert status() == f"{len(entries)} 个条目，{len(links)} 条连线"
    reader.check_clean()


def test_the_text_version_lists_every_entry_by_topic(
    reader: Visit, site_shipped: BuiltSite
) -> None:
    catalog = json.loads((site_shipped.site_dir / "catalog.json").read_text(encoding="utf-8"))
    page = reader.go("map/")
    groups = page.eval_on_selector_all(
        "ul.atlas-map__text > li > details",
        """ds => ds.map(d => [
            d.querySelector(':scope > summary').textContent,
            [...d.querySelectorAll(':scope > ul:not(.atlas-map__text) > li > a')]
              .map(a => a.getAttribute('href').split('/').slice(-2)[0]),
            [...d.querySelectorAll(':scope > ul.atlas-map__text > li > details > summary')].length,
        ])""",
    )
    titles = {t["title"]: t["id"] for t in catalog["topics"]}
    by_topic: dict[str, list[str]] = {}
    for e in catalog["entries"]:
        for t in e["topics"]:
            by_topic.setdefault(t, []).append(e["id"])
    listed: set[str] = set()
    for summary, ids, _subtopics in groups:
        topic = titles[summary.split("（")[0]]
        assert sorted(ids) == sorted(by_topic.get(topic, [])), topic
        assert summary.endswith(f"（{topic_total(catalog, topic)} 个条目）")
        listed |= set(ids)
    assert listed == {e["id"] for e in catalog["entries"]}
    # Subtopics are inside their parents: a top-level list item holds lists of its own.
    assert any(sub for _s, _i, sub in groups)
    top = page.eval_on_selector_all("article > ul.atlas-map__text > li", "els => els.length")
    assert top == len([t for t in catalog["topics"] if not t.get("parent")])


def test_map_nodes_are_targets_of_24_px(reader: Visit) -> None:
    page = map_page(reader)
    for _ in range(4):
        page.click("button[data-zoom=in]")
    page.wait_for_timeout(500)
    misses = page.evaluate(
        """() => {
          const svg = document.querySelector('svg.atlas-map__svg').getBoundingClientRect();
          const out = [];
          for (const a of document.querySelectorAll('.atlas-map__nodes a')) {
            const b = a.querySelector('circle').getBoundingClientRect();
            const x = b.x + b.width / 2, y = b.y + b.height / 2;
            if (x < svg.left + 20 || x > svg.right - 20) continue;
            if (y < svg.top + 20 || y > svg.bottom - 20) continue;
            for (const [dx, dy] of [[11.5, 0], [-11.5, 0], [0, 11.5], [0, -11.5]]) {
              const hit = document.elementFromPoint(x + dx, y + dy);
              if (!hit || !hit.closest('.atlas-map__nodes a')) out.push(a.href);
            }
          }
          return [out.length, document.querySelectorAll('.atlas-map__nodes a').length];
        }"""
    )
    assert misses[0] == 0
