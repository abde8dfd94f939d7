"""Tests of build/site_folder.py and of the build's care for the site and render folders: replace
only what llm-atlas built, keep dot-files, follow the umask, clean killed builds' debris, and
treat damaged state as absent."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.build.pipeline import build_site
from llm_atlas.build.site_folder import MARKER, check_site_dir, clear_debris
from llm_atlas.build.state import Decision
from llm_atlas.problems import AtlasError


def dead_pid() -> str:
    """Return the process id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def build(site: Path, render: Path, **kwargs: bool) -> Decision:
    return build_site(BASIC_CATALOG, REPO, site, render_dir=render, **kwargs).decision


@pytest.mark.parametrize(
    "files",
    [["index.html", "sitemap.xml"], ["notes.txt"], ["index.html", "sitemap.xml", ".git/HEAD"]],
)
def test_a_folder_llm_atlas_did_not_build_is_refused(tmp_path: Path, files: list[str]) -> None:
    site = tmp_path / "site"
    for name in files:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("mine")
    with pytest.raises(AtlasError, match="not built by llm-atlas"):
        build(site, tmp_path / "render")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == sorted(
        files
    )


def test_dot_files_and_cname_survive_builds_and_a_folder_of_only_dot_files_is_taken(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_text("")
    assert build(site, tmp_path / "render") is Decision.FULL
    (site / "CNAME").write_text("atlas.example.com\n")
    assert build(site, tmp_path / "render", clean=True) is Decision.FULL
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / ".nojekyll").is_file() and (site / "CNAME").is_file()
    assert (site / MARKER).is_file() and (site / "index.html").is_file()


def test_the_site_folder_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        build(tmp_path / "site", tmp_path / "render")
    finally:
        os.umask(old)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755


def test_killed_builds_leave_debris_the_next_build_removes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = dead_pid()
    for name in (f".site.new-{dead}-abc", f".site.old-{dead}-def", ".site.old-x1y2z3w4"):
        (tmp_path / name / "assets").mkdir(parents=True)
    hour_ago = time.time() - 3700
    os.utime(tmp_path / ".site.old-x1y2z3w4", (hour_ago, hour_ago))  # an older version's
    alive = tmp_path / f".site.new-{os.getppid()}-ghi"  # a build still running
    alive.mkdir()
    recent = tmp_path / ".site.new-a1b2c3d4"  # an older version's build, maybe still running
    recent.mkdir()
    build(site, tmp_path / "render")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([alive.name, recent.name, "render", "site"])
    assert clear_debris(site) == 0


def test_a_kill_between_the_two_renames_gives_the_old_site_back(tmp_path: Path) -> None:
    site, render = tmp_path / "site", tmp_path / "render"
    build(site, render)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    dead = dead_pid()
    os.replace(site, tmp_path / f".site.old-{dead}-abc")  # the first rename, then the kill
    shutil.copytree(tmp_path / f".site.old-{dead}-abc", tmp_path / f".site.new-{dead}-def")
    assert clear_debris(site) == 1
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert build(site, render) is Decision.REUSE  # the site is the last build again


