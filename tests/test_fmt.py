"""Tests of `llm-atlas fmt`: canonical layout, comments kept, --check, refusal of broken files."""

from __future__ import annotations

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
from llm_atlas.fmt import format_text
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
    assert f"would reformat {root / 'a.yaml'}" in result.output
    assert "clean.yaml" not in result.output
    assert (root / "a.yaml").read_bytes() == before


def test_fmt_writes_then_check_is_clean(tmp_path: Path) -> None:
    root = make_catalog(tmp_path)
    (root / "a.yaml").chmod(0o600)
    result = CliRunner().invoke(main, ["fmt", "--catalog", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output == f"reformatted {root / 'a.yaml'}\n"
    expected = (FMT_CASES / "commented.expected.yaml").read_text(encoding="utf-8")
    assert (root / "a.yaml").read_text(encoding="utf-8") == expected
    assert (root / "a.yaml").stat().st_mode & 0o777 == 0o600
    assert list(root.glob(".*")) == []  # no temporary file left behind
    again = CliRunner().invoke(main, ["fmt", "--check", "--catalog", str(root)])
    assert (again.exit_code, again.output) == (0, "")


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
    assert result.output.splitlines()[0] == f"would reformat {other}"
    assert "a.yaml" not in result.output


def test_empty_and_comment_only_files_are_left_alone() -> None:
    assert format_text("") == ""
    assert format_text("# nothing yet\n") == "# nothing yet\n"


def test_shipped_catalog_is_fmt_clean() -> None:
    result = CliRunner().invoke(main, ["fmt", "--check", "--catalog", str(SHIPPED)])
    assert (result.exit_code, result.output) == (0, "")


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
