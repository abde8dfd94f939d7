"""Use the second core for CPU-bound work over many items, by forking.

A forked child shares the parent's loaded catalog and compiled templates without copying them,
works on its share of the items, and sends its results back through a pipe as one pickle.
Forking is used only where it is safe and worth it (Linux, one thread, enough items); otherwise,
and whenever the child fails, the work runs in this process, with the same results.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 2000  # below this, a fork costs more than it saves


def can_fork() -> bool:
    """Return True when forking here is safe: Linux, no other thread, not disabled."""
    return (
        sys.platform == "linux"
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("LLM_ATLAS_JOBS", "") != "1"
        and (os.cpu_count() or 1) > 1
    )


def split_map(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    child_share: float = 0.5,
    weights: Sequence[int] | None = None,
    min_weight: int = MIN_ITEMS,
    then: Callable[[], None] | None = None,
) -> list[R]:
    """Return FUNC(ITEMS), with the last CHILD_SHARE of the items done in a forked child.

    FUNC maps a slice of items to one result per item. The share is counted in items, or in
    WEIGHTS (one per item) when given; below MIN_WEIGHT in all, no child is started. THEN, if
    given, runs in this process after its own share (work that overlaps the child's). Results
    keep the items' order.
    """
    weights = weights if weights is not None else [1] * len(items)
    total = sum(weights)
    if total < min_weight or len(items) < 2 or not can_fork():
        results = func(items)
        if then is not None:
            then()
        return results
    cut, done = 0, 0
    while cut < len(items) - 1 and done + weights[cut] <= total * (1 - child_share):
        done += weights[cut]
        cut += 1
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        status = 0
        try:
            data = pickle.dumps(func(items[cut:]), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001 - the parent redoes the work and reports errors
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = func(items[:cut])
        if then is not None:
            then()
    except BaseException:
        os.close(read_end)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return mine + func(items[cut:])  # the child failed: do its share here
    theirs: list[R] = pickle.loads(data)
    return mine + theirs
