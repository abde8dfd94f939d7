"""Tests of the per-user cache files and of the segment store built on them."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from llm_atlas import entry_pages
from llm_atlas.cachefiles import load_pickle, save_pickle, user_cache


def test_user_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path))
    assert user_cache("parse") == tmp_path / "parse"
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", "off")
    assert user_cache("parse") is None
    monkeypatch.delenv("LLM_ATLAS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache("jinja") == tmp_path / "xdg" / "llm-atlas" / "jinja"


def test_pickles_round_trip_and_fail_soft(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.pickle"
    assert save_pickle(path, {"x": (1, "二")})
    assert load_pickle(path) == {"x": (1, "二")}
    assert [p.name for p in path.parent.iterdir()] == ["b.pickle"]  # no temporary file left
    path.write_bytes(b"\x80\x05garbage")
    assert load_pickle(path) is None
    assert load_pickle(tmp_path / "missing") is None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not save_pickle(blocker / "c.pickle", 1)


def test_segment_store_keeps_jieba_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path))
    store = entry_pages._SegmentStore()
    run = "大模型量化技术原理"
    want = "\u200b" + "\u200b".join(jieba.cut(run.encode("utf-8"))) + "\u200b"
    assert store.segment(run) == want
    store.save()
    assert (tmp_path / "segments" / "jieba.pickle").is_file()

    def no_jieba(*args: object) -> list[str]:
        raise AssertionError("jieba was asked again")

    monkeypatch.setattr(jieba, "cut", no_jieba)
    assert entry_pages._SegmentStore().segment(run) == want
    # Another jieba version: the store starts empty (and asks jieba).
    monkeypatch.setattr(jieba, "__version__", "0.0.0-other")
    with pytest.raises(AssertionError, match="asked again"):
        entry_pages._SegmentStore().segment(run)
