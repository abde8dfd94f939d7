"""Explain a YAML syntax error the way a contributor can act on it.

Takes the parser's error and the file's text; gives a `Problem` whose message says what is wrong
in plain words, with a hint (quote the value, indent like the fields above, close the quote
opened at line N …) and the source line with a caret under the place.
"""

from __future__ import annotations

import unicodedata

import yaml

from llm_atlas.problems import Problem

_INDENT_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "could not find expected ':'",
    "did not find expected '-' indicator",
    "did not find expected <document start>",
)


_AT_CONTEXT = ("while scanning a quoted scalar", "while scanning a simple key")


def syntax_problem(text: str, display: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Return the problem for EXC, raised while parsing TEXT (shown as DISPLAY)."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and exc.context in _AT_CONTEXT:
        mark = exc.context_mark  # where the quote opened, or the line that lacks its ':'
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "invalid YAML"
    lines = text.splitlines()
    hint = _hint(what, exc, lines, line, col)
    if "quoted scalar" in (exc.context or ""):
        what = "a quoted value does not end"
    elif what.startswith("but found another document"):
        what = "a second YAML document ('---')"
    message = f"YAML syntax: {what}: {hint}" if hint else f"YAML syntax: {what}"
    return Problem(display, line, col, "yaml", message + _snippet(lines, line, col))


def _hint(what: str, exc: yaml.MarkedYAMLError, lines: list[str], line: int, col: int) -> str:
    context = exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "tab" in what or (0 < line <= len(lines) and "\t" in lines[line - 1][:col]):
        return "indent with spaces, not tabs"
    if "another document" in what:
        return "a catalog file holds one list: remove the '---' line"
    if "quoted scalar" in context:
        return "the quote opened here is never closed: close it"
    if "flow sequence" in context or "flow mapping" in context:
        pair = "[]" if "sequence" in context else "{}"
        return (
            f"the '{pair[0]}' opened at line {opened} is not closed, or a value in it "
            f"holds ',' or '{pair[1]}': close it, or quote that value"
        )
    if "undefined alias" in what:
        return "a value starting with '*' is read as an alias: put the value in quotes"
    if "cannot start any token" in what:
        found = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
        return f"a plain value cannot start with '{found}': put the value in quotes"
    if "simple key" in context:
        return f"line {opened} is not 'name: value': add the ':' or join it to the line above"
    if any(what.startswith(p) for p in _INDENT_PROBLEMS):
        return _indent_hint(what, lines, line)
    return ""


def _indent_hint(what: str, lines: list[str], line: int) -> str:
    """Compare the indentation of LINE with the fields of the entry above it."""
    if not 0 < line <= len(lines):
        return "check the indentation of this line"
    own = _indent(lines[line - 1])
    expected = _field_indent(lines, line - 1)
    if expected is not None and own != expected:
        return (
            f"indented {own} spaces where the entry uses {expected}: "
            "line the field up with the fields above"
        )
    if what.startswith("mapping values"):
        return (
            "a ': ' inside a value starts a new field: put the value in quotes, e.g. title: 'A: B'"
        )
    if what.startswith("did not find expected key"):
        return "a quoted value is followed by more text: quote the whole value ('' for a ' in it)"
    return "every entry starts with '- ' at the left edge, its fields two spaces in"


def _field_indent(lines: list[str], index: int) -> int | None:
    """Return the indentation the fields of the entry above line INDEX (0-based) use."""
    for previous in range(index - 1, -1, -1):
        text = lines[previous]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = _indent(text)
        if stripped.startswith("- "):
            return indent + 2
        if ":" in stripped:
            return indent
        # a continuation line of a value: keep looking for the field it belongs to
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


SNIPPET_SIDE = 60  # characters shown on each side of the column in a long line


def _snippet(lines: list[str], line: int, col: int) -> str:
    """Return the source line and a caret under column COL (wide characters count two)."""
    if not 0 < line <= len(lines):
        return ""
    source = lines[line - 1].replace("\t", " ")
    if len(source) > 2 * SNIPPET_SIDE:  # a long line is shown around the column, not whole
        start, end = max(0, col - 1 - SNIPPET_SIDE), col - 1 + SNIPPET_SIDE
        tail = "…" if end < len(source) else ""
        source = ("…" if start else "") + source[start:end] + tail
        col -= start - (1 if start else 0)
    number = f"{line} | "
    caret = " " * (len(number) - 2) + "| " + " " * _width(source[: col - 1]) + "^"
    return f"\n{number}{source}\n{caret}"
