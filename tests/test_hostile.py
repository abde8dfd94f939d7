"""Hostile input through the whole CLI: exit 1 with the exact place, no traceback, no hang,
and a failed `build` leaves the previous site byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import CASES

from llm_atlas.cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD_CASES = sorted(
    p.name for p in (CASES / "validate").iterdir() if p.is_dir() and not p.name.startswith("valid")
)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder (mkdocs.yml, docs/, a valid catalog) with a site built from it."""
    root = tmp_path_factory.mktemp("built")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(CASES / "validate" / "valid-edge" / "catalog", root / "catalog")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A copy of the built project whose catalog the test replaces."""
    shutil.copytree(built_project, tmp_path, dirs_exist_ok=True)
    shutil.rmtree(tmp_path / "catalog")
    return tmp_path


@pytest.mark.parametrize("case", BAD_CASES)
def test_failed_build_keeps_previous_site(
    case: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = project / "catalog"
    shutil.copytree(CASES / "validate" / case / "catalog", catalog)
    before = snapshot(project / "site")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    expected = (CASES / "validate" / case / "expected.txt").read_text(encoding="utf-8")
    problem_lines = [line for line in expected.splitlines()[1:] if ": error: " in line]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in problem_lines:
        assert line in result.output
    assert snapshot(project / "site") == before


def test_fifty_megabyte_file_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(CASES / "validate" / "valid-edge" / "catalog", catalog)
    entry = (
        "- id: x{i}\n  kind: article\n  title: t\n  url: https://example.com/{i}\n"
        "  topics: [peft]\n"
    )
    block = "".join(entry.format(i=k) for k in range(1000)).encode()
    with (catalog / "huge.yaml").open("wb") as f:
        f.write(block * (50 * 1024 * 1024 // len(block)))
        f.write(b"#" * (50 * 1024 * 1024 - f.tell()))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "catalog/huge.yaml:1:1: error: file is 50.0 MiB; catalog files are limited to 10 MiB: "
        "split it into several files"
    )
