"""links.http: one attempt against the fixture web (HEAD → GET, redirects, byte cap, errors)."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from links_fixture import BOMB_SIZE, FixtureWeb, fixture_web, free_port_closed, gzip_bomb

from llm_atlas.links.address import OPT_IN
from llm_atlas.links.body import inflate
from llm_atlas.links.classify import classify
from llm_atlas.links.http import fetch_url, make_client
from llm_atlas.links.policy import HostPolicy
from llm_atlas.links.policy_file import load_config

CONFIG = replace(load_config(None), allow_private=True)
GET = HostPolicy(method="get")


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with fixture_web(slow_seconds=3.0) as w:
        yield w


@pytest.mark.parametrize(
    ("path", "policy", "status", "code"),
    [
        ("/ok", HostPolicy(), "ok", 200),
        ("/moved", HostPolicy(), "redirected", 200),
        ("/found", HostPolicy(), "ok", 200),
        ("/gone404", HostPolicy(), "broken", 404),
        ("/gone410", HostPolicy(), "broken", 410),
        ("/loop-a", HostPolicy(), "broken", 301),
        ("/error500", HostPolicy(), "broken", 500),
        ("/cf", HostPolicy(), "blocked", 403),
        ("/p/1", HostPolicy(), "blocked", 302),
        ("/s", GET, "blocked", 302),
        ("/in", HostPolicy(), "blocked", 999),
        ("/soft404", GET, "broken", 200),
        ("/captcha", GET, "blocked", 200),
        ("/reset", HostPolicy(), "broken", None),
    ],
)
def test_one_attempt(
    web: FixtureWeb, path: str, policy: HostPolicy, status: str, code: int | None
) -> None:
    client = make_client(CONFIG)
    seen = fetch_url(client, web.url(path, host=1), policy, CONFIG, 2.0)
    verdict = classify(seen, policy, CONFIG)
    client.close()
    assert (verdict.status, verdict.http_status) == (status, code), verdict.message


def test_head_refused_falls_back_to_get(web: FixtureWeb) -> None:
    client = make_client(CONFIG)
    seen = fetch_url(client, web.url("/head-refused"), HostPolicy(), CONFIG, 2.0)
    client.close()
    assert (seen.status, seen.method, seen.head_refused) == (200, "GET", 405)
    assert web.hits("/head-refused", method="HEAD") >= 1
    assert web.hits("/head-refused", method="GET") >= 1


def test_permanent_chain_gives_final_url(web: FixtureWeb) -> None:
    client = make_client(CONFIG)
    seen = fetch_url(client, web.url("/moved"), HostPolicy(), CONFIG, 2.0)
    client.close()
    assert classify(seen, HostPolicy(), CONFIG).final_url == web.url("/ok-final")


def test_endless_body_stops_at_the_byte_cap(web: FixtureWeb) -> None:
    client = make_client(CONFIG)
    start = time.monotonic()
    seen = fetch_url(client, web.url("/endless"), GET, CONFIG, 5.0)
    client.close()
    assert seen.status == 200
    assert len(seen.body.encode()) == CONFIG.max_bytes
    assert time.monotonic() - start < 5.0


@pytest.mark.parametrize("path", ["/slower"])
def test_slow_answer_times_out_within_the_budget(web: FixtureWeb, path: str) -> None:
    client = make_client(CONFIG)
    start = time.monotonic()
    seen = fetch_url(client, web.url(path), HostPolicy(), CONFIG, 0.5)
    client.close()
    assert seen.error == "timeout"
    assert time.monotonic() - start < 0.5 + 1.0


def test_trickled_tls_handshake_is_cut_at_the_deadline(web: FixtureWeb) -> None:
    url = web.tls_trickle.base.replace("http://", "https://") + "/x"
    client = make_client(CONFIG)
    start = time.monotonic()
    seen = fetch_url(client, url, HostPolicy(), CONFIG, 1.0)
    elapsed = time.monotonic() - start
    client.close()
    assert seen.error == "timeout", seen.detail
    assert elapsed < 1.0 + 0.5


def test_silent_host_times_out(web: FixtureWeb) -> None:
    client = make_client(CONFIG)
    seen = fetch_url(client, web.silent.base + "/x", HostPolicy(), CONFIG, 0.5)
    client.close()
    assert seen.error == "timeout"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("refused", "refused"),
        ("http://nonexistent.invalid/x", "dns"),
        ("tls", "tls"),
    ],
)
def test_network_errors(web: FixtureWeb, url: str, kind: str) -> None:
    if url == "refused":
        url = free_port_closed() + "/x"
    elif url == "tls":
        url = web.url("/ok").replace("http://", "https://")  # a plain-HTTP port speaks no TLS
    client = make_client(CONFIG)
    seen = fetch_url(client, url, HostPolicy(), CONFIG, 2.0)
    client.close()
    assert seen.error == kind, seen.detail
    assert classify(seen, HostPolicy(), CONFIG).status == "broken"


@pytest.mark.parametrize(
    ("path", "policy", "status", "error"),
    [
        ("/trickle-head", HostPolicy(), None, "timeout"),
        ("/trickle-head", GET, None, "timeout"),
        ("/trickle-body", GET, 200, None),
    ],
)
def test_trickling_server_is_cut_at_the_deadline(
    web: FixtureWeb, path: str, policy: HostPolicy, status: int | None, error: str | None
) -> None:
    """One byte every 0.5 s resets every socket timeout; the attempt still ends at its deadline."""
    client = make_client(CONFIG)
    start = time.monotonic()
    seen = fetch_url(client, web.url(path), policy, CONFIG, 1.0)
    elapsed = time.monotonic() - start
    client.close()
    assert (seen.status, seen.error) == (status, error)
    assert elapsed < 1.0 + 0.5


@pytest.mark.parametrize(
    ("path", "policy", "status"),
    [("/bomb-redirect", HostPolicy(), "redirected"), ("/bomb-redirect", GET, "redirected")]
    + [("/bomb", GET, "ok")],
)
def test_compressed_bodies_never_inflate_past_the_cap(
    web: FixtureWeb, path: str, policy: HostPolicy, status: str
) -> None:
    client = make_client(CONFIG)
    gzip_bomb()  # made before measuring
    tracemalloc.start()
    try:
        seen = fetch_url(client, web.url(path), policy, CONFIG, 5.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        client.close()
    assert classify(seen, policy, CONFIG).status == status
    assert len(seen.body.encode()) <= CONFIG.max_bytes
    assert peak < 4 * CONFIG.max_bytes + 2 * 1024 * 1024  # the bomb is BOMB_SIZE (64 MiB)


@pytest.mark.parametrize(
    ("data", "encoding", "want"),
    [
        (gzip.compress(b"hello"), "gzip", b"hello"),
        (gzip.compress(gzip.compress(b"hello")), "gzip, gzip", b"hello"),
        (zlib.compress(b"hello"), "deflate", b"hello"),
        (zlib.compress(b"hello")[2:-4], "deflate", b"hello"),  # raw deflate, no zlib header
        (b"hello", "identity", b"hello"),
        (b"hello", "", b"hello"),
        (b"hello", "br", None),
        (b"not gzip", "gzip", b""),
        (gzip.compress(bytes(BOMB_SIZE)), "gzip", bytes(1000)),
    ],
)
def test_inflate(data: bytes, encoding: str, want: bytes | None) -> None:
    assert inflate(data, encoding, 1000) == want


PUBLIC = load_config(None)  # allow_private: false, as on a pull request


def test_private_address_is_skipped_without_a_request(web: FixtureWeb) -> None:
    before = web.hits("/ok/private")
    client = make_client(PUBLIC)
    seen = fetch_url(client, web.url("/ok/private"), HostPolicy(), PUBLIC, 2.0)
    client.close()
    verdict = classify(seen, HostPolicy(), PUBLIC)
    assert (verdict.status, verdict.final_url) == ("skipped", None)
    assert verdict.message == (
        f"not checked: 127.0.0.2 resolves to 127.0.0.2, a loopback address; {OPT_IN}"
    )
    assert web.hits("/ok/private") == before


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/hop-away", "127.0.0.4"),
        ("/hop-localhost", "localhost"),
        ("/hop-metadata", "169.254.169.254"),
    ],
)
def test_redirect_into_a_private_address_is_not_followed(
    web: FixtureWeb, monkeypatch: pytest.MonkeyPatch, path: str, target: str
) -> None:
    """127.0.0.2 plays a public host here; its redirect leads into the (private) rest."""
    from llm_atlas.links import address

    real = address.address_reason
    monkeypatch.setattr(
        address, "address_reason", lambda a: None if str(a) == "127.0.0.2" else real(a)
    )
    before = sum(web.hits("/ok", host=i) for i in range(len(web.hosts)))
    client = make_client(PUBLIC)
    seen = fetch_url(client, web.url(path), HostPolicy(), PUBLIC, 2.0)
    client.close()
    verdict = classify(seen, HostPolicy(), PUBLIC)
    assert (verdict.status, verdict.final_url) == ("skipped", None)
    assert verdict.message.startswith(f"redirected to http://{target}")
    assert sum(web.hits("/ok", host=i) for i in range(len(web.hosts))) == before


@pytest.mark.parametrize(
    ("path", "policy", "status"),
    [
        ("/anchors#install", HostPolicy(), "missing-anchor"),  # user-content- is GitHub's only
        ("/anchors#old-name", HostPolicy(), "ok"),
        ("/anchors#%E9%87%8F%E5%8C%96", HostPolicy(), "ok"),
        ("/anchors#decoy", HostPolicy(), "missing-anchor"),
        ("/anchors#gone", HostPolicy(), "missing-anchor"),
        ("/anchors-moved#gone", HostPolicy(), "missing-anchor"),
        ("/anchors#gone", HostPolicy(fragments=False), "ok"),
        ("/anchors#/route", HostPolicy(), "ok"),
        ("/anchors#L10-L20", HostPolicy(), "ok"),
        ("/gone404#install", HostPolicy(), "broken"),
    ],
)
def test_fragments(web: FixtureWeb, path: str, policy: HostPolicy, status: str) -> None:
    client = make_client(CONFIG)
    seen = fetch_url(client, web.url(path), policy, CONFIG, 2.0)
    client.close()
    verdict = classify(seen, policy, CONFIG)
    assert verdict.status == status, verdict.message


def test_slow_name_server_is_cut_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """getaddrinfo has no timeout: a name server that answers after 3 s must not hold 1 s."""
    import socket

    from llm_atlas.links import address

    real = socket.getaddrinfo

    def slow(host: bytes | str, *args: object) -> object:
        if host == b"slow-dns.example":
            time.sleep(3)
        return real(host, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(address.socket, "getaddrinfo", slow)
    client = make_client(PUBLIC)
    start = time.monotonic()
    seen = fetch_url(client, "http://slow-dns.example/x", HostPolicy(), PUBLIC, 1.0)
    elapsed = time.monotonic() - start
    client.close()
    assert (seen.error, seen.detail) == ("timeout", "no answer within the time limit")
    assert elapsed < 1.0 + 0.5
