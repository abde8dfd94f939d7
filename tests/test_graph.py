"""The atlas map's graph and build-time layout (render/graph.py)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
import yaml
from site_helpers import BASIC_CATALOG

from llm_atlas.catalog import Catalog
from llm_atlas.render.graph import (
    NODE_GAP,
    REGION_GAP,
    AtlasMap,
    Edge,
    layout_map,
    map_edges,
    pack_circles,
    sunflower,
)
from llm_atlas.render.map_page import drawn_elsewhere, text_version
from llm_atlas.render.plan import plan_list_pages
from llm_atlas.render.views import topic_totals
from llm_atlas.validate import load_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(REPO / "catalog")


def write_catalog(root: Path, entries: list[dict[str, object]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    topics = [
        {"id": "a", "title": "A", "title_en": "A"},
        {"id": "a1", "title": "A1", "title_en": "A1", "parent": "a"},
        {"id": "b", "title": "B", "title_en": "B"},
    ]
    (root / "topics.yaml").write_text(yaml.safe_dump(topics), encoding="utf-8")
    (root / "entries.yaml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    return root


def entry(entry_id: str, kind: str, topic: str, **extra: object) -> dict[str, object]:
    return {
        "id": entry_id,
        "kind": kind,
        "title": entry_id.upper(),
        "url": f"https://example.com/{entry_id}",
        "topics": [topic],
        **extra,
    }


def test_edges_are_named_after_what_they_reach(tmp_path: Path) -> None:
    catalog = load_catalog(
        write_catalog(
            tmp_path,
            [
                entry("t1", "tutorial", "a", series="S", part=1, related=["p", "c"]),
                entry("t2", "tutorial", "a", series="S", part=2, related=["t1", "x"]),
                entry("p", "paper", "b", related=["t1"]),  # the same link twice: one edge
                entry("c", "code", "a1"),
                entry("x", "tool", "b"),
            ],
        )
    )
    assert sorted(map_edges(catalog), key=lambda e: (e.source, e.target)) == [
        Edge("t1", "c", "code"),
        Edge("t1", "p", "paper"),
        Edge("t1", "t2", "series"),
        Edge("t2", "x", "related"),
    ]


def test_layout_is_the_same_for_the_same_catalog(shipped: Catalog) -> None:
    again = load_catalog(REPO / "catalog")
    assert layout_map(shipped) == layout_map(again)


def test_every_entry_is_a_node_inside_its_first_topic_and_its_ancestors(shipped: Catalog) -> None:
    atlas = layout_map(shipped)
    regions = {r.topic: r for r in atlas.regions}
    assert [n.id for n in atlas.nodes] != []
    assert sorted(n.id for n in atlas.nodes) == sorted(shipped.entries)
    for node in atlas.nodes:
        assert node.topic == shipped.entries[node.id].topics[0]
        for topic in shipped.topic_path(node.topic):
            region = regions[topic.id]
            assert math.hypot(node.x - region.x, node.y - region.y) < region.r, topic.id
        assert 0 <= node.x <= atlas.width and 0 <= node.y <= atlas.height


def test_region_counts_are_the_topic_pages_counts(shipped: Catalog) -> None:
    totals = topic_totals(shipped)
    atlas = layout_map(shipped)
    assert {r.topic: r.count for r in atlas.regions} == {t: n for t, n in totals.items() if n}
    assert next(r.count for r in atlas.regions if r.topic == "quantization") == 44


def test_subtopics_sit_inside_their_parents_and_siblings_apart(shipped: Catalog) -> None:
    atlas = layout_map(shipped)
    regions = {r.topic: r for r in atlas.regions}
    for r in atlas.regions:
        parent = shipped.topics[r.topic].parent
        assert r.depth == len(shipped.topic_path(r.topic)) - 1
        if parent is not None:
            p = regions[parent]
            assert math.hypot(r.x - p.x, r.y - p.y) + r.r <= p.r + 0.2, (r.topic, parent)
    for a, b in itertools.combinations(atlas.regions, 2):
        if shipped.topics[a.topic].parent == shipped.topics[b.topic].parent:
            gap = math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r
            assert gap >= REGION_GAP - 0.2, (a.topic, b.topic)


def test_nodes_of_a_region_keep_their_distance(shipped: Catalog) -> None:
    atlas = layout_map(shipped)
    for topic in {n.topic for n in atlas.nodes}:
        members = [n for n in atlas.nodes if n.topic == topic]
        for a, b in itertools.combinations(members, 2):
            assert math.hypot(a.x - b.x, a.y - b.y) > NODE_GAP * 0.5


@pytest.mark.parametrize("radii", [[5.0], [30.0, 10.0, 10.0], [8.0] * 40, [50.0, 1.0, 80.0, 3.0]])
def test_pack_circles_leaves_a_gap_between_all(radii: list[float]) -> None:
    centres = pack_circles(radii)
    assert centres[0] == (0.0, 0.0)
    for (i, (ax, ay)), (j, (bx, by)) in itertools.combinations(enumerate(centres), 2):
        assert math.hypot(ax - bx, ay - by) >= radii[i] + radii[j] + REGION_GAP - 1e-9


@pytest.mark.parametrize("count", [0, 1, 2, 50])
def test_sunflower_fills_a_disc_from_the_centre(count: int) -> None:
    points = sunflower(count)
    assert len(points) == count
    if count:
        assert math.hypot(*points[0]) < NODE_GAP
        assert max(math.hypot(x, y) for x, y in points) <= NODE_GAP * math.sqrt(count) + 1e-9


def test_empty_catalog_gives_an_empty_map(tmp_path: Path) -> None:
    atlas = layout_map(load_catalog(write_catalog(tmp_path, [])))
    assert atlas == AtlasMap(48.0, 48.0, [], [], [])


def test_the_plan_has_the_map_page() -> None:
    catalog = load_catalog(BASIC_CATALOG)
    pages = {p.path: p for p in plan_list_pages(catalog)}
    page = pages["map/index.md"]
    assert page.template == "map.md.j2"
    assert page.context["atlas_map"] == layout_map(catalog)
    assert [c["id"] for c in page.context["topic_choices"]][:1] == [
        next(iter(catalog.children[None]))
    ]


def test_the_text_version_lists_each_topics_own_entries_most_linked_first(
    shipped: Catalog,
) -> None:
    atlas = layout_map(shipped)
    degree = atlas.degree()
    listed = text_version(shipped, atlas, 5)
    assert set(listed) == {r.topic for r in atlas.regions}
    for topic, ids in listed.items():
        own = sorted((e.id for e in shipped.by_topic[topic]), key=lambda i: (-degree[i], i))
        assert ids == own[:5]


def test_entries_drawn_in_another_topic_are_named_for_its_filter(shipped: Catalog) -> None:
    atlas = layout_map(shipped)
    also = drawn_elsewhere(shipped, atlas)
    for topic, indexes in also.items():
        for i in map(int, indexes.split()):
            node = atlas.nodes[i]
            assert topic in shipped.entries[node.id].topics and node.topic != topic
    assert "quantization" in also
