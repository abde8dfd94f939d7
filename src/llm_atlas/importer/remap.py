"""Point links into a GitHub repository at paths that still exist.

Takes a path listing of the repository (one path a line, folders ending in '/', git's quoted
form for non-ASCII names) and a link; gives the link unchanged when its path exists, the link
rewritten to the tree path with the same tail when the path has moved, or None when nothing
matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from llm_atlas.problems import AtlasError, display_path

_OCTAL = re.compile(rb"\\([0-7]{3})")
_ESCAPES = {b"\\\\": b"\\", b'\\"': b'"', b"\\t": b"\t", b"\\n": b"\n"}
_SUFFIX_BOUNDARY = "/-_"

LinkState = Literal["outside", "current", "moved", "missing"]


@dataclass(frozen=True, slots=True)
class RepoTree:
    """The paths of one repository: folders and files, without trailing slashes."""

    url: str
    folders: frozenset[str]
    files: frozenset[str]

    def has(self, path: str) -> bool:
        return path in self.folders or path in self.files


@dataclass(frozen=True, slots=True)
class RepoLink:
    """A link into the repository split into its parts."""

    view: str
    ref: str
    path: str
    tail: str


def unquote_git_path(line: str) -> str:
    """Decode a path as `git ls-tree` prints it (quoted, octal escapes of UTF-8 bytes)."""
    if not (len(line) >= 2 and line.startswith('"') and line.endswith('"')):
        return line
    raw = line[1:-1].encode("utf-8")
    for escaped, plain in _ESCAPES.items():
        raw = raw.replace(escaped, plain)
    return _OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), raw).decode("utf-8")


def load_repo_tree(path: Path, url: str) -> RepoTree:
    """Read a path listing (folders end in '/', '#' lines are comments) for the repository URL."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AtlasError(
            f"cannot read repository tree {display_path(path)}: {exc}", exit_code=2
        ) from exc
    folders: set[str] = set()
    files: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"') and line.endswith('"/'):
            line = line[:-1]
            folders.add(unquote_git_path(line))
        elif line.endswith("/"):
            folders.add(unquote_git_path(line[:-1]))
        else:
            files.add(unquote_git_path(line))
    if not folders and not files:
        raise AtlasError(f"repository tree {display_path(path)} lists no paths", exit_code=2)
    return RepoTree(url.rstrip("/"), frozenset(folders), frozenset(files))


def split_repo_link(url: str, repo_url: str) -> RepoLink | None:
    """Return the parts of URL when it points at a folder or file of the repository, else None."""
    base = repo_url.rstrip("/").lower()
    parts = urlsplit(url)
    whole = f"{parts.scheme}://{parts.netloc}{parts.path}".lower()
    if not whole.startswith(base + "/"):
        return None
    rest = unquote(f"{parts.scheme}://{parts.netloc}{parts.path}"[len(base) + 1 :])
    match = re.fullmatch(r"(tree|blob)/([^/]+)/(.+?)/?", rest)
    if match is None:
        return None
    tail = url[len(f"{parts.scheme}://{parts.netloc}{parts.path}") :]
    return RepoLink(match.group(1), match.group(2), match.group(3), tail)


def find_moved_path(path: str, tree: RepoTree) -> str | None:
    """Return the tree path that ends with the longest tail of PATH (shortest such path wins)."""
    parts = path.strip("/").split("/")
    candidates = sorted(tree.folders | tree.files, key=lambda p: (len(p), p))
    for start in range(len(parts)):
        tail = _norm("/".join(parts[start:]))
        for candidate in candidates:
            if _ends_with(_norm(candidate), tail) or (
                candidate in tree.files and _ends_with(_norm(_stem(candidate)), tail)
            ):
                return candidate
    return None


def remap_url(url: str, tree: RepoTree) -> tuple[str, LinkState]:
    """Return URL, or its moved form, and whether it was current, moved or is missing."""
    link = split_repo_link(url, tree.url)
    if link is None:
        return url, "outside"
    if tree.has(link.path):
        return url, "current"
    moved = find_moved_path(link.path, tree)
    if moved is None:
        return url, "missing"
    view = "blob" if moved in tree.files else "tree"
    return f"{tree.url}/{view}/{link.ref}/{quote(moved, safe='/-_.~')}{link.tail}", "moved"


def _norm(path: str) -> str:
    return path.replace("_", "-")


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return path[: len(path) - len(name)] + name.rsplit(".", 1)[0] if "." in name[1:] else path


def _ends_with(candidate: str, tail: str) -> bool:
    if not candidate.endswith(tail):
        return False
    before = len(candidate) - len(tail)
    return before == 0 or candidate[before - 1] in _SUFFIX_BOUNDARY
