"""Tests of build/inputs.py: which files and packages a config names, and digests that follow the
bytes and names of files, not where the project lies."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.build.inputs import digest_tree, package_versions, plugin_names, setting_files


@pytest.mark.parametrize(
    ("config", "files", "plugins"),
    [
        ({}, [], []),
        ({"plugins": ["search", "tags"]}, [], ["search", "tags"]),
        (
            {
                "plugins": [
                    "tags",
                    {"search": {"jieba_dict": "d.txt", "jieba_dict_user": "u.txt"}},
                    {"blog": {"jieba_dict": "not-search.txt"}},
                    {"search": "oops"},
                ],
                "hooks": ["hooks/a.py", 3],
            },
            ["d.txt", "u.txt", "hooks/a.py"],
            ["tags", "search", "blog", "search"],
        ),
        (
            {"plugins": {"search": {"jieba_dict_user": "u.txt"}, "tags": None}},
            ["u.txt"],
            ["search", "tags"],
        ),
        ({"plugins": [{"search": {"jieba_dict": ""}}], "hooks": "a.py"}, [], ["search"]),
        (
            {"plugins": ["x", {"material/search": {"jieba_dict_user": "m.txt"}}]},
            ["m.txt"],
            ["x", "material/search"],
        ),
    ],
)
def test_files_and_plugins_a_config_names(
    config: dict[str, Any], files: list[str], plugins: list[str]
) -> None:
    assert setting_files(config) == files
    assert plugin_names(config) == plugins


def test_package_versions_cover_python_and_the_plugins_named() -> None:
    versions = package_versions(["material/search", "no-such-plugin"])
    assert versions["python"].count(".") == 2
    assert versions["mkdocs-material"] == versions["mkdocs-material"].strip() != "?"
    assert versions["no-such-plugin"] == "?"
    assert {"mkdocs", "jinja2", "markupsafe", "jieba", "pyyaml", "pydantic"} <= set(versions)


def test_a_tree_digest_follows_names_and_bytes_not_the_folder(tmp_path: Path) -> None:
    tree = tmp_path / "a"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "x.txt").write_text("one")
    first = digest_tree(tree)
    shutil.copytree(tree, tmp_path / "b")
    assert digest_tree(tmp_path / "b") == first
    (tree / "sub" / "x.txt").write_text("two")
    assert digest_tree(tree) != first
    (tree / "sub" / "x.txt").rename(tree / "sub" / "y.txt")
    (tree / "sub" / "y.txt").write_text("one")
    assert digest_tree(tree) != first
    assert digest_tree(tmp_path / "missing") == ""
