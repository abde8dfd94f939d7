"""The one file writer (issue #19, point 6), tested over generated cases rather than examples.

Modes and umasks: an existing file keeps its bits, a new one gets the umask's. Links: written
through to their target (in chains, relative or absolute), refused when they point nowhere or at
a folder. Sets of files: a bad target anywhere (a dangling link, a folder in the way, a parent that
is a file, an existing file without overwrite, a read-only folder where the system enforces it)
means nothing is written. No temporary file is left behind, and no folder's mode changes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.files import write_file, write_files
from llm_atlas.problems import AtlasError

UMASKS = [0o000, 0o002, 0o022, 0o027, 0o077]
MODES = [0o600, 0o640, 0o644, 0o664, 0o755, 0o444, 0o700]
contents = st.one_of(st.binary(max_size=200), st.text(max_size=50))


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        try:
            yield root
        finally:
            for path in root.rglob("*"):  # let the clean-up into read-only folders
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o755)


def as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def snapshot(root: Path) -> dict[str, tuple[str, int, bytes | str]]:
    """Every path below ROOT: its kind, permission bits and content (a link: where it points)."""
    out: dict[str, tuple[str, int, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            out[str(path.relative_to(root))] = ("link", 0, os.readlink(path))
        elif stat.S_ISDIR(mode):
            out[str(path.relative_to(root))] = ("dir", stat.S_IMODE(mode), b"")
        else:
            out[str(path.relative_to(root))] = ("file", stat.S_IMODE(mode), path.read_bytes())
    return out


@settings(max_examples=80, deadline=None)
@given(
    mask=st.sampled_from(UMASKS),
    old_mode=st.one_of(st.none(), st.sampled_from(MODES)),
    folder_mode=st.sampled_from([0o755, 0o750, 0o700, 0o775, 0o1777]),
    data=contents,
)
def test_mode_is_kept_or_comes_from_the_umask(
    mask: int, old_mode: int | None, folder_mode: int, data: bytes | str
) -> None:
    with folder() as root, umask(mask):
        sub = root / "sub"
        sub.mkdir()
        sub.chmod(folder_mode)
        path = sub / "a.yaml"
        if old_mode is not None:
            path.write_bytes(b"old")
            path.chmod(old_mode)
        write_file(path, data)
        assert path.read_bytes() == as_bytes(data)
        expected = old_mode if old_mode is not None else 0o666 & ~mask
        assert stat.S_IMODE(path.stat().st_mode) == expected
        assert stat.S_IMODE(sub.stat().st_mode) == folder_mode  # a kept folder keeps its mode
        assert [p.name for p in sub.iterdir()] == ["a.yaml"]  # no temporary file left


@settings(max_examples=60, deadline=None)
@given(
    chain=st.integers(min_value=1, max_value=3),
    relative=st.booleans(),
    end=st.sampled_from(["file", "missing", "folder"]),
    mode=st.sampled_from(MODES),
    data=contents,
)
def test_a_link_is_written_through_or_refused(
    chain: int, relative: bool, end: str, mode: int, data: bytes | str
) -> None:
    with folder() as root:
        (root / "elsewhere").mkdir()
        real = root / "elsewhere" / "real.yaml"
        if end == "file":
            real.write_bytes(b"old")
            real.chmod(mode)
        elif end == "folder":
            real.mkdir()
        (root / "catalog").mkdir()
        target = real
        for i in range(chain):  # catalog/l{chain-1} -> ... -> catalog/l0 -> elsewhere/real.yaml
            link = root / "catalog" / f"l{i}.yaml"
            link.symlink_to(os.path.relpath(target, link.parent) if relative else target)
            target = link
        before = snapshot(root)
        if end == "file":
            write_file(target, data)
            after = snapshot(root)
            assert real.read_bytes() == as_bytes(data) and stat.S_IMODE(real.stat().st_mode) == mode
            assert {k: v for k, v in after.items() if "real" not in k} == {
                k: v for k, v in before.items() if "real" not in k
            }  # every link stays a link to the same place
        else:
            with pytest.raises(AtlasError) as caught:
                write_file(target, data)
            said = caught.value.message
            assert ("does not exist" in said) if end == "missing" else ("is a folder" in said)
            assert snapshot(root) == before
        assert not list(root.rglob("*.tmp"))


def test_text_no_utf8_file_can_hold_is_refused_and_nothing_written(tmp_path: Path) -> None:
    files: dict[Path, bytes | str] = {tmp_path / "a.yaml": "fine", tmp_path / "b.yaml": "x\ud800"}
    with pytest.raises(AtlasError, match=r"b\.yaml: character '\\ud800' cannot be written"):
        write_files(files)
    assert list(tmp_path.iterdir()) == []


def test_replacing_a_link_itself_when_asked(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"old")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    write_file(tmp_path / "link", b"new", follow_links=False)
    assert not (tmp_path / "link").is_symlink() and (tmp_path / "link").read_bytes() == b"new"
    assert (tmp_path / "real").read_bytes() == b"old"


BAD = {  # what is in the way → what the refusal says
    "dangling-link": "is a link to",
    "folder-in-place": "is a folder: give the path of a file",
    "parent-is-a-file": "is a file, not a folder",
    "exists": "already exists: nothing was written",
    "read-only-folder": "Permission denied; nothing was written",
}


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=5, unique=True),
    existing=st.sets(st.sampled_from("abcdefgh")),
    bad=st.one_of(st.none(), st.sampled_from(sorted(BAD))),
    data=contents,
)
def test_a_set_of_files_is_written_all_or_nothing(
    names: list[str], existing: set[str], bad: str | None, data: bytes | str
) -> None:
    with folder() as root:
        out = root / "out"
        out.mkdir()
        for name in existing & set(names):
            (out / f"{name}.yaml").write_bytes(b"old " + name.encode())
        files: dict[Path, bytes | str] = {out / f"{n}.yaml": data for n in names}
        if bad == "dangling-link":
            (out / "z.yaml").symlink_to(root / "nowhere.yaml")
        elif bad == "folder-in-place":
            (out / "z.yaml").mkdir()
        elif bad == "parent-is-a-file":
            (out / "sub").write_bytes(b"")
        elif bad == "exists":
            (out / "z.yaml").write_bytes(b"mine")
        elif bad == "read-only-folder":
            (out / "locked").mkdir()
        bad_path = out / ("sub/z.yaml" if bad == "parent-is-a-file" else "z.yaml")
        if bad == "read-only-folder":
            bad_path = out / "locked" / "z.yaml"
        if bad is not None:
            files[bad_path] = data
        if bad == "read-only-folder":
            (out / "locked").chmod(0o555)
        refused = bad not in (None, "read-only-folder") or (
            bad == "read-only-folder" and not os.access(out / "locked", os.W_OK)
        )  # root writes into a read-only folder: the system allows it, so do we
        before = snapshot(root)
        if refused:
            with pytest.raises(AtlasError) as caught:
                write_files(files, overwrite=bad != "exists")
            assert BAD[bad or ""] in caught.value.message
            assert snapshot(root) == before  # nothing written, no temporary file left
        else:
            write_files(files, overwrite=bad != "exists")
            for path in files:
                assert path.read_bytes() == as_bytes(data)
            assert not list(root.rglob("*.tmp"))
