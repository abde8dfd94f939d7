"""Check many URLs at once, politely: a global limit, a per-host limit and a per-host interval.

Takes `LinkTarget`s; gives a `LinkResult` per URL. Worker threads (as many as the global limit)
take the next task from whichever host may be asked now, round-robin, so a slow or rate-limited
host never holds the others back. A retry goes to the back of its host's queue with a not-before
time, and a `Retry-After` pauses the whole host, without a worker sleeping on it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from llm_atlas.links.classify import Verdict, classify
from llm_atlas.links.client import Client
from llm_atlas.links.explain import describe_attempt, why
from llm_atlas.links.http import fetch_url, make_client
from llm_atlas.links.policy import HostPolicy, LinkConfig
from llm_atlas.links.results import CheckOptions, LinkResult, LinkTarget, OnResult

log = logging.getLogger(__name__)
# Failures of the host, not of the URL: no other URL of the host is requested after one.
HOST_ERRORS = frozenset({"dns", "unreachable"})


@dataclass(slots=True)
class Task:
    target: LinkTarget
    policy: HostPolicy
    attempts: int = 0
    not_before: float = 0.0
    started: float = 0.0
    trail: list[str] = field(default_factory=list)  # one line per attempt and wait


@dataclass(slots=True)
class HostQueue:
    name: str
    limit: int
    interval: float
    pending: deque[Task] = field(default_factory=deque)
    in_flight: int = 0
    next_start: float = 0.0


def backoff_delay(attempt: int, base: float, cap: float = 30.0) -> float:
    """Return the exponential backoff with full jitter before retry number ATTEMPT (1-based)."""
    return float(random.uniform(0.5, 1.0) * min(cap, base * 2 ** (attempt - 1)))


class Scheduler:
    """Hand out tasks host by host under the limits; take results and retries back."""

    def __init__(self, targets: list[LinkTarget], config: LinkConfig, options: CheckOptions):
        self.cond = threading.Condition()
        self.stop = threading.Event()
        self.hosts: dict[str, HostQueue] = {}
        for target in targets:
            host = self.hosts.get(target.host)
            policy = config.policy(target.host)
            if host is None:
                limit = min(
                    policy.concurrency or options.host_concurrency, options.host_concurrency
                )
                host = self.hosts[target.host] = HostQueue(
                    target.host, max(1, limit), policy.interval
                )
            host.pending.append(Task(target, policy))
        self.active: list[HostQueue] = list(self.hosts.values())
        self.turn = 0
        self.remaining = len(targets)
        self.results: dict[str, LinkResult] = {}

    def take(self) -> Task | None:
        """Block until some host may be asked; return its next task, or None when all is done."""
        with self.cond:
            while True:
                if self.stop.is_set() or self.remaining == 0:
                    return None
                now = time.monotonic()
                wake = float("inf")
                count = len(self.active)
                for i in range(count):
                    host = self.active[(self.turn + i) % count]
                    if host.in_flight >= host.limit or not host.pending:
                        continue
                    if host.next_start > now:
                        wake = min(wake, host.next_start)
                        continue
                    task = _pop_ready(host.pending, now)
                    if task is None:
                        wake = min(wake, min(t.not_before for t in host.pending))
                        continue
                    host.in_flight += 1
                    if host.interval:
                        host.next_start = now + host.interval
                    if not task.started:
                        task.started = now
                    self.turn = (self.turn + i + 1) % count
                    if not host.pending:
                        self.active.remove(host)
                        self.turn = self.turn % max(1, len(self.active))
                    return task
                self.cond.wait(None if wake == float("inf") else max(0.001, wake - now))

    def finish(self, task: Task, result: LinkResult) -> None:
        with self.cond:
            self.hosts[task.target.host].in_flight -= 1
            self.results[result.url] = result
            self.remaining -= 1
            if self.remaining == 0:
                self.cond.notify_all()
            else:
                self.cond.notify()

    def retry(self, task: Task, delay: float, host_pause: float | None) -> None:
        """Put TASK at the back of its host's queue; pause the host for HOST_PAUSE seconds."""
        with self.cond:
            now = time.monotonic()
            host = self.hosts[task.target.host]
            host.in_flight -= 1
            task.not_before = now + delay
            if host_pause is not None:
                host.next_start = max(host.next_start, now + host_pause)
            if not host.pending:
                self.active.append(host)
            host.pending.append(task)
            self.cond.notify()

    def drop_host(self, name: str, failed: LinkResult) -> list[LinkResult]:
        """Finish every task still waiting for host NAME as FAILED (its name does not resolve)."""
        with self.cond:
            host = self.hosts[name]
            results = [same_failure(task, failed) for task in host.pending]
            host.pending.clear()
            if host in self.active:
                self.active.remove(host)
                self.turn = self.turn % max(1, len(self.active))
            self.results.update((r.url, r) for r in results)
            self.remaining -= len(results)
            self.cond.notify_all()
        return results

    def cancel(self) -> None:
        with self.cond:
            self.stop.set()
            self.cond.notify_all()


