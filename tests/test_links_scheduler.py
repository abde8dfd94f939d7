"""links.scheduler: every fixture behaviour end to end, attempts, bounded time, per-host limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from links_fixture import FixtureWeb, fixture_web

from llm_atlas.links.policy import HostPolicy
from llm_atlas.links.policy_file import load_config
from llm_atlas.links.results import CheckOptions, LinkTarget
from llm_atlas.links.scheduler import run_checks

TIMEOUT = 1.0
BASE = replace(load_config(None), backoff=0.05, allow_private=True)

# path, host index, expected status, expected attempts
ROUTES = [
    ("/ok", 0, "ok", 1),
    ("/head-refused", 0, "ok", 1),
    ("/retry-after", 0, "ok", 2),
    ("/flaky503", 0, "ok", 2),
    ("/moved", 0, "redirected", 1),
    ("/found", 0, "ok", 1),
    ("/gone404", 0, "broken", 1),
    ("/gone410", 0, "broken", 1),
    ("/loop-a", 0, "broken", 1),
    ("/error500", 0, "broken", 3),
    ("/reset", 0, "broken", 3),
    ("/cf", 0, "blocked", 1),
    ("/p/42", 1, "blocked", 1),
    ("/s", 1, "blocked", 1),
    ("/in", 0, "blocked", 1),
    ("/soft404", 1, "broken", 1),
    ("/captcha", 1, "blocked", 1),
    ("/slower", 0, "timeout", 3),
    ("/endless", 1, "ok", 1),
    ("/odd-retry-after", 0, "broken", 3),
    ("/bad-location", 1, "broken", 1),
]


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with fixture_web(hosts=3, slow_seconds=3.0) as w:
        yield w


def config_for(web: FixtureWeb) -> object:
    hosts = {**BASE.hosts, web.hosts[1].server_address[0]: HostPolicy(method="get")}
    return replace(BASE, hosts=hosts)


def test_every_behaviour(web: FixtureWeb) -> None:
    targets = [
        LinkTarget(web.url(p, h), str(web.hosts[h].server_address[0])) for p, h, _, _ in ROUTES
    ]
    config = config_for(web)
    start = time.monotonic()
    scheduler = run_checks(targets, config, CheckOptions(8, 2, TIMEOUT))  # type: ignore[arg-type]
    elapsed = time.monotonic() - start
    got = {
        t.url: (scheduler.results[t.url].status, scheduler.results[t.url].attempts) for t in targets
    }
    want = {web.url(p, h): (status, attempts) for p, h, status, attempts in ROUTES}
    assert got == want
    # Worst case: 3 attempts of TIMEOUT each plus backoff, Retry-After (1 s) and slack.
    assert elapsed < 3 * TIMEOUT + 1 + 5
    assert max(h.max_in_flight for h in web.hosts) <= 2
    assert scheduler.results[web.url("/moved")].final_url == web.url("/ok-final")


def test_per_host_limit_is_never_exceeded() -> None:
    with fixture_web(hosts=3, latency=0.05) as web:
        targets = [
            LinkTarget(web.url(f"/ok/{i}", i % 3), str(web.hosts[i % 3].server_address[0]))
            for i in range(90)
        ]
        scheduler = run_checks(targets, BASE, CheckOptions(64, 3, TIMEOUT))
        assert {r.status for r in scheduler.results.values()} == {"ok"}
        assert [h.max_in_flight for h in web.hosts] == [3, 3, 3]


def test_interval_spaces_requests_to_a_host() -> None:
    with fixture_web(hosts=1) as web:
        host = str(web.hosts[0].server_address[0])
        config = replace(BASE, hosts={host: HostPolicy(concurrency=4, interval=0.2)})
        targets = [LinkTarget(web.url(f"/ok/{i}"), host) for i in range(4)]
        start = time.monotonic()
        run_checks(targets, config, CheckOptions(8, 4, TIMEOUT))
        assert time.monotonic() - start >= 0.6  # starts at 0, 0.2, 0.4, 0.6
        assert web.hosts[0].max_in_flight == 1


def test_retry_after_does_not_hold_other_hosts_back() -> None:
    with fixture_web(hosts=2, latency=0.02) as web:
        slow_host = str(web.hosts[0].server_address[0])
        other = str(web.hosts[1].server_address[0])
        targets = [LinkTarget(web.url("/retry-after/x", 0), slow_host)]
        targets += [LinkTarget(web.url(f"/ok/{i}", 1), other) for i in range(20)]
        finished: dict[str, float] = {}
        start = time.monotonic()
        run_checks(
            targets,
            BASE,
            CheckOptions(1, 1, TIMEOUT),
            lambda r: finished.__setitem__(r.url, time.monotonic() - start),
        )
        # With a single worker, the other host's 20 URLs are all done while the first host
        # waits out its Retry-After: 1, and the retried URL finishes last.
        last_other = max(v for k, v in finished.items() if "/ok/" in k)
        assert finished[web.url("/retry-after/x", 0)] > last_other
        assert last_other < 1.0


@pytest.mark.parametrize("workers", [1, 8])
def test_every_fault_becomes_that_urls_result(
    web: FixtureWeb, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that raises is that URL's `broken` result; the run ends with one result per URL."""
    from llm_atlas.links import scheduler

    real = scheduler.classify

    def faulty(fetched: Any, policy: HostPolicy, config: Any) -> Any:
        if fetched.url.endswith("/ok/fault"):
            raise RuntimeError("injected fault")
        return real(fetched, policy, config)

    monkeypatch.setattr(scheduler, "classify", faulty)
    paths = ["/odd-retry-after", "/bad-location", "/ok/fault", "/ok/after"]
    host = str(web.hosts[0].server_address[0])
    targets = [LinkTarget(web.url(p), host) for p in paths]
    done = run_checks(targets, BASE, CheckOptions(workers, workers, TIMEOUT))
    got = {url[len(web.url("")) :]: (r.status, r.message) for url, r in done.results.items()}
    assert got == {
        "/odd-retry-after": ("broken", "HTTP 503: server error (after 3 attempts)"),
        "/bad-location": ("broken", "HTTP 301 to an invalid URL 'http://['"),
        "/ok/fault": ("broken", "the check failed: RuntimeError: injected fault"),
        "/ok/after": ("ok", "HTTP 200"),
    }


