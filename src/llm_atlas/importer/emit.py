"""Turn a parsed README into draft catalog data: topics, entries and a report.

Takes a `Parsed` document; gives a `Draft`: topics (planned by `topics`), entries grouped by
top-level topic (kind by `kinds`; an item listed twice is one entry holding every link), and a
`Report` of what was mapped and what was not.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llm_atlas.importer.entries import URL_FIELDS, field_value, make_entry
from llm_atlas.importer.records import Existing, Item, Parsed, Skip
from llm_atlas.importer.remap import RepoTree, remap_url
from llm_atlas.importer.series import mark_series, series_names, set_series
from llm_atlas.importer.topics import plan_topics
from llm_atlas.models import KIND_MODELS, LINK_FIELDS
from llm_atlas.naming import IdAllocator, arxiv_id, entry_base
from llm_atlas.rules import normalize_url

_OPENREVIEW = re.compile(r"openreview\.net/(?:forum|pdf)\?id=([\w-]{1,40})")

FIELD_ORDER = (
    "id",
    "kind",
    "title",
    "url",
    "status",
    "lang",
    "topics",
    "series",
    "part",
    "authors",
    "year",
    "arxiv",
    "venue",
    "model",
    "method",
    "params",
    "framework",
    "docs",
    "code",
    *LINK_FIELDS,
    "links",
    "tags",
    "related",
    "description",
    "added",
)


@dataclass
class Report:
    """What the import mapped and what it could not."""

    topics: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    published: int = 0
    planned: int = 0
    series: dict[str, int] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    notes: list[Skip] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        """Return the headline figures as plain data."""
        return {
            "topics": self.topics,
            "entries": self.published + self.planned,
            "published": self.published,
            "planned": self.planned,
            "series": len(self.series),
            "series_parts": sum(self.series.values()),
            "distinct_urls": len(self.urls),
            "kinds": dict(sorted(self.kinds.items())),
            "skipped_lines": len(self.skipped),
        }


@dataclass
class Draft:
    topics: list[dict[str, Any]]
    files: dict[str, list[dict[str, Any]]]
    report: Report


def build_draft(
    parsed: Parsed,
    added: dt.date,
    topics_prefix: str = "",
    tree: RepoTree | None = None,
    existing: Existing | None = None,
) -> Draft:
    """Map PARSED to topics and entries; every item is either an entry or a report line.
    With EXISTING (a catalog to import into), ids are free in it and its works are left out."""
    existing = existing or Existing()
    report = Report(skipped=list(parsed.skipped))
    plan = plan_topics(parsed, topics_prefix, report.skipped, existing.topic_ids)
    report.topics = len(plan.topics)
    entries: list[dict[str, Any]] = []
    entry_of: dict[int, int] = {}
    by_key: dict[str, int] = {}
    ids = IdAllocator(existing.entry_ids)
    series = series_names(parsed.items)
    held_parts: dict[tuple[str, int], dict[str, Any]] = {}
    for index, item in enumerate(parsed.items):
        topic = plan.section_topic.get(item.section)
        if topic is None:
            where = "before the first heading" if item.section < 0 else "in a skipped section"
            shown = f"{item.title} ({item.url})" if item.url else item.title
            report.skipped.append(Skip(item.line, f"item {where}", shown))
            continue
        url = _remap(item.url, item.line, tree, report)
        keys = _keys(item, url)
        known = next((existing.works[k] for k in keys if k in existing.works), None)
        if known is not None:
            report.notes.append(
                Skip(item.line, f"already in the catalog as '{known}': left out", item.title)
            )
            continue
        seen = next((by_key[k] for k in keys if k in by_key), None)
        if seen is not None:
            first = entries[seen]
            entry_of[index] = seen
            if topic not in first["topics"]:
                first["topics"].append(topic)
            _merge_links(first, item, url, tree, report)
            report.notes.append(
                Skip(
                    item.line,
                    f"listed again: merged into '{first['id']}' "
                    f"(topics {', '.join(first['topics'])})",
                    item.title,
                )
            )
            _relate(entries, entry_of, item, seen)
            continue
        hint = plan.section_kind.get(item.section)
        entry = make_entry(
            item,
            url,
            topic,
            added,
            functools.partial(_remap_link, line=item.line, tree=tree, report=report),
            report.skipped,
            hint,
        )
        if "year" not in entry and item.section in plan.section_year:
            entry["year"] = plan.section_year[item.section]
        part = set_series(entry, series, held_parts)
        entry["id"] = ids.take(entry_base(item.title, None, url, topic, part))
        entries.append(entry)
        entry_of[index] = len(entries) - 1
        for key in keys:
            by_key.setdefault(key, len(entries) - 1)
        _relate(entries, entry_of, item, len(entries) - 1)
    mark_series(entries, report)
    files: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        report.kinds[entry["kind"]] += 1
        report.urls.update(_entry_urls(entry))
        files.setdefault(plan.roots[entry["topics"][0]], []).append(_ordered(entry))
    # A link reported on one line but mapped from another (a repeated row) is not unmapped.
    mapped = {normalize_url(u) for u in report.urls}
    report.skipped = [
        s
        for s in report.skipped
        if s.reason.startswith(("repository path", "section")) or not _mapped_link(s.text, mapped)
    ]
    report.planned = sum(1 for e in entries if e.get("status") == "planned")
    report.published = len(entries) - report.planned
    return Draft(plan.topics, files, report)


def _keys(item: Item, url: str | None) -> list[str]:
    """Return what makes two items one work: the paper's arXiv id, the URL, a long title."""
    keys = []
    paper = (arxiv_id(url) if url else None) or item.fields.get("arxiv")
    if paper:
        keys.append(f"arxiv:{paper}")
    if url:
        keys.append(normalize_url(url))
    if url and (review := _OPENREVIEW.search(url)):
        keys.append(f"openreview:{review[1]}")  # forum?id=X and pdf?id=X: one paper
    words = re.findall(r"\w+", item.title.lower())
    if len(words) >= 4 and len(item.title) >= 16 and url:
        keys.append("title:" + " ".join(words))
    return keys


