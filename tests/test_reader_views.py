"""Tests of the reader's listings (issue #22): "recent" only when dates differ and only written
entries, reading paths from series, language names, principle and practice tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from llm_atlas.render.plan import reading_paths, recent_entries, topic_sections
from llm_atlas.render.views import Tag, field_rows, tag_letters
from llm_atlas.validate import load_catalog

TOPICS = [{"id": "t", "title": "主题", "title_en": "Topic"}]


def entry(i: str, **fields: object) -> dict[str, object]:
    return {
        "id": i,
        "kind": "tutorial",
        "title": i,
        "topics": ["t"],
        "url": f"https://e.org/{i}",
    } | fields


def load(tmp_path: Path, entries: list[dict[str, object]]) -> object:
    for e in entries:
        if e.get("status") == "planned":
            e.pop("url")
    (tmp_path / "topics.yaml").write_text(yaml.safe_dump(TOPICS, allow_unicode=True), "utf-8")
    (tmp_path / "e.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")
    return load_catalog(tmp_path)


@pytest.mark.parametrize(
    ("added", "planned", "want"),
    [
        (["2026-01-01", "2026-01-01", "2026-01-01"], [], []),  # one day: file order, not recency
        (["2026-01-01", "2026-01-03", "2026-01-02"], [], ["b", "c", "a"]),
        (["2026-01-01", "2026-01-03", "2026-01-02"], ["b"], ["c", "a"]),  # planned: not shown
        (["2026-01-01", None, "2026-01-02"], [], ["c", "a"]),
    ],
)
def test_recent_lists_written_entries_only_when_dates_differ(
    tmp_path: Path, added: list[str | None], planned: list[str], want: list[str]
) -> None:
    entries = [
        entry(
            i,
            **({"added": dt.date.fromisoformat(d)} if d else {}),
            **({"status": "planned"} if i in planned else {}),
        )
        for i, d in zip("abc", added, strict=True)
    ]
    catalog = load(tmp_path, entries)
    assert [e.id for e in recent_entries(catalog)] == want  # type: ignore[arg-type]


def test_reading_paths_start_at_the_first_written_part(tmp_path: Path) -> None:
    catalog = load(
        tmp_path,
        [
            entry("s1", series="短", part=1),
            entry("s2", series="短", part=2),
            entry("l1", series="长", part=1, status="planned"),
            entry("l2", series="长", part=2),
            entry("l3", series="长", part=3),
            entry("l4", series="长", part=4),
            entry("o1", series="独", part=1),
        ],
    )
    paths = reading_paths(catalog)  # type: ignore[arg-type]
    assert [(p.name, p.start.id, p.parts, p.topic) for p in paths] == [
        ("长", "l2", 3, "t"),
        ("短", "s1", 2, "t"),
    ]


@pytest.mark.parametrize(
    ("languages", "shown"),
    [(["zh", "en"], "中文, English"), (["ja", "xx"], "日本語, xx")],
)
def test_languages_show_names_not_codes(tmp_path: Path, languages: list[str], shown: str) -> None:
    catalog = load(tmp_path, [entry("b", kind="benchmark", languages=languages)])
    rows = {r.name: r.value for r in field_rows(catalog.entries["b"])}  # type: ignore[attr-defined]
    assert rows["languages"] == shown


def test_tutorials_are_split_into_principles_and_practice(tmp_path: Path) -> None:
    catalog = load(
        tmp_path,
        [
            entry("why", method="GPTQ"),
            entry("how", method="GPTQ", model="LLaMA", params="7B"),
            entry("code", method="AWQ", code="https://e.org/awq.py"),
            entry("plain"),
        ],
    )
    sections = topic_sections(list(catalog.entries.values()), catalog)  # type: ignore[attr-defined]
    tables = [
        (t["heading"], [e.id for e in t["rows"]], [c for c, _ in t["columns"]], t["code"])
        for t in sections["tutorial_tables"]
    ]
    assert tables == [
        ("topic.principles", ["why"], ["method"], False),  # message keys (render/messages)
        ("topic.practice", ["how", "code"], ["model", "method", "params"], True),
    ]
    assert [e.id for g in sections["groups"] for e in g["entries"]] == ["plain"]


def test_tags_are_grouped_by_first_letter_latin_then_signs_then_cjk() -> None:
    names = ["量化", "LoRA", "8-bit", "awq", "AWS", "lmdeploy", "剪枝", "_x"]
    tags = [Tag(n, f"tag-{i}", []) for i, n in enumerate(names)]
    letters = [(g.key, [t.name for t in g.tags]) for g in tag_letters(tags)]
    assert letters == [
        ("a", ["awq", "AWS"]),
        ("l", ["LoRA", "lmdeploy"]),
        ("other", ["8-bit", "_x"]),
        ("cjk", ["量化", "剪枝"]),
    ]
