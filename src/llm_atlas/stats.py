"""Counts of a catalog: per kind, per status, per topic (with subtopics), papers with arXiv ids."""

from __future__ import annotations

from typing import Any

from llm_atlas.catalog import Catalog
from llm_atlas.models import KIND_TITLES, Paper
from llm_atlas.render.escape import terminal_text


def catalog_stats(catalog: Catalog) -> dict[str, Any]:
    """Return the counts as JSON-ready data."""
    entries = list(catalog.entries.values())
    topics: dict[str, dict[str, Any]] = {}
    for tid, topic in catalog.topics.items():
        ids = {e.id for t in [tid, *catalog.descendants(tid)] for e in catalog.by_topic[t]}
        topics[tid] = {
            "title": topic.title,
            "direct": len(catalog.by_topic[tid]),
            "total": len(ids),
            "depth": len(catalog.topic_path(tid)) - 1,
        }
    return {
        "entries": len(entries),
        "topics": len(catalog.topics),
        "kinds": {k: len(v) for k, v in catalog.by_kind.items() if v},
        "planned": sum(e.status == "planned" for e in entries),
        "papers_with_arxiv": sum(isinstance(e, Paper) and e.arxiv is not None for e in entries),
        "urls": len({u for e in entries for _, u in e.urls()}),
        "by_topic": topics,
    }


def print_stats(data: dict[str, Any]) -> None:
    """Print the counts as rich tables."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    console.print(
        f"{data['entries']} entries · {data['topics']} topics · {data['planned']} planned · "
        f"{data['urls']} distinct URLs · {data['papers_with_arxiv']} papers with arXiv ids"
    )
    kinds = Table(title="per kind")
    kinds.add_column("kind")
    kinds.add_column("entries", justify="right")
    for kind, count in data["kinds"].items():
        kinds.add_row(f"{kind} ({KIND_TITLES[kind][0]})", str(count))
    console.print(kinds)
    topics = Table(title="per topic")
    topics.add_column("topic")
    topics.add_column("direct", justify="right")
    topics.add_column("with subtopics", justify="right")
    for tid, row in data["by_topic"].items():
        # A catalog title is literal text (Text, not rich markup), controls shown as escapes.
        title = Text("  " * row["depth"] + f"{terminal_text(row['title'])} ({tid})")
        topics.add_row(title, str(row["direct"]), str(row["total"]))
    console.print(topics)
