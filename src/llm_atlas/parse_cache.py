"""A per-user cache of parsed catalog files, so an unchanged large file is not parsed again.

Parsing is most of loading a large catalog (about 1.2 s for 10k entries); reading the parsed
data back takes a tenth of that. One cache file per catalog file (named by a digest of its
absolute path, so it is replaced, never piled up) holds the digest of the bytes it was parsed
from, the versions that parsed it and the result. Anything that does not match, or cannot be
read or written, is a cache miss: the cache can be deleted at any time.

The folder is $LLM_ATLAS_CACHE_DIR, else $XDG_CACHE_HOME/llm-atlas, else ~/.cache/llm-atlas;
LLM_ATLAS_CACHE_DIR=off turns the cache off. Small files (most hand-edited catalogs) parse
faster than a cache round trip and are not cached.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import yaml

from llm_atlas import __version__

MIN_BYTES = 64 * 1024
_FORMAT = 1
_STAMP = f"{_FORMAT}/{__version__}/{yaml.__version__}/{getattr(yaml, '__with_libyaml__', False)}"


def cache_dir() -> Path | None:
    """Return the parse cache folder, or None when the cache is turned off."""
    configured = os.environ.get("LLM_ATLAS_CACHE_DIR", "")
    if configured.lower() in ("off", "0", "no", "false"):
        return None
    if configured:
        return Path(configured) / "parse"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "llm-atlas" / "parse"


def _slot(path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{name[:32]}.pickle"


def _key(raw: bytes, display: str) -> tuple[str, str, str]:
    # The display path is in every problem message, so a different working folder is a miss.
    return _STAMP, hashlib.sha256(raw).hexdigest(), display


def get(path: Path, raw: bytes, display: str) -> Any:
    """Return what `put` stored for PATH with these bytes and display path, or None."""
    if len(raw) < MIN_BYTES:
        return None
    slot = _slot(path)
    if slot is None:
        return None
    try:
        with open(slot, "rb") as f:
            key, value = pickle.load(f)
    except Exception:  # noqa: BLE001 - a missing, truncated or foreign file is a miss
        return None
    return value if key == _key(raw, display) else None


def put(path: Path, raw: bytes, display: str, value: Any) -> None:
    """Store VALUE as the parse of PATH's RAW bytes; silently skip when it cannot be written."""
    if len(raw) < MIN_BYTES:
        return
    slot = _slot(path)
    if slot is None:
        return
    try:
        slot.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=slot.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_key(raw, display), value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, slot)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
