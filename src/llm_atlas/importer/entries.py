"""One catalog entry from one parsed item.

Takes an item, its URL (remapped), its topic and the kind its section implies; gives the entry
as plain data: kind, title, status, language, the arXiv id, every field the kind has (link
fields by role; a link the kind has no field for goes to `links`), tags, description, date.
A field that fits no field of the kind is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from llm_atlas.importer.kinds import entry_kind
from llm_atlas.importer.names import has_cjk
from llm_atlas.importer.records import Item, Skip
from llm_atlas.models import KIND_MODELS, LINK_FIELDS
from llm_atlas.naming import arxiv_id
from llm_atlas.rules import normalize_url

URL_FIELDS = ("code", "pdf", "docs", "leaderboard", *LINK_FIELDS)


def make_entry(
    item: Item,
    url: str | None,
    topic: str,
    added: dt.date,
    remap: Callable[[str], str],
    skipped: list[Skip],
    hint: str | None = None,
) -> dict[str, Any]:
    """Return the entry ITEM makes (REMAP: a link as it is now; what fits no field: SKIPPED)."""
    has_paper = "arxiv" in item.fields or "paper" in item.fields
    kind = entry_kind(url, item.source, hint, has_paper, item.paper, item.title)
    entry: dict[str, Any] = {
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
    allowed = KIND_MODELS[kind].model_fields
    paper = (arxiv_id(url) if url else None) or item.fields.get("arxiv")
    if paper and "arxiv" in allowed:
        entry["arxiv"] = paper
    elif paper and "paper" not in item.fields and (not url or arxiv_id(url) != paper):
        item.fields["paper"] = f"https://arxiv.org/abs/{paper}"
    held = {normalize_url(url)} if url else set()
    for name, raw in item.fields.items():
        if name == "arxiv":
            continue
        value: Any = field_value(name, raw)
        if name in URL_FIELDS:
            value = remap(raw)
            if normalize_url(value) in held:
                continue
            held.add(normalize_url(value))
            if name not in allowed:
                entry.setdefault("links", []).append(value)
                continue
        if name in allowed:
            entry[name] = value
        else:
            skipped.append(Skip(item.line, f"column '{name}' does not fit a {kind}", raw))
    for more in item.more:
        value = remap(more)
        if normalize_url(value) not in held:
            held.add(normalize_url(value))
            entry.setdefault("links", []).append(value)
    if item.labels:
        entry["tags"] = list(dict.fromkeys(item.labels))
    if item.description:
        entry["description"] = item.description
    entry["added"] = added
    return entry


def field_value(name: str, raw: str) -> Any:
    """Return a field as the catalog writes it (a year as a number, authors as a list)."""
    if name == "year":
        return int(raw)
    if name == "authors":
        return [a.strip() for a in re.split(r"[,，]", raw) if a.strip()]
    return raw
