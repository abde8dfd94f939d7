"""`llm-atlas fmt`: catalog files in the canonical layout, or the reason one is left alone.

Takes catalog files (or the folders holding them); gives each file's formatted bytes (BOM and
LF/CRLF kept) laid out by `edit.layout`, skipping the round trip when `edit.canonical` proves a
file unchanged, and refuses a file whose comments or data formatting cannot keep: a final
check re-reads the result with our loader and refuses any change to the data. Writes the
changed files (or, with --check, only reports them), with a unified diff on request.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from ruamel.yaml.error import YAMLError

from llm_atlas.edit.canonical import unproven_entries
from llm_atlas.edit.comments import lost_comments
from llm_atlas.edit.layout import format_text
from llm_atlas.files import write_file
from llm_atlas.loader import TOPICS_FILE, LoadedFile, catalog_files, load_file, parse_text
from llm_atlas.problems import AtlasError, Problem, display_path


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
