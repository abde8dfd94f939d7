"""Every writer goes through `llm_atlas.files`: the defects of #19 point 6, one row per writer.

A new file gets the umask's mode (import drafts were 0600 from mkstemp), a symlinked catalog or
data file is written through and stays a link, a dangling link stops `init` before any file is
written, and the site folder keeps its mode across a build.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from llm_atlas.build.site_folder import new_build_folder, swap_in
from llm_atlas.edit.fmt import fmt_files
from llm_atlas.importer.write import write_files as write_draft
from llm_atlas.init import init_project
from llm_atlas.links.report import write_report
from llm_atlas.problems import AtlasError
from llm_atlas.refresh.store import save_items

TOPICS = "- id: t\n  title: T\n  title_en: T\n"
UNFORMATTED = "- title: X\n  kind: tool\n  id: x\n  url: https://example.org/\n  topics: [t]\n"
TODAY = dt.date(2026, 1, 2)


@pytest.fixture(autouse=True)
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# (writer, the file it writes below ROOT)
NEW_FILES: list[tuple[str, Callable[[Path], object], str]] = [
    ("draft", lambda root: write_draft({"t.yaml": TOPICS}, root / "d", False), "d/t.yaml"),
    ("refresh data", lambda root: save_items(root / "data", "links", {}), "data/links.json"),
    ("link report", lambda root: write_report(root / "r" / "report.md", "x\n"), "r/report.md"),
    (
        "init",
        lambda root: init_project(root / "p", source=None, site_name="A", today=TODAY),
        "p/catalog/topics.yaml",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "write", "made"), NEW_FILES, ids=[n[0] for n in NEW_FILES])
def test_a_new_file_gets_the_umask_mode(
    tmp_path: Path, name: str, write: Callable[[Path], object], made: str
) -> None:
    write(tmp_path)
    assert mode(tmp_path / made) == 0o640, name  # 0o666 & ~0o027
    assert not list(tmp_path.rglob("*.tmp"))


# (writer, the file below ROOT it writes, its content before)
LINKED: list[tuple[str, Callable[[Path], object], str, str]] = [
    ("fmt", lambda root: fmt_files([root / "cat" / "a.yaml"], False), "cat/a.yaml", UNFORMATTED),
    ("refresh data", lambda root: save_items(root / "cat", "links", {}), "cat/links.json", "{}"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "write", "path", "before"), LINKED, ids=[n[0] for n in LINKED])
def test_a_symlinked_file_is_written_through_and_stays_a_link(
    tmp_path: Path, name: str, write: Callable[[Path], object], path: str, before: str
) -> None:
    (tmp_path / "cat").mkdir()
    (tmp_path / "cat" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    real = tmp_path / "shared" / Path(path).name
    real.parent.mkdir()
    real.write_text(before, encoding="utf-8")
    real.chmod(0o664)
    (tmp_path / path).symlink_to(os.path.relpath(real, (tmp_path / path).parent))
    write(tmp_path)
    assert (tmp_path / path).is_symlink(), name
    assert real.read_text(encoding="utf-8") != before and mode(real) == 0o664


def test_init_refuses_a_dangling_link_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "p" / "catalog").mkdir(parents=True)
    (tmp_path / "p" / "catalog" / "topics.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(AtlasError) as caught:
        init_project(tmp_path / "p", source=None, site_name="A", today=TODAY)
    assert "topics.yaml already exist(s); nothing was written" in caught.value.message
    assert [p.name for p in (tmp_path / "p").rglob("*")] == ["catalog", "topics.yaml"]


@pytest.mark.parametrize("site_mode", [0o750, 0o755, 0o700, 0o2775])
def test_the_site_folder_keeps_its_mode_across_a_build(tmp_path: Path, site_mode: int) -> None:
    site = tmp_path / "site"
    site.mkdir()
    site.chmod(site_mode)
    new = new_build_folder(site)
    (new / "index.html").write_text("<p>new</p>", encoding="utf-8")
    swap_in(new, site, "token")
    assert mode(site) == site_mode and (site / "index.html").is_file()