def test_each_result_explains_its_attempts_waits_and_verdict(web: FixtureWeb) -> None:
    import re

    host = str(web.hosts[2].server_address[0])
    paths = ["/retry-after/explain", "/error500", "/head-refused", "/moved", "/gone404"]
    targets = [LinkTarget(web.url(p, 2), host) for p in paths]
    done = run_checks(targets, BASE, CheckOptions(4, 2, TIMEOUT))

    def explained(path: str) -> list[str]:
        lines = done.results[web.url(path, 2)].explanation
        return [re.sub(r"\d+ ms|\d+\.\d s", "#", line) for line in lines]

    assert explained("/retry-after/explain") == [
        "attempt 1: HEAD 429 (#)",
        "transient: the host asks to wait # (Retry-After)",
        "attempt 2: HEAD 200 (#)",
        "ok: HTTP 200",
    ]
    assert explained("/error500") == [
        "attempt 1: HEAD 500 (#)",
        "transient: retry in #",
        "attempt 2: HEAD 500 (#)",
        "transient: retry in #",
        "attempt 3: HEAD 500 (#)",
        "broken: HTTP 500: server error on every attempt (3)",
    ]
    assert explained("/head-refused") == ["attempt 1: HEAD 405, GET 200 (#)", "ok: HTTP 200"]
    assert explained("/moved")[0] == "attempt 1: HEAD 301 → 308 → 200 (#)"
    assert explained("/gone404")[-1] == "broken: HTTP 404 (a final answer, not retried)"


def test_a_host_that_does_not_exist_is_asked_once() -> None:
    """Its other URLs share the verdict at once, instead of waiting out the host's interval."""
    host = "nonexistent.invalid"
    config = replace(BASE, hosts={host: HostPolicy(concurrency=1, interval=5.0)})
    targets = [LinkTarget(f"http://{host}/{i}", host) for i in range(4)]
    start = time.monotonic()
    done = run_checks(targets, config, CheckOptions(4, 4, TIMEOUT))
    assert time.monotonic() - start < 5.0  # not one interval waited
    results = [done.results[t.url] for t in targets]
    assert {(r.status, r.message) for r in results} == {
        ("broken", "host does not exist (no DNS record for its name)")
    }
    asked = [r for r in results if r.attempts == 1]
    assert len(asked) == 1
    assert all(
        r.explanation == [f"not requested: {asked[0].url} on the same host: {r.message}"]
        for r in results
        if r is not asked[0]
    )
