"""One HTTP GET for the API clients: a whole-request deadline, a size cap, rate-limit signals.

Takes a `requests.Session`, a URL and headers; gives an `Answer` (status 0 with an error message
when no HTTP answer came: timeout, refused connection, oversized or broken body). Never raises for
network trouble, so every failure becomes one item's report.

"No network" is decided here, as `check-links` decides it: a request whose host name did not
resolve, or whose connection was refused or found no route, never reached a server
(`Answer.unreached`). A step all of whose requests were unreached judged nothing; refresh then
keeps that step's file as it was and exits 2. A timeout is not counted: a slow server is an answer
of sorts, and a firewall that drops packets is told apart by the other steps.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import errno
import math
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from llm_atlas import __version__

USER_AGENT = f"llm-atlas-refresh/{__version__} (+https://github.com/llm-atlas/llm-atlas)"
MAX_BYTES = 8 * 1024 * 1024
RATE_LIMITED = frozenset({403, 429})
_UNREACHABLE = frozenset(
    {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}
)


@dataclass(frozen=True)
class Answer:
    """What came back: the HTTP status (0: none), headers, body, or why nothing came."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    unreached: bool = False  # no server was reached: DNS failed, connection refused or no route

    def describe(self) -> str:
        """Return a short reason for a failed request, for a per-item report."""
        if self.status == 0:
            return self.error
        return f"HTTP {self.status}{f': {self.error}' if self.error else ''}"


def make_session(headers: Mapping[str, str] | None = None) -> requests.Session:
    """Return a session (kept-alive connections) sending our User-Agent and HEADERS."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers.update(headers or {})
    # Proxies and .netrc from the environment would send the token elsewhere; the API base URLs
    # are chosen with LLM_ATLAS_*_API instead.
    session.trust_env = False
    return session


def fetch(
    session: requests.Session,
    url: str,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Answer:
    """GET URL within TIMEOUT seconds in all (connect, headers and body).

    A socket timeout bounds each read, not their sum: a server trickling its headers a byte at a
    time would hold the request for as long as it likes. So the request runs in a thread of its
    own that is abandoned at the deadline (it ends when the server gives up, or with the process).
    """
    found: list[Answer] = []
    worker = threading.Thread(
        target=lambda: found.append(
            _fetch(session, url, timeout, dict(headers or {}), params, max_bytes)
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout + 0.5)  # _fetch keeps the deadline itself whenever the server lets it
    return found[0] if found else Answer(0, error=f"timed out after {timeout:g} s")


def _fetch(
    session: requests.Session,
    url: str,
    timeout: float,
    headers: dict[str, str],
    params: Mapping[str, Any] | None,
    max_bytes: int,
) -> Answer:
    deadline = time.monotonic() + timeout
    try:
        with session.get(url, headers=headers, params=params, timeout=timeout, stream=True) as resp:
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    return Answer(0, error=f"answer larger than {max_bytes // 1024} KiB")
                if time.monotonic() > deadline:
                    return Answer(0, error=f"timed out after {timeout:g} s")
                chunks.append(chunk)
            return Answer(resp.status_code, dict(resp.headers), b"".join(chunks))
    except requests.Timeout:
        return Answer(0, error=f"timed out after {timeout:g} s")
    except requests.ConnectionError as exc:
        chain = _chain(exc)
        return Answer(0, error=f"cannot connect: {_root(chain)}", unreached=_unreached(chain))
    except requests.RequestException as exc:
        return Answer(0, error=f"request failed: {_root(_chain(exc))}")


def _chain(exc: BaseException) -> list[BaseException]:
    found = [exc]
    while len(found) < 8 and (cause := found[-1].__cause__ or found[-1].__context__) is not None:
        found.append(cause)
    return found


def _root(chain: list[BaseException]) -> str:
    text = str(chain[-1]) or type(chain[-1]).__name__
    return text if len(text) <= 300 else f"{text[:297]}..."


def _unreached(chain: list[BaseException]) -> bool:
    return any(
        isinstance(e, socket.gaierror) or (isinstance(e, OSError) and e.errno in _UNREACHABLE)
        for e in chain
    )


def describe_wait(wait: float) -> str:
    """Return '120 s' for a wait of WAIT seconds, or a plain phrase when it is absurdly long."""
    if not math.isfinite(wait) or wait > 366 * 86400:
        return "more than a year (the server's reset time is far off)"
    return f"{max(0.0, wait):.0f} s"


def describe_until(wait: float, now: float | None = None) -> str:
    """Return 'until 2026-12-06 15:00 UTC' for a wait of WAIT seconds, whatever its size."""
    now = time.time() if now is None else now
    if not math.isfinite(wait) or wait > 366 * 86400:
        return "for more than a year (the server's reset time is far off)"
    until = dt.datetime.fromtimestamp(now + max(0.0, wait), dt.UTC)
    return f"until {until:%Y-%m-%d %H:%M} UTC"


def retry_wait(answer: Answer, now: float | None = None) -> float | None:
    """Return the seconds to wait before asking again when ANSWER says 'too many requests'.

    GitHub's primary limit: 403/429 with `x-ratelimit-remaining: 0` and the reset time in
    `x-ratelimit-reset` (epoch seconds); secondary limits and arXiv's 503: `retry-after` in
    seconds or as an HTTP date. None: not a rate-limit answer.
    """
    now = time.time() if now is None else now
    headers = {k.lower(): v for k, v in answer.headers.items()}
    retry_after = headers.get("retry-after")
    limited = answer.status in RATE_LIMITED or answer.status == 503
    if limited and retry_after is not None:
        value = retry_after.strip()
        if value.isascii() and value.isdigit():
            return float(value)
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError, OverflowError):
            return 60.0
    if answer.status in RATE_LIMITED and headers.get("x-ratelimit-remaining") == "0":
        reset = headers.get("x-ratelimit-reset", "")
        if reset.isascii() and reset.isdigit():
            return max(0.0, float(reset) - now)
        return 60.0
    return None
