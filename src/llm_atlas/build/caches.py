"""Cache files: where the per-user cache is, and files written whole or not at all.

Caches are data, never code: JSON read back with `load_json`, and compiled theme templates read
through `SafeBytecodeCache`. A missing, damaged or foreign file reads as nothing, and a folder
that cannot be written is skipped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jinja2

from llm_atlas.files import write_file
from llm_atlas.problems import AtlasError


def user_cache(name: str) -> Path | None:
    """Return folder NAME of llm-atlas' per-user cache ($LLM_ATLAS_CACHE_DIR, else
    $XDG_CACHE_HOME/llm-atlas, else ~/.cache/llm-atlas), or None when it is turned off
    (LLM_ATLAS_CACHE_DIR=off)."""
    configured = os.environ.get("LLM_ATLAS_CACHE_DIR", "")
    if configured.lower() in ("off", "0", "no", "false"):
        return None
    if configured:
        return Path(configured) / name
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "llm-atlas" / name


def load_json(path: Path) -> Any:
    """Return the JSON value PATH holds, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a damaged or hostile file is a miss
        return None


def save_json(path: Path, value: Any) -> bool:
    """Write VALUE to PATH as JSON, atomically; return False when it cannot be written."""
    return save_bytes(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def save_bytes(path: Path, data: bytes) -> bool:
    """Write DATA to PATH atomically; return False when the folder cannot be written."""
    try:
        write_file(path, data)
    except AtlasError:
        return False
    return True


class SafeBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates, where a damaged file is a miss.

    Jinja reads these files with pickle and marshal, so they live only in the per-user cache
    (never in a project, render or shared temporary folder). Keeping them saves compiling
    Material's templates on every build: 0.7-0.8 s of the 2.8 s of CPU a shipped build takes.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - truncated or foreign: compile again
            bucket.reset()
