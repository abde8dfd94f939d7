"""Add one entry to the catalog: `llm-atlas new KIND`.

Takes the fields of a new entry (from flags or prompts) and a catalog folder; appends the entry,
formatted as `llm-atlas fmt` would write it, at the end of the right file without touching a
byte of what was there, then validates the whole catalog and restores the file if the entry made
it invalid.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from llm_atlas.catalog import Catalog
from llm_atlas.edit.canonical import field_order
from llm_atlas.edit.entry_file import additions, catalog_lock, plan_append, remove_addition
from llm_atlas.edit.layout import format_mapping, make_yaml
from llm_atlas.edit.target import choose_file
from llm_atlas.files import write_file
from llm_atlas.models import KIND_MODELS, KINDS
from llm_atlas.naming import propose_id
from llm_atlas.problems import AtlasError, Problem, display_path
from llm_atlas.rules import normalize_url
from llm_atlas.schema_errors import did_you_mean, unknown_field_message
from llm_atlas.validate import check_catalog

SCHEMA_LINE = "# yaml-language-server: $schema={}\n"


@dataclass(frozen=True, slots=True)
class Added:
    """Where a new entry was written."""

    entry_id: str
    path: Path
    line: int
    reason: str = ""  # why this file, when `new` chose it


def _field_type(kind: str, name: str) -> str:
    """Return 'list', 'int', 'date' or 'str' for the type of field NAME of KIND."""
    annotation = KIND_MODELS[kind].model_fields[name].annotation
    args = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    for candidate in (annotation, *args):
        origin = typing.get_origin(candidate)
        if origin is list:
            return "list"
        if candidate is int:
            return "int"
        if candidate is dt.date:
            return "date"
    return "str"


def parse_setting(kind: str, setting: str) -> tuple[str, Any]:
    """Parse `--set FIELD=VALUE` into the field's type (lists are comma-separated)."""
    name, sep, raw = setting.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or not name:
        raise AtlasError(f"--set {setting!r}: write FIELD=VALUE (e.g. venue=ICLR)", exit_code=2)
    if name not in KIND_MODELS[kind].model_fields:
        raise AtlasError(f"--set {name}: {unknown_field_message(name, kind)}", exit_code=2)
    try:
        return name, parse_value(kind, name, raw)
    except ValueError as exc:
        raise AtlasError(f"--set {name}: {exc}", exit_code=2) from None


def parse_value(kind: str, name: str, raw: str) -> Any:
    """Return RAW as the type of field NAME of KIND (lists are comma-separated)."""
    ftype = _field_type(kind, name)
    raw = raw if ftype == "str" else raw.strip()
    try:
        if ftype == "list":
            return [v.strip() for v in raw.split(",") if v.strip()]
        if ftype == "int":
            return int(raw)
        if ftype == "date":
            return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a valid {ftype}") from None
    return raw


def proposed_id(catalog: Catalog, fields: dict[str, Any]) -> str:
    """Return the id `naming` proposes for FIELDS in CATALOG: the one the importer gives the
    same title, link and part of a series (`--set series=S --set part=N`)."""
    part = fields.get("part") if fields.get("series") else None
    return propose_id(
        fields.get("title"),
        fields.get("title_en"),
        fields.get("url"),
        catalog.entries,
        fields["topics"][0],
        part if isinstance(part, int) else None,
    )


def find_duplicate(catalog: Catalog, entry_id: str | None, url: str | None) -> str | None:
    """Return a message naming the entry that already has ENTRY_ID or URL, else None."""
    if entry_id and entry_id in catalog.entries:
        origin = catalog.origins[entry_id]
        return f"id '{entry_id}' is already used by the entry at {origin.path}:{origin.line}"
    if url:
        key = normalize_url(url)
        for other in catalog.entries.values():
            if other.url and normalize_url(other.url) == key:
                origin = catalog.origins[other.id]
                return (
                    f"url is already in the catalog: entry '{other.id}' at "
                    f"{origin.path}:{origin.line} (use 'related' to connect to it)"
                )
    return None


def render_entry(kind: str, fields: dict[str, Any]) -> str:
    """Return the entry as a one-item YAML list, in the canonical form of `llm-atlas fmt`."""
    entry = CommentedMap(
        (k, CommentedSeq(v) if isinstance(v, list) else v)
        for k, v in fields.items()
        if v not in (None, "", [], ())
    )
    entry["kind"] = kind
    format_mapping(entry, field_order(kind, topics=False))
    out = io.StringIO()
    make_yaml().dump([entry], out)
    return out.getvalue()


