"""Tests of llm_atlas.facts: reading the data folder, lookups by entry, paper checks."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.facts import load_facts
from llm_atlas.facts_model import (
    ArchiveFact,
    Facts,
    LinkFact,
    Mismatch,
    PaperFact,
    RepoFact,
    github_repo,
    paper_mismatches,
)
from llm_atlas.models import Paper, Tool
from llm_atlas.refresh.store import dump_items


def write(data_dir: Path, kind: str, items: dict[str, Any]) -> None:
    data_dir.mkdir(exist_ok=True)
    (data_dir / f"{kind}.json").write_text(dump_items(kind, items), encoding="utf-8")


# A link record as `llm-atlas refresh` writes it: broken twice in a row.
DEAD_LINK = {
    "status": "broken",
    "http_status": 404,
    "final_url": None,
    "message": "not found",
    "checked": "2026-12-01",
    "last_good": "2026-10-01",
    "failures": 2,
}


def full_folder(data_dir: Path) -> None:
    write(data_dir, "links", {"https://a.example/x": DEAD_LINK})
    write(
        data_dir,
        "repos",
        {"o/r": {"state": "ok", "checked": "2026-12-01", "stars": 5, "archived": True}},
    )
    write(
        data_dir,
        "papers",
        {
            "2106.09685": {
                "state": "ok",
                "checked": "2026-12-01",
                "title": "LoRA: Low-Rank Adaptation",
                "authors": ["Edward J. Hu"],
                "published": "2021-06-17",
            }
        },
    )
    write(
        data_dir,
        "archive",
        {"https://a.example/x": {"checked": "2026-12-01", "snapshot": "https://w/x"}},
    )


def test_absent_folder_is_empty_and_quiet(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    facts = load_facts(tmp_path / "data")
    assert facts == Facts()
    assert not facts
    assert caplog.records == []


def test_full_folder(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    full_folder(tmp_path / "data")
    facts = load_facts(tmp_path / "data")
    assert facts.links == {
        "https://a.example/x": LinkFact(
            "https://a.example/x", "broken", 404, None, "not found", "2026-12-01", "2026-10-01", 2
        )
    }
    assert facts.repos == {"o/r": RepoFact("o/r", "ok", "2026-12-01", stars=5, archived=True)}
    assert facts.papers["2106.09685"].authors == ("Edward J. Hu",)
    assert facts.archive == {
        "https://a.example/x": ArchiveFact("https://a.example/x", "2026-12-01", "https://w/x")
    }
    assert caplog.records == []


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (None, "repos.json: missing; run `llm-atlas refresh --only repos` to make it"),
        ('{"format": "llm-atlas-data", "kind": "repos", "ver', "repos.json: unreadable ("),
        (b"\xff\xfe{}", "repos.json: unreadable ("),
        ('{"format": "other", "kind": "repos", "version": 1, "items": {}}', "not a version 1"),
        ('{"format": "llm-atlas-data", "kind": "links", "version": 1, "items": {}}', "not a"),
        ('{"format": "llm-atlas-data", "kind": "repos", "version": 2, "items": {}}', "not a"),
        ('{"format": "llm-atlas-data", "kind": "repos", "version": 1, "items": []}', "not a"),
        ("[]", "not a version 1 llm-atlas repos file"),
    ],
    ids=["missing", "truncated", "binary", "foreign", "other-kind", "newer", "items", "list"],
)
def test_an_unusable_file_is_a_miss_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str | bytes | None, warning: str
) -> None:
    data_dir = tmp_path / "data"
    full_folder(data_dir)
    path = data_dir / "repos.json"
    if text is None:
        path.unlink()
    elif isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="llm_atlas.facts"):
        facts = load_facts(data_dir)
    assert facts.repos == {}
    assert len(facts.links) == 1 and len(facts.papers) == 1
    assert len(caplog.records) == 1
    assert warning in caplog.records[0].getMessage()


def test_a_bom_is_fine(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    full_folder(tmp_path)
    path = tmp_path / "repos.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_facts(tmp_path).repos["o/r"].stars == 5
    assert caplog.records == []


def test_malformed_records_are_left_out_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(
        tmp_path,
        "links",
        {
            "good": {"status": "ok", "checked": "2026-12-01"},
            "no-status": {"checked": "2026-12-01"},
            "bad-code": {"status": "ok", "checked": "x", "http_status": "200"},
            "bad-failures": {"status": "ok", "checked": "x", "failures": True},
            "script": {"status": "ok", "checked": "x", "final_url": "javascript:alert(1)"},
        },
    )
    for kind in ("repos", "papers", "archive"):
        write(tmp_path, kind, {"k": {"state": "ok", "checked": 3, "authors": "x"}})
    with caplog.at_level(logging.WARNING, logger="llm_atlas.facts"):
        facts = load_facts(tmp_path)
    assert list(facts.links) == ["good"]
    assert (facts.repos, facts.papers, facts.archive) == ({}, {}, {})
    fix = "; run `llm-atlas refresh --only {}` to rewrite them"
    assert [r.getMessage().split(": ", 1)[1] for r in caplog.records] == [
        "4 malformed record(s) left out (first: 'bad-code': http_status: expected an integer)"
        + fix.format("links"),
        *(
            "1 malformed record(s) left out (first: 'k': checked: expected a date like "
            f"2026-12-06, got 3){fix.format(kind)}"
            for kind in ("repos", "papers", "archive")
        ),
    ]


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/huggingface/peft", "huggingface/peft"),
        ("https://github.com/Microsoft/LoRA.git", "microsoft/lora"),
        ("https://www.github.com/a/b/tree/main/docs", "a/b"),
        ("http://github.com/a/b#readme", "a/b"),
        ("https://github.com/a", None),
        ("https://github.com/orgs/a", None),
        ("https://github.com/topics/llm", None),
        ("https://gist.github.com/a/b", None),
        ("https://gitlab.com/a/b", None),
        ("https://github.com/a/b%20c", None),
    ],
)
def test_github_repo(url: str, repo: str | None) -> None:
    assert github_repo(url) == repo


def paper(**fields: Any) -> Paper:
    base: dict[str, Any] = {
        "id": "p",
        "title": "LoRA: Low-Rank Adaptation",
        "topics": ["t"],
        "url": "https://arxiv.org/abs/2106.09685",
    }
    return Paper(**{**base, **fields})


ARXIV = PaperFact(
    "2106.09685",
    "ok",
    "2026-12-01",
    "LoRA: Low-Rank Adaptation",
    ("Edward J. Hu", "Yelong Shen", "Phillip Wallis"),
    "2021-06-17",
)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"title": "lora  low rank adaptation"}, []),
        ({"title": "LoRA 低秩适配", "title_en": "LoRA: Low-Rank Adaptation"}, []),
        ({"title": "LoRA 2"}, [("title", "LoRA 2")]),
        ({"authors": ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]}, []),
        ({"authors": ["Edward J. Hu", "et al."]}, []),
        ({"authors": ["Édward J. Hu", "Yelong Shen", "等"]}, []),
        ({"authors": ["Edward J. Hu"]}, [("authors", "Edward J. Hu")]),
        ({"authors": ["Yelong Shen", "et al."]}, [("authors", "Yelong Shen, et al.")]),
        ({"year": 2021}, []),
        ({"year": 2022}, [("year", "2022")]),
    ],
)
def test_paper_mismatches(fields: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    found = paper_mismatches(paper(**fields), ARXIV)
    assert [(m.field, m.catalog) for m in found] == expected


def test_missing_paper_has_no_mismatches() -> None:
    assert paper_mismatches(paper(year=1999), PaperFact("x", "missing", "2026-12-01")) == ()


def test_entry_facts(tmp_path: Path) -> None:
    full_folder(tmp_path)
    facts = load_facts(tmp_path)
    dead = Tool(
        id="t", title="T", url="https://a.example/x", code="https://github.com/O/R", topics=["t"]
    )
    found = facts.entry(dead)
    assert found.dead and found.mark == "dead"
    assert found.archive is not None and found.archive.snapshot == "https://w/x"
    assert found.repo is not None and found.repo.stars == 5
    alive = Tool(id="u", title="U", url="https://github.com/o/r", topics=["t"])
    assert facts.entry(alive).mark == "archived"
    assert facts.entry(alive).archive is None
    lora = paper(arxiv="2106.09685", year=2020)
    assert facts.entry(lora).mismatches == (Mismatch("year", "2020", "2021"),)
    unknown = Tool(id="v", title="V", url="https://b.example/", topics=["t"])
    assert (
        facts.entry(unknown) == facts.entry(unknown.model_copy()) and not facts.entry(unknown).mark
    )


def test_facts_pickle(tmp_path: Path) -> None:
    import pickle

    full_folder(tmp_path)
    facts = load_facts(tmp_path)
    assert pickle.loads(pickle.dumps(facts)) == facts
