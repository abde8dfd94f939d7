"""links.cache: good results only, max age, consecutive failures, atomic and forgiving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm_atlas.links.cache import cached_result, load_cache, save_cache, update_cache
from llm_atlas.links.results import LinkResult


def test_round_trip_keeps_good_results_and_counts_failures(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "links.json"
    cache = load_cache(path)
    update_cache(
        cache,
        [
            LinkResult("https://a/", "ok", checked_at=1000.0),
            LinkResult("https://b/", "broken", checked_at=1000.0),
            LinkResult("https://c/", "redirected", final_url="https://d/", checked_at=1000.0),
        ],
    )
    save_cache(cache)
    again = load_cache(path)
    assert sorted(again.results) == ["https://a/", "https://c/"]
    assert again.failures == {"https://b/": 1}
    hit = cached_result(again, "https://c/", max_age=100, now=1050.0)
    assert hit is not None and hit.from_cache and hit.final_url == "https://d/"
    assert cached_result(again, "https://c/", max_age=10, now=1050.0) is None
    assert cached_result(again, "https://b/", max_age=100, now=1050.0) is None
    update_cache(again, [LinkResult("https://b/", "broken"), LinkResult("https://a/", "timeout")])
    assert again.failures == {"https://b/": 2, "https://a/": 1}
    assert "https://a/" not in again.results
    update_cache(again, [LinkResult("https://b/", "ok", checked_at=1.0)])
    assert "https://b/" not in again.failures
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize("text", ["{not json", '{"version": 99}', "[]", ""])
def test_unreadable_cache_starts_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "links.json"
    path.write_text(text, encoding="utf-8")
    cache = load_cache(path)
    assert cache.results == {} and cache.failures == {}


def test_nothing_new_means_no_write(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    save_cache(load_cache(path))
    assert not path.exists()
    cache = load_cache(path)
    update_cache(cache, [LinkResult("https://a/", "ok", checked_at=1.0)])
    save_cache(cache)
    assert json.loads(path.read_text())["version"] == 1
