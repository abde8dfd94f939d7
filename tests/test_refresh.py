"""Tests of `llm-atlas refresh` end to end against the fixture APIs (tests/refresh_fixture.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from refresh_fixture import Apis, Paper, State, repo_json, running_apis

from llm_atlas.cli import main
from llm_atlas.facts import load_facts
from llm_atlas.refresh.run import RefreshOptions, format_summary, run_refresh
from llm_atlas.refresh.step import Context, StepReport, context_from_env

TOPICS = "- id: peft\n  title: 微调\n  title_en: PEFT\n"
ENTRIES = """\
- id: lora
  kind: paper
  title: 'LoRA: Low-Rank Adaptation of Large Language Models'
  url: https://arxiv.org/abs/2106.09685
  topics: [peft]
  authors: [Edward J. Hu, Yelong Shen, et al.]
  year: 2021
  arxiv: '2106.09685'
  code: https://github.com/microsoft/LoRA
- id: qlora
  kind: paper
  title: 'QLoRA: Efficient Finetuning of Quantized LMs'
  url: https://arxiv.org/abs/2305.14314
  topics: [peft]
  authors: [Tim Dettmers, Someone Else]
  year: 2022
  arxiv: '2305.14314'
- id: ghost
  kind: paper
  title: A paper arXiv never had
  url: https://example.org/ghost
  topics: [peft]
  arxiv: '2401.99999'
- id: peft-tool
  kind: tool
  title: PEFT
  url: https://github.com/huggingface/peft
  topics: [peft]
- id: old-tool
  kind: tool
  title: Old name
  url: https://github.com/old/name
  topics: [peft]
- id: gone-tool
  kind: tool
  title: Gone
  url: https://github.com/gone/repo
  topics: [peft]
- id: archived-tool
  kind: tool
  title: Archived
  url: https://github.com/arch/ived
  topics: [peft]
- id: dead-article
  kind: article
  title: Dead article
  url: https://blog.example.com/dead
  topics: [peft]
