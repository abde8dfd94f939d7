"""Tests of the command line as a user types it: an example in every --help, DIR wherever
--catalog is taken, the project found from a subfolder, one-line errors, Ctrl-C, thin commands."""

from __future__ import annotations

import inspect
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from llm_atlas.cli import main
from llm_atlas.cli.project import find_root, locate

COMMANDS = sorted(main.commands)
TAKES_CATALOG = [
    n for n in COMMANDS if any(p.name == "catalog_dir" for p in main.commands[n].params)
]


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_every_help_has_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [*name.split(), "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert f"Example: llm-atlas {name}".rstrip() in result.output.replace("\n  ", " ")


def test_the_commands_that_take_a_catalog() -> None:
    assert TAKES_CATALOG == [
        "build", "check-links", "fix-links", "fmt", "new", "refresh", "render", "schema", "serve",
        "stats", "validate",
    ]  # fmt: skip


@pytest.mark.parametrize("name", [n for n in TAKES_CATALOG if n != "fmt"])
def test_dir_is_taken_wherever_catalog_is(name: str) -> None:
    params = main.commands[name].params
    arguments = [p.name for p in params if isinstance(p, click.Argument)]
    assert arguments[-1] == "directory"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_bodies_are_short(name: str) -> None:
    callback = main.commands[name].callback
    assert callback is not None
    source = inspect.getsource(inspect.unwrap(callback))
    body = source[source.index('"""', source.index('"""') + 3) + 3 :]
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) <= 12, "\n".join(lines)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "p", "--lang", "en"]).exit_code == 0
    return tmp_path / "p"


# where the user is (below the project), what they type, the first line printed
WHERE = [
    ("", ["validate"], "ok: 1 entries, 2 topics in catalog"),
    ("", ["validate", "catalog/"], "ok: 1 entries, 2 topics in catalog"),
    ("", ["validate", "."], "ok: 1 entries, 2 topics in catalog"),
    ("docs", ["validate"], "ok: 1 entries, 2 topics in ../catalog"),
    ("docs/deep", ["validate"], "ok: 1 entries, 2 topics in ../../catalog"),
    ("catalog", ["validate"], "ok: 1 entries, 2 topics in ../catalog"),
    ("docs", ["schema", "--check"], ""),
    ("docs", ["fmt", "--check"], "2 file(s) already formatted"),
    ("docs", ["validate", "../catalog"], "ok: 1 entries, 2 topics in ../catalog"),
    ("", ["fmt", "--check", "."], "2 file(s) already formatted"),  # the catalog, not mkdocs.yml
    ("..", ["fmt", "--diff", "p"], "2 file(s) already formatted"),  # no diff: on stderr
]


@pytest.mark.parametrize(("below", "args", "first"), WHERE)
def test_the_project_is_found_from_below(
    project: Path, monkeypatch: pytest.MonkeyPatch, below: str, args: list[str], first: str
) -> None:
    (project / below).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(project / below)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (result.output.splitlines() or [""])[0] == first


def test_the_walk_stops_at_the_top_of_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    assert find_root(tmp_path / "repo" / "sub") == Path()
    assert find_root(tmp_path / "repo" / ".." / "catalog") == Path("..")


# what the user types → the one line of error
ERRORS = [
    (["validate", "nope"], "Error: nope: no such folder; give a catalog folder (with topics.yaml)"),
    (["validate", "p", "--catalog", "p/catalog"], "Error: give the catalog once: either DIR (p)"),
    (["check-links", "p", "--changed-since", "nope", "--dump"],
     "Error: --changed-since: p/catalog is not in a git work tree; give a branch, tag or commit"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "start"), ERRORS)
def test_usage_errors_are_one_line(project: Path, args: list[str], start: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith(start)
    assert result.output.count("\n") == 1


def test_an_unknown_ref_is_one_line(project: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@e.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=project, check=True)
    result = CliRunner().invoke(main, ["check-links", "p", "--changed-since", "nope", "--dump"])
    assert (result.exit_code, result.output) == (
        2,
        "Error: --changed-since: no commit 'nope'; give a branch, tag or commit of this "
        "repository (e.g. origin/main)\n",
    )


def test_a_located_catalog_keeps_its_config(tmp_path: Path) -> None:
    where = locate(None, None, tmp_path / "site" / "mkdocs.yml")
    assert (where.catalog, where.root) == (tmp_path / "site" / "catalog", tmp_path / "site")


def test_ctrl_c_exits_130(project: Path) -> None:
    # A prompt waits for input; SIGINT there is what Ctrl-C does in a terminal.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "llm_atlas", "new", "paper", "--prompt"]
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    seen = ""
    while "Title" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted"
