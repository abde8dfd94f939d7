"""Tests of build/inputs.py: which files and packages a config names, and digests that follow the
bytes and names of files, not where the project lies."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.build.inputs import (
    Manifest,
    digest_tree,
    package_versions,
    plugin_names,
    setting_files,
    take_manifest,
)
from llm_atlas.problems import AtlasError
from llm_atlas.render.config import Tagged, dump_config, read_config_files


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


def test_a_config_is_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    """INHERIT found from the folder of the file naming it and merged (mappings deep, lists
    replaced); `!relative $config_dir` from the main config's folder; the files read listed."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "root.yml").write_text("theme: {name: material, font: false}\n")
    (tmp_path / "base" / "mid.yml").write_text(
        "INHERIT: root.yml\ntheme: {language: en}\nextra_css: [a.css]\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base/mid.yml\nextra_css: [b.css]\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir/s\n"
        "  - x:\n      at: !relative\n"
    )
    config, files = read_config_files(tmp_path / "mkdocs.yml")
    assert files == [tmp_path / "mkdocs.yml", tmp_path / "base/mid.yml", tmp_path / "base/root.yml"]
    assert config["theme"] == {"name": "material", "font": False, "language": "en"}
    assert config["extra_css"] == ["b.css"] and "INHERIT" not in config
    snippets, other = config["markdown_extensions"]
    assert snippets["pymdownx.snippets"]["base_path"] == str(tmp_path.resolve() / "s")
    assert "!relative" in dump_config(config)  # the page's folder: MkDocs resolves that one
    assert isinstance(other["x"]["at"], Tagged)


@pytest.mark.parametrize(
    ("inherit", "message"),
    [("missing.yml", "does not exist"), ("mkdocs.yml", "inherits itself")],
)
def test_a_broken_inherit_is_an_error(tmp_path: Path, inherit: str, message: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"INHERIT: {inherit}\n")
    with pytest.raises(AtlasError, match=message):
        read_config_files(tmp_path / "mkdocs.yml")


def test_the_manifest_finds_hooks_snippets_and_inherited_files_from_the_project(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    (project / "snips" / ".git").mkdir(parents=True)
    (project / "site").mkdir()
    (project / "hooks.py").write_text("x = 1\n")
    (project / "snips" / "a.md").write_text("one\n")
    (project / "base.yml").write_text("site_name: x\n")
    (project / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nhooks: [hooks.py]\n"
        "markdown_extensions: [{pymdownx.snippets: {base_path: ['.', snips]}}]\n"
    )
    config, files = read_config_files(project / "mkdocs.yml")

    def take() -> Manifest:
        return take_manifest(project / "catalog", project, config, [], files, [project / "site"])

    first = take()
    for path in ("hooks.py", "base.yml", "mkdocs.yml", "snips", "docs", "catalog"):
        assert project / path in first.paths
    assert project in first.paths  # snippets' "." base: the project
    for written in ("site/index.html", "snips/.git/HEAD"):  # what the build writes; dot-folders
        (project / written).write_text("x")
        assert take().parts == first.parts
    for changed in ("hooks.py", "snips/a.md", "snips/new.md"):
        (project / changed).write_text("two\n")
        assert take().parts != first.parts
        first = take()


def test_the_segment_store_keys_through_the_manifest() -> None:
    """A cache of some inputs keys on those parts of the manifest: the segment store on the
    code and the package versions (and its dictionaries), not on the catalog."""
    from llm_atlas.build.segments import SegmentStore

    parts = {"code": "a", "versions": "b", "catalog": "c"}
    same = Manifest({**parts, "catalog": "d"}).key("code", "versions")
    assert Manifest(parts).key("code", "versions") == same
    keys = set()
    for code in ("a", "other code"):
        store = SegmentStore()
        store.configure(None, None, Manifest({**parts, "code": code}).key("code", "versions"))
        keys.add(store.key)
    assert len(keys) == 2