def test_other_forms_of_the_site_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(AtlasError, match="is a file"):
        check_site_dir(tmp_path / "file", tmp_path / "project")
    with pytest.raises(AtlasError, match="inside the docs folder"):
        check_site_dir(tmp_path / "docs" / "site", tmp_path, (tmp_path / "docs",))
    real = tmp_path / "real"
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    real.mkdir()
    assert check_site_dir(tmp_path / "link", tmp_path / "project") == real


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize(
    "name", [".llm-atlas-render-cache.pickle", ".llm-atlas-render-cache-snippets.pickle"]
)
def test_a_pickle_in_the_render_folder_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    render = tmp_path / "render"
    render.mkdir()
    (render / ".llm-atlas-generated").write_text("")
    (render / name).write_bytes(pickle.dumps(Boom()))
    monkeypatch.chdir(tmp_path)
    build(tmp_path / "site", render)
    build(tmp_path / "site", render)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("damaged", "data"),
    [
        ("build-state.json", b'{"format": 3, "token": '),
        ("build-state.json", b"\x80\x05garbage"),
        ("build-state.json", b'{"format": 3, "token": 1, "inputs": [], "mkdocs": 2}'),
        ("entry-shell.html", b"<html>nothing to fill</html>"),
        ("entry-shell.html", b"\xff\xfe"),
    ],
)
def test_damaged_state_is_a_miss_and_the_next_build_repairs_it(
    tmp_path: Path, damaged: str, data: bytes
) -> None:
    site, render = tmp_path / "site", tmp_path / "render"
    build(site, render)
    clean = [p for p in site.rglob("*") if p.name != MARKER]
    entries = render.parent / "catalog"
    shutil.copytree(BASIC_CATALOG, entries)
    (render / damaged).write_bytes(data)
    text = (entries / "entries.yaml").read_text(encoding="utf-8")
    (entries / "entries.yaml").write_text(text.replace("Yelong Shen", "Y. Shen"), "utf-8")
    report = build_site(entries, REPO, site, render_dir=render)
    assert report.decision in (Decision.FULL, Decision.DIRTY)
    assert "Y. Shen" in (site / "entries/lora-paper/index.html").read_text(encoding="utf-8")
    assert build_site(entries, REPO, site, render_dir=render).decision is Decision.REUSE
    assert len(clean) == len([p for p in site.rglob("*") if p.name != MARKER])


def test_a_damaged_site_file_makes_a_full_build(tmp_path: Path) -> None:
    site, render = tmp_path / "site", tmp_path / "render"
    catalog = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog)
    build_site(catalog, REPO, site, render_dir=render)
    (site / "search/search_index.json").write_text('{"docs": [', encoding="utf-8")
    text = (catalog / "entries.yaml").read_text(encoding="utf-8")
    (catalog / "entries.yaml").write_text(text.replace("Yelong Shen", "Y. Shen"), "utf-8")
    assert build_site(catalog, REPO, site, render_dir=render).decision is Decision.FULL
    assert "Y. Shen" in (site / "search/search_index.json").read_text(encoding="utf-8")


KILL_DURING_MERGE = """
import os, sys
from pathlib import Path
from llm_atlas.build import pipeline, site_folder
from llm_atlas.build.pipeline import build_site

def merge_in(overlay, site, token):
    real, moved = os.replace, []
    def replace(source, target):
        real(source, target)
        moved.append(target)
        if len(moved) == 2:
            os._exit(9)  # killed between two renames
    os.replace = replace
    site_folder.merge_in(overlay, site, token)

pipeline.merge_in = merge_in
catalog, project, site, render = map(Path, sys.argv[1:])
build_site(catalog, project, site, render_dir=render)
"""


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def test_a_kill_while_an_incremental_build_moves_its_files_in_means_a_full_build(
    tmp_path: Path,
) -> None:
    site, render, catalog = tmp_path / "site", tmp_path / "render", tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog)
    build_site(catalog, REPO, site, render_dir=render)
    before = site_files(site)
    text = (catalog / "entries.yaml").read_text(encoding="utf-8")
    (catalog / "entries.yaml").write_text(text.replace("生产级 LLM 推理引擎。", "推理引擎。"))
    args = [str(p) for p in (catalog, REPO, site, render)]
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_MERGE, *args], check=False)
    assert killed.returncode == 9
    mixed = site_files(site)
    assert mixed != before  # some files new, the others and the marker the last build's
    assert build_site(catalog, REPO, site, render_dir=render).decision is Decision.FULL
    build_site(catalog, REPO, tmp_path / "clean", render_dir=tmp_path / "render-clean")
    assert site_files(site) == site_files(tmp_path / "clean") != mixed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no debris


def test_an_incremental_build_leaves_one_site_the_next_build_keeps(tmp_path: Path) -> None:
    site, render, catalog = tmp_path / "site", tmp_path / "render", tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog)
    build_site(catalog, REPO, site, render_dir=render)
    text = (catalog / "entries.yaml").read_text(encoding="utf-8")
    (catalog / "entries.yaml").write_text(text.replace("生产级 LLM 推理引擎。", "推理引擎。"))
    assert build_site(catalog, REPO, site, render_dir=render).decision is Decision.PAGES
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no overlay
    assert build_site(catalog, REPO, site, render_dir=render).decision is Decision.REUSE