def _schema_header(path: Path, root: Path) -> str:
    schema = root.resolve().parent / "schema" / "catalog.schema.json"
    return SCHEMA_LINE.format(Path(os.path.relpath(schema, path.resolve().parent)).as_posix())


def append_text(original: str, entry_text: str) -> str:
    """Return ORIGINAL + ENTRY_TEXT, separated as the file separates its entries."""
    raw = original.encode("utf-8")
    return (raw + additions(raw, entry_text.encode("utf-8"))[0]).decode("utf-8")


def expected_entry(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Return the data the new entry must read back as (what `render_entry` writes)."""
    data = {
        k: list(v) if isinstance(v, list | tuple) else v
        for k, v in fields.items()
        if v not in (None, "", [], ())
    }
    data["kind"] = kind
    return data


def _error_keys(problems: list[Problem]) -> set[str]:
    return {p.format_text() for p in problems if p.severity == "error"}


def check_text(fields: dict[str, Any]) -> None:
    """Refuse values that are not Unicode text (bytes the terminal could not decode)."""
    for name, value in fields.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise AtlasError(
                        f"--{name.replace('_', '-')}: {text!r} holds a byte that is not UTF-8 "
                        f"(at character {exc.start + 1}): give the value as UTF-8 text",
                        exit_code=2,
                    ) from None


def add_entry(
    root: Path, kind: str, fields: dict[str, Any], target: Path | None, today: dt.date
) -> Added:
    """Append a new KIND entry with FIELDS to TARGET (or the right file); validate or roll back.

    Runs one at a time per catalog, so concurrent runs all land; the checks of ids and URLs
    see the entries the runs before added."""
    if not fields.get("topics"):
        raise AtlasError("give at least one --topic", exit_code=2)
    check_text(fields)
    with catalog_lock(root):
        return _add_locked(root, kind, fields, target, today)


def _add_locked(
    root: Path, kind: str, fields: dict[str, Any], target: Path | None, today: dt.date
) -> Added:
    catalog, before = check_catalog(root)
    if catalog is None:  # pragma: no cover - check_catalog raises instead
        raise AtlasError("the catalog cannot be read")
    if not fields.get("id"):
        fields["id"] = proposed_id(catalog, fields)
    duplicate = find_duplicate(catalog, fields["id"], fields.get("url"))
    if duplicate:
        raise AtlasError(f"not added: {duplicate}")
    fields.setdefault("added", today)
    path, reason = (target, "") if target else choose_file(catalog, root, fields["topics"][0])
    shown = display_path(path)
    existed = path.is_file()
    own = [p for p in before if p.path == shown and p.severity == "error"]
    if existed and any(p.code.startswith(("yaml", "alias", "encoding", "duplicate")) for p in own):
        raise AtlasError(f"not added: {shown} has problems of its own: fix them first", own)
    original = path.read_bytes() if existed else b""
    entry_text = render_entry(kind, fields)
    head = b"" if existed else _schema_header(path, root).encode("utf-8")
    addition = head + plan_append(original + head, entry_text, expected_entry(kind, fields), shown)
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, original + addition)
    result, after = check_catalog(root)
    new_errors = [p for p in after if p.format_text() not in _error_keys(before)]
    new_errors = [p for p in new_errors if p.severity == "error"]
    if not new_errors and (result is None or fields["id"] not in result.entries):
        new_errors = [p for p in after if p.path == shown and p.severity == "error"]
        new_errors = new_errors or [
            Problem(shown, 1, 1, "not-added", "the new entry could not be read")
        ]
    if new_errors:
        removed = remove_addition(path, original, addition, existed)
        state = "was left as it was" if removed else "changed meanwhile: remove the entry by hand"
        raise AtlasError(
            f"not added: the entry would make the catalog invalid, so {shown} {state}. "
            f"The entry was:\n{entry_text.rstrip()}",
            problems=new_errors,
        )
    line = (original + addition).count(b"\n") - entry_text.count("\n") + 1
    return Added(fields["id"], path, line, reason)


def missing_flags(fields: dict[str, Any]) -> list[str]:
    """Return the flags still needed to add an entry without prompting."""
    missing = ["--title"] if not fields.get("title") else []
    if not fields.get("url") and fields.get("status") != "planned":
        missing.append("--url (or --status planned)")
    if not fields.get("topics"):
        missing.append("--topic")
    return missing


def check_kind(kind: str) -> str:
    """Return KIND if it is a known kind, else raise a usage error with a suggestion."""
    if kind not in KIND_MODELS:
        raise AtlasError(
            f"unknown kind '{kind}'{did_you_mean(kind, list(KINDS))}; kinds are {', '.join(KINDS)}",
            exit_code=2,
        )
    return kind
