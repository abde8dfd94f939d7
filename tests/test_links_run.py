"""`llm-atlas check-links` / `fix-links` as processes and via click: formats, exit codes, faults."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from links_fixture import FixtureWeb, fixture_web, free_port_closed, write_catalog

from llm_atlas.cli import main

FAST = "backoff: 0.05\nretries: 1\nallow_private: true\n"


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with fixture_web(hosts=2, slow_seconds=30.0) as w:
        yield w


def run(tmp_path: Path, *args: str, config: str = FAST) -> tuple[int, str]:
    (tmp_path / "cfg.yaml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "check-links",
            "--catalog",
            str(tmp_path / "cat"),
            "--config",
            str(tmp_path / "cfg.yaml"),
            "--cache",
            str(tmp_path / "c.json"),
            "--timeout",
            "1",
            *args,
        ],
    )
    return result.exit_code, result.output


def test_json_shape_and_exit_code(web: FixtureWeb, tmp_path: Path) -> None:
    urls = [
        web.url("/ok"),
        web.url("/gone404"),
        web.url("/moved"),
        web.url("/cf"),
        web.url("/ok-planned"),
    ]
    write_catalog(tmp_path / "cat", urls, planned={4})
    code, out = run(tmp_path, "--format", "json")
    assert code == 1
    data = json.loads(out)
    summary = data["summary"]
    assert {
        k: summary[k] for k in ("ok", "broken", "redirected", "blocked", "skipped", "urls")
    } == {"ok": 1, "broken": 1, "redirected": 1, "blocked": 1, "skipped": 1, "urls": 5}
    assert isinstance(summary["seconds"], float)
    first = data["results"][1]
    assert set(first) == {
        "url",
        "status",
        "http_status",
        "final_url",
        "message",
        "attempts",
        "elapsed_ms",
        "from_cache",
        "error",
        "explanation",
        "entries",
    }
    assert first["url"] == web.url("/gone404") and first["status"] == "broken"
    assert first["entries"] == [
        {"id": "link-1", "path": str(tmp_path / "cat" / "links.yaml"), "line": 12}
    ]
    # Second run: good results come from the cache, failures are checked again.
    code, out = run(tmp_path, "--format", "json")
    by_url = {r["url"]: r for r in json.loads(out)["results"]}
    assert by_url[web.url("/ok")]["from_cache"] is True
    assert by_url[web.url("/gone404")]["from_cache"] is False


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 1),
        (("--fail-on", "none"), 0),
        (("--fail-on", "blocked"), 1),
        (("--fail-after", "2"), 0),
        (("--fail-on", "nonsense"), 2),
        (("--max-age", "soon"), 2),
        (("--shard", "3/2"), 2),
    ],
)
def test_exit_codes(web: FixtureWeb, tmp_path: Path, args: tuple[str, ...], code: int) -> None:
    write_catalog(tmp_path / "cat", [web.url("/ok"), web.url("/gone410"), web.url("/in")])
    assert run(tmp_path, "--no-cache", *args)[0] == code


def test_fail_after_counts_consecutive_failing_runs(web: FixtureWeb, tmp_path: Path) -> None:
    write_catalog(tmp_path / "cat", [web.url("/gone404")])
    assert run(tmp_path, "--fail-after", "2")[0] == 0
    assert run(tmp_path, "--fail-after", "2")[0] == 1
    cache = json.loads((tmp_path / "c.json").read_text())
    assert cache["failures"] == {web.url("/gone404"): 2}


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_formats_name_the_place(web: FixtureWeb, tmp_path: Path, fmt: str) -> None:
    write_catalog(tmp_path / "cat", [web.url("/ok"), web.url("/gone404")])
    code, out = run(tmp_path, "--format", fmt)
    assert code == 1
    where = f"{tmp_path / 'cat' / 'links.yaml'}"
    if fmt == "github":
        assert (
            f"::error file={where},line=12,col=8,title=link-broken::link-1: url: broken link" in out
        )
    elif fmt == "markdown":
        assert out.startswith("### ❌ Link check")
        row = f"| `{where}:12` | `link-1` | `{web.url('/gone404')}` | `HTTP 404`<br>"
        row += "`attempt 1: HEAD 404, GET 404 ("
        assert row in out
    else:
        assert "link-1" in out and "HTTP 404" in out and "2 URL(s)" in out


def test_one_run_writes_more_report_formats(web: FixtureWeb, tmp_path: Path) -> None:
    """What links-pr.yml does: annotations on stdout, the Markdown report into a file."""
    write_catalog(tmp_path / "cat", [web.url("/ok"), web.url("/gone404")])
    md, js = tmp_path / "out" / "report.md", tmp_path / "report.json"
    code, out = run(
        tmp_path, "--format", "github", "--report", f"markdown:{md}", "--report", f"json:{js}"
    )
    assert code == 1
    assert out.startswith("::error ")
    text = md.read_text(encoding="utf-8")
    assert text.startswith("### ❌ Link check") and "HTTP 404" in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["summary"]["broken"] == 1 and data["summary"]["ok"] == 1
    plain = tmp_path / "report.txt"
    assert run(tmp_path, "--report", f"text:{plain}")[0] == 1
    assert "\x1b[" not in plain.read_text(encoding="utf-8")
    assert "HTTP 404" in plain.read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", ["markdown", "yaml:x.yaml", "markdown:"])
def test_bad_report_option_is_a_usage_error(tmp_path: Path, spec: str) -> None:
    write_catalog(tmp_path / "cat", ["https://example.com/"])
    code, out = run(tmp_path, "--report", spec)
    assert code == 2
    assert "--report" in out and "FORMAT:PATH" in out


def test_unwritable_report_is_a_clear_error(web: FixtureWeb, tmp_path: Path) -> None:
    write_catalog(tmp_path / "cat", [web.url("/ok")])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out = run(tmp_path, "--report", f"json:{blocker}/r.json")
    assert code == 1
    assert "r.json: " in out and "is a file, not a folder" in out and "Traceback" not in out


def test_shards_split_the_urls(web: FixtureWeb, tmp_path: Path) -> None:
    write_catalog(tmp_path / "cat", [web.url(f"/ok/{i}") for i in range(12)])
    seen: list[str] = []
    for i in (1, 2, 3):
        code, out = run(tmp_path, "--no-cache", "--format", "json", "--shard", f"{i}/3")
        assert code == 0
        seen += [r["url"] for r in json.loads(out)["results"]]
    assert sorted(seen) == sorted(web.url(f"/ok/{i}") for i in range(12))


def test_silent_host_ends_within_the_timeouts(web: FixtureWeb, tmp_path: Path) -> None:
    write_catalog(tmp_path / "cat", [web.silent.base + f"/x{i}" for i in range(3)])
    start = time.monotonic()
    code, out = run(tmp_path, "--format", "json", "--host-concurrency", "1")
    elapsed = time.monotonic() - start
    assert code == 0  # timeouts are reported, not failures, by default
    assert json.loads(out)["summary"]["timeout"] == 3
    # 3 URLs one at a time, 2 attempts of 1 s each, plus backoff and start-up slack.
    assert elapsed < 3 * 2 * 1.0 + 4


def test_sigint_keeps_a_valid_cache_and_prints_a_partial_report(
    web: FixtureWeb, tmp_path: Path
) -> None:
    urls = [web.url(f"/ok/{i}") for i in range(5)] + [web.url(f"/slower?{i}") for i in range(5)]
    write_catalog(tmp_path / "cat", urls)
    (tmp_path / "cfg.yaml").write_text(FAST, encoding="utf-8")
    cache = tmp_path / "c.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llm_atlas",
            "check-links",
            "--catalog",
            str(tmp_path / "cat"),
            "--config",
            str(tmp_path / "cfg.yaml"),
            "--cache",
            str(cache),
            "--timeout",
            "20",
            "--format",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    deadline = time.monotonic() + 10
    while sum(h.hits.get(("HEAD", "/slower"), 0) for h in web.hosts) < 4:
        assert time.monotonic() < deadline, "the checker never reached the slow URLs"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130, err
    data = json.loads(out)
    assert data["summary"]["interrupted"] is True
    assert data["summary"]["ok"] == 5 and data["summary"]["unchecked"] == 5
    saved = json.loads(cache.read_text())
    assert sorted(saved["results"]) == sorted(web.url(f"/ok/{i}") for i in range(5))
    assert not list(tmp_path.glob(".links-*.tmp"))


@pytest.mark.parametrize("workers", ["1", "4"])
def test_faulty_answers_are_broken_results_not_a_hang(
    web: FixtureWeb, tmp_path: Path, workers: str
) -> None:
    write_catalog(tmp_path / "cat", [web.url("/bad-location"), web.url("/odd-retry-after")])
    code, out = run(tmp_path, "--no-cache", "--format", "json", "--max-concurrency", workers)
    assert code == 1
    data = json.loads(out)
    assert (data["summary"]["broken"], data["summary"]["urls"]) == (2, 2)


def test_timeout_bounds_the_whole_run_against_trickling_servers(
    web: FixtureWeb, tmp_path: Path
) -> None:
    """One byte every 0.5 s, in the headers (HEAD and GET) and in the body, with --timeout 2."""
    host = web.hosts[1].server_address[0]
    urls = [web.url("/trickle-head"), web.url("/trickle-body", 1), web.url("/trickle-head", 1)]
    write_catalog(tmp_path / "cat", urls)
    get_host = f"{FAST}hosts:\n  {host}: {{method: get}}\n"
    start = time.monotonic()
    code, out = run(tmp_path, "--no-cache", "--format", "json", "--timeout", "2", config=get_host)
    elapsed = time.monotonic() - start
    statuses = [r["status"] for r in json.loads(out)["results"]]
    assert (code, statuses) == (0, ["timeout", "ok", "timeout"])
    # Two attempts (retries: 1) of 2 s each, run side by side, plus backoff and start-up.
    assert elapsed < 2 * 2 + 2


@pytest.mark.parametrize(
    ("config", "args", "status"),
    [
        ("backoff: 0.05\n", (), "skipped"),
        ("allow_private: false\n", (), "skipped"),
        ("backoff: 0.05\n", ("--allow-private",), "ok"),
        ("allow_private: true\n", (), "ok"),
    ],
)
def test_private_addresses_need_an_opt_in(
    web: FixtureWeb, tmp_path: Path, config: str, args: tuple[str, ...], status: str
) -> None:
    write_catalog(tmp_path / "cat", [web.url("/ok/opt-in"), web.url("/gone404")])
    code, out = run(tmp_path, "--no-cache", "--format", "json", *args, config=config)
    results = json.loads(out)["results"]
    assert results[0]["status"] == status
    assert code == (0 if status == "skipped" else 1)
    if status == "skipped":
        assert "--allow-private" in results[0]["message"]


def test_fix_links_takes_allow_private(web: FixtureWeb, tmp_path: Path) -> None:
    write_catalog(tmp_path / "cat", [web.url("/moved")])
    before = (tmp_path / "cat" / "links.yaml").read_text(encoding="utf-8")
    common = ["--catalog", str(tmp_path / "cat"), "--no-cache", "--timeout", "2"]
    out = CliRunner().invoke(main, ["fix-links", *common]).output
    assert "no permanently redirected URL" in out
    assert (tmp_path / "cat" / "links.yaml").read_text(encoding="utf-8") == before
    out = CliRunner().invoke(main, ["fix-links", "--allow-private", *common]).output
    assert "fixed 1 URL(s)" in out
    assert web.url("/ok-final") in (tmp_path / "cat" / "links.yaml").read_text(encoding="utf-8")


def test_fix_links_writes_only_fixes_that_keep_the_catalog_valid(
    web: FixtureWeb, tmp_path: Path
) -> None:
    """A redirect to another entry's URL (a duplicate) or to a refused value is a suggestion."""
    urls = [web.url("/moved"), web.url("/ok-final"), web.url("/moved-odd"), web.url("/moved-fine")]
    root = write_catalog(tmp_path / "cat", urls)
    path = root / "links.yaml"
    before = path.read_text(encoding="utf-8")
    args = ["fix-links", "--allow-private", "--catalog", str(root), "--no-cache", "--timeout", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(web.url("/moved-fine"), web.url("/ok-fine"))
    assert "fixed 1 URL(s)" in result.output
    declined = [line for line in result.output.splitlines() if "not written" in line]
    assert len(declined) == 2
    assert "link-0: url:" in declined[0] and "link-1: url is already used by entry" in declined[0]
    assert "link-2: url:" in declined[1] and "the validator refuses it" in declined[1]
    valid = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    assert valid.exit_code == 0, valid.output


def test_no_network_is_not_a_dead_catalog(tmp_path: Path) -> None:
    """Every host failing DNS or refusing: exit 2, 'network unreachable', no failure counted."""
    urls = [free_port_closed("127.0.0.8") + "/a", free_port_closed("127.0.0.9") + "/b"]
    write_catalog(tmp_path / "cat", [*urls, "http://nonexistent.invalid/c"])
    code, out = run(tmp_path, "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert data["summary"]["network_unreachable"] is True
    assert {r["status"] for r in data["results"]} == {"skipped"}
    assert all(r["message"].startswith("network unreachable") for r in data["results"])
    assert json.loads((tmp_path / "c.json").read_text())["failures"] == {}
    code, out = run(tmp_path)
    assert code == 2 and "network unreachable" in out


def test_dead_hosts_beside_a_live_one_are_broken_and_told_apart(
    web: FixtureWeb, tmp_path: Path
) -> None:
    dead = [free_port_closed("127.0.0.8") + "/a", "http://nonexistent.invalid/c"]
    write_catalog(tmp_path / "cat", [web.url("/ok"), *dead])
    code, out = run(tmp_path, "--no-cache", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"]["network_unreachable"] is False
    assert [(r["status"], r["message"]) for r in data["results"][1:]] == [
        ("broken", "could not connect: connection refused"),
        ("broken", "host does not exist (no DNS record for its name)"),
    ]


def test_dump_lists_what_would_be_checked_without_a_request(
    web: FixtureWeb, tmp_path: Path
) -> None:
    urls = [web.url("/ok/dump"), web.url("/ok/dump-planned"), web.url("/ok/dump-excluded", 1)]
    write_catalog(tmp_path / "cat", urls, planned={1})
    host = web.hosts[1].server_address[0]
    before = web.hits("/ok/dump") + web.hits("/ok/dump-excluded", 1)
    result = CliRunner().invoke(
        main,
        ["check-links", "--dump", "--catalog", str(tmp_path / "cat"), "--no-cache"]
        + ["--allow-private", "--exclude-host", host],
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [web.url("/ok/dump")]
    assert result.stderr.splitlines() == [
        f"skipped {urls[1]}: planned entry: not published yet",
        f"skipped {urls[2]}: excluded host (exclude_hosts in links.yaml, or --exclude-host)",
        "1 URL(s) to check, 2 skipped",
    ]
    assert web.hits("/ok/dump") + web.hits("/ok/dump-excluded", 1) == before


@pytest.mark.parametrize(
    ("config", "args", "skipped"),
    [
        (FAST, ("--exclude", r"/ok/ex-1$"), [True, False, False]),
        (FAST, ("--exclude-host", "127.0.0.3"), [False, True, False]),
        (f"{FAST}exclude_hosts: [127.0.0.3]\n", (), [False, True, False]),
        (f"{FAST}exclude: ['ex-2']\n", ("--exclude", "ex-1"), [True, True, False]),
        (FAST, ("--allow-private", "--exclude", "("), None),
    ],
)
def test_exclusions_from_flags_and_links_yaml(
    web: FixtureWeb,
    tmp_path: Path,
    config: str,
    args: tuple[str, ...],
    skipped: list[bool] | None,
) -> None:
    urls = [web.url("/ok/ex-1"), web.url("/ok/ex-2", 1), web.url("/ok/ex-3")]
    write_catalog(tmp_path / "cat", urls)
    code, out = run(tmp_path, "--no-cache", "--format", "json", *args, config=config)
    if skipped is None:
        assert code == 2 and "--exclude" in out and "invalid regular expression" in out
        return
    assert code == 0
    assert [r["status"] == "skipped" for r in json.loads(out)["results"]] == skipped


@pytest.mark.parametrize(("retries", "attempts"), [("0", 1), ("2", 3)])
def test_retries_flag(web: FixtureWeb, tmp_path: Path, retries: str, attempts: int) -> None:
    write_catalog(tmp_path / "cat", [web.url("/error500")])
    code, out = run(tmp_path, "--no-cache", "--format", "json", "--retries", retries)
    assert code == 1
    assert json.loads(out)["results"][0]["attempts"] == attempts
