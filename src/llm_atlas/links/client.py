"""A lean keep-alive HTTP client over urllib3's connections, shared by the checker's threads.

Takes a method, a URL, headers and a time budget; gives urllib3 `HTTPResponse`s and keeps idle
connections per (scheme, host, port) for the next request. It skips PoolManager's per-request
bookkeeping, which the benchmark showed to cost about a third of the CPU per request.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from urllib.parse import urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import LocationParseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.ssl_ import create_urllib3_context
from urllib3.util.url import parse_url

from llm_atlas.links.address import connect
from llm_atlas.links.deadline import Watchdog

Key = tuple[str, str, int]
MAX_IDLE = 8


class CheckedHTTPConnection(HTTPConnection):
    """An HTTP connection that connects only where `address.connect` allows."""

    allow_private = False

    def _new_conn(self) -> socket.socket:
        timeout = self.timeout if isinstance(self.timeout, float | int) else None
        return connect(
            self._dns_host, self.port, timeout, self.allow_private, self.socket_options or ()
        )


class CheckedHTTPSConnection(HTTPSConnection):
    """The same for HTTPS (TLS still verifies the host name, not the address)."""

    allow_private = False
    _new_conn = CheckedHTTPConnection._new_conn


class Client:
    """Open requests and keep finished connections for reuse."""

    def __init__(
        self, headers: dict[str, str], ca_certs: str | None = None, allow_private: bool = False
    ) -> None:
        self.allow_private = allow_private
        self.headers = headers
        self.idle: dict[Key, list[HTTPConnection]] = {}
        self.lock = threading.Lock()
        self._ssl: ssl.SSLContext | None = None
        self._ca_certs = ca_certs
        self.watchdog = Watchdog()

    def ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
            if self._ca_certs:
                context.load_verify_locations(self._ca_certs)
            else:
                context.load_default_certs()
            self._ssl = context
        return self._ssl

    def open(
        self, method: str, url: str, headers: dict[str, str] | None, deadline: float
    ) -> tuple[BaseHTTPResponse, HTTPConnection, Key]:
        """Send METHOD URL; return the response (body unread), its connection and pool key.

        The connection is cut at DEADLINE (monotonic) until `give_back` returns it.
        """
        key, target = split_url(url)
        conn, reused = self._take(key, _left(deadline))
        sent = {**self.headers, **headers} if headers else self.headers
        try:
            resp = self._send(conn, method, target, sent, deadline)
        except (ConnectionError, OSError):
            if not reused:
                raise
            # The server closed an idle keep-alive connection: one fresh try, not a retry.
            conn = self._new(key, _left(deadline))
            resp = self._send(conn, method, target, sent, deadline)
        return resp, conn, key

    def _send(
        self,
        conn: HTTPConnection,
        method: str,
        target: str,
        headers: dict[str, str],
        deadline: float,
    ) -> BaseHTTPResponse:
        timeout = _left(deadline)
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        self.watchdog.arm(conn, deadline)
        try:
            conn.request(
                method, target, headers=headers, preload_content=False, decode_content=False
            )
            return conn.getresponse()
        except BaseException:
            self.watchdog.disarm(conn)
            conn.close()
            raise

    def _take(self, key: Key, timeout: float) -> tuple[HTTPConnection, bool]:
        with self.lock:
            free = self.idle.get(key)
            while free:
                conn = free.pop()
                if conn.is_connected:
                    return conn, True
                conn.close()
        return self._new(key, timeout), False

    def _new(self, key: Key, timeout: float) -> HTTPConnection:
        scheme, host, port = key
        conn: HTTPConnection
        if scheme == "https":
            conn = CheckedHTTPSConnection(
                host, port, timeout=timeout, ssl_context=self.ssl_context()
            )
        else:
            conn = CheckedHTTPConnection(host, port, timeout=timeout)
        conn.allow_private = self.allow_private
        return conn

    def give_back(self, key: Key, conn: HTTPConnection, reusable: bool) -> None:
        """Keep CONN for the next request to KEY when REUSABLE, else close it."""
        self.watchdog.disarm(conn)
        if reusable and conn.sock is not None:
            with self.lock:
                free = self.idle.setdefault(key, [])
                if len(free) < MAX_IDLE:
                    free.append(conn)
                    return
        conn.close()

    def close(self) -> None:
        self.watchdog.close()
        with self.lock:
            for free in self.idle.values():
                for conn in free:
                    conn.close()
            self.idle.clear()


def _left(deadline: float) -> float:
    """Return the seconds left until DEADLINE, or raise TimeoutError when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no answer within the time limit")
    return left


def split_url(url: str) -> tuple[Key, str]:
    """Return the (scheme, host, port) key and the request target of URL, %-encoding if needed."""
    if not url.isascii() or " " in url:
        url = parse_url(url).url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in ("http", "https") or not host:
        raise LocationParseError(url)
    port = parts.port or (443 if scheme == "https" else 80)
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return (scheme, host, port), target
