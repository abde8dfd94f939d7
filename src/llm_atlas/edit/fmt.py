"""Canonical formatting of catalog files, keeping every comment.

Takes catalog YAML text; gives it back with fields in the models' order, 2-space indentation,
`- ` list items, quotes only where a YAML 1.1 reader (PyYAML, our loader) needs them, and short
lists of scalars in flow style (`[a, b]`). ruamel.yaml's round-trip mode keeps the comments; a
final check re-reads the result with our loader and refuses any change to the data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from llm_atlas.edit.canonical import (
    FLOW_WIDTH,
    NEEDS_DOUBLE,
    STR_TAG,
    field_order,
    plain_ok,
    unproven_entries,
)
from llm_atlas.edit.comments import lost_comments
from llm_atlas.files import write_file
from llm_atlas.loader import TOPICS_FILE, LoadedFile, catalog_files, load_file, parse_text
from llm_atlas.problems import AtlasError, Problem, display_path


class _Representer(RoundTripRepresenter):
    """Quote a string when a YAML 1.1 reader would take it, unquoted, for a bool/number/date."""


def _represent_str(representer: RoundTripRepresenter, data: str) -> Any:
    style = '"' if NEEDS_DOUBLE.search(data) else None if plain_ok(data) else "'"
    return representer.represent_scalar(STR_TAG, data, style=style)


_Representer.add_representer(str, _represent_str)


def make_yaml() -> YAML:
    """Return a round-trip YAML instance with the catalog's canonical layout."""
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.indent(mapping=2, sequence=2, offset=0)
    rt.width = 1_000_000  # never fold long titles and descriptions
    rt.preserve_quotes = False
    rt.allow_unicode = True
    return rt


def format_text(text: str, topics: bool = False) -> str:
    """Return TEXT formatted canonically (raise ruamel's YAMLError when it does not parse)."""
    rt = make_yaml()
    data = rt.load(text)
    if data is None:
        return text
    if isinstance(data, CommentedSeq):
        for item in data:
            if isinstance(item, CommentedMap):
                format_mapping(item, field_order(item.get("kind"), topics))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def format_mapping(mapping: CommentedMap, order: list[str]) -> None:
    """Put MAPPING's keys in ORDER (unknown keys last) and lay out its lists."""
    keys = list(mapping)
    rank = {name: i for i, name in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (k not in rank, rank.get(k, 0), keys.index(k)))
    if wanted != keys:
        # ruamel attaches a comment to the field above it, and moves it with that field; but
        # comments after the last field belong to what follows the entry: keep them at its end.
        tail = _take_tail(mapping, keys[-1])
        for key in wanted:
            mapping.move_to_end(key)
        if tail:
            _add_tail(mapping, wanted[-1], tail)
    for key, value in mapping.items():
        if isinstance(value, CommentedSeq):
            _set_list_style(value, len(str(key)))


def _set_list_style(seq: CommentedSeq, key_len: int) -> None:
    if not all(isinstance(v, str | int | float) or _is_date(v) for v in seq):
        return
    if seq.ca.items or seq.ca.comment:
        return  # comments between items only survive in block style
    # `  key: [a, b]`: indent, key, ': [', items with ', ' between (plus quotes), ']'
    flow_len = 2 + key_len + 3 + sum(len(str(v)) + 2 for v in seq) - 2 * (len(seq) > 0) + 1
    if flow_len <= FLOW_WIDTH:
        seq.fa.set_flow_style()
        for i, value in enumerate(seq):
            if type(value) is str and NEEDS_DOUBLE.search(value):
                seq[i] = DoubleQuotedScalarString(value)
            elif type(value) is str and not plain_ok(value, flow=True):
                seq[i] = SingleQuotedScalarString(value)
    else:
        seq.fa.set_block_style()


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date)


def _comment_slot(mapping: CommentedMap, key: str) -> tuple[dict[Any, Any], Any, int]:
    """Return (ca.items, key, index) of the token that holds comments after KEY's value."""
    value = mapping[key]
    if isinstance(value, CommentedSeq) and len(value) and not value.fa.flow_style():
        return value.ca.items, len(value) - 1, 0
    return mapping.ca.items, key, 2


def _take_tail(mapping: CommentedMap, key: str) -> str:
    items, slot, index = _comment_slot(mapping, key)
    entry: list[Any] | None = items.get(slot)
    token = entry[index] if entry and len(entry) > index else None
    if not isinstance(token, CommentToken):
        return ""
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return ""
    if head.strip():
        token.value = head + newline
    elif entry is not None:
        entry[index] = None
        if not any(entry):
            del items[slot]
    return str(rest)


def _add_tail(mapping: CommentedMap, key: str, tail: str) -> None:
    items, slot, index = _comment_slot(mapping, key)
    entry = items.setdefault(slot, [None, None, None, None])
    token = entry[index]
    if isinstance(token, CommentToken):
        token.value = token.value + tail
    else:
        entry[index] = CommentToken("\n" + tail, CommentMark(0), None)


