"""links.report: the exact text of the JSON, Markdown and GitHub formats for a known report."""

from __future__ import annotations

import json

from llm_atlas.links.check import LinkReport
from llm_atlas.links.report import (
    format_github,
    format_json,
    format_markdown,
    format_plain,
    summary_line,
)
from llm_atlas.links.results import EntryRef, LinkResult

REF = EntryRef("lora", "catalog/peft.yaml", 12, 8, "url")
REPORT = LinkReport(
    results=[
        LinkResult(
            "https://a.example/x",
            "broken",
            "HTTP 404",
            404,
            attempts=1,
            elapsed_ms=5,
            entries=[REF],
        ),
        LinkResult(
            "https://b.example/",
            "redirected",
            "moved permanently (301) to https://c/",
            200,
            "https://c/",
            1,
            3,
            entries=[EntryRef("qlora", "catalog/peft.yaml", 20, 8, "code")],
        ),
        LinkResult(
            "https://d.example/",
            "ok",
            "HTTP 200",
            200,
            from_cache=True,
            entries=[EntryRef("x", "catalog/peft.yaml", 30, 8, "url")],
        ),
    ],
    urls=4,
    seconds=1.25,
    interrupted=True,
)


def test_json() -> None:
    data = json.loads(format_json(REPORT))
    assert data["summary"] == {
        "broken": 1,
        "blocked": 0,
        "timeout": 0,
        "missing-anchor": 0,
        "redirected": 1,
        "ok": 1,
        "skipped": 0,
        "urls": 4,
        "seconds": 1.25,
        "interrupted": True,
        "unchecked": 1,
        "network_unreachable": False,
    }
    assert data["results"][0] == {
        "url": "https://a.example/x",
        "status": "broken",
        "http_status": 404,
        "final_url": None,
        "message": "HTTP 404",
        "attempts": 1,
        "elapsed_ms": 5,
        "from_cache": False,
        "error": None,
        "explanation": [],
        "entries": [{"id": "lora", "path": "catalog/peft.yaml", "line": 12}],
    }


def test_github() -> None:
    assert format_github(REPORT, {"https://a.example/x"}).splitlines() == [
        "::error file=catalog/peft.yaml,line=12,col=8,title=link-broken::lora: url: broken link "
        "https%3A//a.example/x: HTTP 404; find the new address, or remove the entry".replace(
            "https%3A", "https:"
        ),
        "::warning file=catalog/peft.yaml,line=20,col=8,title=link-redirected::qlora: code: "
        "redirected link https://b.example/: moved permanently (301) to https://c/; "
        "replace with https://c/ (llm-atlas fix-links does it)",
        summary_line(REPORT),
    ]


def test_markdown() -> None:
    text = format_markdown(REPORT, {"https://a.example/x"})
    assert text.splitlines()[:3] == [
        "### ❌ Link check",
        "",
        "interrupted: 3 of 4 URL(s) checked in 1.2 s (1 not checked): 1 broken, 1 redirected, 1 ok",
    ]
    assert (
        "| `catalog/peft.yaml:12` | `lora` | `https://a.example/x` | `HTTP 404` | "
        "find the new address, or remove the entry |"
    ) in text
    assert "<details open><summary>broken (1)</summary>" in text
    assert "<details><summary>redirected (1)</summary>" in text
    assert format_markdown(LinkReport([], 0, 0.0), set()).startswith("### ✅ Link check")


def test_plain_text_keeps_each_url_whole_on_its_own_line() -> None:
    long = LinkResult(
        "https://a.example/" + "x" * 200, "broken", "HTTP 404", 404, entries=[REF, REF]
    )
    report = LinkReport([long, *REPORT.results], urls=5, seconds=1.25)
    assert format_plain(report, {long.url}).splitlines() == [
        "broken (2, 1 failing the run):",
        f"  {long.url}",
        "    catalog/peft.yaml:12 lora, catalog/peft.yaml:12 lora",
        "    HTTP 404; find the new address, or remove the entry",
        "  https://a.example/x",
        "    catalog/peft.yaml:12 lora",
        "    HTTP 404; find the new address, or remove the entry",
        "",
        "redirected (1):",
        "  https://b.example/",
        "    catalog/peft.yaml:20 qlora",
        "    moved permanently (301) to https://c/; "
        "replace with https://c/ (llm-atlas fix-links does it)",
        "",
        summary_line(report),
    ]