def _pop_ready(pending: deque[Task], now: float) -> Task | None:
    if pending[0].not_before <= now:
        return pending.popleft()
    for i, task in enumerate(pending):
        if task.not_before <= now:
            del pending[i]
            return task
    return None


def run_checks(
    targets: list[LinkTarget],
    config: LinkConfig,
    options: CheckOptions,
    on_result: OnResult | None = None,
) -> Scheduler:
    """Check TARGETS; return the scheduler holding the results (partial if interrupted).

    On KeyboardInterrupt the workers are told to stop and the results so far are kept; the caller
    sees `scheduler.stop` set.
    """
    scheduler = Scheduler(targets, config, options)
    if not targets:
        return scheduler
    client = make_client(config)
    slots = sum(min(h.limit, len(h.pending)) for h in scheduler.hosts.values())
    workers = max(1, min(options.max_concurrency, slots))

    def work() -> None:
        while (task := scheduler.take()) is not None:
            try:
                result = _attempt(client, task, config, options, scheduler)
            except Exception as exc:  # a fault in one check is that URL's result, not the run's end
                log.debug("checking %s failed", task.target.url, exc_info=True)
                result = fault_result(task, exc)
            if result is None:
                continue
            scheduler.finish(task, result)
            done = [result]
            if result.error in HOST_ERRORS:  # the host's other URLs would fail the same way
                done += scheduler.drop_host(task.target.host, result)
            if on_result is not None:
                for each in done:
                    on_result(each)

    threads = [
        threading.Thread(target=work, daemon=True, name=f"links-{i}") for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.25)
    except KeyboardInterrupt:
        scheduler.cancel()
    finally:
        client.close()
    return scheduler


def fault_result(task: Task, exc: BaseException) -> LinkResult:
    """Return the `broken` result of a check that raised EXC."""
    text = str(exc) or type(exc).__name__
    return LinkResult(
        url=task.target.url,
        status="broken",
        message=f"the check failed: {type(exc).__name__}: {text[:200]}",
        attempts=task.attempts,
        elapsed_ms=int((time.monotonic() - task.started) * 1000),
        checked_at=time.time(),
        entries=task.target.entries,
        explanation=[*task.trail, f"broken: the check itself failed ({type(exc).__name__})"],
    )


def same_failure(task: Task, failed: LinkResult) -> LinkResult:
    """Return TASK's result when its host already failed as FAILED did, without a request."""
    return LinkResult(
        url=task.target.url,
        status=failed.status,
        message=failed.message,
        attempts=task.attempts,
        checked_at=time.time(),
        entries=task.target.entries,
        error=failed.error,
        explanation=[f"not requested: {failed.url} on the same host: {failed.message}"],
    )


def _attempt(
    client: Client, task: Task, config: LinkConfig, options: CheckOptions, scheduler: Scheduler
) -> LinkResult | None:
    """Make one attempt; return the result, or None when the task went back for a retry."""
    target = task.target
    timeout = task.policy.timeout or options.timeout
    task.attempts += 1
    began = time.monotonic()
    fetched = fetch_url(client, target.url, task.policy, config, timeout)
    verdict = classify(fetched, task.policy, config)
    ms = int((time.monotonic() - began) * 1000)
    task.trail.append(describe_attempt(task.attempts, fetched, ms))
    if verdict.transient and task.attempts <= config.retries and not scheduler.stop.is_set():
        wait = verdict.retry_after
        if wait is None or wait <= config.max_retry_after:
            if wait is None:
                delay = backoff_delay(task.attempts, config.backoff)
                task.trail.append(f"transient: retry in {delay:.1f} s")
                scheduler.retry(task, delay, None)
            else:
                task.trail.append(f"transient: the host asks to wait {wait:.1f} s (Retry-After)")
                scheduler.retry(task, 0.0, wait)
            return None
        verdict = Verdict(
            verdict.status,
            f"{verdict.message}; the server asks to wait {wait:.0f} s (more than max_retry_after)",
            verdict.http_status,
        )
    message = verdict.message
    if verdict.transient and task.attempts > 1:
        message = f"{message} (after {task.attempts} attempts)"
    return LinkResult(
        url=target.url,
        status=verdict.status,
        message=message,
        http_status=verdict.http_status,
        final_url=verdict.final_url,
        attempts=task.attempts,
        elapsed_ms=int((time.monotonic() - task.started) * 1000),
        checked_at=time.time(),
        entries=target.entries,
        error=fetched.error,
        explanation=[*task.trail, why(verdict, task.attempts, config.retries)],
    )
