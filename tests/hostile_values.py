"""Hostile values for generated tests of readers: JSON of any shape, dates that are no dates,
long and odd texts, depth bombs, raw bodies; and a check that the build reads a record back."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from llm_atlas.facts import load_kind
from llm_atlas.refresh.store import dump_items

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
dates = st.one_of(
    st.sampled_from(["2026-12-06", "2021-06-17T17:37:18Z", "soon", "2026-13-45", "", "0000-01-01"]),
    st.text(max_size=20),
    json_values,
)
texts = st.one_of(
    st.text(max_size=40), st.sampled_from(["x" * 300, "NOASSERTION", ""]), json_values
)
depths = st.one_of(st.sampled_from([63, 64, 65, 2_000, 50_000]), st.integers(1, 3000))
deep = st.one_of(
    depths.map(lambda n: b"[" * n + b"]" * n),
    depths.map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
)
raw_bodies = st.one_of(
    st.binary(max_size=300),
    deep,
    st.just(b'{"a": NaN, "b": 1e999}'),
    st.just(b"\xef\xbb\xbf{}"),
    st.just(
        b'{"full_name": "a/b", "stargazers_count": 1, "forks_count": 1, "language": "\\ud800"}'
    ),
)
hostile = st.one_of(dates, texts, json_values, st.integers(min_value=-(2**70), max_value=2**70))


def readable(kind: str, items: dict[str, Any]) -> bool:
    """Whether the data reader (the build's) takes every record as written."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{kind}.json").write_text(dump_items(kind, items), encoding="utf-8")
        return set(load_kind(Path(folder), kind)) == set(items)
