"""The map page's context: the laid-out map, its filter choices and its text version.

Takes a `Catalog`; gives the names `map.md.j2` reads (plain data, no I/O). The counts are the
topic pages' own: a region counts the distinct entries of its topic and subtopics, whichever of
an entry's topics it is drawn in (each entry is drawn once, in its first topic).
"""

from __future__ import annotations

from typing import Any

from llm_atlas.catalog import Catalog
from llm_atlas.render.graph import EDGE_KINDS, AtlasMap, layout_map, topic_order

TEXT_VERSION_SIZE = 100  # entries listed per topic in the text version (bounded at any size)
# The edge kinds' names are `edge.KIND` in render/messages (map.md.j2 looks them up).
EDGE_TITLES = {kind: f"edge.{kind}" for kind in ("related", "code", "paper", "series")}


def map_context(catalog: Catalog, kinds: list[str]) -> dict[str, Any]:
    """Return the map page's context: the laid-out map and its filter choices."""
    order = topic_order(catalog)
    atlas = layout_map(catalog)
    return {
        "atlas_map": atlas,
        "text_version": text_version(catalog, atlas, TEXT_VERSION_SIZE),
        "also": drawn_elsewhere(catalog, atlas),
        "kinds": kinds,
        "topic_choices": [
            {"id": t, "title": catalog.topics[t].title, "depth": len(catalog.topic_path(t)) - 1}
            for t in order
            if t in {r.topic for r in atlas.regions}
        ],
        # A region belongs to its topic and that topic's ancestors (the topic filter's choices).
        "topic_paths": {t: " ".join(p.id for p in catalog.topic_path(t)) for t in order},
        "edge_kinds": EDGE_KINDS,
        "EDGE_TITLES": EDGE_TITLES,
    }


def text_version(catalog: Catalog, atlas: AtlasMap, limit: int) -> dict[str, list[str]]:
    """Return topic → the ids of its own entries (as its topic page lists them), the most
    linked first (ties by id), at most LIMIT."""
    degree = atlas.degree()
    return {
        r.topic: sorted((e.id for e in catalog.by_topic[r.topic]), key=lambda i: (-degree[i], i))[
            :limit
        ]
        for r in atlas.regions
    }


def drawn_elsewhere(catalog: Catalog, atlas: AtlasMap) -> dict[str, str]:
    """Return topic → the node indexes (space separated) of its entries drawn in another
    region (their first topic is another one): the topic filter shows them too."""
    out: dict[str, list[str]] = {}
    for i, node in enumerate(atlas.nodes):
        for topic_id in catalog.entries[node.id].topics[1:]:
            if topic_id != node.topic:
                out.setdefault(topic_id, []).append(str(i))
    return {t: " ".join(dict.fromkeys(v)) for t, v in out.items()}
