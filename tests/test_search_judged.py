"""The judged query set of issue #20: well formed, large enough, and split as recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_judged import KINDS, SEED, load_judged, split_halves


def test_set_is_large_and_well_formed() -> None:
    rows = load_judged()
    queries = [r.query for r in rows]
    assert len(queries) >= 150
    assert len(set(queries)) == len(queries)
    assert {r.kind for r in rows} == set(KINDS)
    assert all(r.right and all(p.endswith("/") for p in r.right) for r in rows)
    assert all(p.split("/")[0] in ("topics", "entries") for r in rows for p in r.right)


def test_recorded_split_is_the_seeded_one() -> None:
    rows = load_judged()
    assert {r.query: r.half for r in rows} == split_halves([r.query for r in rows], SEED)


@pytest.mark.parametrize(
    ("queries", "tune"),
    [(["a", "b"], 1), (["a", "b", "c"], 1), ([f"q{i}" for i in range(10)], 5)],
)
def test_split_halves(queries: list[str], tune: int) -> None:
    halves = split_halves(queries, 7)
    assert list(halves) == queries
    assert list(halves.values()).count("tune") == tune
    assert halves == split_halves(list(queries), 7)  # the seed fixes it


def test_right_answers_name_catalog_pages() -> None:
    from llm_atlas.validate import load_catalog

    catalog = load_catalog(Path(__file__).resolve().parent.parent / "catalog")
    known = {f"topics/{t}/" for t in catalog.topics} | {f"entries/{e}/" for e in catalog.entries}
    assert [p for r in load_judged() for p in r.right if p not in known] == []
