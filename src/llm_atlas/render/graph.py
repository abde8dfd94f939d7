"""The atlas map: the catalog as a graph, laid out at build time.

Takes a `Catalog`; gives an `AtlasMap` (plain data, no I/O): one region per topic that holds
entries (a circle around its own entries and, inside it, its subtopics' circles), one node per
entry inside the region of its first topic, and the edges between entries (related, code, paper,
series). A region counts what its topic page counts (the distinct entries of the topic and its
subtopics). The layout is a pure function of the catalog: the same catalog always gives the same
picture, and it takes linear time in the entries (sunflower spirals inside regions; only the
circles of one parent are packed together, children before parents).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from llm_atlas.catalog import Catalog
from llm_atlas.models import KINDS, Entry
from llm_atlas.render.views import topic_totals

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
    count: int  # distinct entries in the topic and its subtopics, as on the topic page
    depth: int  # 0 for a top-level topic: regions of subtopics sit inside their parent's


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
    """Lay the catalog out as nested regions of entry nodes; see the module text."""
    members: dict[str, list[Entry]] = {}
    for entry in catalog.entries.values():
        members.setdefault(entry.topics[0], []).append(entry)
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    order = topic_order(catalog)
    radius: dict[str, float] = {}
    offset: dict[str, tuple[float, float]] = {}  # a region's centre from its parent's centre
    own_at: dict[str, tuple[float, float]] = {}  # the centre of a region's own entries
    totals = topic_totals(catalog)
    # Children before parents (topic_order is depth first), so each region packs finished ones.
    for topic_id in reversed(order):
        kids = [c for c in catalog.children.get(topic_id, []) if c in radius]
        own_count = len(members.get(topic_id, []))
        parts = ([("", _region_radius(own_count) - REGION_PAD)] if own_count else []) + [
            (c, radius[c]) for c in kids
        ]
        if not parts and totals[topic_id]:
            parts = [("", NODE_GAP)]  # its entries are all drawn in their first topics
        if not parts:
            continue
        radii = [r for _, r in parts]
        centres = pack_circles(radii)
        mx, my, reach = _enclosing(radii, centres)
        for (child, _r), (x, y) in zip(parts, centres, strict=True):
            if child:
                offset[child] = (x - mx, y - my)
            else:
                own_at[topic_id] = (x - mx, y - my)
        radius[topic_id] = reach + REGION_PAD
    tops = [t for t in order if t in radius and catalog.topics[t].parent not in radius]
    centre = dict(zip(tops, pack_circles([radius[t] for t in tops]), strict=True))
    top_index = {t: i for i, t in enumerate(catalog.children.get(None, []))}
    regions: list[Region] = []
    nodes: list[Node] = []
    for topic_id in order:
        if topic_id not in radius:
            continue
        chain = catalog.topic_path(topic_id)
        if topic_id not in centre:
            px, py = centre[chain[-2].id]
            dx, dy = offset[topic_id]
            centre[topic_id] = (px + dx, py + dy)
        cx, cy = centre[topic_id]
        group = top_index.get(chain[0].id, 0)
        title = catalog.topics[topic_id].title
        own = sorted(
            members.get(topic_id, []),
            key=lambda e: (kind_rank.get(e.kind, 99), -(e.year or 0), e.id),
        )
        regions.append(
            Region(
                topic_id, title, group, cx, cy, radius[topic_id], totals[topic_id], len(chain) - 1
            )
        )
        ox, oy = own_at.get(topic_id, (0.0, 0.0))
        for (dx, dy), entry in zip(sunflower(len(own)), own, strict=True):
            nodes.append(
                Node(entry.id, entry.kind, entry.title, topic_id, cx + ox + dx, cy + oy + dy)
            )
    return _normalised(regions, nodes, map_edges(catalog))


def _enclosing(
    radii: list[float], centres: list[tuple[float, float]]
) -> tuple[float, float, float]:
    """Return the middle of the circles' bounding box and the distance from it that holds them."""
    circles = list(zip(radii, centres, strict=True))
    mx = (min(x - r for r, (x, _) in circles) + max(x + r for r, (x, _) in circles)) / 2
    my = (min(y - r for r, (_, y) in circles) + max(y + r for r, (_, y) in circles)) / 2
    return mx, my, max(math.hypot(x - mx, y - my) + r for r, (x, y) in circles)


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
                r.depth,
            )
            for r in regions
        ],
        [
            Node(n.id, n.kind, n.title, n.topic, round(n.x - left, 1), round(n.y - top, 1))
            for n in nodes
        ],
        edges,
    )
