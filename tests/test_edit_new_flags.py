"""Tests of `llm-atlas new` as typed: which file a topic's entry goes to (and the message that
says so), `--arxiv` without a network, a fresh `init` project taking every kind."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from llm_atlas.cli import main
from llm_atlas.models import KINDS

TOPICS = "".join(
    f"- id: {ident}\n  title: {ident}\n  title_en: {ident}\n" + (f"  parent: {up}\n" if up else "")
    for ident, up in [
        ("training", ""),
        ("peft", "training"),
        ("lora-family", "peft"),
        ("serving", ""),
    ]
)


def entry(ident: str, topic: str) -> str:
    url = f"https://e.org/{ident}"
    return f"- id: {ident}\n  kind: tool\n  title: {ident}\n  url: {url}\n  topics: [{topic}]\n"


def add_tool(catalog: Path, topic: str) -> Result:
    """Run `new tool` on CATALOG with a title, a URL and TOPIC, asking nothing."""
    flags = ["--title", "X", "--url", "https://x.org/", "--topic", topic, "--no-prompt"]
    return CliRunner().invoke(main, ["new", "tool", str(catalog), *flags])


HOLDING = "the file holding entries of"
# files of the catalog (name → topics of its entries), the topic given, the file chosen, why
CASES = [
    ({"a.yaml": ["peft"], "b.yaml": ["peft", "peft"]}, "peft", "b.yaml", f"{HOLDING} 'peft'"),
    ({"a.yaml": ["training"], "b.yaml": ["serving"]}, "peft", "a.yaml",
     f"{HOLDING} 'training', the parent of 'peft'"),
    ({"a.yaml": ["serving"], "b.yaml": ["lora-family"]}, "peft", "b.yaml",
     f"{HOLDING} 'lora-family', a subtopic of 'peft'"),
    ({"a.yaml": ["serving"], "training.yaml": []}, "training", "training.yaml",
     "the file named after 'training'"),
    ({"only.yaml": ["serving"]}, "training", "only.yaml", "the catalog's only entry file"),
]  # fmt: skip


@pytest.mark.parametrize(("files", "topic", "chosen", "why"), CASES)
def test_topic_chooses_a_file_in_order_and_says_which(
    tmp_path: Path, files: dict[str, list[str]], topic: str, chosen: str, why: str
) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    for name, topics in files.items():
        text = "".join(entry(f"{Path(name).stem}-{i}", t) for i, t in enumerate(topics))
        (catalog / name).write_text(text, encoding="utf-8")
    result = add_tool(catalog, topic)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"added 'x' at {catalog / chosen}:")
    assert result.output.endswith(f", {why}\n")
    assert "- id: x\n" in (catalog / chosen).read_text(encoding="utf-8")


def test_no_file_fits_names_the_flag_to_give(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (catalog / name).write_text(entry(Path(name).stem, "serving"), encoding="utf-8")
    result = add_tool(catalog, "peft")
    assert result.exit_code == 2
    assert "none is named peft.yaml: pass --file " in result.output
    assert result.output.count("\n") == 1


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh English `init` project `p`, in a working folder that holds it."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "p", "--lang", "en"]).exit_code == 0
    return tmp_path / "p"


@pytest.mark.parametrize("kind", KINDS)
def test_a_fresh_project_takes_every_kind_under_its_top_topic(project: Path, kind: str) -> None:
    args = ["new", kind, "p", "--title", "T", "--url", "https://t.org/", "--topic", "training"]
    result = CliRunner().invoke(main, [*args, "--no-prompt"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "added 't' at p/catalog/training.yaml:13, the file holding entries of 'peft', a subtopic "
        "of 'training'\n"
    )


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """An arXiv API address where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("LLM_ATLAS_ARXIV_API", f"http://127.0.0.1:{port}/api/query")


def test_arxiv_with_the_metadata_given_asks_nothing(project: Path, offline: None) -> None:
    args = ["new", "paper", "p", "--arxiv", "2402.09353", "--title", "DoRA", "--author", "A"]
    args += ["--year", "2024", "--url", "https://arxiv.org/abs/2402.09353", "--topic", "peft"]
    result = CliRunner().invoke(main, [*args, "--no-prompt"])
    assert result.exit_code == 0, result.output
    text = (project / "catalog" / "training.yaml").read_text(encoding="utf-8")
    assert "  arxiv: '2402.09353'\n" in text and "  title: DoRA\n" in text


def test_arxiv_offline_exits_2_says_what_to_do_and_writes_nothing(
    project: Path, offline: None
) -> None:
    before = {p: p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}
    args = ["new", "paper", "p", "--arxiv", "2402.09353", "--title", "DoRA", "--topic", "peft"]
    result = CliRunner().invoke(main, [*args, "--no-prompt"])
    assert result.exit_code == 2  # as refresh, check-links and fix-links with no network
    assert result.output == (
        "Error: --arxiv 2402.09353: the arXiv API could not be reached (cannot connect: "
        f"[Errno {errno.ECONNREFUSED}] {os.strerror(errno.ECONNREFUSED)}); nothing written: "
        "give --title, --author, --year and "
        "--url yourself (with all four, --arxiv asks arXiv nothing), or check the connection "
        "(or a proxy) and run again\n"
    )
    assert {p: p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()} == before
