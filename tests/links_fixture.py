"""A fixture web on loopback addresses (127.0.0.x act as different hosts) for link-checker tests.

Every host serves the same routes, one per behaviour the checker must classify, counts the requests
per (method, path), and records the most requests it ever had in flight at once.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SOFT_404 = "<html><body><p>该内容已被发布者删除</p></body></html>"
CAPTCHA = "<html><body>当前环境异常，完成验证后即可继续访问。<button>去验证</button></body></html>"
WEIXIN_CAPTCHA = "<html><body>环境异常 当前环境异常，完成验证后即可继续访问。</body></html>"
UNHUMAN = "<html><body>系统监测到您的网络环境存在异常，请点击下方验证按钮进行验证。</body></html>"
ANCHORS = (
    "<html><body><h2 id=\"user-content-install\">Install</h2><a name='old-name'></a>"
    '<p id="%E9%87%8F%E5%8C%96">量化</p><div data-id="decoy">x</div></body></html>'
)
BOMB_SIZE = 64 * 1024 * 1024  # what the gzip,gzip bomb inflates to


@functools.cache
def gzip_bomb() -> bytes:
    """Return BOMB_SIZE zero bytes gzipped twice (272 bytes): `Content-Encoding: gzip, gzip`."""
    return gzip.compress(gzip.compress(bytes(BOMB_SIZE), 9), 9)


class Host(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: str, web: FixtureWeb) -> None:
        super().__init__((address, 0), Handler)
        self.web = web
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.hits: Counter[tuple[str, str]] = Counter()

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients resetting or abandoning connections is part of the show


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Host

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:
        self.handle_any("HEAD")

    def do_GET(self) -> None:
        self.handle_any("GET")

    def handle_any(self, method: str) -> None:
        host = self.server
        path = urlsplit(self.path).path
        with host.lock:
            host.in_flight += 1
            host.max_in_flight = max(host.max_in_flight, host.in_flight)
            host.hits[(method, path)] += 1
            count = sum(n for (_, p), n in host.hits.items() if p == path)
        try:
            self.route(method, path, count)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with host.lock:
                host.in_flight -= 1

    def send(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def route(self, method: str, path: str, count: int) -> None:
        web = self.server.web
        if path.startswith("/ok"):
            time.sleep(web.latency)
            self.send(200, "<html>fine</html>")
        elif path == "/head-refused":
            self.send(405 if method == "HEAD" else 200, "<html>GET works</html>")
        elif path.startswith("/retry-after"):
            if count == 1:
                self.send(429, "slow down", {"Retry-After": "1"})
            else:
                self.send(200, "<html>now ok</html>")
        elif path.startswith("/flaky503"):
            self.send(503 if count == 1 else 200, "busy" if count == 1 else "<html>ok</html>")
        elif path == "/moved":
            self.send(301, "", {"Location": "/moved-again"})
        elif path == "/moved-again":
            self.send(308, "", {"Location": f"{self.server.base}/ok-final"})
        elif path == "/moved-fine":
            self.send(301, "", {"Location": "/ok-fine"})
        elif path == "/moved-odd":
            self.send(301, "", {"Location": "/ok<odd>"})  # a URL the validator refuses
        elif path == "/anchors":
            self.send(200, ANCHORS)
        elif path == "/anchors-moved":
            self.send(301, "", {"Location": "/anchors"})
        elif path == "/found":
            self.send(302, "", {"Location": "/ok-temp"})
        elif path == "/gone404":
            self.send(404, "<html>not found</html>")
        elif path == "/gone410":
            self.send(410, "<html>gone</html>")
        elif path == "/loop-a":
            self.send(301, "", {"Location": "/loop-b"})
        elif path == "/loop-b":
            self.send(301, "", {"Location": "/loop-a"})
        elif path == "/error500":
            self.send(500, "oops")
        elif path == "/reset":
            self.reset()
        elif path == "/cf":
            self.send(
                403,
                "<html>Just a moment...</html>",
                {"cf-mitigated": "challenge", "Server": "cloudflare"},
            )
        elif path.startswith("/p/"):
            self.send(302, "", {"Location": "/account/unhuman?type=unhuman&need_login=false"})
        elif path == "/account/unhuman":
            self.send(403, UNHUMAN)
        elif path == "/s":
            self.send(302, "", {"Location": "/mp/wappoc_appmsgcaptcha?poc_token=x&target_url=y"})
        elif path == "/mp/wappoc_appmsgcaptcha":
            self.send(200, WEIXIN_CAPTCHA)
        elif path == "/in":
            self.send(999, "request denied")
        elif path == "/soft404":
            self.send(200, SOFT_404)
        elif path == "/captcha":
            self.send(200, CAPTCHA)
        elif path == "/slower":
            if self.wait_or_gone(web.slow_seconds):
                self.send(200, "<html>too late</html>")
        elif path == "/endless":
            self.endless()
        elif path == "/odd-retry-after":
            self.send(503, "busy", {"Retry-After": "²"})  # '²'.isdigit() is true
        elif path == "/bad-location":
            self.send(301, "", {"Location": "http://["})
        elif path.startswith("/trickle-"):
            self.trickle(path.removeprefix("/trickle-"))
        elif path in ("/bomb", "/bomb-redirect"):
            self.bomb(redirect=path == "/bomb-redirect")
        elif path == "/hop-away":
            self.send(302, "", {"Location": f"{web.hosts[-1].base}/ok"})
        elif path == "/hop-metadata":
            self.send(301, "", {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/hop-localhost":
            self.send(301, "", {"Location": f"http://localhost:{self.server.server_address[1]}/ok"})
        else:
            self.send(404, "no such route")

    def wait_or_gone(self, seconds: float) -> bool:
        """Sleep SECONDS; return False early if the client hangs up (in-flight counts stay true)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.02)
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                self.close_connection = True
                return False
        return True

    def trickle(self, where: str) -> None:
        """Send a byte every half second, in the headers or in the body, until the client leaves."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
        self.close_connection = True
        if where == "body":
            self.wfile.write(head)
            if self.command == "HEAD":
                return
            head = b""
        data = head + b"x" * 100000
        with contextlib.suppress(OSError):
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                if not self.wait_or_gone(0.5):
                    return

    def bomb(self, redirect: bool) -> None:
        data = gzip_bomb()
        self.send_response(301 if redirect else 200)
        if redirect:
            self.send_header("Location", "/ok")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip, gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        chunk = b"<p>" + b"x" * 4093 + b"</p>"
        sent = 0
        deadline = time.monotonic() + 60
        with contextlib.suppress(OSError):
            while time.monotonic() < deadline:
                self.wfile.write(chunk)
                sent += len(chunk)
                with self.server.lock:
                    self.server.web.endless_bytes = sent


class SilentHost:
    """Accepts connections and never answers."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((address, 0))
        self.sock.listen(64)
        self.held: list[socket.socket] = []
        self.accepted = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.sock.getsockname()
        return f"http://{host}:{port}"

    def serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.sock.accept()
                self.accepted += 1
                self.held.append(conn)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


