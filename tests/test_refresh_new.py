"""Tests of `llm-atlas new paper --arxiv ID` against the fixture arXiv API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from refresh_fixture import Apis, Paper, State, running_apis

from llm_atlas.cli import main

TOPICS = "- id: peft\n  title: 微调\n  title_en: PEFT\n"
ENTRIES = (
    "- id: peft-lib\n  kind: tool\n  title: PEFT\n  url: https://github.com/h/peft\n"
    "  topics: [peft]\n"
)
MANY = [f"Author {n}" for n in range(1, 9)]


@pytest.fixture
def apis() -> Iterator[Apis]:
    papers = {
        "2106.09685": Paper(
            "LoRA: Low-Rank Adaptation of\n  Large Language Models",
            ["Edward J. Hu", "Yelong Shen"],
            "2021-06-17T17:37:18Z",
            "2021-10-16T18:40:34Z",
            2,
        ),
        "2305.14314": Paper("QLoRA", MANY, "2023-05-23T17:50:33Z", "2023-05-23T17:50:33Z"),
    }
    with running_apis(State(papers=papers)) as running:
        yield running


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    (tmp_path / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "peft.yaml").write_text(ENTRIES, encoding="utf-8")
    return tmp_path


def new(catalog: Path, apis: Apis, *args: str) -> tuple[int, str]:
    argv = ["new", "paper", "--catalog", str(catalog), "--topic", "peft", "--no-prompt"]
    argv += ["--file", str(catalog / "peft.yaml"), *args]
    result = CliRunner().invoke(main, argv, env=apis.env)
    return result.exit_code, result.output


def added(catalog: Path) -> dict[str, object]:
    entries = yaml.safe_load((catalog / "peft.yaml").read_text(encoding="utf-8"))
    assert isinstance(entries, list) and len(entries) == 2
    entry = dict(entries[1])
    entry.pop("added")
    return entry


@pytest.mark.parametrize(
    "ref", ["2106.09685", "arXiv:2106.09685v1", "https://arxiv.org/pdf/2106.09685v2.pdf"]
)
def test_fields_come_from_arxiv(catalog: Path, apis: Apis, ref: str) -> None:
    code, output = new(catalog, apis, "--arxiv", ref)
    assert code == 0, output
    assert added(catalog) == {
        "id": "lora",  # the name the title starts with, as the catalog names papers
        "kind": "paper",
        "title": "LoRA: Low-Rank Adaptation of Large Language Models",
        "url": "https://arxiv.org/abs/2106.09685",
        "lang": "en",  # arxiv.org writes in English
        "topics": ["peft"],
        "authors": ["Edward J. Hu", "Yelong Shen"],
        "year": 2021,
        "arxiv": "2106.09685",
    }
    assert [s.query["id_list"] for s in apis.state.hits("/api/query")] == [["2106.09685"]]


def test_flags_win_and_long_author_lists_end_in_et_al(catalog: Path, apis: Apis) -> None:
    code, output = new(
        catalog,
        apis,
        "--arxiv",
        "2305.14314",
        "--title",
        "QLoRA 论文",
        "--year",
        "2024",
        "--id",
        "qlora",
    )
    assert code == 0, output
    entry = added(catalog)
    assert (entry["id"], entry["title"], entry["year"]) == ("qlora", "QLoRA 论文", 2024)
    assert entry["authors"] == [*MANY[:5], "et al."]
    assert entry["url"] == "https://arxiv.org/abs/2305.14314"


@pytest.mark.parametrize(
    ("args", "state", "code", "message"),
    [
        (["--arxiv", "2401.99999"], None, 1, "--arxiv 2401.99999: arXiv has no paper with this id"),
        (["--arxiv", "lora"], None, 2, "--arxiv 'lora': not an arXiv id"),
        (["--arxiv", "2106.09685"], "malformed", 1, "cannot ask the arXiv API (malformed answer"),
        (["--arxiv", "2106.09685"], "500", 1, "cannot ask the arXiv API (HTTP 500)"),
    ],
)
def test_errors_leave_the_catalog_alone(
    catalog: Path, apis: Apis, args: list[str], state: str | None, code: int, message: str
) -> None:
    if state == "malformed":
        apis.state.malformed.add("/api/query")
    elif state == "500":
        apis.state.server_error.add("/api/query")
    got, output = new(catalog, apis, *args)
    assert (got, message in output) == (code, True), output
    assert (catalog / "peft.yaml").read_text(encoding="utf-8") == ENTRIES


def test_only_for_papers(catalog: Path, apis: Apis) -> None:
    argv = ["new", "tool", "--catalog", str(catalog), "--arxiv", "2106.09685", "--no-prompt"]
    result = CliRunner().invoke(main, argv, env=apis.env)
    assert result.exit_code == 2
    assert "--arxiv is for papers, not for a tool" in result.output
    assert apis.state.seen == []
