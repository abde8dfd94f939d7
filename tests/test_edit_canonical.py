"""Tests of the quick proof that a catalog file is canonical: never 'canonical' when fmt would
change the file (hypothesis, the shipped catalog), and the shipped catalog proven whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_edit_fmt import commented_files

from llm_atlas.cli import main
from llm_atlas.edit.canonical import _SURELY_PLAIN, analysed_plain, plain_ok, unproven_entries
from llm_atlas.edit.fmt import catalog_paths
from llm_atlas.edit.layout import format_text

SHIPPED = Path(__file__).resolve().parent.parent / "catalog"
QUOTED = '- id: a\n  kind: tool\n  title: "T\\x01"\n'
FOLDED = "- id: a\n  kind: tool\n  description: >-\n    one\n    two\n\n    three\n"
# a file, and the entries the rules leave to ruamel (None: the whole file)
CASES = [
    ("- id: a\n  kind: tool\n  title: T\n", []),
    ("# head\n- id: a  # why\n  kind: tool\n\n# next\n- id: b\n  kind: tool\n", []),
    ("- id: a\n  kind: tool\n  tags: [x, 'yes', '2021']\n", []),
    ("- kind: tool\n  id: a\n", ["- kind: tool\n  id: a\n"]),
    ("- id: a\n  kind: tool\n  title: yes\n", ["- id: a\n  kind: tool\n  title: yes\n"]),
    ("- id: a\n  kind: tool\n  title: 'T'\n", ["- id: a\n  kind: tool\n  title: 'T'\n"]),
    ("- id: a\n  kind: tool\n  title:  T\n", ["- id: a\n  kind: tool\n  title:  T\n"]),
    ("- id: a\n  kind: tool\n  tags:\n  - x\n", ["- id: a\n  kind: tool\n  tags:\n  - x\n"]),
    (QUOTED, [QUOTED]),
    (FOLDED, []),
    (FOLDED.replace("    two", "      two"), [FOLDED.replace("    two", "      two")]),
    ("- id: a\n  kind: tool \n", None),
    ("- id: a\r\n  kind: tool\r\n", None),
    ("- id: a\n  kind: tool\n\n", None),
    ("{a: 1}\n", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "unproven"), CASES)
def test_what_the_rules_prove(text: str, unproven: list[str] | None) -> None:
    assert unproven_entries(text, topics=False) == unproven
    if unproven == []:
        assert format_text(text) == text


@pytest.mark.parametrize("path", catalog_paths(SHIPPED), ids=lambda p: p.name)
def test_the_shipped_catalog_is_proven_without_ruamel(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert unproven_entries(text, topics=path.name == "topics.yaml") == []
    assert format_text(text, topics=path.name == "topics.yaml") == text


@settings(max_examples=150, deadline=None)
@given(commented_files())
def test_proven_means_fmt_changes_nothing(case: tuple[bytes, int]) -> None:
    text = case[0].removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n")
    for candidate in (text, format_text(text)):
        if unproven_entries(candidate, topics=False) == []:
            assert format_text(candidate) == candidate


@pytest.mark.parametrize(
    "word", ["False", "false", "FALSE", "True", "on", "Off", "yes", "No", "null", "Null", "NULL"]
)
def test_yaml_11_keywords_are_never_surely_plain(word: str) -> None:
    assert not _SURELY_PLAIN.fullmatch(word)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_surely_plain_is_plain(text: str) -> None:
    if _SURELY_PLAIN.fullmatch(text):
        assert analysed_plain(text, flow=False)
        assert plain_ok(text, flow=True) == analysed_plain(text, flow=True)


def test_fmt_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- kind: tool\n  id: a\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--diff", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- {path} (original)\n+++ {path} (formatted)\n@@ -1,2 +1,2 @@\n"
        "-- kind: tool\n-  id: a\n+- id: a\n+  kind: tool\n"
    )
    assert result.stderr == "1 of 1 file(s) would be reformatted\n"
    assert path.read_text(encoding="utf-8") == "- kind: tool\n  id: a\n"
