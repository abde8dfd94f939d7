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
import stat
from collections.abc import Mapping
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
    current, told, renamed = next(iter(files), Path()), "; nothing was written", 0
    try:
        for current, data in files.items():
            target, mode = targets[current]
            staged.append((_stage(target, mode, data, sync), target, current))
        told = ""  # a rename fails only when the folder changed under us
        for tmp, target, given in staged:
            current = given
            os.replace(tmp, target)
            renamed += 1
    except NotADirectoryError as exc:
        raise AtlasError(f"cannot write {display_path(current)}: {_in_the_way(current)}") from exc
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
        for tmp, _, _ in staged[renamed:]:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in {target.parent for target, _ in targets.values()} if sync else ():
        _sync_folder(folder)


def check_target(
    path: Path, overwrite: bool = True, follow_links: bool = True
) -> tuple[Path, int | None]:
    """Return the file to write for PATH (a link's target) and its mode (None: a new file), or
    raise an AtlasError: a link to nothing, a folder in the way, a parent that is a file."""
    target, found = path, _lstat(path)
    if found is not None and stat.S_ISLNK(found.st_mode) and follow_links:
        target = Path(os.path.realpath(path))
        found = _lstat(target)
        if found is None:
            raise AtlasError(
                f"{display_path(path)} is a link to {target}, which does not exist: create the "
                "file it names, or replace the link with a file"
            )
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise AtlasError(f"{display_path(path)} is a folder: give the path of a file")
    if not overwrite and found is not None:
        raise AtlasError(f"{display_path(path)} already exists: nothing was written")
    if found is None and not target.parent.is_dir() and (why := _in_the_way(target)):
        raise AtlasError(f"cannot write {display_path(path)}: {why}")
    keep = found is not None and stat.S_ISREG(found.st_mode)
    return target, stat.S_IMODE(found.st_mode) if keep and found is not None else None


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _in_the_way(path: Path) -> str:
    """Say which parent of PATH is a file, or '' when none is."""
    for parent in reversed(path.parents):
        if parent != parent.parent and parent.exists() and not parent.is_dir():
            return f"{display_path(parent)} is a file, not a folder"
    return ""


def _stage(target: Path, mode: int | None, data: bytes | str, sync: bool) -> Path:
    """Write DATA to a new temporary file beside TARGET (with MODE, else the umask's)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    made = False
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made:
                raise
            target.parent.mkdir(parents=True, exist_ok=True)  # with the umask's mode
            made = True
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
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
