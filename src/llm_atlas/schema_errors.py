"""Turn pydantic validation errors into `Problem`s worded for people editing YAML."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from llm_atlas.loader import LoadedFile
from llm_atlas.models import KIND_MODELS, field_names
from llm_atlas.problems import Problem
from llm_atlas.yaml_build import PathKey


def did_you_mean(word: str, choices: list[str]) -> str:
    """Return " — did you mean 'x'?" for the closest choice, or ""."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def unknown_field_message(name: str, kind: str | None) -> str:
    allowed = field_names(kind)
    hint = did_you_mean(name, allowed)
    if hint:
        return f"unknown field '{name}'{hint}"
    owners = [k for k, m in KIND_MODELS.items() if name in m.model_fields]
    if owners:
        return f"field '{name}' is not allowed for kind '{kind}' (only for: {', '.join(owners)})"
    return f"unknown field '{name}': allowed fields are {', '.join(allowed)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def error_message(err: Any, kind: str | None) -> tuple[str, str]:
    """Return (code, message) for one pydantic error dict."""
    etype: str = err["type"]
    got = _short(err.get("input"))
    loc = err["loc"]
    name = str(loc[0]) if loc else ""
    if etype == "missing":
        return "missing", f"missing required field '{name}'"
    if etype == "extra_forbidden":
        return "unknown-field", unknown_field_message(name, kind)
    if etype == "string_type":
        return "type", f"expected text, got {got}: put the value in quotes"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return "type", f"expected an integer, got {got}"
    if etype in ("list_type", "tuple_type"):
        return "type", f"expected a list, got {got}: write [a, b] or one '- item' per line"
    if etype in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return "type", f"expected a date like 2024-05-01, got {got}"
    if etype == "literal_error":
        return "value", f"expected one of {err['ctx']['expected']}, got {got}"
    if etype == "string_pattern_mismatch":
        if name == "arxiv":
            return (
                "value",
                f"{got} is not an arXiv id like '2210.17323' (no 'arXiv:' prefix, no version)",
            )
        return "bad-id", (
            f"{got} is not a valid id: use lowercase letters, digits and '-', starting with a "
            "letter or digit (e.g. 'flash-attention-2')"
        )
    if etype == "too_short":
        return "empty", "needs at least one item" if isinstance(
            err.get("input"), list
        ) else "must not be empty"
    if etype == "string_too_long":
        return "value", f"is too long ({err['ctx']['max_length']} characters at most)"
    if etype in ("greater_than_equal", "less_than_equal"):
        return "value", f"{got}: {err['msg'].lower()}"
    if etype == "value_error":
        return "value", str(err["ctx"]["error"])
    return etype.replace("_", "-"), f"{err['msg']} (got {got})"


def problems_from_validation(
    exc: ValidationError, loaded: LoadedFile, base: PathKey, entry: str | None, kind: str | None
) -> list[Problem]:
    """Locate each error of EXC at its key or value in LOADED, under the node at BASE."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        code, message = error_message(err, kind)
        loc: tuple[str | int, ...] = tuple(err["loc"])
        field = str(loc[0]) if loc else None
        if not loc and code == "value" and ": " in message:
            # Model-level checks start their message with the field they are about.
            head, rest = message.split(": ", 1)
            if head.isidentifier():
                field, message, loc = head, rest, (head,)
        if code in ("missing", "unknown-field"):
            mark = loaded.keys.get((*base, *loc)) if code == "unknown-field" else None
        else:
            mark = loaded.values.get((*base, *loc)) or loaded.keys.get((*base, *loc))
        mark = mark or loaded.values.get(base) or loaded.mark(base)
        line, col = (mark.line, mark.column) if mark else (1, 1)
        out.append(Problem(loaded.display, line, col, code, message, entry=entry, field=field))
    return out
