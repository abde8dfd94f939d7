"""The catalog's types: `Catalog` (entries and topics with indexes by id, topic, kind and
series, and relations both ways) and `Origin` (where each was written).

Made by `validate.load_catalog`; read by every later step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from llm_atlas.loader import LoadedFile
from llm_atlas.models import KINDS, Entry, Topic
from llm_atlas.yaml_build import Mark, PathKey


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry or topic was written: its file and the path of its mapping in that file."""

    file: LoadedFile
    key: PathKey

    @property
    def path(self) -> str:
        return self.file.display

    def mark(self, *fields: str | int) -> Mark:
        found = self.file.mark((*self.key, *fields), prefer_key=False)
        return found or Mark(1, 1, 0, 0)

    @property
    def line(self) -> int:
        return self.mark().line


@dataclass
class Catalog:
    """A valid catalog with indexes for rendering and link checking."""

    root: Path
    topics: dict[str, Topic]
    entries: dict[str, Entry]
    origins: dict[str, Origin]
    files: list[LoadedFile]
    topic_origins: dict[str, Origin] = field(default_factory=dict)
    children: dict[str | None, list[str]] = field(default_factory=dict)
    by_topic: dict[str, list[Entry]] = field(default_factory=dict)
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    series: dict[str, list[Entry]] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)

    def topic_path(self, topic_id: str) -> list[Topic]:
        """Return the topics from the root down to TOPIC_ID."""
        chain: list[Topic] = []
        current: str | None = topic_id
        while current is not None:
            chain.append(self.topics[current])
            current = self.topics[current].parent
        return chain[::-1]

    def descendants(self, topic_id: str) -> list[str]:
        """Return TOPIC_ID's subtopics, depth first, in file order."""
        out: list[str] = []
        stack = list(reversed(self.children.get(topic_id, [])))
        while stack:  # a loop, not recursion: a deep tree is refused by the rules, not the stack
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self.children.get(child, [])))
        return out


def index_catalog(catalog: Catalog) -> None:
    """Fill CATALOG's indexes: topic tree, entries by topic, kind and series, relations."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for topic in catalog.topics.values():
        children[topic.parent].append(topic.id)
    by_topic: dict[str, list[Entry]] = {t: [] for t in catalog.topics}
    by_kind: dict[str, list[Entry]] = {k: [] for k in KINDS}
    series: dict[str, list[Entry]] = defaultdict(list)
    related: dict[str, dict[str, None]] = {e: {} for e in catalog.entries}
    for entry in catalog.entries.values():
        for tid in entry.topics:
            if tid in by_topic:
                by_topic[tid].append(entry)
        by_kind[entry.kind].append(entry)
        if entry.series is not None:
            series[entry.series].append(entry)
        for rel in entry.related:
            if rel in related and rel != entry.id:
                related[entry.id][rel] = None
                related[rel][entry.id] = None
    for members in series.values():
        members.sort(key=lambda e: (e.part is None, e.part or 0))
    catalog.children = dict(children)
    catalog.by_topic = by_topic
    catalog.by_kind = by_kind
    catalog.series = dict(series)
    catalog.related = {k: list(v) for k, v in related.items()}
