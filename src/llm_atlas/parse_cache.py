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
from pathlib import Path
from typing import Any

import yaml

from llm_atlas import __version__
from llm_atlas.cachefiles import load_pickle, save_pickle, user_cache

MIN_BYTES = 64 * 1024
_FORMAT = 1
_STAMP = f"{_FORMAT}/{__version__}/{yaml.__version__}/{getattr(yaml, '__with_libyaml__', False)}"


def cache_dir() -> Path | None:
    """Return the parse cache folder, or None when the cache is turned off."""
    return user_cache("parse")


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
    stored = load_pickle(slot)
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    key, value = stored
    return value if key == _key(raw, display) else None


def put(path: Path, raw: bytes, display: str, value: Any) -> None:
    """Store VALUE as the parse of PATH's RAW bytes; silently skip when it cannot be written."""
    if len(raw) < MIN_BYTES:
        return
    slot = _slot(path)
    if slot is None:
        return
    save_pickle(slot, (_key(raw, display), value))
