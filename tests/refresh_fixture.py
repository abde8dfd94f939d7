"""Fixture APIs on loopback addresses for refresh tests: GitHub REST, arXiv and the Wayback Machine.

Each API is its own server on its own 127.0.0.x address and answers with the shapes the real
services send (field names, headers, the Atom feed, error bodies), including the failures refresh
must survive: 404, 403 rate limit with a reset time, 304 for a matching ETag, 301 for a moved
repository, malformed bodies and answers slower than the client's timeout. Every request is
recorded (path, query, headers) so tests can assert what was asked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

GITHUB_ADDR = "127.0.0.21"
ARXIV_ADDR = "127.0.0.22"
WAYBACK_ADDR = "127.0.0.23"


@dataclass
class Paper:
    title: str
    authors: list[str]
    published: str  # 2021-06-17T17:37:18Z
    updated: str
    version: int = 1


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class State:
    """What the fixture APIs know and how they misbehave; tests change it between runs."""

    repos: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower-case owner/name → body
    moved: dict[str, str] = field(default_factory=dict)  # old 'owner/name' lower → new
    papers: dict[str, Paper] = field(default_factory=dict)
    snapshots: dict[str, str] = field(default_factory=dict)  # url → 14-digit timestamp
    rate_limit_reset: float | None = None  # GitHub answers 403 until this epoch time
    retry_after: str | None = None  # arXiv and Wayback answer 503 with this Retry-After
    malformed: set[str] = field(default_factory=set)  # paths answered with a broken body
    slow: dict[str, float] = field(default_factory=dict)  # path → seconds before answering
    server_error: set[str] = field(default_factory=set)  # paths answered with 500
    trickle: set[str] = field(default_factory=set)  # paths whose headers come a byte at a time
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, prefix: str) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.path.startswith(prefix)]


def repo_json(full_name: str, **changes: Any) -> dict[str, Any]:
    """Return a `GET /repos/{owner}/{repo}` body as GitHub sends it (the fields refresh reads
    plus a few it does not)."""
    owner, name = full_name.split("/")
    rid = int(hashlib.sha256(full_name.lower().encode()).hexdigest()[:8], 16)
    data: dict[str, Any] = {
        "id": rid,
        "node_id": f"R_kgDO{rid}",
        "name": name,
        "full_name": full_name,
        "private": False,
        "owner": {"login": owner, "id": rid + 1, "type": "User"},
        "html_url": f"https://github.com/{full_name}",
        "description": f"{name} repository",
        "fork": False,
        "url": f"https://api.github.com/repos/{full_name}",
        "created_at": "2023-03-01T08:00:00Z",
        "updated_at": "2026-11-20T10:00:00Z",
        "pushed_at": "2026-11-19T09:30:00Z",
        "homepage": None,
        "size": 1024,
        "stargazers_count": 1200,
        "watchers_count": 1200,
        "language": "Python",
        "forks_count": 150,
        "archived": False,
        "disabled": False,
        "open_issues_count": 12,
        "license": {
            "key": "apache-2.0",
            "name": "Apache License 2.0",
            "spdx_id": "Apache-2.0",
            "url": "https://api.github.com/licenses/apache-2.0",
        },
        "topics": ["llm"],
        "visibility": "public",
        "default_branch": "main",
        "subscribers_count": 40,
    }
    data.update(changes)
    return data


def atom_feed(ids: list[str], papers: dict[str, Paper]) -> str:
    """Return the arXiv API's Atom answer for an id_list query."""
    entries = []
    for arxiv in ids:
        paper = papers.get(arxiv)
        if paper is None:
            # What arXiv sends for an id it does not have: an entry with no title or dates.
            entries.append(f"<entry><id>http://arxiv.org/abs/{arxiv}</id></entry>")
            continue
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in paper.authors)
        entries.append(
            "<entry>"
            f"<id>http://arxiv.org/abs/{arxiv}v{paper.version}</id>"
            f"<updated>{paper.updated}</updated><published>{paper.published}</published>"
            f"<title>{escape(paper.title)}</title>"
            "<summary>  An abstract.\n</summary>"
            f"{authors}"
            '<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL"/>'
            f'<link href="http://arxiv.org/abs/{arxiv}v{paper.version}" rel="alternate" '
            'type="text/html"/>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        '<link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>'
        "<title>arXiv Query: id_list</title><id>http://arxiv.org/api/x</id>"
        "<updated>2026-12-01T00:00:00-05:00</updated>"
        '<opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"{len(ids)}</opensearch:totalResults>" + "".join(entries) + "</feed>\n"
    )


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: str, api: str, state: State) -> None:
        super().__init__((address, 0), Handler)
        self.api = api
        self.state = state

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client giving up on a slow answer is part of the show


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes: with Nagle's algorithm the body waits for the client's
    # delayed ACK (40 ms a request), which would be measured as the client's time.
    disable_nagle_algorithm = True
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        with state.lock:
            state.seen.append(Seen(parts.path, parse_qs(parts.query), dict(self.headers.items())))
        delay = state.slow.get(parts.path)
        if delay:
            time.sleep(delay)
        if parts.path in state.trickle:
            self.trickle_headers()
            return
        try:
            if parts.path in state.server_error:
                self.send(500, "text/html", "<html><body>Internal Server Error</body></html>")
            elif self.server.api == "github":
                self.github(parts.path)
            elif self.server.api == "arxiv":
                self.arxiv(parts.path, parse_qs(parts.query))
            else:
                self.wayback(parts.path, parse_qs(parts.query))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def trickle_headers(self) -> None:
        """Send a status line and headers one byte every 0.1 s for 5 s, never finishing."""
        text = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200
        with contextlib.suppress(OSError):
            for byte in text[:50]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        self.close_connection = True

    def send(
        self, status: int, ctype: str, body: str, headers: dict[str, str] | None = None
    ) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        if data or status != 304:
            self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 304:
            self.wfile.write(data)

    def github(self, path: str) -> None:
        state = self.server.state
        limit = {"X-RateLimit-Limit": "60", "X-RateLimit-Resource": "core"}
        if state.rate_limit_reset is not None and time.time() < state.rate_limit_reset:
            body = {
                "message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: "
                "Authenticated requests get a higher rate limit.)",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits",
            }
            headers = {
                **limit,
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Used": "60",
                "X-RateLimit-Reset": str(int(state.rate_limit_reset)),
            }
            self.send(403, "application/json; charset=utf-8", json.dumps(body), headers)
            return
        headers = {**limit, "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "4102444800"}
        found = None
        if path.startswith("/repositories/"):
            rid = path.rsplit("/", 1)[-1]
            found = next((r for r in state.repos.values() if str(r["id"]) == rid), None)
        elif path.startswith("/repos/"):
            name = path.removeprefix("/repos/").lower()
            if name in state.moved:
                target = state.repos[state.moved[name].lower()]
                location = f"{self.server.base}/repositories/{target['id']}"
                body = {"message": "Moved Permanently", "url": location}
                headers["Location"] = location
                self.send(301, "application/json; charset=utf-8", json.dumps(body), headers)
                return
            found = state.repos.get(name)
        if found is None:
            body = {
                "message": "Not Found",
                "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                "status": "404",
            }
            self.send(404, "application/json; charset=utf-8", json.dumps(body), headers)
            return
        text = json.dumps(found, indent=2)
        if path in state.malformed:
            text = text[: len(text) // 2]
        etag = 'W/"' + hashlib.sha256(text.encode()).hexdigest()[:40] + '"'
        headers["ETag"] = etag
        headers["Cache-Control"] = "public, max-age=60, s-maxage=60"
        if self.headers.get("If-None-Match") == etag:
            self.send(304, "", "", headers)  # not counted against the limit
            return
        self.send(200, "application/json; charset=utf-8", text, headers)

    def arxiv(self, path: str, query: dict[str, list[str]]) -> None:
        state = self.server.state
        if state.retry_after is not None:
            self.send(503, "text/plain", "Rate exceeded.", {"Retry-After": state.retry_after})
            return
        if path != "/api/query":
            self.send(404, "text/html", "<html><body>Not Found</body></html>")
            return
        ids = [i for raw in query.get("id_list", []) for i in raw.split(",") if i]
        text = atom_feed(ids, state.papers)
        if path in state.malformed:
            text = text[: len(text) // 2]
        self.send(200, "application/atom+xml; charset=utf-8", text)

    def wayback(self, path: str, query: dict[str, list[str]]) -> None:
        state = self.server.state
        if state.retry_after is not None:
            self.send(429, "text/plain", "Too Many Requests", {"Retry-After": state.retry_after})
            return
        url = query.get("url", [""])[0]
        if path in state.malformed:
            self.send(200, "application/json", '{"url": "' + url + '", "archived_snapsh')
            return
        stamp = state.snapshots.get(url)
        snapshots: dict[str, Any] = {}
        if stamp is not None:
            snapshots["closest"] = {
                "status": "200",
                "available": True,
                "url": f"http://web.archive.org/web/{stamp}/{url}",
                "timestamp": stamp,
            }
        body: dict[str, Any] = {"url": url, "archived_snapshots": snapshots}
        if "timestamp" in query:
            body["timestamp"] = query["timestamp"][0]
        self.send(200, "application/json", json.dumps(body))


@dataclass
class Apis:
    """The three running fixture APIs, their shared state and the env that points refresh there."""

    state: State
    github: Server
    arxiv: Server
    wayback: Server

    @property
    def env(self) -> dict[str, str]:
        return {
            "LLM_ATLAS_GITHUB_API": self.github.base,
            "LLM_ATLAS_ARXIV_API": f"{self.arxiv.base}/api",
            "LLM_ATLAS_WAYBACK_API": self.wayback.base,
        }


@contextlib.contextmanager
def running_apis(state: State | None = None) -> Iterator[Apis]:
    """Start the three fixture APIs; stop them on exit."""
    state = State() if state is None else state
    servers = [
        Server(GITHUB_ADDR, "github", state),
        Server(ARXIV_ADDR, "arxiv", state),
        Server(WAYBACK_ADDR, "wayback", state),
    ]
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in servers
    ]
    for thread in threads:
        thread.start()
    try:
        yield Apis(state, *servers)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