class TrickleTLSHost(SilentHost):
    """Starts a TLS record, then sends one more byte of it every half second."""

    def serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.sock.accept()
                self.accepted += 1
                self.held.append(conn)
                threading.Thread(target=self.trickle, args=(conn,), daemon=True).start()

    @staticmethod
    def trickle(conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            conn.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 KiB follows …
            for _ in range(120):
                time.sleep(0.5)
                conn.sendall(b"\x02")


class FixtureWeb:
    """Several HTTP hosts on 127.0.0.2, 127.0.0.3, … plus a silent host."""

    def __init__(self, hosts: int = 3, latency: float = 0.0, slow_seconds: float = 3.0) -> None:
        self.latency = latency
        self.slow_seconds = slow_seconds
        self.endless_bytes = 0
        self.hosts = [Host(f"127.0.0.{i + 2}", self) for i in range(hosts)]
        self.silent = SilentHost(f"127.0.0.{hosts + 2}")
        self.tls_trickle = TrickleTLSHost(f"127.0.0.{hosts + 2}")
        self.threads = [
            threading.Thread(target=h.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            for h in self.hosts
        ]
        for thread in self.threads:
            thread.start()

    def url(self, path: str, host: int = 0) -> str:
        return f"{self.hosts[host].base}{path}"

    def hits(self, path: str, host: int = 0, method: str | None = None) -> int:
        counts = self.hosts[host].hits
        return sum(n for (m, p), n in counts.items() if p == path and method in (None, m))

    def close(self) -> None:
        for host in self.hosts:
            host.shutdown()
            host.server_close()
        self.silent.close()
        self.tls_trickle.close()


@contextlib.contextmanager
def fixture_web(**kwargs: float) -> Iterator[FixtureWeb]:
    web = FixtureWeb(**kwargs)  # type: ignore[arg-type]
    try:
        yield web
    finally:
        web.close()


def free_port_closed(address: str = "127.0.0.9") -> str:
    """Return a base URL on which nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        port = sock.getsockname()[1]
    return f"http://{address}:{port}"


Factory = Callable[..., FixtureWeb]


TOPICS = "- id: training\n  title: 训练\n  title_en: Training\n"


def write_catalog(root: Path, urls: list[str], planned: set[int] | None = None) -> Path:
    """Write a small catalog in ROOT with one tutorial per URL (ids link-0, link-1, …)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    lines = ["# links under test", ""]
    for i, url in enumerate(urls):
        lines += [
            f"- id: link-{i}",
            "  kind: tutorial",
            f"  title: 链接 {i}",
            f"  url: {url}",
            "  topics: [training]",
        ]
        if planned and i in planned:
            lines.append("  status: planned")
        lines.append("")
    (root / "links.yaml").write_text("\n".join(lines), encoding="utf-8")
    return root
