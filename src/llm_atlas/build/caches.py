"""Cache files written whole or not at all (in the per-user cache, `llm_atlas.user_cache`).

Caches are data, never code: JSON read back with `load_json` (compiled templates are the one
exception, and live only in the per-user cache: `user_cache.SafeBytecodeCache`). A missing,
damaged or foreign file reads as nothing, and a folder that cannot be written is skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llm_atlas.files import write_file
from llm_atlas.problems import AtlasError


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
