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
_FORMAT = 2
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


def _key(digest: str, display: str) -> tuple[str, str, str]:
    # The display path is in every problem message, so a different working folder is a miss.
    return _STAMP, digest, display


def get(path: Path, raw: bytes, display: str) -> tuple[Any, str]:
    """Return what `put` stored for PATH with these bytes and display path (None if nothing),
    and the digest of RAW ("" when such a file is not cached)."""
    if len(raw) < MIN_BYTES:
        return None, ""
    slot = _slot(path)
    if slot is None:
        return None, ""
    digest = hashlib.sha256(raw).hexdigest()
    stored = load_pickle(slot)
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None, digest
    key, value = stored
    return (value if key == _key(digest, display) else None), digest


def put(path: Path, raw: bytes, display: str, value: Any) -> str:
    """Store VALUE as the parse of PATH's RAW bytes (silently skipped when it cannot be
    written); return the digest of RAW, or "" when such a file is not cached."""
    if len(raw) < MIN_BYTES or _slot(path) is None:
        return ""
    digest = hashlib.sha256(raw).hexdigest()
    put_digest(path, digest, display, value)
    return digest


def put_digest(path: Path, digest: str, display: str, value: Any) -> None:
    """Store VALUE for PATH's bytes of DIGEST (as `put` returned it)."""
    slot = _slot(path)
    if slot is not None:
        save_pickle(slot, (_key(digest, display), value))