def _entry_urls(entry: dict[str, Any]) -> list[str]:
    urls = [entry[k] for k in ("url", *URL_FIELDS) if isinstance(entry.get(k), str)]
    return urls + list(entry.get("links", []))


def _merge_links(
    first: dict[str, Any], item: Item, url: str | None, tree: RepoTree | None, report: Report
) -> None:
    """Give FIRST every link of ITEM, a second listing of the same work."""
    held = {normalize_url(u) for u in _entry_urls(first)}
    allowed = KIND_MODELS[first["kind"]].model_fields
    links = [(k, v) for k, v in item.fields.items() if k in URL_FIELDS]
    links += [("links", u) for u in item.more] + ([("links", url)] if url else [])
    for name, raw in links:
        value = _remap(raw, item.line, tree, report) or raw
        if normalize_url(value) in held or (arxiv_id(value) or 0) == first.get("arxiv"):
            continue  # held already, or the same paper by another URL (pdf, a version)
        held.add(normalize_url(value))
        if name != "links" and name in allowed and name not in first:
            first[name] = value
        else:
            first.setdefault("links", []).append(value)
    for name in ("year", "venue", "authors"):
        if name in item.fields and name not in first and name in allowed:
            first[name] = field_value(name, item.fields[name])


def _remap_link(url: str, *, line: int, tree: RepoTree | None, report: Report) -> str:
    return _remap(url, line, tree, report) or url


def _remap(url: str | None, line: int, tree: RepoTree | None, report: Report) -> str | None:
    if url is None or tree is None:
        return url
    new, state = remap_url(url, tree)
    if state == "moved":
        report.notes.append(Skip(line, f"stale repository path remapped to {new}", url))
    elif state == "missing":
        report.skipped.append(
            Skip(
                line,
                "repository path not in the tree and no path with the "
                "same tail: kept as written, fix by hand",
                url,
            )
        )
    return new


def _mapped_link(text: str, mapped: set[str]) -> bool:
    urls = re.findall(r"https?://[^\s)\]]+", text)
    return bool(urls) and all(normalize_url(u) in mapped for u in urls)


def _relate(
    entries: list[dict[str, Any]], entry_of: dict[int, int], item: Item, index: int
) -> None:
    if item.parent is None or item.parent not in entry_of:
        return
    parent = entries[entry_of[item.parent]]["id"]
    entry = entries[index]
    if parent != entry["id"] and parent not in entry.setdefault("related", []):
        entry["related"].append(parent)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in FIELD_ORDER if k in entry and entry[k] not in (None, [], "")}
