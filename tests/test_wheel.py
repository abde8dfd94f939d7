"""The installed package, not the checkout: build the wheel, install it apart, and make a site
from nothing in an empty folder (`init`, `validate`, `build --strict`, and a folder with only a
catalog, built with the defaults the wheel carries)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a process that imports llm_atlas from the built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*build, "-w", str(work / "dist"), str(REPO)], check=True)
    (wheel,) = (work / "dist").glob("llm_atlas-*.whl")
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target"]
    subprocess.run([*install, str(work / "pkg"), str(wheel)], check=True)
    # The wheel's llm_atlas comes first; its dependencies are this environment's.
    return {**os.environ, "PYTHONPATH": str(work / "pkg"), "PYTHONDONTWRITEBYTECODE": "1"}


def atlas(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "llm_atlas", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_wheel_is_what_runs(installed: dict[str, str], tmp_path: Path) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import llm_atlas; print(llm_atlas.__file__)"],
        cwd=tmp_path,
        env=installed,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(installed["PYTHONPATH"])


def test_init_then_build_in_an_empty_folder(installed: dict[str, str], tmp_path: Path) -> None:
    done = atlas(installed, tmp_path, "init", "my-atlas")
    assert done.returncode == 0, done.stdout + done.stderr
    project = tmp_path / "my-atlas"
    for step in (["validate"], ["build", "--strict"]):
        done = atlas(installed, project, *step)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "explore" / "index.html").is_file()


def test_a_folder_with_only_a_catalog_builds_from_the_wheel(
    installed: dict[str, str], tmp_path: Path
) -> None:
    shutil.copytree(REPO / "tests" / "cases" / "site-basic" / "catalog", tmp_path / "catalog")
    done = atlas(installed, tmp_path, "build", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "using llm-atlas' defaults" in done.stderr
    site = tmp_path / "site"
    assert (site / "assets" / "javascripts" / "explore.js").is_file()
    assert (site / "assets" / "stylesheets" / "atlas.css").is_file()
