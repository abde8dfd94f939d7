"""A lean keep-alive HTTP client over urllib3's connections, shared by the checker's threads.

Takes a method, a URL, headers and a time budget; gives urllib3 `HTTPResponse`s and keeps idle
connections per (scheme, host, port) for the next request. It skips PoolManager's per-request
bookkeeping, which the benchmark showed to cost about a third of the CPU per request.
"""

from __future__ import annotations

import ssl
import threading
from urllib.parse import urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import LocationParseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.ssl_ import create_urllib3_context
from urllib3.util.url import parse_url

Key = tuple[str, str, int]
MAX_IDLE = 8


class Client:
    """Open requests and keep finished connections for reuse."""

    def __init__(self, headers: dict[str, str], ca_certs: str | None = None) -> None:
        self.headers = headers
        self.idle: dict[Key, list[HTTPConnection]] = {}
        self.lock = threading.Lock()
        self._ssl: ssl.SSLContext | None = None
        self._ca_certs = ca_certs

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
        self, method: str, url: str, headers: dict[str, str] | None, timeout: float
    ) -> tuple[BaseHTTPResponse, HTTPConnection, Key]:
        """Send METHOD URL; return the response (body unread), its connection and pool key."""
        key, target = split_url(url)
        conn, reused = self._take(key, timeout)
        sent = {**self.headers, **headers} if headers else self.headers
        try:
            resp = self._send(conn, method, target, sent, timeout)
        except (ConnectionError, OSError):
            if not reused:
                conn.close()
                raise
            # The server closed an idle keep-alive connection: one fresh try, not a retry.
            conn.close()
            conn = self._new(key, timeout)
            resp = self._send(conn, method, target, sent, timeout)
        return resp, conn, key

    @staticmethod
    def _send(
        conn: HTTPConnection, method: str, target: str, headers: dict[str, str], timeout: float
    ) -> BaseHTTPResponse:
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        try:
            conn.request(
                method, target, headers=headers, preload_content=False, decode_content=True
            )
            return conn.getresponse()
        except BaseException:
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
        if scheme == "https":
            return HTTPSConnection(host, port, timeout=timeout, ssl_context=self.ssl_context())
        return HTTPConnection(host, port, timeout=timeout)

    def give_back(self, key: Key, conn: HTTPConnection, reusable: bool) -> None:
        """Keep CONN for the next request to KEY when REUSABLE, else close it."""
        if reusable and conn.sock is not None:
            with self.lock:
                free = self.idle.setdefault(key, [])
                if len(free) < MAX_IDLE:
                    free.append(conn)
                    return
        conn.close()

    def close(self) -> None:
        with self.lock:
            for free in self.idle.values():
                for conn in free:
                    conn.close()
            self.idle.clear()


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
