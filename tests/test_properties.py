"""Property tests: random YAML and random entry mappings never crash the loader or validator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_atlas.loader import load_file
from llm_atlas.models import KINDS, field_names
from llm_atlas.problems import Problem
from llm_atlas.validate import check_catalog

TOPICS = "- id: t\n  title: 主题\n  title_en: Topic\n"
FIELDS = field_names(None)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(["https://example.com/a", "javascript:alert(1)", "t", "zh", "x y", ""]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4), max_leaves=8)
entries = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)),
    values,
    max_size=12,
).map(lambda d: d | {"kind": d.get("kind", "tutorial")})
entry_kinds = st.sampled_from([*KINDS, "bogus"])

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_problems(problems: list[Problem]) -> None:
    for p in problems:
        assert p.line >= 1 and p.column >= 1 and p.message and p.code


@SETTINGS
@given(text=st.text(max_size=400))
def test_random_text_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _assert_problems(load_file(path).problems)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_raise(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(raw)
    _assert_problems(load_file(path).problems)


@SETTINGS
@given(items=st.lists(entries, max_size=4), kind=entry_kinds)
def test_random_entries_accept_or_report(
    tmp_path: Path, items: list[dict[str, Any]], kind: str
) -> None:
    root = tmp_path / "catalog"
    root.mkdir(exist_ok=True)
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    if items:
        items[0]["kind"] = kind
    (root / "e.yaml").write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    catalog, problems = check_catalog(root)
    _assert_problems(problems)
    assert catalog is not None
    if not problems:
        assert len(catalog.entries) == len(items)


url_like = st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            [
                "https",
                "HTTP",
                "ftp",
                "://",
                ":",
                "/",
                "//",
                "?",
                "#",
                "@",
                "[",
                "]",
                " ",
                "\t",
                "Example.COM",
                "a-b",
                "8080",
                "%2F",
                "_",
                "中文",
                "x",
                ".",
                "+",
                "",
            ]
        ),
        max_size=8,
    ),
)


@given(url=st.one_of(url_like, st.text(max_size=40)))
def test_normalize_url_shortcut_agrees_with_urlsplit(url: str) -> None:
    """The regular-expression shortcut of normalize_url gives what urlsplit alone gave."""
    from urllib.parse import urlsplit

    from llm_atlas.rules import normalize_url

    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid IPv6 host: refused the same way
        with pytest.raises(ValueError):
            normalize_url(url)
        return
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :].rstrip("/")
    assert normalize_url(url) == f"{parts.scheme.lower()}://{parts.netloc.lower()}{rest}"
