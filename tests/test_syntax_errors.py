"""YAML syntax errors: plain words, a hint, the source line with a caret; duplicate keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_atlas.loader import load_file
from llm_atlas.validate import check_catalog


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: a\n  title: A: b\n",
            "2:11: YAML syntax: mapping values are not allowed in this context: a ': ' inside a "
            "value starts a new field: put the value in quotes, e.g. title: 'A: B'\n"
            "2 |   title: A: b\n  |           ^",
        ),
        (
            "- id: a\n  title: A\n    url: https://x.org/a\n",
            "3:8: YAML syntax: mapping values are not allowed in this context: indented 4 spaces "
            "where the entry uses 2: line the field up with the fields above\n"
            "3 |     url: https://x.org/a\n  |        ^",
        ),
        (
            '- id: a\n  title: "A\n  url: https://x.org/a\n',
            "2:10: YAML syntax: a quoted value does not end: the quote opened here is never "
            'closed: close it\n2 |   title: "A\n  |          ^',
        ),
        (
            "- id: a\n  title: 大模型: b\n",
            "2:13: YAML syntax: mapping values are not allowed in this context: a ': ' inside a "
            "value starts a new field: put the value in quotes, e.g. title: 'A: B'\n"
            "2 |   title: 大模型: b\n  |                ^",
        ),
        (
            "- id: a\n  tags: [a, b\n- id: b\n",
            "3:5: YAML syntax: did not find expected ',' or ']': the '[' opened at line 2 is not "
            "closed, or a value in it holds ',' or ']': close it, or quote that value\n"
            "3 | - id: b\n  |     ^",
        ),
        (
            "- id: a\n  url b\n  kind: x\n",
            "2:3: YAML syntax: could not find expected ':': line 2 is not 'name: value': add "
            "the ':' or join it to the line above\n2 |   url b\n  |   ^",
        ),
        (
            "- id: a\n  t: @x\n",
            "2:6: YAML syntax: found character that cannot start any token: a plain value cannot "
            "start with '@': put the value in quotes\n2 |   t: @x\n  |      ^",
        ),
        (
            "- id: a\n  t: x\n---\n- b\n",
            "3:1: YAML syntax: a second YAML document ('---'): a catalog file holds one list: "
            "remove the '---' line\n3 | ---\n  | ^",
        ),
    ],
    ids=["colon", "indent", "quote", "wide", "flow", "no-colon", "at", "document"],
)
def test_syntax_errors_show_the_line_and_a_hint(tmp_path: Path, text: str, expected: str) -> None:
    (problem,) = load_file(write(tmp_path, text)).problems
    assert f"{problem.line}:{problem.column}: {problem.message}" == expected


def test_a_duplicate_key_hides_no_other_problem(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text("- id: t\n  title: T\n  title_en: T\n", "utf-8")
    (catalog / "x.yaml").write_text(
        "- id: a\n  kind: paper\n  title: A\n  title: B\n  url: https://x.org/a\n"
        "  topics: [t]\n  year: twenty\n"
        "- id: b\n  kind: paper\n  title: B\n  url: https://x.org/b\n  topics: [zzz]\n",
        "utf-8",
    )
    _, problems = check_catalog(catalog)
    assert [(p.line, p.code, p.entry) for p in problems] == [
        (4, "duplicate-key", None),
        (7, "type", "a"),
        (12, "unknown-topic", "b"),
    ]
