"""Golden cases for `llm-atlas validate`: one small catalog per rule, exact PATH:LINE:COL output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import CASES, check_golden

from llm_atlas.cli import main
from llm_atlas.problems import AtlasError
from llm_atlas.rules import normalize_url
from llm_atlas.validate import check_catalog, load_catalog

VALIDATE_CASES = sorted(p.name for p in (CASES / "validate").iterdir() if p.is_dir())


def run_validate(case: str, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(CASES / "validate" / case)
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("case", VALIDATE_CASES)
def test_validate_text_golden(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_validate(case, monkeypatch=monkeypatch)
    check_golden(CASES / "validate" / case / "expected.txt", f"exit {code}\n{output}")
    assert "Traceback" not in output
    assert code == (0 if case.startswith("valid") else 1)


def test_every_rule_has_a_case() -> None:
    assert len(VALIDATE_CASES) >= 15


def test_json_format(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_validate("unknown-field", "--format", "json", monkeypatch=monkeypatch)
    data = json.loads(output)
    assert code == 1
    assert data["ok"] is False
    assert data["entries"] == 0
    assert data["problems"][0] == {
        "path": "catalog/a.yaml",
        "line": 8,
        "column": 3,
        "severity": "error",
        "entry": "lora",
        "field": "tittle",
        "code": "unknown-field",
        "message": "unknown field 'tittle' — did you mean 'title'?",
    }


def test_json_format_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_validate("valid-edge", "--format", "json", monkeypatch=monkeypatch)
    assert code == 0
    assert json.loads(output) == {"ok": True, "entries": 3, "problems": []}


def test_github_format(monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run_validate("bad-ids", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1
    assert output.splitlines()[3] == (
        "::error file=catalog/b.yaml,line=1,col=7,title=duplicate-id::lora: id: entry id 'lora' is "
        "already used at catalog/a.yaml:1: choose another id"
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--format", "yaml"], 2), (["--catalog", "does-not-exist"], 2), (["--bogus"], 2)],
)
def test_usage_errors_exit_2(args: list[str], code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    got, output = run_validate("valid-edge", *args, monkeypatch=monkeypatch)
    assert got == code
    assert "Traceback" not in output


def test_paths_absolute_outside_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    case = CASES / "validate" / "yaml-tabs" / "catalog"
    result = CliRunner().invoke(main, ["validate", "--catalog", str(case)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{case}/a.yaml:2:1: error: ")


def test_unsafe_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, problems = check_catalog(CASES / "validate" / "yaml-unsafe-tag" / "catalog")
    assert [p.code for p in problems] == ["yaml-tag"]
    assert not (tmp_path / "PWNED").exists()


def test_load_catalog_raises_once_with_all_problems() -> None:
    with pytest.raises(AtlasError) as info:
        load_catalog(CASES / "validate" / "bad-urls" / "catalog")
    assert len(info.value.problems) == 10
    assert info.value.exit_code == 1


def test_catalog_indexes() -> None:
    catalog = load_catalog(CASES / "validate" / "valid-edge" / "catalog")
    assert list(catalog.entries) == ["peft-intro", "lora", "qlora-principles"]
    assert catalog.related["lora"] == ["peft-intro"]
    assert catalog.related["peft-intro"] == ["lora"]
    assert [e.id for e in catalog.by_topic["peft"]] == ["peft-intro", "lora", "qlora-principles"]
    assert catalog.children[None] == ["training", "quantization"]
    assert catalog.descendants("training") == ["peft"]
    assert [t.id for t in catalog.topic_path("peft")] == ["training", "peft"]
    assert catalog.origins["lora"].path.endswith("papers/lora.yaml")
    assert catalog.origins["peft-intro"].mark("url").line == 5
    entry = catalog.entries["peft-intro"]
    assert entry.title_en is None and entry.description == "" and entry.tags == []


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://Example.COM/a/", "https://example.com/a"),
        ("https://example.com/A?x=1", "https://example.com/A?x=1"),
        ("http://zhuanlan.zhihu.com/p/1", "http://zhuanlan.zhihu.com/p/1"),
    ],
)
def test_normalize_url(url: str, key: str) -> None:
    assert normalize_url(url) == key
