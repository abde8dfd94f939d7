"""Small read-only views of the catalog that templates need: field rows, links, relations, slugs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from llm_atlas.catalog import Catalog
from llm_atlas.models import KIND_TITLES, KINDS, Entry

KIND_SLUGS: dict[str, str] = {
    "tutorial": "tutorials",
    "article": "articles",
    "paper": "papers",
    "benchmark": "benchmarks",
    "dataset": "datasets",
    "tool": "tools",
    "code": "code",
    "course": "courses",
}
FIELD_LABELS: dict[str, str] = {
    "aliases": "别名",
    "authors": "作者",
    "year": "年份",
    "lang": "语言",
    "status": "状态",
    "venue": "发表于",
    "arxiv": "arXiv",
    "size": "规模",
    "languages": "覆盖语言",
    "tasks": "任务",
    "license": "许可证",
    "provider": "提供方",
    "model": "模型",
    "method": "方法",
    "params": "参数量",
    "framework": "框架",
    "added": "收录日期",
}
LINK_LABELS: dict[str, str] = {
    "url": "原文",
    "code": "代码",
    "pdf": "PDF",
    "docs": "文档",
    "leaderboard": "排行榜",
    "paper": "论文",
    "project": "项目主页",
    "demo": "演示",
    "data": "数据",
    "weights": "模型权重",
    "slides": "幻灯片",
    "video": "视频",
    "blog": "博客",
    "links": "其他链接",
}
# Fields shown elsewhere on the entry page (heading, links, topics, series, tags, relations).
_OWN_SECTIONS = frozenset(
    {
        "id",
        "kind",
        "title",
        "title_en",
        "description",
        "topics",
        "related",
        "series",
        "part",
        "tags",
        *LINK_LABELS,
    }
)
# Language codes as readers name them (a field shows "English, 中文", not "en, zh").
LANG_NAMES = {
    "zh": "中文",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ru": "Русский",
    "multi": "多语言",
}
PRACTICE_FIELDS = ("model", "method", "params")
_TAG_SLUG = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: str
    href: str = ""  # where the value links to, if anywhere (an arXiv id to its abstract)
    name: str = ""  # the entry field the row shows


ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"


def field_rows(entry: Entry) -> list[Row]:
    """Return label/value rows for every set field not shown in its own section."""
    rows: list[Row] = []
    for name in type(entry).model_fields:
        if name in _OWN_SECTIONS:
            continue
        value = getattr(entry, name)
        if value is None or value == [] or (name == "status" and value == "published"):
            continue
        if name == "languages":
            text = ", ".join(LANG_NAMES.get(str(v), str(v)) for v in value)
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif name == "lang":
            text = LANG_NAMES.get(str(value), str(value))
        elif name == "status":
            text = "计划中（尚未发布）"
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = str(value)
        href = f"{ARXIV_ABS}{text}" if name == "arxiv" else ""
        rows.append(Row(FIELD_LABELS.get(name, name), text, href, name))
    return rows


def entry_links(entry: Entry) -> list[Row]:
    """Return (label, url) rows for the entry's links; an arXiv id adds its abstract and its PDF
    (unless the entry links to them already)."""
    rows = [Row(LINK_LABELS.get(name, name), url) for name, url in entry.urls()]
    arxiv = getattr(entry, "arxiv", None)
    if arxiv:
        abstract, pdf = f"{ARXIV_ABS}{arxiv}", f"{ARXIV_PDF}{arxiv}"
        if not any(r.value.startswith(abstract) for r in rows):
            rows.append(Row("arXiv 摘要", abstract))
        if not any(r.label == LINK_LABELS["pdf"] for r in rows):
            rows.append(Row("PDF", pdf))
    return rows


def related_groups(catalog: Catalog, entry: Entry) -> list[tuple[str, list[Entry]]]:
    """Return the entry's relations (both directions) grouped by kind, in kind order."""
    related = [catalog.entries[i] for i in catalog.related.get(entry.id, [])]
    return [
        (KIND_TITLES[k][0], [e for e in related if e.kind == k])
        for k in KINDS
        if any(e.kind == k for e in related)
    ]


def is_practice(entry: Entry) -> bool:
    """Return True when the entry fills the practice-table columns (model, method, params)."""
    return entry.kind in ("tutorial", "article") and any(
        getattr(entry, f, None) for f in PRACTICE_FIELDS
    )


def practice_code(catalog: Catalog, entry: Entry) -> list[Entry]:
    """Return the code entries related to a practice tutorial."""
    return [
        catalog.entries[i]
        for i in catalog.related.get(entry.id, [])
        if catalog.entries[i].kind == "code"
    ]


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    anchor: str
    entries: list[Entry]


def tag_key(tag: str) -> str:
    """Return the key that groups spellings of one tag ('LoRA' and 'lora ')."""
    return " ".join(tag.split()).casefold()


def tag_index(catalog: Catalog) -> dict[str, Tag]:
    """Return tag key → Tag (first spelling, unique anchor, entries), sorted by name."""
    groups: dict[str, tuple[str, list[Entry]]] = {}
    for entry in catalog.entries.values():
        for tag in dict.fromkeys(tag_key(t) for t in entry.tags):
            spelled = next(t for t in entry.tags if tag_key(t) == tag)
            groups.setdefault(tag, (" ".join(spelled.split()), []))[1].append(entry)
    used: set[str] = set()
    out: dict[str, Tag] = {}
    for key in sorted(groups, key=lambda k: (groups[k][0].casefold(), k)):
        name, entries = groups[key]
        base = "tag-" + (_TAG_SLUG.sub("-", key).strip("-") or "x")
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        out[key] = Tag(name, anchor, entries)
    return out


def series_groups(entries: list[Entry]) -> tuple[list[tuple[str, list[Entry]]], list[Entry]]:
    """Split ENTRIES into series (in order of first appearance, parts sorted) and the rest."""
    groups: dict[str, list[Entry]] = {}
    rest: list[Entry] = []
    for entry in entries:
        if entry.series is None:
            rest.append(entry)
        else:
            groups.setdefault(entry.series, []).append(entry)
    ordered = [
        (name, sorted(members, key=lambda e: (e.part is None, e.part or 0)))
        for name, members in groups.items()
    ]
    return ordered, rest


def added_key(entry: Entry) -> dt.date:
    """Return the date used to order 'recently added' lists."""
    return entry.added or dt.date.min


def topic_totals(catalog: Catalog) -> dict[str, int]:
    """Return topic id → number of distinct entries in it and its subtopics."""
    return {
        tid: len({e.id for t in [tid, *catalog.descendants(tid)] for e in catalog.by_topic[t]})
        for tid in catalog.topics
    }


def heading_ids(catalog: Catalog, entry: Entry) -> dict[str, str]:
    """Return the ids of the entry page's headings, made the way the toc extension makes them."""
    from pymdownx.slugs import slugify  # type: ignore[import-untyped]

    slug = slugify(case="lower")
    used = {f"related-{k}" for k in KINDS}
    out: dict[str, str] = {}
    titles = {
        "title": entry.title,
        "series": f"系列：{entry.series or ''}",
        "related": "关联条目",
        "map": "关系图",
        "cite": "引用",
    }
    for key, title in titles.items():
        base = slug(" ".join(title.split()), "-") or "_"
        anchor, n = base, 0
        while anchor in used:
            n += 1
            anchor = f"{base}_{n}"
        used.add(anchor)
        out[key] = anchor
    return out
