"""A loopback server that answers every request with whatever bytes a test chose.

For fuzzing the API clients: the status line, the headers (any bytes, odd encodings included) and
the body are written raw, so an answer can be anything a broken or hostile server could send. The
connection closes after each answer. Requests are counted so a test can tell it was asked.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RawAnswer:
    """One HTTP answer as bytes: status, headers (name, value) and body."""

    status: int = 200
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    reason: bytes = b"Whatever"

    def encode(self) -> bytes:
        head = [b"HTTP/1.1 %d %s" % (self.status, self.reason)]
        head += [name + b": " + value for name, value in self.headers]
        head += [b"Content-Length: %d" % len(self.body), b"Connection: close"]
        return b"\r\n".join(head) + b"\r\n\r\n" + self.body


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    answer = RawAnswer()
    asked = 0

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading a huge answer is expected


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        self.server.asked += 1
        with contextlib.suppress(OSError):
            self.wfile.write(self.server.answer.encode())
        self.close_connection = True


@dataclass
class RawServer:
    """A running server; set `answer` before each request."""

    server: _Server

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def asked(self) -> int:
        return self.server.asked

    def serve(self, answer: RawAnswer) -> None:
        self.server.answer = answer


@contextlib.contextmanager
def raw_server(address: str = "127.0.0.31") -> Iterator[RawServer]:
    """Run a raw-answer server on ADDRESS (a free port); stop it on exit."""
    server = _Server((address, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RawServer(server)
    finally:
        server.shutdown()
        server.server_close()
