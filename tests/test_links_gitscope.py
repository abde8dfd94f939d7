"""links.gitscope: entries added or changed since a git ref."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from links_fixture import write_catalog

from llm_atlas.links.collect import load_entry_files
from llm_atlas.links.gitscope import changed_entries
from llm_atlas.problems import AtlasError


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_changed_since(tmp_path: Path) -> None:
    root = write_catalog(tmp_path / "catalog", ["https://a.example/1", "https://a.example/2"])
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    path = root / "links.yaml"
    text = path.read_text(encoding="utf-8").replace("https://a.example/2", "https://a.example/22")
    path.write_text(
        text + "- id: new-one\n  kind: tool\n  title: N\n  url: https://n.example\n"
        "  topics: [training]\n",
        encoding="utf-8",
    )
    files = load_entry_files(root)
    assert changed_entries(root, files, "HEAD") == {"link-1", "new-one"}


def test_unknown_ref_is_a_usage_error(tmp_path: Path) -> None:
    root = write_catalog(tmp_path / "catalog", ["https://a.example/1"])
    git(tmp_path, "init", "-q")
    with pytest.raises(AtlasError) as info:
        changed_entries(root, load_entry_files(root), "no-such-ref")
    assert info.value.exit_code == 2
