"""`llm-atlas new KIND` from the command line: flags → fields → the entry added.

Takes the parsed click flags; gathers the fields (flags, `--set`, `--arxiv`, prompts), checks
them before anything is asked or written, and appends the entry with `add_entry`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from llm_atlas.edit.new import (
    Added,
    add_entry,
    check_kind,
    missing_flags,
    parse_setting,
)
from llm_atlas.edit.prompts import check_flags, fill_defaults, load_for_new, prompt_fields
from llm_atlas.edit.target import resolve_target
from llm_atlas.problems import AtlasError, display_path

# With these given, `--arxiv ID` asks the arXiv API nothing: the id alone is recorded.
ARXIV_FIELDS = ("title", "authors", "year", "url")


def fields_from_flags(kind: str, flags: dict[str, Any]) -> dict[str, Any]:
    """Return the entry fields FLAGS give (empty flags dropped, tuples as lists)."""
    settings = flags.pop("settings", ())
    topics = flags.pop("topics", ())
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in flags.items()}
    fields = {k: v for k, v in fields.items() if v not in (None, [])}
    if "entry_id" in fields:
        fields["id"] = fields.pop("entry_id")
    topic_ids = [t.strip() for raw in topics for t in raw.split(",") if t.strip()]
    if topic_ids:
        fields["topics"] = topic_ids
    fields.update(parse_setting(kind, s) for s in settings)
    return fields


def add_arxiv(kind: str, ref: str, fields: dict[str, Any]) -> None:
    """Fill FIELDS from the arXiv paper REF names; the flags given win. Offline-safe when the
    flags already hold title, authors, year and url."""
    from llm_atlas.refresh.arxiv import paper_fields, parse_arxiv_id

    if all(fields.get(name) for name in ARXIV_FIELDS):
        if kind != "paper":
            raise AtlasError(f"--arxiv is for papers, not for a {kind}", exit_code=2)
        fields.setdefault("arxiv", parse_arxiv_id(ref))
        return
    from llm_atlas.refresh.step import context_from_env

    for key, value in paper_fields(kind, ref, context_from_env()).items():
        fields.setdefault(key, value)


def new_from_flags(
    kind: str, catalog_dir: Path, flags: dict[str, Any], *, prompt: bool | None
) -> Added:
    """Add a KIND entry to CATALOG_DIR from the click FLAGS; ask for what is missing when PROMPT
    (default: when stdin is a terminal)."""
    check_kind(kind)
    target, arxiv_ref = flags.pop("target", None), flags.pop("arxiv_ref", None)
    fields = fields_from_flags(kind, flags)
    if arxiv_ref is not None:
        add_arxiv(kind, arxiv_ref, fields)
    path = resolve_target(catalog_dir, target) if target is not None else None
    catalog = load_for_new(catalog_dir)
    check_flags(catalog, kind, fields)
    if prompt if prompt is not None else sys.stdin.isatty():
        prompt_fields(catalog, kind, fields)
    missing = missing_flags(fields)
    if missing:
        message = f"missing {', '.join(missing)} (or run in a terminal to be asked)"
        raise AtlasError(message, exit_code=2)
    fill_defaults(kind, fields)
    return add_entry(catalog_dir, kind, fields, path, dt.date.today())


def describe(added: Added) -> str:
    """Return what `new` prints: where the entry went and, when `new` chose the file, why."""
    where = f"added '{added.entry_id}' at {display_path(added.path)}:{added.line}"
    return f"{where}, {added.reason}" if added.reason else where
