"""Tests of build/state.py: the one rebuild decision, row by row (the oracle checks that each
answer builds the site a clean build makes; these check each condition is one)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from llm_atlas.build.site_folder import MARKER, TOKEN_PREFIX, site_stamp
from llm_atlas.build.state import (
    BuildState,
    Decision,
    MkDocsInputs,
    changed_pages,
    decide,
    load_state,
    save_state,
    see_site,
)

RECORDS = {"index.md": {"url": "", "title": "Home", "meta": {}}}
FRAME = "frame"
PAGES = {"index.md": "a", "topics/x/index.md": "b"}
OTHER_PAGES = {"index.md": "a", "topics/x/index.md": "c"}


def last_build(folder: Path, **changes: object) -> BuildState:
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text("<p>x</p>")
    (folder / MARKER).write_text(f"built\n{TOKEN_PREFIX}t1\n")
    state = BuildState("t1", "inputs", FRAME, {}, [], site_stamp(folder), {}, PAGES, RECORDS)
    return replace(state, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "changes", "inputs", "mkdocs", "strict", "want"),
    [
        ("same inputs", {}, "inputs", None, False, Decision.REUSE),
        ("same inputs, strict, no warnings", {}, "inputs", None, True, Decision.REUSE),
        ("another build's site", {"token": "t0"}, "inputs", None, False, Decision.FULL),
        ("site changed by hand", {"site": "other"}, "inputs", None, False, Decision.FULL),
        ("strict after warnings", {"warnings": ["w"]}, "inputs", None, True, Decision.FULL),
        ("warnings, not strict", {"warnings": ["w"]}, "inputs", None, False, Decision.REUSE),
        ("inputs changed, not rendered yet", {}, "new", None, False, Decision.FULL),
        ("frame changed", {}, "new", MkDocsInputs("other", PAGES, True), False, Decision.FULL),
        ("pages the same", {}, "new", MkDocsInputs(FRAME, PAGES, True), False, Decision.DIRTY),
        ("pages the same, strict", {}, "new", MkDocsInputs(FRAME, PAGES), True, Decision.DIRTY),
        (
            "a page changed",
            {},
            "new",
            MkDocsInputs(FRAME, OTHER_PAGES, True),
            False,
            Decision.PAGES,
        ),
        ("a page, no partial", {}, "new", MkDocsInputs(FRAME, OTHER_PAGES), False, Decision.FULL),
        ("a page, strict", {}, "new", MkDocsInputs(FRAME, OTHER_PAGES, True), True, Decision.FULL),
        (
            "a page after warnings",
            {"warnings": ["w"]},
            "new",
            MkDocsInputs(FRAME, OTHER_PAGES, True),
            False,
            Decision.FULL,
        ),
        (
            "a page, no records",
            {"records": None},
            "new",
            MkDocsInputs(FRAME, OTHER_PAGES, True),
            False,
            Decision.FULL,
        ),
    ],
)
def test_decide(
    tmp_path: Path,
    name: str,
    changes: dict[str, object],
    inputs: str,
    mkdocs: MkDocsInputs | None,
    strict: bool,
    want: Decision,
) -> None:
    last = last_build(tmp_path / "site", **changes)
    got = decide(
        last, inputs, see_site(tmp_path / "site", last), clean=False, strict=strict, mkdocs=mkdocs
    )
    assert got is want, name
    assert (
        decide(last, inputs, see_site(tmp_path / "site", last), clean=True, strict=strict)
        is Decision.FULL
    )
    assert (
        decide(None, inputs, see_site(tmp_path / "site", None), clean=False, strict=strict)
        is Decision.FULL
    )


def test_a_file_added_to_the_site_by_hand_means_a_full_build(tmp_path: Path) -> None:
    last = last_build(tmp_path / "site")
    (tmp_path / "site" / ".nojekyll").write_text("")  # the user's dot-file: still the build
    assert (
        decide(last, "inputs", see_site(tmp_path / "site", last), clean=False, strict=False)
        is Decision.REUSE
    )
    (tmp_path / "site" / "extra.html").write_text("x")
    assert (
        decide(last, "inputs", see_site(tmp_path / "site", last), clean=False, strict=False)
        is Decision.FULL
    )


def test_changed_pages_are_the_new_and_the_changed(tmp_path: Path) -> None:
    last = last_build(tmp_path / "site")
    pages = {**OTHER_PAGES, "new.md": "d"}
    assert changed_pages(last, MkDocsInputs(FRAME, pages)) == {"topics/x/index.md", "new.md"}
    assert changed_pages(last, MkDocsInputs(FRAME, PAGES)) == frozenset()


@pytest.mark.parametrize(
    "records",
    [None, RECORDS, {"a.md": {"url": 1, "title": "x", "meta": {}}}, {"a.md": "x"}],
)
def test_the_record_reads_back_and_bad_records_are_no_record(
    tmp_path: Path, records: object
) -> None:
    state = replace(last_build(tmp_path / "site"), records=records)  # type: ignore[arg-type]
    save_state(tmp_path / "render", state, "<html>")
    loaded, shell = load_state(tmp_path / "render")
    if records in (None, RECORDS):
        assert loaded == state and shell == "<html>"
    else:
        assert (loaded, shell) == (None, None)
