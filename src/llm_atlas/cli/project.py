"""Where a command runs: the project folder, found the way git finds its repository.

Takes the working folder and what the user typed (a positional DIR, `--catalog`, `--config`);
gives the project folder, its catalog and its site config. Without any of them, the project is
the nearest folder at or above the working one that holds `mkdocs.yml` or `catalog/`, so a
command typed in `docs/` or `catalog/sub/` acts on the whole project. Paths stay relative
(`../catalog`), so messages name files as the user sees them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from llm_atlas.problems import AtlasError

CONFIG_NAME = "mkdocs.yml"
CATALOG_NAME = "catalog"


@dataclass(frozen=True, slots=True)
class Where:
    """The project a command acts on: its folder, catalog folder and site config."""

    root: Path
    catalog: Path
    config: Path

    def beside(self, name: str) -> Path:
        """Return the path NAME in the project folder."""
        return self.root / name


def is_project(folder: Path) -> bool:
    """Return whether FOLDER looks like a project: it holds mkdocs.yml or catalog/."""
    return (folder / CONFIG_NAME).is_file() or (folder / CATALOG_NAME).is_dir()


def catalog_of(folder: Path) -> Path:
    """Return the catalog folder FOLDER names: itself when it holds topics.yaml or is no
    project, else its catalog/ (so `fmt my-atlas` never formats mkdocs.yml)."""
    if (folder / "topics.yaml").is_file() or not is_project(folder):
        return folder
    return folder / CATALOG_NAME


def find_root(start: Path) -> Path:
    """Return the nearest project folder at or above START, as a path relative to START.

    The walk stops at the top of a git work tree (like git, it does not leave the repository)
    and gives START itself when no folder up there is a project."""
    here = start.resolve()
    for up, folder in enumerate([here, *here.parents]):
        if is_project(folder):
            return Path(*[os.pardir] * up) if up else Path()
        if (folder / ".git").exists():
            break
    return Path()


def locate(directory: Path | None, catalog: Path | None, config: Path | None) -> Where:
    """Return the project for a positional DIRECTORY, `--catalog` and `--config` (each optional).

    DIRECTORY is a catalog folder when it holds topics.yaml, else a project folder."""
    if directory is not None and catalog is not None:
        raise AtlasError(
            f"give the catalog once: either DIR ({directory}) or --catalog ({catalog})",
            exit_code=2,
        )
    if directory is not None:
        if not directory.is_dir():
            raise AtlasError(
                f"{directory}: no such folder; give a catalog folder (with topics.yaml) or a "
                "project folder (with mkdocs.yml or catalog/)",
                exit_code=2,
            )
        if catalog_of(directory) == directory:
            catalog = directory
            root = config.parent if config is not None else directory.parent
        else:
            root = directory
    else:
        root = config.parent if config is not None else find_root(Path.cwd())
    return Where(
        root=root,
        catalog=catalog if catalog is not None else root / CATALOG_NAME,
        config=config if config is not None else root / CONFIG_NAME,
    )
