"""One attempt at one URL: HEAD (or GET), redirects followed by hand, a capped body.

Takes a URL, its host policy and a time budget; gives a `Fetched` record of the redirect chain, the
final status, the headers, the first bytes of the body or the kind of network error.
"""

from __future__ import annotations

import errno
import os
import socket
import ssl
import time
from dataclasses import dataclass, field
from http.client import HTTPException, HTTPResponse
from typing import Literal
from urllib.parse import urljoin, urlsplit

from llm_atlas.links.address import OPT_IN, PrivateAddress
from llm_atlas.links.body import finish, read_text
from llm_atlas.links.client import Client, split_url
from llm_atlas.links.fragment import PAGE_BYTES, anchor_of
from llm_atlas.links.github import raw_markdown_url
from llm_atlas.links.policy import Fingerprint, HostPolicy, LinkConfig

ErrorKind = Literal[
    "timeout",
    "reset",
    "refused",
    "unreachable",
    "dns",
    "tls",
    "loop",
    "too-many",
    "private",
    "other",
]
_NO_SUCH_NAME = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Fetched:
    """What one attempt saw."""

    url: str
    method: str = "HEAD"
    status: int | None = None
    chain: list[tuple[int, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    error: ErrorKind | None = None
    detail: str = ""
    challenge: Fingerprint | None = None
    head_refused: int | None = None
    anchor: str | None = None  # the #fragment to look for, as the URL parser keeps it
    complete: bool = False  # the whole body was read (an anchor not in it is gone)
    source: Fetched | None = None  # where the anchor is looked for instead (GitHub's raw file)

    @property
    def final_url(self) -> str:
        return self.chain[-1][1] if self.chain else self.url


def make_client(config: LinkConfig) -> Client:
    """Return the shared keep-alive client with the honest User-Agent."""
    try:
        import certifi

        ca_certs: str | None = certifi.where()
    except ImportError:  # pragma: no cover - certifi comes with requests
        ca_certs = None
    headers = {
        "User-Agent": config.user_agent,
        "Accept": "*/*",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    return Client(headers, ca_certs, config.allow_private)


def head_refused(status: int) -> bool:
    """Whether a HEAD answer should be confirmed with GET (servers that mishandle HEAD)."""
    return status in (405, 501) or (400 <= status < 500 and status != 429)


def fetch_url(
    client: Client, url: str, policy: HostPolicy, config: LinkConfig, timeout: float
) -> Fetched:
    """Make one attempt at URL within TIMEOUT seconds in total (connect + redirects + body)."""
    deadline = time.monotonic() + timeout
    anchor = anchor_of(url) if policy.fragments else None
    raw = raw_markdown_url(url) if anchor is not None else None
    whole_page = anchor is not None and raw is None
    if policy.method == "get" or whole_page:
        fetched = _follow(client, url, "GET", policy, config, deadline, whole_page)
    else:
        fetched = _follow(client, url, "HEAD", policy, config, deadline)
        if (
            fetched.status is not None
            and fetched.challenge is None
            and head_refused(fetched.status)
        ):
            refused = fetched.status
            fetched = _follow(client, url, "GET", policy, config, deadline)
            fetched.head_refused = refused
    fetched.anchor = anchor
    if raw is not None and fetched.error is None and fetched.status == 200:
        # GitHub's page of a Markdown file carries no heading ids: read the file itself.
        raw = raw_markdown_url(fetched.final_url) or raw
        raw_policy = config.policy(urlsplit(raw).hostname or "")
        fetched.source = _follow(client, raw, "GET", raw_policy, config, deadline, True)
    return fetched


def _follow(
    client: Client,
    url: str,
    method: str,
    policy: HostPolicy,
    config: LinkConfig,
    deadline: float,
    whole_page: bool = False,
) -> Fetched:
    fetched = Fetched(url=url, method=method)
    current = url
    seen = {url}
    headers = dict(policy.headers) if policy.headers else None
    url_prints = [f for f in config.fingerprints if f.where == "url"]
    for _ in range(config.max_redirects + 1):
        try:
            resp, conn, key = client.open(method, current, headers, deadline)
        except (OSError, HTTPException, ValueError) as exc:
            fetched.error, fetched.detail = _error_kind(exc)
            if fetched.error == "private" and fetched.chain:
                fetched.detail = f"redirected to {current}: {fetched.detail}"
            elif time.monotonic() >= deadline:  # the connection was cut at the deadline
                fetched.error, fetched.detail = "timeout", "no answer within the time limit"
            return fetched
        reusable = False
        try:
            status = resp.status
            location = resp.headers.get("Location") if status in REDIRECTS else None
            if location is None:
                fetched.status = status
                fetched.headers = {k.lower(): v for k, v in resp.headers.items()}
                if method == "GET":
                    cap = max(config.max_bytes, PAGE_BYTES) if whole_page else config.max_bytes
                    fetched.body, fetched.complete = read_text(resp, cap, deadline)
                    reusable = fetched.complete
                else:
                    reusable = finish(resp)
                reusable = reusable and not _will_close(resp)
                return fetched
            reusable = finish(resp) and not _will_close(resp)
        finally:
            client.give_back(key, conn, reusable)
        try:
            current = urljoin(current, location.strip())
            split_url(current)
        except ValueError:  # LocationParseError is a ValueError too
            fetched.status = status
            fetched.error, fetched.detail = "other", f"HTTP {status} to an invalid URL {location!r}"
            return fetched
        fetched.chain.append((status, current))
        fetched.status = status
        for fp in url_prints:
            if fp.matches(current):
                fetched.challenge = fp
                return fetched
        if current in seen:
            fetched.error, fetched.detail = "loop", f"redirect loop back to {current}"
            return fetched
        seen.add(current)
    fetched.error = "too-many"
    fetched.detail = f"more than {config.max_redirects} redirects"
    return fetched


def _will_close(resp: HTTPResponse) -> bool:
    return bool(resp.will_close)


def _error_kind(exc: BaseException) -> tuple[ErrorKind, str]:
    """Map a socket, TLS or HTTP error to a kind and a short message."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    code = _errno(chain)
    for err in chain:
        if isinstance(err, PrivateAddress):
            return "private", f"not checked: {err}; {OPT_IN}"
        if isinstance(err, socket.gaierror):
            if err.errno in _NO_SUCH_NAME:
                return "dns", "host does not exist (no DNS record for its name)"
            return "dns", f"could not look up the host name: {_short(err)}"
        if isinstance(err, ssl.SSLError | ssl.CertificateError):
            return "tls", f"TLS failure: {_short(err)}"
        if isinstance(err, TimeoutError):
            return "timeout", "no answer within the time limit"
        if isinstance(err, ConnectionRefusedError) or code == errno.ECONNREFUSED:
            return "refused", "could not connect: connection refused"
        if code in _UNREACHABLE:
            return "unreachable", f"could not connect: {os.strerror(code or 0).lower()}"
        if isinstance(err, ConnectionError):  # reset, aborted, closed without an answer
            return "reset", f"connection closed by the server: {_short(err)}"
    return "other", _short(exc)


def _errno(chain: list[BaseException]) -> int | None:
    for err in chain:
        if isinstance(err, OSError) and err.errno:
            return err.errno
    return None


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "..."
