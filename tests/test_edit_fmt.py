"""Tests of `llm-atlas fmt`: canonical layout, comments kept, --check, refusal of broken files."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from golden import CASES, check_golden
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.cli import main
from llm_atlas.edit.fmt import fmt_files
from llm_atlas.edit.layout import format_text
from llm_atlas.loader import load_file

FMT_CASES = CASES / "fmt"
SHIPPED = Path(__file__).resolve().parent.parent / "catalog"


def comments(text: str) -> list[str]:
    return re.findall(r"#(?! not-a-comment).*", text)


def test_golden_commented_file() -> None:
    source = (FMT_CASES / "commented.yaml").read_text(encoding="utf-8")
    check_golden(FMT_CASES / "commented.expected.yaml", format_text(source))


def test_every_comment_is_kept_in_order() -> None:
    source = (FMT_CASES / "commented.yaml").read_text(encoding="utf-8")
    result = format_text(source)
    assert [c.strip() for c in comments(result)] == [c.strip() for c in comments(source)]
    assert result.startswith("# yaml-language-server: $schema=../schema/catalog.schema.json\n")


def test_format_is_idempotent() -> None:
    once = format_text((FMT_CASES / "commented.yaml").read_text(encoding="utf-8"))
    assert format_text(once) == once


def test_data_is_unchanged(tmp_path: Path) -> None:
    source = FMT_CASES / "commented.yaml"
    out = tmp_path / "out.yaml"
    out.write_text(format_text(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_file(out).data == load_file(source).data


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain words", "plain words"),
        ("yes", "'yes'"),  # a bool for YAML 1.1 readers such as PyYAML
        ("on", "'on'"),
        ("2021", "'2021'"),
        ("1_000", "'1_000'"),
        ("2026-11-28", "'2026-11-28'"),
        ("null", "'null'"),
        ("LoRA: adapters", "'LoRA: adapters'"),
        ("C# for LLMs", "C# for LLMs"),
        ("大模型量化", "大模型量化"),
        ("it's", "it's"),
        ("#hashtag", "'#hashtag'"),
    ],
)
def test_quotes_only_when_needed(value: str, written: str) -> None:
    source = f'- id: x\n  kind: tool\n  title: "{value}"\n'
    assert format_text(source) == f"- id: x\n  kind: tool\n  title: {written}\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # the models' field order, kind-specific fields after the common ones
        (
            "- url: https://x.org\n  id: a\n  venue: ICLR\n  kind: paper\n  title: A\n",
            "- id: a\n  kind: paper\n  title: A\n  url: https://x.org\n  venue: ICLR\n",
        ),
        # unknown fields go last, in their order, so a typo is never lost
        (
            "- titel: A\n  id: a\n  kind: tool\n",
            "- id: a\n  kind: tool\n  titel: A\n",
        ),
        # short lists in flow style, 2-space block lists when they are long
        (
            "- id: a\n  topics:\n      - x\n      - y\n",
            "- id: a\n  topics: [x, y]\n",
        ),
        (
            "- id: a\n  tags: [" + ", ".join([f"tag-number-{i}" for i in range(8)]) + "]\n",
            "- id: a\n  tags:\n" + "".join(f"  - tag-number-{i}\n" for i in range(8)),
        ),
        # PyYAML (YAML 1.1) needs quotes inside [ ] where YAML 1.2 does not
        ("- id: a\n  tags:\n  - ':0'\n  - a, b\n  - x\n", "- id: a\n  tags: [':0', 'a, b', x]\n"),
        # topics.yaml-like data without 'kind' follows the entry order of all kinds
        ("- title: T\n  id: t\n", "- id: t\n  title: T\n"),
    ],
)
def test_layout(source: str, expected: str) -> None:
    assert format_text(source) == expected


def test_topics_file_uses_topic_order(tmp_path: Path) -> None:
    topics = tmp_path / "topics.yaml"
    topics.write_text("- parent: a\n  title_en: B\n  id: b\n  title: 乙\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--catalog", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        topics.read_text(encoding="utf-8") == "- id: b\n  title: 乙\n  title_en: B\n  parent: a\n"
    )


def make_catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    root.mkdir()
    shutil.copy(FMT_CASES / "commented.yaml", root / "a.yaml")
    (root / "clean.yaml").write_text("- id: c\n  kind: tool\n  title: C\n", encoding="utf-8")
    return root


def test_check_names_files_and_writes_nothing(tmp_path: Path) -> None:
    root = make_catalog(tmp_path)
    before = (root / "a.yaml").read_bytes()
    result = CliRunner().invoke(main, ["fmt", "--check", "--catalog", str(root)])
    assert result.exit_code == 1
    assert f"1 of 2 file(s) would be reformatted: {root / 'a.yaml'}\n" in result.output
    assert "run `llm-atlas fmt` to reformat them" in result.output
    assert "clean.yaml" not in result.output
    assert (root / "a.yaml").read_bytes() == before


def test_fmt_writes_then_check_is_clean(tmp_path: Path) -> None:
    root = make_catalog(tmp_path)
    (root / "a.yaml").chmod(0o600)
    result = CliRunner().invoke(main, ["fmt", "--catalog", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output == f"reformatted 1 of 2 file(s): {root / 'a.yaml'}\n"
    expected = (FMT_CASES / "commented.expected.yaml").read_text(encoding="utf-8")
    assert (root / "a.yaml").read_text(encoding="utf-8") == expected
    assert (root / "a.yaml").stat().st_mode & 0o777 == 0o600
    assert list(root.glob(".*")) == []  # no temporary file left behind
    again = CliRunner().invoke(main, ["fmt", "--check", "--catalog", str(root)])
    assert (again.exit_code, again.output) == (0, "2 file(s) already formatted\n")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("- id: a\n  title: [unclosed\n", ":3:1: error:"),
        ("- id: a\n\tkind: tool\n", ":2:1: error:"),
        ("- id: a\n  id: b\n", ":2:3: error:"),
    ],
)
def test_broken_file_is_reported_not_touched(tmp_path: Path, text: str, where: str) -> None:
    root = make_catalog(tmp_path)
    broken = root / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--catalog", str(root)])
    assert result.exit_code == 1
    assert f"{broken}{where}" in result.output
    assert "not formatted" in result.output
    assert broken.read_text(encoding="utf-8") == text
    # the other files are still formatted
    assert (root / "a.yaml").read_text(encoding="utf-8") != (
        FMT_CASES / "commented.yaml"
    ).read_text(encoding="utf-8")


def test_files_argument_formats_only_those(tmp_path: Path) -> None:
    root = make_catalog(tmp_path)
    other = root / "other.yaml"
    other.write_text("- kind: tool\n  id: o\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", str(other)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"1 of 1 file(s) would be reformatted: {other}"
    assert "a.yaml" not in result.output


def test_empty_and_comment_only_files_are_left_alone() -> None:
    assert format_text("") == ""
    assert format_text("# nothing yet\n") == "# nothing yet\n"


def test_shipped_catalog_is_fmt_clean() -> None:
    result = CliRunner().invoke(main, ["fmt", "--check", "--catalog", str(SHIPPED)])
    assert result.exit_code == 0
    assert re.fullmatch(r"\d+ file\(s\) already formatted\n", result.output)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
SCALAR = st.one_of(TEXT, st.integers(-5, 3000), st.dates())
ENTRY = st.dictionaries(
    st.sampled_from(["id", "kind", "title", "url", "tags", "year", "added", "custom"]),
    st.one_of(SCALAR, st.lists(SCALAR, max_size=6)),
    min_size=1,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=3))
def test_any_data_survives_formatting(entries: list[dict[str, object]]) -> None:
    source = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    once = format_text(source)
    assert yaml.safe_load(once) == yaml.safe_load(source)  # what our loader reads is kept
    assert format_text(once) == once


LAYOUT = (
    "# head\n- title: T  # why\n  id: a\n  kind: tool\n  # about the url\n  url: https://a.org\n"
)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_fmt_converges_and_keeps_bom_and_line_endings(
    tmp_path: Path, bom: bytes, newline: bytes
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(bom + LAYOUT.encode().replace(b"\n", newline))
    assert fmt_files([path], check=False) == ([path], [])
    once = path.read_bytes()
    assert fmt_files([path], check=False) == ([], [])
    assert path.read_bytes() == once
    expected = "# head\n- id: a\n  kind: tool\n  # about the url\n  title: T  # why\n"
    assert once == bom + (expected + "  url: https://a.org\n").encode().replace(b"\n", newline)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: a\n  kind: tool\n  tags: [x, # why x\n    y]\n", 3),
        ("- id: a\n  kind: tool\n  extra: {a: 1, # why a\n    b: 2}\n", 3),
        ("- id: a\n  title: T\n  kind: tool\n  tags: [\n    x,  # why x\n    y]\n", 5),
    ],
)
def test_a_comment_fmt_cannot_keep_refuses_the_file(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    changed, problems = fmt_files([path], check=False)
    assert changed == []
    assert [(p.line, p.code) for p in problems] == [(line, "fmt-unsafe")]
    assert "is inside a [ ] or { } list: move it to a line of its own" in problems[0].message
    assert path.read_text(encoding="utf-8") == text


WORD = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
LINE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and not s.startswith("#"))


def _scalar(value: object) -> str:
    return (
        yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
        .split("\n...")[0]
        .rstrip("\n")
    )


@st.composite
def commented_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """A catalog file with comments, block scalars and flow lists, in LF or CRLF, maybe a BOM."""
    lines: list[str] = []
    flow_comments = 0
    n = 0
    for i in range(draw(st.integers(1, 3))):
        fields = [f"id: e{i}", "kind: tool", f"title: {_scalar(draw(LINE_TEXT))}"]
        tags = draw(st.lists(WORD, min_size=1, max_size=3))
        if draw(st.booleans()):
            fields.append(f"tags: [{', '.join(_scalar(t) for t in tags)}]")
        else:
            fields.append("tags:\n" + "\n".join(f"    - {_scalar(t)}" for t in tags))
        if draw(st.booleans()):
            style = draw(st.sampled_from(["|", "|+", "|-", ">"]))
            body = draw(st.lists(LINE_TEXT, min_size=1, max_size=3))
            blank = "\n" if style == "|+" and draw(st.booleans()) else ""
            fields.append(f"description: {style}\n" + "\n".join(f"    {b}" for b in body) + blank)
        fields = draw(st.permutations(fields))
        for j, field in enumerate(fields):
            lead = "- " if j == 0 else "  "
            if j and draw(st.booleans()):
                n += 1
                lines.append(f"  # own line {n}")
            head, _, rest = field.partition("\n")
            trailing = ""
            if not rest and not head.endswith(("|", "|+", "|-", ">")) and draw(st.booleans()):
                n += 1
                trailing = f"  # after {n}"
            if head.startswith("tags: [") and len(tags) > 1 and draw(st.integers(0, 5)) == 0:
                flow_comments += 1
                head = head.replace(", ", f", # in flow {n}\n    ", 1)
            lines.append(lead + head + trailing + ("\n" + rest if rest else ""))
        if draw(st.booleans()):
            lines.append("")
    text = "\n".join(lines) + "\n"
    raw = text.encode("utf-8")
    if draw(st.booleans()):
        raw = raw.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        raw = b"\xef\xbb\xbf" + raw
    return raw, flow_comments


@settings(max_examples=int(os.environ.get("FMT_EXAMPLES", "120")), deadline=None)
@given(commented_files())
def test_fmt_is_idempotent_and_keeps_data_and_comments(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[bytes, int]
) -> None:
    raw, flow_comments = case
    path = tmp_path_factory.mktemp("fmt") / "a.yaml"
    path.write_bytes(raw)
    before = load_file(path)
    assert before.problems == [], raw
    _, problems = fmt_files([path], check=False)
    once = path.read_bytes()
    if flow_comments:
        assert [p.code for p in problems] == ["fmt-unsafe"] and once == raw
        return
    if problems and b"|+" in raw:
        assert "block kept with '+'" in problems[0].message and once == raw
        return
    assert problems == []
    assert load_file(path).data == before.data
    assert fmt_files([path], check=False) == ([], [])
    assert path.read_bytes() == once
    assert once.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in once) == (b"\r\n" in raw)
    assert once.count(b"\n") == once.count(b"\r\n") or b"\r\n" not in once
    assert sorted(re.findall(r"# (?:own line|after) \d+", once.decode("utf-8"))) == sorted(
        re.findall(r"# (?:own line|after) \d+", raw.decode("utf-8"))
    )
