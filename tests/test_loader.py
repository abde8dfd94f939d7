"""Loader: exact marks, encodings, line endings, and refusal of unsafe or explosive YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from llm_atlas.loader import MAX_FILE_BYTES, load_file
from llm_atlas.yaml_build import Mark

DOC = (
    "- id: gptq\n  title: 大模型量化\n  url: https://arxiv.org/abs/2210.17323\n"
    "  topics: [quantization, peft]\n"
)


def at(mark: Mark) -> tuple[int, int]:
    return (mark.line, mark.column)


def write(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    "raw",
    [
        DOC.encode(),
        b"\xef\xbb\xbf" + DOC.encode(),
        DOC.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode(),
    ],
    ids=["lf", "bom", "crlf", "bom-crlf"],
)
def test_marks_same_for_bom_and_crlf(tmp_path: Path, raw: bytes) -> None:
    loaded = load_file(write(tmp_path, raw))
    assert loaded.problems == []
    assert loaded.data[0]["title"] == "大模型量化"
    assert at(loaded.keys[(0, "url")]) == (3, 3)
    assert at(loaded.values[(0, "url")]) == (3, 8)
    assert at(loaded.values[(0, "topics", 1)]) == (4, 26)
    url = loaded.values[(0, "url")]
    assert loaded.text[url.start : url.end] == "https://arxiv.org/abs/2210.17323"


def test_mark_falls_back_to_parent(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, DOC))
    assert loaded.mark((0, "missing")) == loaded.values[(0,)]
    assert isinstance(loaded.mark(()), Mark)


def test_values_keep_yaml_types(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "- year: 2023\n  added: 2024-05-01\n  x: null\n  y: '7B'\n"))
    item = loaded.data[0]
    assert item["year"] == 2023
    assert str(item["added"]) == "2024-05-01"
    assert item["x"] is None and item["y"] == "7B"


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("- id: a\n  id: b\n", "duplicate-key", 2, 3),
        ("- id: a\n  t: !!python/object/apply:os.system [ls]\n", "yaml-tag", 2, 6),
        ("- id: a\n  t: !!python/name:os.system\n", "yaml-tag", 2, 6),
        ("- id: a\n  t: !custom x\n", "yaml-tag", 2, 6),
        ("- id: a\n  ? [x]\n  : 1\n", "bad-key", 2, 5),
        ("- id: a\n\tt: 1\n", "yaml", 2, 1),
        ("- id: [a\n", "yaml", 2, 1),
        ("a: &a [*a]\n", "alias-recursive", 1, 4),
    ],
)
def test_bad_yaml_is_a_problem(tmp_path: Path, text: str, code: str, line: int, col: int) -> None:
    problems = load_file(write(tmp_path, text)).problems
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, col)]


def test_billion_laughs_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    problems = load_file(write(tmp_path, "\n".join(lines) + "\n")).problems
    assert [p.code for p in problems] == ["alias-bomb"]


def _bomb(first: str, level: str, last: str) -> str:
    """A document whose aliases expand to 10**6 values, in one spelling of anchors."""
    refs = ["[" + ",".join(['"lol"'] * 10) + "]"]
    refs += ["[" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    body = [level.format(i=i, v=v) for i, v in enumerate(refs)]
    return first + "\n".join(body) + last


@pytest.mark.parametrize(
    ("first", "level", "last"),
    [
        ("", "a{i}: &a{i} {v}", "\n"),
        ("{", '"a{i}":&a{i} {v},', '"z": 1}\n'),
        ("{", "a{i}: &a{i} {v},", "z: 1}\n"),
        ("[", "&a{i} {v},", "x]\n"),
        ("", "- &a{i} {v}", "\n"),
        ("", "- !!seq &a{i} {v}", "\n"),
        ("", "-\n  &a{i}\n  {v}", "\n"),
        ("", "? k{i}\n: &a{i} {v}", "\n"),
        ("{", '"a{i}":&a{i}\n {v},', '"z": 1}\n'),
        ("[", '{{"k{i}":&a{i} {v}}},', "x]\n"),
        ("[", "? &a{i} {v},", "x]\n"),
        ("", "a{i}: !!seq\n  &a{i} {v}", "\n"),
    ],
    ids=lambda v: repr(v)[:24],
)
def test_every_anchor_spelling_is_guarded(
    tmp_path: Path, first: str, level: str, last: str
) -> None:
    text = _bomb(first, level, last)
    assert len(text.encode()) < 1200
    yaml.compose(text, Loader=yaml.SafeLoader)  # valid YAML: only the expansion is refused
    problems = load_file(write(tmp_path, text)).problems
    assert [p.code for p in problems] == ["alias-bomb"]


@pytest.mark.parametrize(
    "text",
    ["- title: Q&A\n  url: https://x.org/?a=1&b=2\n", "- t: R&D, A&B;x&y\n"],
)
def test_ampersands_in_words_are_plain_text(tmp_path: Path, text: str) -> None:
    loaded = load_file(write(tmp_path, text))
    assert loaded.problems == []
    assert "&" in str(loaded.data)


def test_small_aliases_allowed(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "- tags: &t [a, b]\n- tags: *t\n"))
    assert loaded.problems == []
    assert loaded.data == [{"tags": ["a", "b"]}, {"tags": ["a", "b"]}]


def test_non_utf8_position(tmp_path: Path) -> None:
    problems = load_file(write(tmp_path, b"- id: a\n  title: ok \xff\n")).problems
    assert [(p.code, p.line, p.column) for p in problems] == [("encoding", 2, 13)]


def test_oversized_file_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    problems = load_file(path).problems
    assert [p.code for p in problems] == ["too-large"]
    assert "limited to 10 MiB" in problems[0].message


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    problems = load_file(tmp_path / "nope.yaml").problems
    assert [p.code for p in problems] == ["io"]


def test_empty_file(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "# only a comment\n"))
    assert loaded.problems == [] and loaded.data is None
