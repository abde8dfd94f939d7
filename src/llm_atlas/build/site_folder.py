"""The site folder belongs to the user: replace only a folder llm-atlas built, keep its dot-files,
swap a new build in with two renames, and clean what killed builds left behind.

Takes the site folder's path; gives a new, empty build folder beside it (`new_build_folder`)
and swaps it in (`swap_in`: a kill at any moment leaves either the old or the new site in
place), or moves an incremental build's few files into it (`merge_in`: a kill leaves a site
the next build sees is not the last build's, and builds in full).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from llm_atlas.files import write_file
from llm_atlas.problems import AtlasError, display_path

MARKER = ".llm-atlas-site"
TOKEN_PREFIX = "build "
LEGACY_DEBRIS_AGE = 3600  # seconds
# Kept from the site being replaced, as MkDocs keeps them (its clean_directory skips dot-files).
_KEEP_NAMES = frozenset({"CNAME"})


def check_site_dir(site_dir: Path, project_dir: Path, docs_dirs: tuple[Path, ...] = ()) -> Path:
    """Return the folder to build into (symbolic links followed); refuse one that holds the
    project, lies in a docs folder, is a file, or is a non-empty folder llm-atlas did not build."""
    target = site_dir.resolve()
    project = project_dir.resolve()
    shown = display_path(site_dir)
    if target == project or project.is_relative_to(target) or target == Path(target.anchor):
        raise AtlasError(
            f"--site-dir '{shown}' contains the project: choose a folder of its own, e.g. site/"
        )
    for docs in docs_dirs:
        if target.is_relative_to(docs.resolve()):
            raise AtlasError(f"--site-dir '{shown}' is inside the docs folder: choose another")
    if target.exists() and not target.is_dir():
        raise AtlasError(f"--site-dir '{shown}' is a file, not a folder")
    if target.is_dir() and not (target / MARKER).is_file() and _visible(target):
        raise AtlasError(
            f"--site-dir '{shown}' is not empty and was not built by llm-atlas (no {MARKER} "
            "in it): its files would be replaced; choose a new or empty folder"
        )
    return target


def _visible(folder: Path) -> bool:
    return any(not p.name.startswith(".") for p in folder.iterdir())


def new_build_folder(site_dir: Path) -> Path:
    """Return a new empty folder beside SITE_DIR (named for this process), after removing the
    ones killed builds left there."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_debris(site_dir)
    return Path(
        tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-", dir=site_dir.parent)
    )


def clear_debris(site_dir: Path) -> int:
    """Remove the build folders beside SITE_DIR whose process is gone (and, from versions that
    did not name the process, those older than an hour); return how many."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(new|old)-(?:(\d+)-)?")
    debris: list[tuple[str, Path]] = []
    for path in site_dir.parent.iterdir():
        match = pattern.match(path.name)
        if match is None or not path.is_dir() or path.is_symlink():
            continue
        if match.group(2) is not None and _alive(int(match.group(2))):
            continue
        if match.group(2) is None and time.time() - path.stat().st_mtime < LEGACY_DEBRIS_AGE:
            continue
        debris.append((match.group(1), path))
    # Killed between the two renames of `swap_in`: the old site goes back in its place.
    old = [path for kind, path in debris if kind == "old"]
    if old and not site_dir.exists():
        back = max(old, key=lambda p: p.stat().st_mtime)
        os.replace(back, site_dir)
        debris = [(kind, path) for kind, path in debris if path != back]
    for _kind, path in debris:
        shutil.rmtree(path, ignore_errors=True)
    return len(debris)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of this process from before is debris too
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def swap_in(new_dir: Path, site_dir: Path, token: str) -> None:
    """Replace SITE_DIR by NEW_DIR with two renames (the old site stays until the new is in);
    the old site's dot-files and CNAME come along, as links (the old ones stay whole until
    the swap is done)."""
    (new_dir / MARKER).write_text(_marker_text(token))
    if site_dir.is_dir():
        for path in site_dir.iterdir():
            keep = path.name.startswith(".") or path.name in _KEEP_NAMES
            if keep and path.name != MARKER and not (new_dir / path.name).exists():
                link_tree(path, new_dir / path.name)
    mask = os.umask(0)
    os.umask(mask)
    # mkdtemp made it 0700 (a web server could not read it): the site keeps the mode it had
    new_dir.chmod(site_dir.stat().st_mode & 0o7777 if site_dir.is_dir() else 0o777 & ~mask)
    old = None
    if site_dir.exists():
        old = Path(
            tempfile.mkdtemp(prefix=f".{site_dir.name}.old-{os.getpid()}-", dir=site_dir.parent)
        )
        os.rmdir(old)
        os.replace(site_dir, old)
    os.replace(new_dir, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def merge_in(overlay: Path, site_dir: Path, token: str) -> None:
    """Move every file of OVERLAY into SITE_DIR (each with one rename: a reader sees the old
    file or the new), then name the build in SITE_DIR's marker (the caller removes OVERLAY's
    empty folders, as it removes a build folder that failed).

    An incremental build changes a few files of a large site: moving them costs what they
    are, where `swap_in` costs a link per file of the site and removing the old one (2.4 s
    at 10,000 entries). A kill between the renames leaves some files new and the marker
    old: the next build finds the site changed (`site_stamp`) and builds it in full."""
    for top, dirs, names in os.walk(overlay):
        dirs.sort()
        into = site_dir / Path(top).relative_to(overlay)
        into.mkdir(exist_ok=True)
        for name in sorted(names):
            os.replace(Path(top, name), into / name)
    write_file(site_dir / MARKER, _marker_text(token).encode())


def link_tree(source: Path, target: Path) -> None:
    """Copy SOURCE (a file or folder) to TARGET with hard links where the file system has
    them. A linked file must be replaced, never written through."""
    if source.is_symlink() or not source.is_dir():
        _link_file(source, target)
        return
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(exist_ok=True)
        for name in files:
            _link_file(Path(folder, name), into / name)


def _link_file(source: Path, target: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def replace_file(path: Path, data: bytes) -> None:
    """Write DATA as a new file at PATH (never through a hard link to another site's file)."""
    write_file(path, data, follow_links=False, sync=False)  # a new file: never through a link


def _marker_text(token: str) -> str:
    return f"built by llm-atlas: this folder is replaced on build\n{TOKEN_PREFIX}{token}\n"


def site_stamp(site_dir: Path) -> str:
    """Return a cheap digest of what SITE_DIR holds: each file's path, size and modification
    time (dot-files left out: the marker, and the user's, kept from build to build)."""
    digest = hashlib.sha256()
    stack = [(str(site_dir), "")]
    while stack:  # depth first, names sorted: one order for one tree
        folder, rel = stack.pop()
        try:
            items = sorted(os.scandir(folder), key=lambda item: item.name)
        except OSError:
            continue
        folders = []
        for item in items:
            if item.name.startswith("."):
                continue
            if item.is_dir(follow_symlinks=False):
                folders.append((item.path, f"{rel}{item.name}/"))
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            line = f"{rel}{item.name}\0{info.st_size}\0{info.st_mtime_ns}\0"
            digest.update(line.encode("utf-8", "surrogateescape"))
        stack.extend(reversed(folders))
    return digest.hexdigest()


def site_token(site_dir: Path) -> str | None:
    """Return the build token written in a site's marker file (None when there is none)."""
    try:
        for line in (site_dir / MARKER).read_text(encoding="utf-8").splitlines():
            if line.startswith(TOKEN_PREFIX):
                return line[len(TOKEN_PREFIX) :].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None
