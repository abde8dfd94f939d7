"""Rewrite permanently redirected URLs in the catalog files, byte for byte elsewhere.

Takes `redirected` results; gives the changes made. Each URL is replaced through the loader's
character span of its scalar, keeping the quoting style; the edited text is parsed again and must
give the new URLs before the file is replaced (atomically), so a file is never left half-fixed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from llm_atlas.links.results import LinkResult
from llm_atlas.loader import LoadedFile, load_file, parse_text
from llm_atlas.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FixChange:
    """One URL rewritten."""

    path: str
    line: int
    entry: str
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class _Edit:
    entry: str
    field: str
    old: str
    new: str


def fix_redirects(results: list[LinkResult]) -> tuple[list[FixChange], list[Problem]]:
    """Rewrite every permanently redirected URL of RESULTS; return the changes and problems."""
    edits: dict[str, list[_Edit]] = defaultdict(list)
    for result in results:
        if result.status != "redirected" or not result.final_url or result.final_url == result.url:
            continue
        for ref in result.entries:
            edits[ref.path].append(_Edit(ref.id, ref.field, result.url, result.final_url))
    changes: list[FixChange] = []
    problems: list[Problem] = []
    for path, file_edits in edits.items():
        done, trouble = fix_file(Path(path), file_edits)
        changes.extend(done)
        problems.extend(trouble)
    return changes, problems


def quote_like(written: str, old: str, new: str) -> str | None:
    """Return NEW written the way WRITTEN wrote OLD (plain, 'single' or "double"), else None."""
    if written == old:
        return new
    if written == f"'{old.replace(chr(39), chr(39) * 2)}'":
        return "'" + new.replace("'", "''") + "'"
    if written == f'"{old}"' and "\\" not in old:
        return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None


def _index_of(loaded: LoadedFile, entry: str) -> int | None:
    if isinstance(loaded.data, list):
        for i, item in enumerate(loaded.data):
            if isinstance(item, dict) and item.get("id") == entry:
                return i
    return None


def fix_file(path: Path, edits: list[_Edit]) -> tuple[list[FixChange], list[Problem]]:
    """Apply EDITS to the file at PATH; all or nothing."""
    shown = str(path)
    loaded = load_file(path)
    if loaded.problems or loaded.data is None:
        return [], [Problem(shown, 1, 1, "fix-links", "cannot parse the file now: fix it first")]
    spans: list[tuple[int, int, str, FixChange]] = []
    problems: list[Problem] = []
    for edit in edits:
        index = _index_of(loaded, edit.entry)
        mark = loaded.values.get((index, edit.field)) if index is not None else None
        if index is None or mark is None or loaded.data[index].get(edit.field) != edit.old:
            problems.append(
                Problem(
                    shown, 1, 1, "fix-links", f"{edit.old}: no longer found in entry '{edit.entry}'"
                )
            )
            continue
        replacement = quote_like(loaded.text[mark.start : mark.end], edit.old, edit.new)
        if replacement is None:
            problems.append(
                Problem(
                    shown,
                    mark.line,
                    mark.column,
                    "fix-links",
                    f"{edit.old}: written in a form fix-links does not rewrite "
                    f"(block or escaped scalar): write {edit.new} by hand",
                    entry=edit.entry,
                    field=edit.field,
                )
            )
            continue
        change = FixChange(shown, mark.line, edit.entry, edit.field, edit.old, edit.new)
        spans.append((mark.start, mark.end, replacement, change))
    if not spans:
        return [], problems
    text = loaded.text
    for start, end, replacement, _ in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    check = LoadedFile(path=path, display=shown, text=text)
    parse_text(check)
    wrong = [c for _, _, _, c in spans if check.problems or _value(check, c) != c.new]
    if wrong:
        return [], [
            *problems,
            Problem(
                shown,
                wrong[0].line,
                1,
                "fix-links",
                "the rewritten file would not read back the new URLs: file left unchanged",
            ),
        ]
    raw = path.read_bytes()
    _write_atomic(path, (BOM if raw.startswith(BOM) else b"") + text.encode("utf-8"))
    return [c for _, _, _, c in sorted(spans, key=lambda s: s[0])], problems


def _value(loaded: LoadedFile, change: FixChange) -> object:
    index = _index_of(loaded, change.entry)
    return loaded.data[index].get(change.field) if index is not None else None


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