"""
PAPERS = {
    "2106.09685": Paper(
        "LoRA: Low-Rank Adaptation of Large Language Models",
        ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"],
        "2021-06-17T17:37:18Z",
        "2021-10-16T18:40:34Z",
        2,
    ),
    "2305.14314": Paper(
        "QLoRA: Efficient Finetuning of Quantized LLMs",
        ["Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"],
        "2023-05-23T17:50:33Z",
        "2023-05-23T17:50:33Z",
    ),
}


def fresh_state() -> State:
    state = State(papers=dict(PAPERS))
    for name in ("microsoft/LoRA", "huggingface/peft", "new/name"):
        state.repos[name.lower()] = repo_json(name)
    state.repos["arch/ived"] = repo_json("arch/ived", archived=True, stargazers_count=7)
    state.moved["old/name"] = "new/name"
    state.snapshots["https://blog.example.com/dead"] = "20250301120000"
    return state


@pytest.fixture
def project(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (catalog / "peft.yaml").write_text(ENTRIES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def apis() -> Iterator[Apis]:
    with running_apis(fresh_state()) as running:
        yield running


def link_report(path: Path, statuses: dict[str, str]) -> Path:
    """Write a `check-links --format json` report with the given status per URL."""
    codes = {"ok": 200, "broken": 404, "timeout": None, "blocked": 403, "redirected": 301}
    results = [
        {
            "url": url,
            "status": status,
            "http_status": codes.get(status),
            "final_url": None,
            "message": "" if status == "ok" else f"it is {status}",
            "attempts": 1,
            "elapsed_ms": 3,
            "from_cache": False,
            "entries": [],
        }
        for url, status in statuses.items()
    ]
    path.write_text(json.dumps({"summary": {}, "results": results}), encoding="utf-8")
    return path


ALL_OK = {
    "https://arxiv.org/abs/2106.09685": "ok",
    "https://github.com/microsoft/LoRA": "ok",
    "https://arxiv.org/abs/2305.14314": "ok",
    "https://example.org/ghost": "ok",
    "https://github.com/huggingface/peft": "ok",
    "https://github.com/old/name": "redirected",
    "https://github.com/gone/repo": "broken",
    "https://github.com/arch/ived": "ok",
    "https://blog.example.com/dead": "ok",
}

NOTHING_BROKEN = {**ALL_OK, "https://github.com/gone/repo": "ok"}


def ctx_for(apis: Apis, today: str = "2026-12-01", **settings: Any) -> Context:
    waits: list[float] = []
    ctx = context_from_env(apis.env, **{"timeout": 2.0, "arxiv_interval": 0.0, **settings})
    ctx.today = today
    ctx.sleep = waits.append
    return ctx


def refresh(
    project: Path, ctx: Context, reports: tuple[Path, ...] = (), only: tuple[str, ...] = ()
) -> dict[str, StepReport]:
    opts = RefreshOptions(
        catalog=project / "catalog",
        data=project / "data",
        only=only or ("links", "repos", "papers", "archive"),
        links_reports=reports,
        allow_private=True,  # the fixture web is on 127.0.0.x
    )
    return {r.name: r for r in run_refresh(opts, ctx)}


def data(project: Path, kind: str) -> dict[str, Any]:
    doc = json.loads((project / "data" / f"{kind}.json").read_text(encoding="utf-8"))
    assert doc["format"] == "llm-atlas-data" and doc["kind"] == kind and doc["version"] == 1
    items: dict[str, Any] = doc["items"]
    return items


def test_first_refresh_gathers_every_fact(project: Path, apis: Apis) -> None:
    report = link_report(project / "links.json", ALL_OK)
    steps = refresh(project, ctx_for(apis), (report,))

    assert data(project, "repos") == {
        "arch/ived": {
            **data(project, "repos")["arch/ived"],
            "archived": True,
            "stars": 7,
            "state": "ok",
        },
        "gone/repo": {"checked": "2026-12-01", "http_status": 404, "state": "missing"},
        "huggingface/peft": data(project, "repos")["huggingface/peft"],
        "microsoft/lora": {
            "archived": False,
            "checked": "2026-12-01",
            "default_branch": "main",
            "etag": data(project, "repos")["microsoft/lora"]["etag"],
            "forks": 150,
            "language": "Python",
            "license": "Apache-2.0",
            "moved_to": None,
            "pushed": "2026-11-19",
            "stars": 1200,
            "state": "ok",
        },
        "old/name": {**data(project, "repos")["old/name"], "moved_to": "new/name"},
    }
    assert data(project, "repos")["microsoft/lora"]["etag"].startswith('W/"')
    assert data(project, "papers") == {
        "2106.09685": {
            "authors": ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"],
            "checked": "2026-12-01",
            "published": "2021-06-17",
            "state": "ok",
            "title": "LoRA: Low-Rank Adaptation of Large Language Models",
            "updated": "2021-10-16",
            "version": "v2",
        },
        "2305.14314": {
            "authors": ["Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"],
            "checked": "2026-12-01",
            "published": "2023-05-23",
            "state": "ok",
            "title": "QLoRA: Efficient Finetuning of Quantized LLMs",
            "updated": "2023-05-23",
            "version": "v1",
        },
        "2401.99999": {"checked": "2026-12-01", "state": "missing"},
    }
    assert data(project, "links")["https://github.com/gone/repo"] == {
        "checked": "2026-12-01",
        "failures": 1,
        "final_url": None,
        "http_status": 404,
        "last_good": None,
        "message": "it is broken",
        "status": "broken",
    }
    # One broken run is not dead yet: no archive request.
    assert data(project, "archive") == {}
    assert apis.state.hits("/wayback") == []
    assert steps["repos"].news == [
        "repository archived: arch/ived",
        "repository gone (HTTP 404): gone/repo",
        "repository moved: old/name → new/name",
    ]


def test_paper_mismatches_are_warnings_at_the_catalog_line(project: Path, apis: Apis) -> None:
    steps = refresh(project, ctx_for(apis), only=("papers",))
    assert [p.format_text() for p in steps["papers"].warnings] == [
        f"{project / 'catalog' / 'peft.yaml'}:12:10: warning: qlora: title: arXiv 2305.14314 has "
        "'QLoRA: Efficient Finetuning of Quantized LLMs', the catalog 'QLoRA: Efficient "
        "Finetuning of Quantized LMs': check it and edit the catalog if it is wrong (refresh "
        "never rewrites it)",
        f"{project / 'catalog' / 'peft.yaml'}:15:12: warning: qlora: authors: arXiv 2305.14314 "
        "has 'Tim Dettmers, Artidoro Pagnoni, Ari Holtzman, Luke Zettlemoyer', the catalog 'Tim "
        "Dettmers, Someone Else': check it and edit the catalog if it is wrong (refresh never "
        "rewrites it)",
        f"{project / 'catalog' / 'peft.yaml'}:16:9: warning: qlora: year: arXiv 2305.14314 has "
        "'2023', the catalog '2022': check it and edit the catalog if it is wrong (refresh never "
        "rewrites it)",
        f"{project / 'catalog' / 'peft.yaml'}:23:10: warning: ghost: arxiv: arXiv does not know "
        "2401.99999: check the id",
    ]
    assert (project / "catalog" / "peft.yaml").read_text(encoding="utf-8") == ENTRIES


def test_second_run_with_nothing_changed_rewrites_only_check_dates(
    project: Path, apis: Apis
) -> None:
    report = link_report(project / "links.json", NOTHING_BROKEN)
    refresh(project, ctx_for(apis), (report,))
    first = {k: (project / "data" / f"{k}.json").read_text() for k in ("links", "repos", "papers")}
    before = len(apis.state.hits("/repos/"))

    steps = refresh(project, ctx_for(apis, today="2026-12-08"), (report,))

    repos_asked = apis.state.hits("/repos/")[before:]
    conditional = [s for s in repos_asked if "If-None-Match" in s.headers]
    assert steps["repos"].not_modified == 4  # all but the missing one: 304s
    assert len(conditional) == 4
    for kind, text in first.items():
        again = (project / "data" / f"{kind}.json").read_text()
        assert again != text
        assert again.replace("2026-12-08", "2026-12-01") == text.replace("2026-12-08", "x")
    # and on the same day, nothing is written at all
    steps = refresh(project, ctx_for(apis, today="2026-12-08"), (report,))
    assert [s.written for s in steps.values()] == [False, False, False, False]


def test_link_history_last_good_failures_and_archive_after_two_runs(
    project: Path, apis: Apis
) -> None:
    dead = "https://blog.example.com/dead"
    runs = [("2026-11-17", "ok"), ("2026-11-24", "broken"), ("2026-12-01", "timeout")]
    for day, status in runs:
        report = link_report(project / "links.json", {**NOTHING_BROKEN, dead: status})
        steps = refresh(project, ctx_for(apis, today=day), (report,), ("links", "archive"))
    assert data(project, "links")[dead] == {
        "checked": "2026-12-01",
        "failures": 2,
        "final_url": None,
        "http_status": None,
        "last_good": "2026-11-17",
        "message": "it is timeout",
        "status": "timeout",
    }
    asked = apis.state.hits("/wayback/available")
    assert [(s.query["url"], s.query.get("timestamp")) for s in asked] == [([dead], ["20261117"])]
    assert data(project, "archive") == {
        dead: {
            "checked": "2026-12-01",
            "snapshot": f"http://web.archive.org/web/20250301120000/{dead}",
            "timestamp": "2025-03-01",
        },
    }
    assert steps["archive"].news == [f"archived copy found: {dead}"]
    # A snapshot once found is not asked for again; a recovery resets the count.
    refresh(project, ctx_for(apis, today="2026-12-08"), (report,), ("links", "archive"))
    assert len(apis.state.hits("/wayback/available")) == 1
    report = link_report(project / "links.json", NOTHING_BROKEN)
    steps = refresh(project, ctx_for(apis, today="2026-12-15"), (report,), ("links",))
    assert data(project, "links")[dead]["failures"] == 0
    assert data(project, "links")[dead]["last_good"] == "2026-12-15"
    assert steps["links"].news == [f"recovered: {dead}"]


def test_blocked_neither_counts_nor_resets(project: Path, apis: Apis) -> None:
    url = "https://blog.example.com/dead"
    for day, status in (("2026-11-24", "broken"), ("2026-12-01", "blocked")):
        report = link_report(project / "links.json", {url: status})
        refresh(project, ctx_for(apis, today=day), (report,), ("links",))
    assert data(project, "links")[url]["failures"] == 1


def test_rate_limit_with_a_near_reset_is_waited_out(project: Path, apis: Apis) -> None:
    apis.state.rate_limit_reset = time.time() + 1.5
    ctx = ctx_for(apis, max_wait=60)
    ctx.sleep = time.sleep
    steps = refresh(project, ctx, only=("repos",))
    assert steps["repos"].stopped == ""
    assert steps["repos"].failures == []
    assert sorted(data(project, "repos")) == [
        "arch/ived",
        "gone/repo",
        "huggingface/peft",
        "microsoft/lora",
        "old/name",
    ]


def test_rate_limit_with_a_far_reset_stops_cleanly_keeping_what_was_gathered(
    project: Path, apis: Apis
) -> None:
    refresh(project, ctx_for(apis), only=("repos",))
    gathered = data(project, "repos")
    apis.state.rate_limit_reset = time.time() + 3600
    ctx = ctx_for(apis, today="2026-12-08", max_wait=60)
    steps = refresh(project, ctx, only=("repos",))
    report = steps["repos"]
    assert report.stopped.startswith("GitHub rate limit until ")
    assert report.stopped.endswith(
        "UTC (set GITHUB_TOKEN for a higher limit); 5 repositories not checked, their facts kept"
    )
    assert data(project, "repos") == gathered
    assert len(apis.state.hits("/repos/")) == 5 + 1  # the first run, then one refused request
    assert "rate limit" in format_summary([report], project / "data")


def test_token_is_sent_as_bearer(project: Path, apis: Apis) -> None:
    env = {**apis.env, "GITHUB_TOKEN": "ghp_fixture"}
    ctx = context_from_env(env, timeout=2.0)
    refresh(project, ctx, only=("repos",))
    assert {s.headers.get("Authorization") for s in apis.state.hits("/repos/")} == {
        "Bearer ghp_fixture"
    }


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda s: s.malformed.add("/repos/huggingface/peft"), "malformed answer from GitHub"),
        (lambda s: s.server_error.add("/repos/huggingface/peft"), "HTTP 500"),
        (lambda s: s.slow.__setitem__("/repos/huggingface/peft", 1.5), "timed out after 0.5 s"),
        (lambda s: s.trickle.add("/repos/huggingface/peft"), "timed out after 0.5 s"),
    ],
    ids=["malformed", "500", "slow", "trickle"],
)
def test_a_failing_repo_is_reported_and_keeps_its_facts(
    project: Path, apis: Apis, break_it: Any, expected: str
) -> None:
    refresh(project, ctx_for(apis), only=("repos",))
    kept = data(project, "repos")["huggingface/peft"]
    apis.state.repos["huggingface/peft"]["stargazers_count"] = 99  # would change the record
    break_it(apis.state)
    steps = refresh(project, ctx_for(apis, today="2026-12-08", timeout=0.5), only=("repos",))
    assert [f for f in steps["repos"].failures if f.startswith("huggingface/peft: ")] == [
        f"huggingface/peft: {steps['repos'].failures[0].split(': ', 1)[1]}"
    ]
    assert expected in steps["repos"].failures[0]
    assert data(project, "repos")["huggingface/peft"] == kept
    assert data(project, "repos")["microsoft/lora"]["checked"] == "2026-12-08"


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda s: s.malformed.add("/api/query"), "malformed answer from arXiv"),
        (lambda s: s.server_error.add("/api/query"), "HTTP 500"),
        (lambda s: s.slow.__setitem__("/api/query", 1.5), "timed out after 0.5 s"),
        (lambda s: setattr(s, "retry_after", "3600"), "arXiv asks to wait 3600 s"),
    ],
    ids=["malformed", "500", "slow", "retry-after"],
)
def test_a_failing_arxiv_answer_keeps_the_papers(
    project: Path, apis: Apis, break_it: Any, expected: str
) -> None:
    refresh(project, ctx_for(apis), only=("papers",))
    kept = data(project, "papers")
    break_it(apis.state)
    steps = refresh(project, ctx_for(apis, today="2026-12-08", timeout=0.5), only=("papers",))
    failures = steps["papers"].failures
    assert [f.split(": ", 1)[0] for f in failures] == [
        f"arXiv {i}" for i in ("2106.09685", "2305.14314", "2401.99999")
    ]
    assert all(f.split(": ", 1)[1].startswith(expected) for f in failures)
    assert data(project, "papers") == kept


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda s: s.malformed.add("/wayback/available"), "malformed answer from the Wayback"),
        (lambda s: s.slow.__setitem__("/wayback/available", 1.5), "timed out after 0.5 s"),
        (lambda s: s.server_error.add("/wayback/available"), "HTTP 500"),
    ],
    ids=["malformed", "slow", "500"],
)
def test_a_failing_wayback_answer_is_reported(
    project: Path, apis: Apis, break_it: Any, expected: str
) -> None:
    dead = "https://blog.example.com/dead"
    break_it(apis.state)
    for day in ("2026-11-24", "2026-12-01"):
        report = link_report(project / "links.json", {dead: "broken"})
        steps = refresh(project, ctx_for(apis, today=day, timeout=0.5), (report,))
    assert [f.split(": ", 1)[0] for f in steps["archive"].failures] == [dead]
    assert expected in steps["archive"].failures[0]
    assert data(project, "archive") == {}


def test_wayback_rate_limit_stops_the_archive_step(project: Path, apis: Apis) -> None:
    dead = "https://blog.example.com/dead"
    apis.state.retry_after = "120"
    for day in ("2026-11-24", "2026-12-01"):
        report = link_report(project / "links.json", {dead: "broken"})
        steps = refresh(project, ctx_for(apis, today=day), (report,), ("links", "archive"))
    assert steps["archive"].stopped == "the Wayback Machine asks to wait 120 s"
    assert data(project, "archive") == {}


def test_no_snapshot_is_recorded_as_none(project: Path, apis: Apis) -> None:
    dead = "https://blog.example.com/dead"
    apis.state.snapshots.clear()
    for day in ("2026-11-24", "2026-12-01"):
        report = link_report(project / "links.json", {dead: "broken"})
        refresh(project, ctx_for(apis, today=day), (report,), ("links", "archive"))
    assert data(project, "archive") == {
        dead: {"checked": "2026-12-01", "snapshot": None, "timestamp": None}
    }
    # Not found yet is asked again next time.
    refresh(project, ctx_for(apis, today="2026-12-08"), (report,), ("links", "archive"))
    assert len(apis.state.hits("/wayback/available")) == 2


def test_an_api_nothing_reaches_is_no_network_and_writes_nothing(project: Path, apis: Apis) -> None:
    ctx = ctx_for(apis)
    ctx.github_api = "http://127.0.0.29:9"  # nothing listens there
    steps = refresh(project, ctx, only=("repos",))
    assert len(steps["repos"].failures) == 5
    assert all("cannot connect" in f for f in steps["repos"].failures)
    assert steps["repos"].unreached and "network unreachable" in steps["repos"].stopped
    assert not (project / "data").exists()


def test_cli_end_to_end_with_env_and_summary(project: Path, apis: Apis) -> None:
    report = link_report(project / "links.json", ALL_OK)
    args = ["refresh", "--catalog", str(project / "catalog"), "--data", str(project / "data")]
    args += ["--links-report", str(report), "--summary", str(project / "summary.md")]
    result = CliRunner().invoke(main, args, env=apis.env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "links: 9 item(s), 0 asked; file written",
        "repos: 5 item(s), 5 asked; file written",
        "papers: 3 item(s), 1 asked, 4 warning(s); file written",
        "archive: 0 item(s), 0 asked; file written",
    ]
    assert "paper-mismatch" not in result.stdout
    assert "warning: qlora: year:" in result.stderr
    summary = (project / "summary.md").read_text(encoding="utf-8")
    assert "### Repositories archived, moved or gone" in summary
    assert "- `repository moved: old/name → new/name`" in summary
    assert "### Paper metadata mismatches (check the catalog by hand)" in summary
    facts = load_facts(project / "data")
    assert facts.repos["arch/ived"].archived is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "links,stars"], "--only 'links,stars': use a comma list of links, repos"),
        (["--only", ""], "--only '': use a comma list"),
    ],
)
def test_usage_errors(project: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["refresh", "--catalog", str(project / "catalog"), *args])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"format": "llm-atlas-data", "kind": "repos", "version": 1, "items": {',
            "not valid JSON",
        ),
        ('{"some": "other file"}', "not an llm-atlas repos data file"),
        ('{"format": "llm-atlas-data", "kind": "repos", "version": 9, "items": {}}', "version 9"),
    ],
    ids=["truncated", "foreign", "newer"],
)
def test_an_unreadable_data_file_stops_before_any_request(
    project: Path, apis: Apis, text: str, message: str
) -> None:
    (project / "data").mkdir()
    (project / "data" / "repos.json").write_text(text, encoding="utf-8")
    args = ["refresh", "--catalog", str(project / "catalog"), "--data", str(project / "data")]
    result = CliRunner().invoke(main, [*args, "--only", "repos"], env=apis.env)
    assert result.exit_code == 1
    assert "repos.json" in result.output and message in result.output
    assert (project / "data" / "repos.json").read_text(encoding="utf-8") == text
    assert apis.state.seen == []


def test_links_report_that_is_not_one(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": [{"url": 3}]}', encoding="utf-8")
    args = ["refresh", "--catalog", str(project / "catalog"), "--data", str(project / "data")]
    result = CliRunner().invoke(main, [*args, "--only", "links", "--links-report", str(bad)])
    assert result.exit_code == 2
    assert "not a report of `llm-atlas check-links --format json`" in result.output


def test_links_report_with_every_status_check_links_gives(project: Path, tmp_path: Path) -> None:
    from llm_atlas.links.policy import STATUSES as LINK_STATUSES
    from llm_atlas.refresh.links import read_reports
    from llm_atlas.render.health import STATUS_LABELS

    report = tmp_path / "report.json"
    rows = [{"url": f"https://example.org/{s}", "status": s} for s in LINK_STATUSES]
    report.write_text(json.dumps({"results": rows}), encoding="utf-8")
    assert read_reports([report]) == rows
    assert set(LINK_STATUSES) <= set(STATUS_LABELS)


def test_links_checked_over_the_network(project: Path) -> None:
    from links_fixture import fixture_web

    with fixture_web(hosts=1) as web:
        entries = (
            f"- id: fine\n  kind: article\n  title: Fine\n  url: {web.url('/ok')}\n"
            "  topics: [peft]\n"
            f"- id: gone\n  kind: article\n  title: Gone\n  url: {web.url('/gone404')}\n"
            "  topics: [peft]\n"
        )
        (project / "catalog" / "peft.yaml").write_text(entries, encoding="utf-8")
        ctx = context_from_env({}, timeout=5.0)
        ctx.today = "2026-12-01"
        refresh(project, ctx, only=("links",))
        links = data(project, "links")
        assert {u: (r["status"], r["http_status"]) for u, r in links.items()} == {
            web.url("/ok"): ("ok", 200),
            web.url("/gone404"): ("broken", 404),
        }


def test_arxiv_retry_after_within_max_wait_is_waited_out(project: Path, apis: Apis) -> None:
    apis.state.retry_after = "5"
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # arXiv is ready again once we waited
        waits.append(seconds)
        apis.state.retry_after = None

    ctx = ctx_for(apis)
    ctx.sleep = sleep
    steps = refresh(project, ctx, only=("papers",))
    assert waits == [5.0]
    assert steps["papers"].failures == [] and steps["papers"].stopped == ""
    assert data(project, "papers")["2106.09685"]["state"] == "ok"
    assert dict(ctx.requests) == {"arxiv 503": 1, "arxiv 200": 1}


def test_cli_checks_links_with_the_checker_options(project: Path) -> None:
    from links_fixture import fixture_web

    with fixture_web(hosts=1) as web:
        entries = (
            f"- id: fine\n  kind: article\n  title: Fine\n  url: {web.url('/ok')}\n"
            "  topics: [peft]\n"
        )
        (project / "catalog" / "peft.yaml").write_text(entries, encoding="utf-8")
        args = ["refresh", "--catalog", str(project / "catalog"), "--data", str(project / "data")]
        args += ["--only", "links", "--max-concurrency", "2", "--host-concurrency", "1"]
        refused = CliRunner().invoke(main, args)
        assert refused.exit_code == 0, refused.output
        assert data(project, "links")[web.url("/ok")]["status"] == "skipped"  # a private address
        allowed = CliRunner().invoke(main, [*args, "--allow-private"])
        assert allowed.exit_code == 0, allowed.output
        assert "links: checking 1 URL(s) politely" in allowed.stderr
        assert data(project, "links")[web.url("/ok")]["status"] == "ok"
