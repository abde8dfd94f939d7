"""The page plan: which Markdown page is rendered from which template with which context.

Takes a `Catalog` (and the data folder's `Facts`, if any); gives `Page` records (docs-relative path,
template, context) for the home page, one page per topic, per entry, per kind, the tags index, the
explore page and, with facts, the health page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llm_atlas.catalog import Catalog
from llm_atlas.facts import Facts
from llm_atlas.models import KIND_TITLES, KINDS, Entry
from llm_atlas.render.charts import growth_chart, year_timeline
from llm_atlas.render.map_page import map_context
from llm_atlas.render.views import (
    KIND_SLUGS,
    Tag,
    added_key,
    is_practice,
    practice_code,
    series_groups,
    tag_index,
    tag_letters,
)

RECENT_SIZE = 12
PATHS_SIZE = 10
HEALTH_PAGE = "health/index.md"


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        """Return the relative prefix from this page to the docs root ('../../' or '')."""
        return "../" * self.path.count("/")


def kind_page(kind: str) -> str:
    return f"{KIND_SLUGS[kind]}/index.md"


def plan_pages(
    catalog: Catalog, tags: dict[str, Tag] | None = None, facts: Facts | None = None
) -> list[Page]:
    """Return every generated page of the site (TAGS: the catalog's `tag_index`, if known)."""
    return plan_list_pages(catalog, tags, facts) + plan_entry_pages(catalog)


def plan_entry_pages(catalog: Catalog) -> list[Page]:
    """Return the page of each entry."""
    return [
        Page(f"entries/{entry.id}.md", "entry.md.j2", {"entry": entry})
        for entry in catalog.entries.values()
    ]


def plan_list_pages(
    catalog: Catalog, tags: dict[str, Tag] | None = None, facts: Facts | None = None
) -> list[Page]:
    """Return the home, tags, explore, kind and topic pages, and the health page when FACTS
    hold anything (`llm_atlas.facts.load_facts`)."""
    kinds = [k for k in KINDS if catalog.by_kind.get(k)]
    tags = tag_index(catalog) if tags is None else tags
    recent = recent_entries(catalog)
    pages = [
        Page(
            "index.md",
            "home.md.j2",
            {
                "kinds": kinds,
                "recent": recent,
                "paths": reading_paths(catalog),
                "growth": growth_chart(list(catalog.entries.values())),
            },
        ),
        Page(
            "tags/index.md",
            "tags.md.j2",
            {"tags": list(tags.values()), "letters": tag_letters(list(tags.values()))},
        ),
        Page("explore/index.md", "explore.md.j2", {"kinds": kinds, "dated": dated(catalog)}),
        Page("map/index.md", "map.md.j2", map_context(catalog, kinds)),
    ]
    if facts:
        from llm_atlas.render.health import health_summary

        pages.append(Page(HEALTH_PAGE, "health.md.j2", {"health": health_summary(catalog, facts)}))
    for kind in kinds:
        entries = catalog.by_kind[kind]
        if kind == "paper":
            entries = sorted(entries, key=lambda e: -(e.year or 0))
        pages.append(
            Page(
                kind_page(kind),
                f"kind-{kind}.md.j2" if kind in _KIND_TEMPLATES else "kind.md.j2",
                {"kind": kind, "entries": entries},
            )
        )
    for topic_id, topic in catalog.topics.items():
        pages.append(
            Page(
                f"topics/{topic_id}/index.md",
                "topic.md.j2",
                {
                    "topic": topic,
                    **topic_sections(catalog.by_topic.get(topic_id, []), catalog),
                    "timeline": year_timeline(topic_entries(catalog, topic_id)),
                },
            )
        )
    return pages


def dated(catalog: Catalog) -> bool:
    """Return True when the entries were added on more than one day (else "recently added" is
    only the files' order)."""
    return len({e.added for e in catalog.entries.values() if e.added}) > 1


def recent_entries(catalog: Catalog) -> list[Entry]:
    """Return the RECENT_SIZE written entries added last, or none when the dates do not differ."""
    if not dated(catalog):
        return []
    written = [e for e in catalog.entries.values() if e.added and e.status != "planned"]
    return sorted(written, key=added_key, reverse=True)[:RECENT_SIZE]


@dataclass(frozen=True, slots=True)
class ReadingPath:
    name: str
    start: Entry  # the first written part
    parts: int  # written parts
    topic: str


def reading_paths(catalog: Catalog) -> list[ReadingPath]:
    """Return the PATHS_SIZE series with the most written parts (ties by name): where to start
    reading a run of tutorials from its first part."""
    paths = []
    for name, members in catalog.series.items():
        written = [e for e in members if e.status != "planned"]
        if len(written) >= 2:
            first = min(written, key=lambda e: (e.part is None, e.part or 0))
            paths.append(ReadingPath(name, first, len(written), first.topics[0]))
    return sorted(paths, key=lambda p: (-p.parts, p.name))[:PATHS_SIZE]


# The tutorial tables' columns and headings, as keys of the message catalog (render/messages).
PRACTICE_COLUMNS = (("model", "col.model"), ("method", "col.method"), ("params", "col.params"))
TUTORIAL_TABLES = (("principles", "topic.principles"), ("practice", "topic.practice"))
_KIND_TEMPLATES = frozenset({"paper", "benchmark", "dataset", "tool"})


def topic_sections(entries: list[Entry], catalog: Catalog) -> dict[str, Any]:
    """Return the topic page's tutorial tables (hands-on practice, then principles) and its
    other entries grouped by kind (series first)."""
    tabled = [e for e in entries if is_practice(e)]
    shown = {e.id for e in tabled}
    groups = []
    for kind in KINDS:
        members = [e for e in entries if e.kind == kind and e.id not in shown]
        if members:
            series, rest = series_groups(members)
            groups.append(
                {
                    "kind": kind,
                    "title": KIND_TITLES[kind][0],
                    "series": series,
                    "entries": rest,
                    "count": len(members),
                }
            )
    hands_on = {e.id for e in tabled if is_hands_on(e, catalog)}
    tables = []
    for name, heading in TUTORIAL_TABLES:
        rows = [e for e in tabled if (e.id in hands_on) == (name == "practice")]
        if not rows:
            continue
        # Columns that no row fills (the PEFT tutorials name no model) are left out so the table
        # fits; so is the code column of a table whose rows link no code.
        columns = [
            (field, label)
            for field, label in PRACTICE_COLUMNS
            if any(getattr(e, field, None) for e in rows)
        ]
        code = any(e.code or practice_code(catalog, e) for e in rows)
        tables.append(
            {"name": name, "heading": heading, "rows": rows, "columns": columns, "code": code}
        )
    return {"tutorial_tables": tables, "groups": groups}


def is_hands_on(entry: Entry, catalog: Catalog) -> bool:
    """Return True for a tutorial that works with a model or code (practice), False for one that
    explains a method (principles)."""
    if entry.code or getattr(entry, "model", None) or getattr(entry, "params", None):
        return True
    return bool(practice_code(catalog, entry))


def topic_entries(catalog: Catalog, topic_id: str) -> list[Entry]:
    """Return the distinct entries of a topic and its subtopics."""
    found = {
        e.id: e for t in [topic_id, *catalog.descendants(topic_id)] for e in catalog.by_topic[t]
    }
    return list(found.values())
