"""Tests of split_map: the same results with or without a forked child, whatever happens."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import pytest

from llm_atlas import parallel
from llm_atlas.parallel import split_map

ITEMS = list(range(5000))


@pytest.fixture(autouse=True)
def only_this_thread(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other tests' fixture servers run threads for the whole session, which would keep
    split_map from forking; the functions forked here take no locks, so pretend they are not
    there (except in the test about threads)."""
    if request.node.name != "test_no_fork_while_other_threads_run":
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def square_with_pid(chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(i * i, os.getpid()) for i in chunk]


def test_child_does_its_share_in_order() -> None:
    results = split_map(square_with_pid, ITEMS, child_share=0.3)
    assert [r for r, _ in results] == [i * i for i in ITEMS]
    pids = [pid for _, pid in results]
    assert set(pids[:3500]) == {os.getpid()}
    assert os.getpid() not in set(pids[3500:]) and len(set(pids[3500:])) == 1


def test_weights_decide_the_cut() -> None:
    weights = [1] * 4000 + [100] * 1000  # the last fifth weighs 96% of the whole
    results = split_map(square_with_pid, ITEMS, weights=weights, child_share=0.5)
    here = [i for i, (_, pid) in enumerate(results) if pid == os.getpid()]
    assert here[-1] < 4600


def test_small_work_stays_in_process() -> None:
    results = split_map(square_with_pid, ITEMS[:10])
    assert {pid for _, pid in results} == {os.getpid()}


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        results = split_map(square_with_pid, ITEMS)
    finally:
        stop.set()
        thread.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_jobs_1_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ATLAS_JOBS", "1")
    assert {pid for _, pid in split_map(square_with_pid, ITEMS)} == {os.getpid()}


def test_failed_child_share_is_redone_here() -> None:
    parent = os.getpid()

    def fails_in_child(chunk: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("child trouble")
        return [i + 1 for i in chunk]

    assert split_map(fails_in_child, ITEMS) == [i + 1 for i in ITEMS]


def test_errors_reach_the_caller_and_leave_no_child() -> None:
    def always_fails(chunk: Sequence[int]) -> list[int]:
        raise ValueError("bad template")

    with pytest.raises(ValueError, match="bad template"):
        split_map(always_fails, ITEMS)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_then_runs_once_in_this_process() -> None:
    calls: list[int] = []
    split_map(square_with_pid, ITEMS, then=lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()]
