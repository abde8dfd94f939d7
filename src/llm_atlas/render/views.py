"""Small read-only views of the catalog that templates need: field rows, links, relations, slugs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from llm_atlas.catalog import Catalog
from llm_atlas.models import KINDS, Entry
from llm_atlas.render.messages import Messages

_CHINESE = Messages("zh")  # llm-atlas' own language, when a caller names none

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
# The fields and links with a label of their own (`field.NAME`, `link.NAME` in render/messages).
FIELD_LABELS = frozenset(
    {"aliases", "authors", "year", "lang", "status", "venue", "arxiv", "size", "languages"}
    | {"tasks", "license", "provider", "model", "method", "params", "framework", "added"}
)
LINK_LABELS = (
    *("url", "code", "pdf", "docs", "leaderboard", "paper", "project", "demo", "data"),
    *("weights", "slides", "video", "blog", "links"),
)
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
# Language codes as readers name them (a field shows "English, 中文", not "en, zh"); Chinese and
# "multi" are named in the site's language (`lang_names`).
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


def lang_names(words: Messages = _CHINESE) -> dict[str, str]:
    """Return language code → name, the site's language naming Chinese and 'multi'."""
    return {**LANG_NAMES, "zh": str(words.text("lang.zh")), "multi": str(words.text("lang.multi"))}


def _label(words: Messages, group: str, name: str) -> str:
    known = FIELD_LABELS if group == "field" else LINK_LABELS
    return str(words.text(f"{group}.{name}")) if name in known else name


def field_rows(entry: Entry, words: Messages = _CHINESE) -> list[Row]:
    """Return label/value rows for every set field not shown in its own section, labelled in
    the language of WORDS."""
    names = lang_names(words)
    rows: list[Row] = []
    for name in type(entry).model_fields:
        if name in _OWN_SECTIONS:
            continue
        value = getattr(entry, name)
        if value is None or value == [] or (name == "status" and value == "published"):
            continue
        if name == "languages":
            text = ", ".join(names.get(str(v), str(v)) for v in value)
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif name == "lang":
            text = names.get(str(value), str(value))
        elif name == "status":
            text = str(words.text("status.planned"))
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = str(value)
        href = f"{ARXIV_ABS}{text}" if name == "arxiv" else ""
        rows.append(Row(_label(words, "field", name), text, href, name))
    return rows


def entry_links(entry: Entry, words: Messages = _CHINESE) -> list[Row]:
    """Return (label, url) rows for the entry's links; an arXiv id adds its abstract and its PDF
    (unless the entry links to them already)."""
    rows = [Row(_label(words, "link", name), url, name=name) for name, url in entry.urls()]
    arxiv = getattr(entry, "arxiv", None)
    if arxiv:
        abstract, pdf = f"{ARXIV_ABS}{arxiv}", f"{ARXIV_PDF}{arxiv}"
        if not any(r.value.startswith(abstract) for r in rows):
            rows.append(Row(str(words.text("link.abstract")), abstract, name="abstract"))
        if not any(r.name == "pdf" for r in rows):
            rows.append(Row(str(words.text("link.pdf")), pdf, name="pdf"))
    return rows


def related_groups(
    catalog: Catalog, entry: Entry, words: Messages = _CHINESE
) -> list[tuple[str, list[Entry]]]:
    """Return the entry's relations (both directions) grouped by kind, in kind order."""
    related = [catalog.entries[i] for i in catalog.related.get(entry.id, [])]
    return [
        (words.kind_title(k), [e for e in related if e.kind == k])
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


@dataclass(frozen=True, slots=True)
class TagLetter:
    key: str  # "a" … "z", "other" (digits, signs), "cjk"
    tags: list[Tag]


def tag_letters(tags: list[Tag]) -> list[TagLetter]:
    """Return TAGS grouped by first letter (A to Z, then other signs, then CJK), in order."""
    groups: dict[str, list[Tag]] = {}
    for tag in tags:
        first = tag.name[:1].casefold()
        key = first if "a" <= first <= "z" else "cjk" if first >= "\u2e80" else "other"
        groups.setdefault(key, []).append(tag)
    order = sorted(groups, key=lambda k: (k == "cjk", k == "other", k))
    return [TagLetter(k, groups[k]) for k in order]


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


def heading_ids(catalog: Catalog, entry: Entry, words: Messages = _CHINESE) -> dict[str, str]:
    """Return the ids of the entry page's headings, made the way the toc extension makes them
    from the headings in the language of WORDS."""
    from pymdownx.slugs import slugify  # type: ignore[import-untyped]

    slug = slugify(case="lower")
    used = {f"related-{k}" for k in KINDS}
    out: dict[str, str] = {}
    titles = {
        "title": entry.title,
        "series": words.raw("topic.series", name=entry.series or ""),
        "related": words.raw("entry.related"),
        "map": words.raw("entry.map"),
        "cite": words.raw("entry.cite"),
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
