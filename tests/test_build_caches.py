"""Tests of the cache files: the per-user folder, JSON written whole, damage read as a miss,
and the segment store built on them."""

from __future__ import annotations

from pathlib import Path

import jieba
import jinja2
import pytest

from llm_atlas.build import segments
from llm_atlas.build.caches import load_json, save_json
from llm_atlas.user_cache import SafeBytecodeCache, user_cache


def test_user_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path))
    assert user_cache("segments") == tmp_path / "segments"
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", "off")
    assert user_cache("segments") is None
    monkeypatch.delenv("LLM_ATLAS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache("jinja") == tmp_path / "xdg" / "llm-atlas" / "jinja"


@pytest.mark.parametrize("damage", [b"", b"{", b"\x80\x05garbage", b"\xff\xfe{}"])
def test_json_round_trips_and_damage_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / "a" / "b.json"
    assert save_json(path, {"x": [1, "二"]})
    assert load_json(path) == {"x": [1, "二"]}
    assert [p.name for p in path.parent.iterdir()] == ["b.json"]  # no temporary file left
    path.write_bytes(damage)
    assert load_json(path) is None
    assert load_json(tmp_path / "missing") is None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not save_json(blocker / "c.json", 1)


@pytest.mark.parametrize("cut", [1, 8, 20, 40])
def test_a_truncated_compiled_template_is_compiled_again(tmp_path: Path, cut: int) -> None:
    def render() -> str:
        env = jinja2.Environment(
            loader=jinja2.DictLoader({"t.html": "{{ 6 * 7 }} ok"}),
            bytecode_cache=SafeBytecodeCache(str(tmp_path)),
        )
        return env.get_template("t.html").render()

    assert render() == "42 ok"
    (stored,) = tmp_path.iterdir()
    stored.write_bytes(stored.read_bytes()[:cut])
    assert render() == "42 ok"


def test_segment_store_keeps_jieba_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path))
    store = segments.SegmentStore()
    store.configure(None, None)  # jieba as a new process has it, whatever ran before
    run = "大模型量化技术原理"
    want = "\u200b" + "\u200b".join(jieba.cut(run.encode("utf-8"))) + "\u200b"
    assert store.segment(run) == want
    store.save()
    (saved,) = (tmp_path / "segments").iterdir()
    assert saved.suffix == ".json"

    def no_jieba(*args: object) -> list[str]:
        raise AssertionError("jieba was asked again")

    monkeypatch.setattr(jieba, "cut", no_jieba)
    assert segments.SegmentStore().segment(run) == want
    # A damaged store is an empty one.
    saved.write_text('{"大模型量化技术原理": 3', encoding="utf-8")
    with pytest.raises(AssertionError, match="asked again"):
        segments.SegmentStore().segment(run)
    saved.write_text('{"大模型量化技术原理": 3}', encoding="utf-8")
    with pytest.raises(AssertionError, match="asked again"):
        segments.SegmentStore().segment(run)


def test_segment_store_is_keyed_by_jieba_and_its_dictionaries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    words = tmp_path / "words.txt"
    words.write_text("量化技术 5 n\n", encoding="utf-8")
    store = segments.SegmentStore()
    store.configure(None, words)
    plain = store._path()
    words.write_text("量化技术 9 n\n", encoding="utf-8")
    store.configure(None, words)
    assert store._path() != plain
    store.configure(None, None)
    other = store._path()
    monkeypatch.setattr(jieba, "__version__", "0.0.0-other")
    store.configure(None, None)
    assert store._path() not in (plain, other)


def test_segmenting_after_a_user_dictionary_is_as_a_new_process_does(tmp_path: Path) -> None:
    """A user dictionary loaded for one build does not change the next build's segmentation."""
    run = "大模型量化技术原理"
    fresh = segments.SegmentStore()
    plain = fresh.segment(run)
    words = tmp_path / "words.txt"
    words.write_text("量化技术原理 99999 n\n", encoding="utf-8")
    store = segments.SegmentStore()
    store.configure(None, words)
    assert store.segment(run) != plain  # the user dictionary's word
    store.configure(None, None)
    store.runs = {}
    assert store.segment(run) == plain


def test_jieba_keeps_its_own_cache_in_the_user_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(jieba.dt, "tmp_dir", None)
    segments.prepare_jieba()
    assert jieba.dt.tmp_dir == str(tmp_path / "jieba")
    assert segments.prepare_jieba() is None  # nothing to remove
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", "off")
    made = segments.prepare_jieba()
    assert made is not None and str(made) == jieba.dt.tmp_dir
    assert made.name.startswith("llm-atlas-jieba-")  # private, never /tmp itself
    made.rmdir()


def test_a_build_with_the_cache_off_leaves_no_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    from site_helpers import BASIC_CATALOG, REPO

    from llm_atlas.build.pipeline import build_site

    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", "off")
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    build_site(BASIC_CATALOG, REPO, tmp_path / "site", render_dir=tmp_path / "render")
    assert list((tmp_path / "temp").iterdir()) == []
