"""The files a site config names that MkDocs and its extensions read, found from the project as
MkDocs finds them.

Takes a config (as `render.config.read_config` gives it) and the project folder; gives those
paths (`project_paths`, which the build's manifest digests and serve watches) and the config with
them made absolute (`absolute_paths`, for the derived config, which sits in another folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SNIPPETS = "pymdownx.snippets"


def named_settings(value: object) -> list[tuple[str, dict[str, Any]]]:
    """Return each item a plugins or markdown_extensions VALUE lists, with its settings, in
    any of MkDocs' spellings (a list of names and {name: settings}, or a mapping)."""
    items = list(value.items()) if isinstance(value, dict) else value
    out: list[tuple[str, dict[str, Any]]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item.items()))
        name, settings = item if isinstance(item, tuple) else (item, None)
        out.append((str(name), settings if isinstance(settings, dict) else {}))
    return out


def project_paths(config: dict[str, Any], project_dir: Path) -> dict[str, list[Path]]:
    """Return the files the config names that MkDocs and its extensions read, found as a build
    run from PROJECT_DIR finds them: hooks (from the config's folder) and pymdownx.snippets'
    base paths (from the working folder; "." when not set)."""
    hooks = config.get("hooks")
    found: dict[str, list[Path]] = {"hooks": [], "snippets": []}
    if isinstance(hooks, list):
        found["hooks"] = [project_dir / h for h in hooks if isinstance(h, str)]
    for name, settings in named_settings(config.get("markdown_extensions")):
        if name == SNIPPETS:
            base = settings.get("base_path", ["."])
            bases = [base] if isinstance(base, str) else base if isinstance(base, list) else []
            found["snippets"] += [project_dir / b for b in bases if isinstance(b, str)]
    return found


def absolute_paths(config: dict[str, Any], project_dir: Path) -> None:
    """Make the paths of `project_paths` absolute in CONFIG (the derived config sits in another
    folder, which MkDocs would find them from)."""
    paths = project_paths(config, project_dir)
    if paths["hooks"]:
        config["hooks"] = [str(p.resolve()) for p in paths["hooks"]]
    extensions = config.get("markdown_extensions")
    if paths["snippets"] and isinstance(extensions, list):
        bases = [str(p.resolve()) for p in paths["snippets"]]
        config["markdown_extensions"] = [
            {SNIPPETS: {**settings, "base_path": bases}} if name == SNIPPETS else item
            for item, (name, settings) in zip(extensions, named_settings(extensions), strict=True)
        ]
    elif paths["snippets"] and isinstance(extensions, dict):
        raw = extensions.get(SNIPPETS)
        settings = raw if isinstance(raw, dict) else {}
        bases = [str(p.resolve()) for p in paths["snippets"]]
        config["markdown_extensions"] = {**extensions, SNIPPETS: {**settings, "base_path": bases}}
