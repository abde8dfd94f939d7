"""The link-check-on-PR job, run locally: a git repository with a catalog, a pull request that
changes one entry, and `check-links --changed-since BASE` as links-pr.yml runs it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from links_fixture import FixtureWeb, fixture_web

from llm_atlas.cli import main

TOPICS = "- id: training\n  title: 训练\n  title_en: Training\n"
ENTRY = "- id: {id}\n  kind: tutorial\n  title: {title}\n  url: {url}\n  topics: [training]\n"


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with fixture_web() as w:
        yield w


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def entry(web: FixtureWeb, ident: str, title: str = "T", path: str | None = None) -> str:
    return ENTRY.format(id=ident, title=title, url=web.url(path or f"/ok/{ident}"))


@pytest.fixture
def repo(tmp_path: Path, web: FixtureWeb, monkeypatch: pytest.MonkeyPatch) -> Path:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (catalog / "a.yaml").write_text(
        "# area a\n" + entry(web, "a1") + entry(web, "a2") + entry(web, "a3"), encoding="utf-8"
    )
    (catalog / "b.yaml").write_text(entry(web, "b1"), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "catalog" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_url(repo: Path, web: FixtureWeb) -> None:
    edit(repo, "a.yaml", web.url("/ok/a2"), web.url("/ok/a2-moved"))


def change_title(repo: Path, web: FixtureWeb) -> None:
    edit(
        repo,
        "a.yaml",
        "id: a2\n  kind: tutorial\n  title: T",
        "id: a2\n  kind: tutorial\n  title: U",
    )


def add_code(repo: Path, web: FixtureWeb) -> None:
    edit(
        repo,
        "b.yaml",
        "  topics: [training]\n",
        f"  topics: [training]\n  code: {web.url('/ok/b1-code')}\n",
    )


def add_entry(repo: Path, web: FixtureWeb) -> None:
    path = repo / "catalog" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + entry(web, "a4"), encoding="utf-8")


def only_comments(repo: Path, web: FixtureWeb) -> None:
    edit(repo, "a.yaml", "# area a\n", "# area a, reworded\n\n")


@pytest.mark.parametrize(
    ("change", "checked"),
    [
        (change_url, {"/ok/a2-moved": "a2"}),
        (change_title, {"/ok/a2": "a2"}),
        (add_code, {"/ok/b1": "b1", "/ok/b1-code": "b1"}),
        (add_entry, {"/ok/a4": "a4"}),
        (only_comments, {}),
    ],
)
def test_only_the_changed_entry_is_checked(
    repo: Path,
    web: FixtureWeb,
    change: Callable[[Path, FixtureWeb], None],
    checked: dict[str, str],
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    change(repo, web)
    git(repo, "commit", "-q", "-am", "the pull request")
    before = {p: web.hits(p) for p in ("/ok/a1", "/ok/a2", "/ok/a3", "/ok/b1", "/ok/a4")}
    result = CliRunner().invoke(
        main,
        [
            "check-links",
            "--allow-private",
            "--changed-since",
            base,
            "--format",
            "json",
            "--cache",
            "cache.json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    found = {r["url"]: [e["id"] for e in r["entries"]] for r in report["results"]}
    assert found == {web.url(path): [ident] for path, ident in checked.items()}
    assert all(r["status"] == "ok" for r in report["results"])
    # nothing else was requested from the server
    for path, hits in before.items():
        assert web.hits(path) == hits + (path in checked)


def test_pr_job_annotates_the_changed_line(repo: Path, web: FixtureWeb) -> None:
    base = git(repo, "rev-parse", "HEAD")
    edit(repo, "a.yaml", web.url("/ok/a3"), web.url("/gone404"))
    git(repo, "commit", "-q", "-am", "break a link")
    result = CliRunner().invoke(
        main,
        [
            "check-links",
            "--allow-private",
            "--changed-since",
            base,
            "--format",
            "github",
            "--no-cache",
        ],
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=catalog/a.yaml,line=15,col=8,title=link-broken::a3")
    assert lines[-1].endswith("1 broken")
    markdown = CliRunner().invoke(
        main,
        [
            "check-links",
            "--allow-private",
            "--changed-since",
            base,
            "--format",
            "markdown",
            "--fail-on",
            "none",
        ],
    )
    assert markdown.exit_code == 0
    assert "`catalog/a.yaml:15`" in markdown.output