def _refusal(display: str, line: int, what: str) -> Problem:
    return Problem(
        display, line, 1, "fmt-unsafe", f"not formatted: {what}; the file was left as is"
    )


def _data_problem(path: Path, before: LoadedFile, after_text: str) -> Problem | None:
    after = LoadedFile(path=path, display=before.display, text=after_text)
    parse_text(after)
    if after.problems or after.data != before.data:
        keep = re.search(r"^.*: *[|>][0-9]?\+", before.text, re.MULTILINE)
        if keep:
            line = before.text.count("\n", 0, keep.start()) + 1
            return _refusal(
                before.display,
                line,
                "moving this block kept with '+' would change its trailing blank lines: "
                "use '|' or '|-', or make it the entry's last field",
            )
        return _refusal(
            before.display, 1, "formatting would change its data (please report this file)"
        )
    return None


def _settled(text: str, topics: bool) -> str | None:
    """Return TEXT formatted until a further run changes nothing (None if it never settles)."""
    current = format_text(text, topics)
    if current == text:  # formatting it again is the same call
        return current
    for _ in range(2):
        again = format_text(current, topics)
        if again == current:
            return current
        current = again
    return None


def format_file(path: Path) -> tuple[bytes | None, list[Problem]]:
    """Return the formatted bytes of PATH (None when it must be left alone) and any problems.

    The file's BOM and line endings (LF or CRLF) are kept; a file whose comments or data
    formatting cannot keep is refused with the reason."""
    loaded = load_file(path)
    if loaded.problems:
        return None, [
            Problem(
                p.path,
                p.line,
                p.column,
                p.code,
                f"{p.message} (not formatted: fix this first)",
                p.entry,
                p.field,
            )
            for p in loaded.problems
        ]
    raw = path.read_bytes()
    if _proven_unchanged(loaded.text, topics=path.name == TOPICS_FILE):
        return raw, []
    crlf = raw.count(b"\r\n") * 2 > raw.count(b"\n")
    source = loaded.text.replace("\r\n", "\n")
    try:
        text = _settled(source, topics=path.name == TOPICS_FILE)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(loaded.display, line, col, "yaml", f"not formatted: {exc}")]
    if text is None:
        return None, [_refusal(loaded.display, 1, "formatting does not settle")]
    if text != source:
        problem = _change_problem(path, loaded, source, text)
        if problem:
            return None, [problem]
    if crlf:
        text = text.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8"), []


def _proven_unchanged(text: str, topics: bool) -> bool:
    """Whether formatting TEXT would change nothing, proven quickly (False: not proven)."""
    unproven = unproven_entries(text, topics)
    try:
        return unproven is not None and all(format_text(s, topics) == s for s in unproven)
    except YAMLError:
        return False


def _change_problem(path: Path, loaded: LoadedFile, source: str, text: str) -> Problem | None:
    """Return why the change from SOURCE to TEXT must not be written (a comment lost, the data
    changed), else None."""
    lost = lost_comments(source, text)
    if lost:
        where = "inside a [ ] or { } list" if lost[0].in_flow else "where fmt cannot keep it"
        return _refusal(
            loaded.display,
            lost[0].line,
            f"the comment {lost[0].text!r} is {where}: move it to a line of its own above "
            "the field",
        )
    return _data_problem(path, loaded, text)


def fmt_files(
    paths: list[Path], check: bool, diff: bool = False
) -> tuple[list[Path], list[Problem]]:
    """Format PATHS (or, with CHECK, only report); return the files that (would) change.

    With DIFF, print a unified diff of each change."""
    changed: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        text, found = format_file(path)
        problems.extend(found)
        old = path.read_bytes()
        if text is None or text == old:
            continue
        changed.append(path)
        if diff:
            sys.stdout.write(unified_diff(display_path(path), old, text))
        if not check:
            write_file(path, text)
    return changed, problems


def unified_diff(name: str, old: bytes, new: bytes) -> str:
    """Return the change from OLD to NEW of the file NAME as a unified diff (ruff's layout)."""
    before = old.decode("utf-8-sig").splitlines(keepends=True)
    after = new.decode("utf-8-sig").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"{name} (original)", f"{name} (formatted)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def fmt_paths(given: list[Path], catalog: Path) -> list[Path]:
    """Return the files `fmt` acts on: GIVEN files, the catalog files of GIVEN folders, or
    those of CATALOG when nothing is given."""
    folders = [p for p in given if p.is_dir()] if given else [catalog]
    for folder in folders:
        if not folder.is_dir():
            raise AtlasError(
                f"catalog folder '{folder}' does not exist: pass the catalog folder as DIR",
                exit_code=2,
            )
    found = [p for p in given if not p.is_dir()] + [p for f in folders for p in catalog_paths(f)]
    return list(dict.fromkeys(found))


def catalog_paths(root: Path) -> list[Path]:
    """Return topics.yaml (when present) and every entry file of the catalog in ROOT."""
    topics = root / TOPICS_FILE
    return ([topics] if topics.is_file() else []) + catalog_files(root)
