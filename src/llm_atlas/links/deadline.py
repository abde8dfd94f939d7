"""Hard deadlines for requests: one thread shuts down the socket of a request past its time.

Takes a connection and its deadline (monotonic seconds) for each request hop; gives nothing back but
a shut-down socket when the deadline comes first. A socket timeout bounds each read, not their sum,
so without this a server that trickles one byte every half second, in the headers or the body,
keeps a request alive for as long as it likes.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from http.client import HTTPConnection

_RECHECK = 0.05  # a connection still connecting has no socket yet; its connect timeout runs out


class Watchdog:
    """Cut connections whose request outlived its deadline."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.heap: list[tuple[float, int, HTTPConnection]] = []
        self.armed: dict[int, int] = {}  # id(conn) → token of its current deadline
        self.tokens = itertools.count()
        self.thread: threading.Thread | None = None
        self.closed = False

    def arm(self, conn: HTTPConnection, deadline: float) -> None:
        """Shut CONN's socket down at DEADLINE unless `disarm(conn)` comes first."""
        with self.cond:
            token = next(self.tokens)
            self.armed[id(conn)] = token
            heapq.heappush(self.heap, (deadline, token, conn))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True, name="links-deadline")
                self.thread.start()
            elif self.heap[0][1] == token:
                self.cond.notify()

    def disarm(self, conn: HTTPConnection) -> None:
        with self.cond:
            self.armed.pop(id(conn), None)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify()

    def _run(self) -> None:
        with self.cond:
            while not self.closed:
                now = time.monotonic()
                while self.heap:
                    deadline, token, conn = self.heap[0]
                    live = self.armed.get(id(conn)) == token
                    if live and deadline > now:
                        break
                    heapq.heappop(self.heap)
                    if not live:
                        continue
                    if cut(conn):
                        del self.armed[id(conn)]
                    else:
                        heapq.heappush(self.heap, (now + _RECHECK, token, conn))
                self.cond.wait(max(0.0, self.heap[0][0] - now) if self.heap else None)


def cut(conn: HTTPConnection) -> bool:
    """Shut down CONN's socket so a blocked read returns at once; False if it has none yet."""
    sock = conn.sock
    if sock is None:
        return False
    # socket.socket's own shutdown: SSLSocket's also drops its TLS state under a reading thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    return True
