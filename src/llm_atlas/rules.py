"""Catalog-wide rules: what no single entry can check on its own.

Takes a `Catalog` whose entries and topics each passed their model; adds a `Problem` for unknown
topics, parents and related ids, topic cycles, topics nested deeper than MAX_TOPIC_DEPTH,
duplicate URLs and duplicate series parts. The topic walks are linear: each topic is visited once,
so a long parent chain costs what it is long, and the tree the pages walk is never deeper than
the limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from llm_atlas.loader import TOPICS_FILE
from llm_atlas.problems import Problem
from llm_atlas.schema_errors import did_you_mean

if TYPE_CHECKING:
    from llm_atlas.catalog import Catalog, Origin

MAX_TOPIC_DEPTH = 16  # the shipped catalog nests 3 levels


def check_topic_rules(
    catalog: Catalog, origins: dict[str, Origin], problems: list[Problem]
) -> None:
    """Report unknown parents and parent cycles (and cut the cycles so the tree stays walkable)."""
    ids = list(catalog.topics)
    for topic in catalog.topics.values():
        if topic.parent is not None and topic.parent not in catalog.topics:
            _add(
                problems,
                origins[topic.id],
                "parent",
                "unknown-topic",
                f"parent topic '{topic.parent}' does not exist{did_you_mean(topic.parent, ids)}",
                topic.id,
            )
    order = {tid: i for i, tid in enumerate(ids)}
    reported: set[str] = set()
    done: set[str] = set()
    for topic in catalog.topics.values():
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = topic.id
        while current in catalog.topics and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = catalog.topics[current].parent
        done.update(path)
        if current is not None and current in on_path:
            cycle = path[path.index(current) :]
            first = min(cycle, key=order.__getitem__)  # told at its first topic in the file
            cycle = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
            reported.update(cycle)
            _add(
                problems,
                origins[first],
                "parent",
                "topic-cycle",
                "topic parents form a cycle: " + " → ".join([*cycle, first]),
                first,
            )
    if reported:
        # A cycle would make the tree walk below loop forever: drop the broken parents.
        for tid in reported:
            catalog.topics[tid] = catalog.topics[tid].model_copy(update={"parent": None})
    _check_topic_depth(catalog, origins, problems)


def _check_topic_depth(
    catalog: Catalog, origins: dict[str, Origin], problems: list[Problem]
) -> None:
    """Report the topics one level past MAX_TOPIC_DEPTH, and cut them off the tree."""
    depth: dict[str, int] = {}
    for topic in catalog.topics.values():
        path: list[str] = []
        current: str | None = topic.id
        while current in catalog.topics and current not in depth:
            path.append(current)
            current = catalog.topics[current].parent
        below = depth.get(current, -1) if current is not None else -1
        for tid in reversed(path):
            below += 1
            depth[tid] = below
    for tid, level in depth.items():
        if level == MAX_TOPIC_DEPTH:
            _add(
                problems,
                origins[tid],
                "parent",
                "topic-too-deep",
                f"topic '{tid}' is {level + 1} levels deep, more than the {MAX_TOPIC_DEPTH} "
                "allowed: give it a parent nearer the top",
                tid,
            )
            catalog.topics[tid] = catalog.topics[tid].model_copy(update={"parent": None})


def _add(
    problems: list[Problem],
    origin: Origin,
    field: str | int | tuple[str | int, ...],
    code: str,
    message: str,
    entry: str,
) -> None:
    parts = field if isinstance(field, tuple) else (field,)
    m = origin.mark(*parts)
    problems.append(
        Problem(origin.path, m.line, m.column, code, message, entry=entry, field=str(parts[0]))
    )


# scheme://host[:port] as urlsplit splits it, for the URLs most entries have (a shortcut).
_PLAIN_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<netloc>[A-Za-z0-9.-]*(?::\d*)?)(?=[/?#]|$)"
)


def normalize_url(url: str) -> str:
    """Return URL with scheme and host lower-cased and no trailing slash, for duplicate checks."""
    plain = _PLAIN_URL.match(url)
    if plain is not None:
        scheme, netloc = plain.group("scheme", "netloc")
    else:
        parts = urlsplit(url)
        scheme, netloc = parts.scheme, parts.netloc
    rest = url[len(scheme) + 3 + len(netloc) :].rstrip("/")
    return f"{scheme.lower()}://{netloc.lower()}{rest}"


def check_entry_rules(catalog: Catalog, problems: list[Problem]) -> None:
    """Report unknown topics and related ids, duplicate URLs and duplicate series parts."""
    topic_ids = list(catalog.topics)
    entry_ids = list(catalog.entries)
    check_topics = bool(catalog.topics)  # without topics.yaml every topic would be reported
    urls: dict[str, str] = {}
    parts: dict[tuple[str, int], str] = {}
    for entry in catalog.entries.values():
        origin = catalog.origins[entry.id]
        for j, topic in enumerate(entry.topics):
            if check_topics and topic not in catalog.topics:
                _add(
                    problems,
                    origin,
                    ("topics", j),
                    "unknown-topic",
                    f"topic '{topic}' does not exist{did_you_mean(topic, topic_ids)} "
                    f"(topics are listed in {TOPICS_FILE})",
                    entry.id,
                )
        for j, rel in enumerate(entry.related):
            if rel == entry.id:
                _add(
                    problems,
                    origin,
                    ("related", j),
                    "self-related",
                    "an entry cannot be related to itself",
                    entry.id,
                )
            elif rel not in catalog.entries:
                _add(
                    problems,
                    origin,
                    ("related", j),
                    "unknown-entry",
                    f"related entry '{rel}' does not exist{did_you_mean(rel, entry_ids)}",
                    entry.id,
                )
        if entry.url is not None:
            key = normalize_url(entry.url)
            if key in urls:
                other = catalog.origins[urls[key]]
                _add(
                    problems,
                    origin,
                    "url",
                    "duplicate-url",
                    f"url is already used by entry '{urls[key]}' at {other.path}:{other.line}: "
                    "one entry per link (use 'related' to connect them)",
                    entry.id,
                )
            else:
                urls[key] = entry.id
        if entry.series is not None and entry.part is not None:
            slot = (entry.series, entry.part)
            if slot in parts:
                _add(
                    problems,
                    origin,
                    "part",
                    "duplicate-part",
                    f"part {entry.part} of series '{entry.series}' is already "
                    f"entry '{parts[slot]}'",
                    entry.id,
                )
            else:
                parts[slot] = entry.id
    check_url_hosts(catalog, problems)


def check_url_hosts(catalog: Catalog, problems: list[Problem]) -> None:
    """Warn about URLs on loopback, private, link-local or metadata hosts, or named `localhost`."""
    from llm_atlas.links.address import host_reason

    for entry in catalog.entries.values():
        for name, url in entry.urls():
            try:
                why = host_reason(urlsplit(url).hostname or "")
            except ValueError:
                continue
            if why is None:
                continue
            m = catalog.origins[entry.id].mark(name)
            message = (
                f"the host of {url} is {why}: a public catalog links to public hosts only "
                "(check-links skips it unless --allow-private)"
            )
            problems.append(
                Problem(
                    catalog.origins[entry.id].path,
                    m.line,
                    m.column,
                    "private-host",
                    message,
                    entry=entry.id,
                    field=name,
                    severity="warning",
                )
            )
