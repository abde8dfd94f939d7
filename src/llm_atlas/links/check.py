"""Run a link check: skipped and cached URLs first, the rest over the network, then the cache.

Takes `LinkTarget`s, the config, the run options and a cache; gives a `LinkReport` (results in
catalog order) and updates the cache, even when the run is interrupted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from llm_atlas.links.cache import LinkCache, cached_result, update_cache
from llm_atlas.links.policy import STATUSES, LinkConfig, Status
from llm_atlas.links.results import (
    CONNECTION_ERRORS,
    CheckOptions,
    LinkResult,
    LinkTarget,
    OnResult,
)

NETWORK_UNREACHABLE = "network unreachable: every host failed DNS or refused the connection"


@dataclass
class LinkReport:
    """All results of a run, in catalog order, and how the run went."""

    results: list[LinkResult]
    urls: int
    seconds: float
    interrupted: bool = False
    offline: bool = False  # every host failed DNS or refused connections: nothing was checked

    @property
    def unchecked(self) -> int:
        return self.urls - len(self.results)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def failing(self, fail_on: frozenset[Status], fail_after: int) -> list[LinkResult]:
        """Return the results that fail the run."""
        return [r for r in self.results if r.status in fail_on and max(r.failures, 1) >= fail_after]


def check_links(
    targets: list[LinkTarget],
    config: LinkConfig,
    options: CheckOptions,
    cache: LinkCache,
    max_age: float,
    on_result: OnResult | None = None,
) -> LinkReport:
    """Check TARGETS (cache first); record good results and failure counts in CACHE."""
    started = time.monotonic()
    done: dict[str, LinkResult] = {}
    todo: list[LinkTarget] = []
    now = time.time()
    for target in targets:
        if target.skip is not None:
            done[target.url] = LinkResult(
                target.url,
                "skipped",
                target.skip,
                entries=target.entries,
                explanation=[f"skipped: {target.skip}"],
            )
            continue
        hit = cached_result(cache, target.url, max_age, now)
        if hit is None:
            todo.append(target)
        else:
            hit.entries = target.entries
            age = (now - hit.checked_at) / 3600
            hit.explanation = [f"{hit.status}: from the cache, checked {age:.1f} h ago"]
            done[target.url] = hit
    for result in done.values():
        if on_result is not None:
            on_result(result)
    fresh: list[LinkResult] = []
    interrupted = False
    if todo:
        from llm_atlas.links.scheduler import run_checks  # http.client only when needed

        scheduler = run_checks(todo, config, options, on_result)
        with scheduler.cond:
            fresh = list(scheduler.results.values())
        interrupted = scheduler.stop.is_set()
    offline = network_unreachable(fresh, todo)
    if offline:
        fresh = [_not_checked(r) for r in fresh]
    update_cache(cache, fresh)
    done.update((r.url, r) for r in fresh)
    results = [done[t.url] for t in targets if t.url in done]
    seconds = time.monotonic() - started
    return LinkReport(results, len(targets), seconds, interrupted=interrupted, offline=offline)


def network_unreachable(fresh: list[LinkResult], checked: list[LinkTarget]) -> bool:
    """Whether every host (two or more) failed DNS or refused: no network, not a dead catalog."""
    hosts = {t.host for t in checked}
    return (
        len(hosts) >= 2
        and len(fresh) == len(checked)
        and all(r.error in CONNECTION_ERRORS for r in fresh)
    )


def _not_checked(result: LinkResult) -> LinkResult:
    return replace(
        result,
        status="skipped",
        message=f"{NETWORK_UNREACHABLE} ({result.message})",
        explanation=[*result.explanation[:-1], f"skipped: {NETWORK_UNREACHABLE}"],
    )
