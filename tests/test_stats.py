"""`llm-atlas stats`: counts per kind, status and topic."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from golden import CASES

from llm_atlas.cli import main


def test_stats_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "validate" / "valid-edge")
    result = CliRunner().invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {k: data[k] for k in ("entries", "topics", "kinds", "planned", "papers_with_arxiv")} == {
        "entries": 3,
        "topics": 3,
        "kinds": {"tutorial": 2, "paper": 1},
        "planned": 1,
        "papers_with_arxiv": 1,
    }
    assert data["by_topic"]["training"] == {"title": "训练", "direct": 0, "total": 3, "depth": 0}
    assert data["by_topic"]["peft"]["direct"] == 3


def test_stats_text_and_invalid_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "validate" / "valid-edge")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "3 entries · 3 topics · 1 planned" in result.output
    monkeypatch.chdir(CASES / "validate" / "bad-ids")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 1
    assert "catalog/b.yaml:1:7: error: lora: id:" in result.output


def test_stats_text_shows_a_title_literally(capsys: pytest.CaptureFixture[str]) -> None:
    from llm_atlas.stats import print_stats

    title = "[bold]x[/bold]\x1b[2J"
    data = {"entries": 0, "topics": 1, "planned": 0, "urls": 0, "papers_with_arxiv": 0}
    data |= {"kinds": {}, "by_topic": {"t": {"title": title, "depth": 0, "direct": 0, "total": 0}}}
    print_stats(data)
    shown = capsys.readouterr().out
    assert "[bold]x[/bold]\\x1b[2J (t)" in shown
    assert "\x1b" not in shown
