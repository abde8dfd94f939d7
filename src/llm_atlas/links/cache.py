"""The persistent link cache: good results with their time, and consecutive failures per URL.

Takes and gives a JSON file. Only `ok` and `redirected` results are stored (a failure is always
checked again), plus the URLs collected from the catalog, keyed by a hash of its files' bytes, so
an unchanged catalog is not parsed again. The file is replaced atomically so an interrupted run
never leaves it corrupt.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.bounded import load_json, read_bounded
from llm_atlas.files import write_file
from llm_atlas.links.results import LinkResult
from llm_atlas.problems import AtlasError

log = logging.getLogger(__name__)

VERSION = 1
DEFAULT_CACHE = Path(".cache/llm-atlas/links.json")
MAX_CACHE_BYTES = 512 * 1024 * 1024
GOOD = frozenset({"ok", "redirected"})
FAILING = frozenset({"broken", "blocked", "timeout", "missing-anchor"})


@dataclass
class LinkCache:
    """Results by URL and consecutive failing runs by URL."""

    path: Path | None
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    changed: bool = False


def load_cache(path: Path | None) -> LinkCache:
    """Read the cache at PATH; an absent, unreadable or foreign file gives an empty cache."""
    cache = LinkCache(path)
    if path is None or not path.exists():
        return cache
    try:
        # A pull request can commit this file too: read it within bounds, as outside input.
        data = load_json(read_bounded(path, MAX_CACHE_BYTES), max_bytes=MAX_CACHE_BYTES)
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable link cache %s: %s", path, exc)
        return cache
    if not isinstance(data, dict) or data.get("version") != VERSION:
        log.warning("ignoring link cache %s: not a version %d cache", path, VERSION)
        return cache
    results, failures = data.get("results"), data.get("failures")
    if isinstance(results, dict):
        cache.results = {k: v for k, v in results.items() if isinstance(v, dict)}
    if isinstance(failures, dict):
        cache.failures = {k: v for k, v in failures.items() if isinstance(v, int)}
    if isinstance(data.get("catalog"), dict):
        cache.catalog = data["catalog"]
    return cache


def cached_result(
    cache: LinkCache, url: str, max_age: float, now: float | None = None
) -> LinkResult | None:
    """Return the stored good result for URL if younger than MAX_AGE seconds."""
    stored = cache.results.get(url)
    if stored is None:
        return None
    checked = stored.get("checked_at")
    status = stored.get("status")
    if not isinstance(checked, int | float) or status not in GOOD:
        return None
    if (time.time() if now is None else now) - checked > max_age:
        return None
    return LinkResult(
        url=url,
        status=status,
        message=str(stored.get("message", "")),
        http_status=stored.get("http_status"),
        final_url=stored.get("final_url"),
        attempts=0,
        elapsed_ms=0,
        from_cache=True,
        checked_at=float(checked),
    )


def update_cache(cache: LinkCache, results: list[LinkResult]) -> None:
    """Store fresh good results; count a failing run for each failing URL, reset on success."""
    for result in results:
        if result.from_cache:
            continue
        cache.changed = True
        if result.status in GOOD:
            cache.results[result.url] = {
                "status": result.status,
                "http_status": result.http_status,
                "final_url": result.final_url,
                "message": result.message,
                "checked_at": result.checked_at,
            }
            cache.failures.pop(result.url, None)
        elif result.status in FAILING:
            cache.results.pop(result.url, None)
            cache.failures[result.url] = cache.failures.get(result.url, 0) + 1
        result.failures = cache.failures.get(result.url, 0)


def save_cache(cache: LinkCache) -> None:
    """Write the cache whole (`llm_atlas.files`); a cache that cannot be written is an OSError
    for the caller to warn about, never a lost run."""
    if cache.path is None or not cache.changed:
        return
    payload = {
        "version": VERSION,
        "results": cache.results,
        "failures": cache.failures,
        "catalog": cache.catalog,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        write_file(cache.path, text)
    except AtlasError as exc:
        raise OSError(exc.message) from exc
