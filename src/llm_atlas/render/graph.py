"""The atlas map: the catalog as a graph, laid out at build time.

Takes a `Catalog`; gives an `AtlasMap` (plain data, no I/O): one region per topic that holds
entries (a circle sized by its entries, placed near its sibling topics), one node per entry inside
the region of its first topic, and the edges between entries (related, code, paper, series). The
layout is a pure function of the catalog: the same catalog always gives the same picture, and it
takes linear time in the entries (sunflower spirals inside regions; only the regions are packed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from llm_atlas.catalog import Catalog
from llm_atlas.models import KINDS, Entry

NODE_GAP = 9.0  # distance between neighbouring nodes in a region
REGION_PAD = 10.0  # room between the outer nodes and the region's rim
REGION_GAP = 14.0  # room between regions
MARGIN = 24.0
SPIRAL_SPACING = 10.0  # distance between the turns of the spiral regions are placed along
SPIRAL_STEP = 6.0
_GOLDEN = math.pi * (3 - math.sqrt(5))
EDGE_KINDS = ("related", "code", "paper", "series")


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str
    title: str
    topic: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str  # one of EDGE_KINDS


@dataclass(frozen=True, slots=True)
class Region:
    topic: str
    title: str
    group: int  # index of its top-level topic (regions of one area share a tint)
    x: float
    y: float
    r: float
    count: int


@dataclass(frozen=True)
class AtlasMap:
    width: float
    height: float
    regions: list[Region]
    nodes: list[Node]
    edges: list[Edge]

    def degree(self) -> dict[str, int]:
        """Return entry id → number of edges that touch it."""
        out = {n.id: 0 for n in self.nodes}
        for edge in self.edges:
            out[edge.source] += 1
            out[edge.target] += 1
        return out


def most_linked(atlas: AtlasMap, limit: int) -> dict[str, list[str]]:
    """Return region topic → the ids of its LIMIT entries with the most edges (ties by id)."""
    degree = atlas.degree()
    out: dict[str, list[str]] = {r.topic: [] for r in atlas.regions}
    for node in atlas.nodes:
        out[node.topic].append(node.id)
    return {t: sorted(ids, key=lambda i: (-degree[i], i))[:limit] for t, ids in out.items()}


def map_edges(catalog: Catalog) -> list[Edge]:
    """Return each link between two entries once: series neighbours, then the `related` links,
    named after the kind they reach (code, paper) or `related`."""
    edges: dict[tuple[str, str], Edge] = {}
    for members in catalog.series.values():
        for a, b in zip(members, members[1:], strict=False):
            edges.setdefault(_pair(a.id, b.id), Edge(a.id, b.id, "series"))
    for entry in catalog.entries.values():
        for other_id in entry.related:
            if other_id not in catalog.entries or other_id == entry.id:
                continue
            other = catalog.entries[other_id]
            kinds = {entry.kind, other.kind}
            kind = "code" if "code" in kinds else "paper" if "paper" in kinds else "related"
            edges.setdefault(_pair(entry.id, other_id), Edge(entry.id, other_id, kind))
    return list(edges.values())


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def topic_order(catalog: Catalog) -> list[str]:
    """Return topic ids depth first along the taxonomy (siblings next to each other)."""
    out: list[str] = []

    def walk(parent: str | None) -> None:
        for tid in catalog.children.get(parent, []):
            out.append(tid)
            walk(tid)

    walk(None)
    return out + [t for t in catalog.topics if t not in out]


def layout_map(catalog: Catalog) -> AtlasMap:
    """Lay the catalog out as regions of entry nodes; see the module text."""
    members: dict[str, list[Entry]] = {}
    for entry in catalog.entries.values():
        members.setdefault(entry.topics[0], []).append(entry)
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    tops = {t: _top(catalog, t) for t in catalog.topics}
    top_index = {t: i for i, t in enumerate(catalog.children.get(None, []))}
    order = [t for t in topic_order(catalog) if t in members]
    circles = [_region_radius(len(members[t])) for t in order]
    centres = pack_circles(circles)
    regions: list[Region] = []
    nodes: list[Node] = []
    for topic_id, r, (cx, cy) in zip(order, circles, centres, strict=True):
        entries = sorted(
            members[topic_id], key=lambda e: (kind_rank.get(e.kind, 99), -(e.year or 0), e.id)
        )
        title = catalog.topics[topic_id].title
        regions.append(
            Region(topic_id, title, top_index.get(tops[topic_id], 0), cx, cy, r, len(entries))
        )
        for (dx, dy), entry in zip(sunflower(len(entries)), entries, strict=True):
            nodes.append(Node(entry.id, entry.kind, entry.title, topic_id, cx + dx, cy + dy))
    return _normalised(regions, nodes, map_edges(catalog))


def _top(catalog: Catalog, topic_id: str) -> str:
    return catalog.topic_path(topic_id)[0].id


def _region_radius(count: int) -> float:
    return NODE_GAP * math.sqrt(max(count, 1)) + REGION_PAD


def sunflower(count: int) -> list[tuple[float, float]]:
    """Return COUNT offsets filling a disc evenly (Vogel's spiral), the first at the centre."""
    return [
        (
            NODE_GAP * math.sqrt(i + 0.5) * math.cos(i * _GOLDEN),
            NODE_GAP * math.sqrt(i + 0.5) * math.sin(i * _GOLDEN),
        )
        for i in range(count)
    ]


def pack_circles(radii: list[float]) -> list[tuple[float, float]]:
    """Place circles of RADII in order without overlap along one outward spiral around the
    origin, each at the first free point after the previous one (so neighbours in the list end up
    next to each other)."""
    placed: list[tuple[float, float, float]] = []
    out: list[tuple[float, float]] = []
    angle = 0.0
    for r in radii:
        while True:
            dist = SPIRAL_SPACING * angle / (2 * math.pi)
            x, y = dist * math.cos(angle), dist * math.sin(angle)
            if all(
                (x - px) ** 2 + (y - py) ** 2 >= (r + pr + REGION_GAP) ** 2 for px, py, pr in placed
            ):
                break
            angle += min(0.5, SPIRAL_STEP / max(dist, 1.0))  # equal steps along the spiral
        placed.append((x, y, r))
        out.append((x, y))
    return out


def _normalised(regions: list[Region], nodes: list[Node], edges: list[Edge]) -> AtlasMap:
    """Shift everything so the map starts at (MARGIN, MARGIN); round to 0.1 (stable output)."""
    if not regions:
        return AtlasMap(2 * MARGIN, 2 * MARGIN, [], [], [])
    left = min(r.x - r.r for r in regions) - MARGIN
    top = min(r.y - r.r for r in regions) - MARGIN
    width = max(r.x + r.r for r in regions) - left + MARGIN
    height = max(r.y + r.r for r in regions) - top + MARGIN
    return AtlasMap(
        round(width, 1),
        round(height, 1),
        [
            Region(
                r.topic,
                r.title,
                r.group,
                round(r.x - left, 1),
                round(r.y - top, 1),
                round(r.r, 1),
                r.count,
            )
            for r in regions
        ],
        [
            Node(n.id, n.kind, n.title, n.topic, round(n.x - left, 1), round(n.y - top, 1))
            for n in nodes
        ],
        edges,
    )
