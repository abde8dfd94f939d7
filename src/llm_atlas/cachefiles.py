"""Cache files: where the per-user cache is, and pickles written whole or not at all.

Every cache of llm-atlas (parsed files, compiled theme templates, segmented Chinese text,
rendered pages) is a convenience: a missing, damaged or foreign file reads as nothing, and a
folder that cannot be written is skipped.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


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


def load_pickle(path: Path) -> Any:
    """Return what PATH holds, or None when it is missing or unreadable."""
    # A cache holds many small objects and no garbage: the collector need not scan them as
    # they are made.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: nothing cached
        return None
    finally:
        if was_enabled:
            gc.enable()


def save_pickle(path: Path, value: Any) -> bool:
    """Write VALUE to PATH atomically; return False when the folder cannot be written."""
    return save_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def save_bytes(path: Path, data: bytes) -> bool:
    """Write DATA to PATH atomically; return False when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


@functools.cache
def code_digest() -> str:
    """Return a digest of llm-atlas' code, read once per process (it is the code running): any
    change to it (models, catalog indexes, views) may change what a cache holds."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()
