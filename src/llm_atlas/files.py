"""The one way llm-atlas writes a file: whole or not at all, with the mode it should have.

Takes a path and bytes (or text, written as UTF-8); gives the file written atomically: a temporary
file in the same folder, flushed to disk, renamed over the target, and the folder synced. An
existing file keeps its permission bits; a new one gets what the umask gives any new file (the
temporary file is opened with mode 0o666, so the kernel applies the umask; `mkstemp` would make
it 0600). Folders are never chmod-ed: a kept folder keeps its mode, and a missing parent is made
with the umask's.

A symbolic link is written through to the file it names, so a catalog file linked from elsewhere
stays a link and its target changes (`follow_links=False` replaces the link itself, for the site
folder, whose links come from an old build). A link to nothing, a folder in the way, or a parent
that is a file is refused with an `AtlasError` before anything is written. `write_files` checks
every target first and writes all or nothing: every temporary file is made before the first
rename, so a full disk or a read-only folder leaves every target as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path

from llm_atlas.problems import AtlasError, display_path


def write_file(
    path: Path, data: bytes | str, *, follow_links: bool = True, sync: bool = True
) -> None:
    """Replace PATH's content with DATA in one step, or raise an AtlasError saying why not."""
    write_files({path: data}, follow_links=follow_links, sync=sync)


def write_files(
    files: Mapping[Path, bytes | str],
    *,
    overwrite: bool = True,
    follow_links: bool = True,
    sync: bool = True,
) -> None:
    """Write every file of FILES, or none: each target is checked, then every temporary file is
    written, then they are renamed into place. Without OVERWRITE an existing target is refused.
    Without SYNC nothing waits for the disk (the site folder: its swap is what must be whole)."""
    targets = {path: check_target(path, overwrite, follow_links) for path in files}
    staged: list[tuple[Path, Path, Path]] = []  # (temporary file, target, path as given)
    current, told = next(iter(files), Path()), "; nothing was written"
    try:
        for current, data in files.items():
            staged.append((_stage(targets[current], data, sync), targets[current], current))
        told = ""  # a rename fails only when the folder changed under us
        for tmp, target, given in staged:
            current = given
            os.replace(tmp, target)
    except OSError as exc:
        raise AtlasError(
            f"cannot write {display_path(current)}: {exc.strerror or exc}{told}"
        ) from exc
    except UnicodeEncodeError as exc:  # an unpaired surrogate: no UTF-8 file can hold it
        raise AtlasError(
            f"cannot write {display_path(current)}: character {exc.object[exc.start]!r} "
            f"cannot be written as UTF-8{told}"
        ) from exc
    finally:
        for tmp, _, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in {target.parent for target in targets.values()} if sync else ():
        _sync_folder(folder)


def check_target(path: Path, overwrite: bool = True, follow_links: bool = True) -> Path:
    """Return the file to write for PATH (a link's target), or raise an AtlasError."""
    shown = display_path(path)
    target = path
    if path.is_symlink() and follow_links:
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise AtlasError(
                f"{shown} is a link to {target}, which does not exist: create the file it "
                "names, or replace the link with a file"
            )
    if target.is_dir():
        raise AtlasError(f"{shown} is a folder: give the path of a file")
    for parent in () if target.parent.is_dir() else _parents(target):
        if parent.exists() and not parent.is_dir():
            raise AtlasError(
                f"cannot write {shown}: {display_path(parent)} is a file, not a folder"
            )
    if not overwrite and (target.exists() or target.is_symlink()):
        raise AtlasError(f"{shown} already exists: nothing was written")
    return target


def _parents(path: Path) -> Iterator[Path]:
    for parent in reversed(path.parents):
        if parent != parent.parent:
            yield parent


def _stage(target: Path, data: bytes | str, sync: bool) -> Path:
    """Write DATA to a new temporary file beside TARGET; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            if sync:
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries (the rename) to disk where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
