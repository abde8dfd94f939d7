"""PR scope: the entries added or changed since a git ref.

Takes the loaded catalog files and a ref; reads each catalog file as it was at the ref
(`git show REF:path`), parses it with the same loader, and gives the ids of entries that are
new or whose data differ.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from llm_atlas.loader import LoadedFile, parse_text
from llm_atlas.problems import AtlasError


def _git(cwd: Path, *args: str, what: str = "") -> str:
    """Return what `git ARGS` prints; on failure, raise one line: WHAT (or git's own words)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise AtlasError(f"--changed-since needs git: {exc.strerror}", exit_code=2) from None
    if done.returncode != 0:
        said = what or (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise AtlasError(
            f"--changed-since: {said}; give a branch, tag or commit of this repository "
            "(e.g. origin/main)",
            exit_code=2,
        )
    return done.stdout


def entries_at(root: Path, ref: str) -> dict[str, Any]:
    """Return entry id → data for every entry of the catalog in ROOT as it was at REF."""
    outside = f"{root} is not in a git work tree"
    top = Path(_git(root, "rev-parse", "--show-toplevel", what=outside).strip())
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what=f"no commit {ref!r}")
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    listing = _git(top, "ls-tree", "-r", "--name-only", ref, "--", prefix or ".")
    old: dict[str, Any] = {}
    for name in listing.splitlines():
        if not name.endswith((".yaml", ".yml")) or Path(name).name == "topics.yaml":
            continue
        text = _git(top, "show", f"{ref}:{name}")
        loaded = LoadedFile(path=top / name, display=name, text=text)
        parse_text(loaded)
        if isinstance(loaded.data, list):
            for item in loaded.data:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    old.setdefault(item["id"], item)
    return old


def changed_entries(root: Path, files: list[LoadedFile], ref: str) -> set[str]:
    """Return the ids of the entries in FILES (the catalog in ROOT) added or changed since REF."""
    old = entries_at(root, ref)
    changed: set[str] = set()
    for loaded in files:
        for item in loaded.data if isinstance(loaded.data, list) else []:
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and (ident not in old or old[ident] != item):
                changed.add(ident)
    return changed
