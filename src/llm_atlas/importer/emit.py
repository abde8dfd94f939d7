"""Turn a parsed README into draft catalog data: topics, entries and a report.

Takes a `Parsed` document; gives a `Draft`: topics (one per kept heading, nested by level),
entries grouped by top-level topic, and a `Report` of what was mapped and what was not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llm_atlas.importer.names import (
    IdAllocator,
    arxiv_id,
    english_title,
    entry_slug,
    guess_kind,
    has_cjk,
    slugify,
    translate_title,
    transliterate,
    url_slug,
)
from llm_atlas.importer.records import Item, Parsed, Skip
from llm_atlas.importer.remap import RepoTree, remap_url
from llm_atlas.models import KIND_MODELS
from llm_atlas.rules import normalize_url

SKIP_TITLES = {
    "目录": "table of contents",
    "contents": "table of contents",
    "content": "table of contents",
    "table of contents": "table of contents",
    "table of content": "table of contents",
    "toc": "table of contents",
    "star history": "star-history chart",
}
_SERIES = re.compile(r"^(?P<name>.+?)\s*[（(](?P<num>[一二三四五六七八九十]+)[）)]")
_NUMERALS = "一二三四五六七八九"
_PROSE_HEADING = re.compile(r".{60}.*[.!?。！？]\s|[.!?。！？]\s.{20}")
NUMBERED_HEADING = re.compile(r"^\s*([0-9]+(\.[0-9]+)*\.?|[一二三四五六七八九十]+、)\s*")
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


def chinese_number(text: str) -> int:
    """Return the value of a Chinese numeral from 一 to 九十九."""
    if "十" not in text:
        return _NUMERALS.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        _NUMERALS.index(ones) + 1 if ones else 0
    )


def build_draft(
    parsed: Parsed, added: dt.date, topics_prefix: str = "", tree: RepoTree | None = None
) -> Draft:
    """Map PARSED to topics and entries; every item is either an entry or a report line."""
    report = Report(skipped=list(parsed.skipped))
    section_topic, topics, roots = _plan_topics(parsed, topics_prefix, report)
    report.topics = len(topics)
    entries: list[dict[str, Any]] = []
    entry_of: dict[int, int] = {}
    by_url: dict[str, int] = {}
    ids = IdAllocator()
    names = Counter(m["name"].strip() for item in parsed.items if (m := _SERIES.match(item.title)))
    series = {name for name, count in names.items() if count >= 2}
    for index, item in enumerate(parsed.items):
        topic = section_topic.get(item.section)
        if topic is None:
            where = "before the first heading" if item.section < 0 else "in a skipped section"
            shown = f"{item.title} ({item.url})" if item.url else item.title
            report.skipped.append(Skip(item.line, f"item {where}", shown))
            continue
        url = _remap(item.url, item.line, tree, report)
        # The same paper by another URL (abs/pdf/html, a version) is the same entry.
        paper = arxiv_id(url) if url else None
        key = f"arxiv:{paper}" if paper else normalize_url(url) if url else None
        if key is not None and key in by_url:
            first = entries[by_url[key]]
            entry_of[index] = by_url[key]
            if topic not in first["topics"]:
                first["topics"].append(topic)
            report.notes.append(
                Skip(
                    item.line,
                    f"duplicate URL: merged into '{first['id']}' "
                    f"(topics {', '.join(first['topics'])})",
                    item.title,
                )
            )
            _relate(entries, entry_of, item, by_url[key])
            continue
        entry = _make_entry(item, url, topic, added, tree, report)
        _set_series(entry, series)
        entry["id"] = ids.take(entry.pop("_slug") or f"{topic}-item")
        entries.append(entry)
        entry_of[index] = len(entries) - 1
        if key is not None:
            by_url[key] = len(entries) - 1
        _relate(entries, entry_of, item, len(entries) - 1)
    _mark_series(entries, report)
    files: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        report.kinds[entry["kind"]] += 1
        report.urls.update(entry[k] for k in ("url", "code", "docs") if k in entry)
        files.setdefault(roots[entry["topics"][0]], []).append(_ordered(entry))
    # A link reported on one line but mapped from another (a repeated row) is not unmapped.
    mapped = {normalize_url(u) for u in report.urls}
    report.skipped = [
        s
        for s in report.skipped
        if s.reason.startswith(("repository path", "section")) or not _mapped_link(s.text, mapped)
    ]
    report.planned = sum(1 for e in entries if e.get("status") == "planned")
    report.published = len(entries) - report.planned
    return Draft(topics, files, report)


def _plan_topics(
    parsed: Parsed, prefix: str, report: Report
) -> tuple[dict[int, str], list[dict[str, Any]], dict[str, str]]:
    with_items = Counter(item.section for item in parsed.items)
    ids = IdAllocator()
    levels = [h.level for h in parsed.headings]
    banner = 0 if levels and levels.count(levels[0]) == 1 and len(levels) > 1 else None
    if banner is not None and levels[0] != min(levels):
        banner = None
    stack: list[tuple[int, str]] = []
    section_topic: dict[int, str] = {}
    topics: list[dict[str, Any]] = []
    roots: dict[str, str] = {}
    below = _items_below(parsed, with_items)
    for index, heading in enumerate(parsed.headings):
        has_children = below[index] > with_items[index]
        reason = SKIP_TITLES.get(heading.title.strip().lower())
        if reason is None and not with_items[index] and _PROSE_HEADING.search(heading.title):
            reason = "a sentence, not a topic"
        if reason is None and index == banner and not with_items[index]:
            reason = "the README's title over every section"
        if reason is None and not (with_items[index] or has_children or heading.placeholder):
            reason = "no links or items (prose only)"
        if reason is None and not with_items[index] and not has_children and heading.has_media:
            reason = "only images, badges or HTML"
        if reason is None and not with_items[index] and heading.anchor_links >= 3:
            reason = "table of contents (in-page links only)"
        if reason is not None:
            report.skipped.append(Skip(heading.line, f"section skipped: {reason}", heading.title))
            continue
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        title = NUMBERED_HEADING.sub("", heading.title)
        words = translate_title(title) or [transliterate(title)]
        base = slugify([prefix, *words]) if prefix else slugify(words)
        tid = ids.take(base or slugify([prefix, "topic"]) or "topic")
        topic: dict[str, Any] = {
            "id": tid,
            "title": heading.title or tid,
            "title_en": english_title(heading.title or tid),
        }
        if stack:
            topic["parent"] = stack[-1][1]
        if index in parsed.descriptions:
            topic["description"] = parsed.descriptions[index]
        topics.append(topic)
        roots[tid] = roots[stack[0][1]] if stack else tid
        section_topic[index] = tid
        stack.append((heading.level, tid))
    return section_topic, topics, roots


def _items_below(parsed: Parsed, with_items: Counter[int]) -> list[int]:
    """Return, per heading, the items in its section and every section nested under it."""
    headings = parsed.headings
    totals = [with_items[i] for i in range(len(headings))]
    stack: list[int] = []
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            stack.pop()
        for parent in stack:
            totals[parent] += with_items[index]
        stack.append(index)
    return totals


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


def _make_entry(
    item: Item, url: str | None, topic: str, added: dt.date, tree: RepoTree | None, report: Report
) -> dict[str, Any]:
    kind = guess_kind(url, item.source) if url else "tutorial"
    entry: dict[str, Any] = {
        "_slug": entry_slug(item.title, url),
        "_line": item.line,
        "kind": kind,
        "title": item.title,
        "topics": [topic],
    }
    if url:
        entry["url"] = url
    else:
        entry["status"] = "planned"
    entry["lang"] = "zh" if has_cjk(item.title) else "en"
    if kind == "paper" and url and arxiv_id(url):
        entry["arxiv"] = arxiv_id(url)
    allowed = KIND_MODELS[kind].model_fields
    for name, raw in item.fields.items():
        value: Any = raw
        if name == "code":
            value = _remap(raw, item.line, tree, report) or raw
            if url and normalize_url(value) == normalize_url(url):
                continue
        if name == "year":
            value = int(raw)
        if name == "authors":
            value = [a.strip() for a in re.split(r"[,，]", raw) if a.strip()]
        if name in allowed:
            entry[name] = value
        else:
            report.skipped.append(Skip(item.line, f"column '{name}' does not fit a {kind}", value))
    if item.labels:
        entry["tags"] = list(dict.fromkeys(item.labels))
    if item.description:
        entry["description"] = item.description
    entry["added"] = added
    return entry


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


def _set_series(entry: dict[str, Any], series: set[str]) -> None:
    match = _SERIES.match(entry["title"])
    if match and match["name"].strip() in series:
        entry["series"], entry["part"] = match["name"].strip(), chinese_number(match["num"])
        if entry["_slug"] and entry["_slug"] != url_slug(entry.get("url", "")):
            entry["_slug"] = slugify([entry["_slug"], str(entry["part"])])


def _mark_series(entries: list[dict[str, Any]], report: Report) -> None:
    used: dict[tuple[str, int], str] = {}
    for entry in entries:
        if "series" not in entry:
            continue
        slot = (entry["series"], entry["part"])
        if slot in used:
            report.skipped.append(
                Skip(
                    entry["_line"],
                    f"part {slot[1]} of series '{slot[0]}' is already "
                    f"'{used[slot]}': '{entry['id']}' left out of the series",
                    entry["title"],
                )
            )
            del entry["series"], entry["part"]
            continue
        used[slot] = entry["id"]
        report.series[slot[0]] = report.series.get(slot[0], 0) + 1


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in FIELD_ORDER if k in entry and entry[k] not in (None, [], "")}
