"""Generated data files and link reports (#19 point 4): whatever `data/` holds, the build keeps
the well-formed records and leaves the others out with one warning, refresh refuses an unusable
file clearly, and what refresh merges from a link report of any shape the build reads back."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile_values import dates, hostile, json_values, raw_bodies, readable, texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_atlas.catalog import Catalog
from llm_atlas.facts import DATA_KINDS, load_kind
from llm_atlas.problems import AtlasError
from llm_atlas.refresh.links import merge_results
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.store import load_items
from llm_atlas.validate import load_catalog

LINKED_URL = "https://example.org/a"
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


records = st.dictionaries(
    st.text(max_size=20),
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"status": texts, "checked": dates, "state": texts},
            optional={
                "http_status": json_values,
                "final_url": texts,
                "failures": json_values,
                "last_good": dates,
                "stars": json_values,
                "pushed": dates,
                "authors": st.one_of(st.lists(texts, max_size=3), json_values),
                "published": dates,
                "snapshot": st.one_of(st.just("https://web.archive.org/x"), texts),
                "timestamp": dates,
                "moved_to": texts,
            },
        ),
    ),
    max_size=6,
)
files = st.one_of(
    st.builds(
        lambda kind, items: json.dumps(
            {"format": "llm-atlas-data", "kind": kind, "version": 1, "items": items}
        ).encode(),
        st.sampled_from(DATA_KINDS),
        records,
    ),
    raw_bodies,
    json_values.map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(DATA_KINDS), raw=files)
def test_any_data_file_gives_good_records_or_one_warning(kind: str, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{kind}.json").write_bytes(raw)
        logger = logging.getLogger("llm_atlas.facts")
        seen: list[str] = []
        handler = logging.Handler()
        handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
        logger.addHandler(handler)
        try:
            facts = load_kind(Path(folder), kind)
        finally:
            logger.removeHandler(handler)
        assert len(seen) <= 1 and all("\n" not in line and len(line) < 600 for line in seen)
        for fact in facts.values():
            assert len(fact.checked) == 10 and fact.checked[4] == "-"
        try:
            kept = load_items(Path(folder), kind)
        except AtlasError as exc:  # refresh refuses an unusable file, clearly
            assert f"{kind}.json" in exc.message and "refresh" in exc.message
        else:
            assert set(facts) <= set(kept)


LINK_STATUSES = ["ok", "redirected", "broken", "blocked", "timeout", "missing-anchor", "skipped"]
report_rows = st.lists(
    st.fixed_dictionaries(
        {"url": st.just(LINKED_URL), "status": st.sampled_from(LINK_STATUSES)},
        optional={"http_status": hostile, "final_url": hostile, "message": hostile},
    ),
    max_size=3,
)
old_links = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {"status": st.sampled_from(LINK_STATUSES), "checked": st.just("2026-11-01")},
        optional={"failures": hostile, "last_good": hostile, "final_url": hostile},
    ).map(lambda r: {LINKED_URL: r}),
)


@pytest.fixture(scope="module")
def one_link_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("catalog")
    (root / "topics.yaml").write_text("- id: t\n  title: T\n  title_en: T\n", encoding="utf-8")
    (root / "a.yaml").write_text(
        f"- id: a\n  kind: tool\n  title: A\n  url: {LINKED_URL}\n  topics: [t]\n",
        encoding="utf-8",
    )
    return load_catalog(root)


@FUZZ
@given(rows=report_rows, old=old_links)
def test_any_link_report_merges_into_records_the_build_reads(
    one_link_catalog: Catalog, rows: list[dict[str, Any]], old: dict[str, Any]
) -> None:
    """A report row may hold anything besides its url and status (read_reports checks those),
    and an old record anything a hand edit left: what refresh writes, the build reads back."""
    merged = merge_results(
        one_link_catalog, rows, dict(old), Context(today="2026-12-06"), StepReport("links")
    )
    fresh = {url: r for url, r in merged.items() if r is not old.get(url)}
    assert readable("links", fresh)
