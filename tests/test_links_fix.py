"""links.fix: only the redirected URL strings change; every other byte stays as it was."""

from __future__ import annotations

import difflib
from pathlib import Path

from links_fixture import TOPICS

from llm_atlas.links.fix import fix_redirects, quote_like
from llm_atlas.links.results import EntryRef, LinkResult

BEFORE = (
    "\ufeff# a comment that stays\r\n"
    "- id: plain  # trailing comment\r\n"
    "  kind: tutorial\r\n"
    "  title: 标题\r\n"
    "  url: http://old.example/a\r\n"
    "  topics: [training]\r\n"
    "\r\n"
    "- id: quoted\r\n"
    "  kind: tool\r\n"
    "  title: 'Tool'\r\n"
    "  url: 'http://old.example/b'\r\n"
    '  code: "http://old.example/a"\r\n'
    "  topics: [training]\r\n"
)


def result(url: str, final: str, refs: list[EntryRef], status: str = "redirected") -> LinkResult:
    return LinkResult(url, status, final_url=final, entries=refs)  # type: ignore[arg-type]


def test_fix_changes_only_the_urls(tmp_path: Path) -> None:
    path = tmp_path / "entries.yaml"
    (tmp_path / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    path.write_bytes(BEFORE.encode("utf-8").replace(b"\xef\xbb\xbf", b"\xef\xbb\xbf", 1))
    shown = str(path)
    results = [
        result(
            "http://old.example/a",
            "https://new.example/a",
            [EntryRef("plain", shown, 5, 8, "url"), EntryRef("quoted", shown, 12, 9, "code")],
        ),
        result(
            "http://old.example/b",
            "https://new.example/it's",
            [EntryRef("quoted", shown, 11, 8, "url")],
        ),
        result(
            "http://ok.example/",
            "http://ok.example/x",
            [EntryRef("plain", shown, 5, 8, "url")],
            status="ok",
        ),
    ]
    changes, problems = fix_redirects(results)
    assert problems == []
    assert [(c.entry, c.field) for c in changes] == [
        ("plain", "url"),
        ("quoted", "url"),
        ("quoted", "code"),
    ]
    after = path.read_bytes().decode("utf-8")
    diff = [
        line
        for line in difflib.ndiff(BEFORE.splitlines(True), after.splitlines(True))
        if line[0] in "+-"
    ]
    assert diff == [
        "-   url: http://old.example/a\r\n",
        "+   url: https://new.example/a\r\n",
        "-   url: 'http://old.example/b'\r\n",
        "+   url: 'https://new.example/it''s'\r\n",
        '-   code: "http://old.example/a"\r\n',
        '+   code: "https://new.example/a"\r\n',
    ]
    assert after.startswith("\ufeff# a comment")


def test_block_scalars_are_left_for_a_person(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    text = "- id: a\n  url: >-\n    http://old.example/a\n"
    path.write_text(text, encoding="utf-8")
    changes, problems = fix_redirects(
        [
            result(
                "http://old.example/a",
                "https://n.example/",
                [EntryRef("a", str(path), 2, 8, "url")],
            )
        ]
    )
    assert changes == [] and "by hand" in problems[0].message
    assert path.read_text(encoding="utf-8") == text


def test_quote_like() -> None:
    assert quote_like("http://a", "http://a", "http://b") == "http://b"
    assert quote_like("'http://a'", "http://a", "http://b") == "'http://b'"
    assert quote_like('"http://a"', "http://a", 'http://b"') == '"http://b\\""'
    assert quote_like("|\n  http://a", "http://a", "http://b") is None
