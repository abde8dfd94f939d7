"""Which addresses a link may lead to: public ones only, unless private ones are allowed.

Takes a host name (and for connections a port and a time budget); gives why an address or a name is
not public (loopback, private, link-local and cloud metadata, unspecified …), and a socket connected
to the host only after every address it resolves to was checked. Checking the resolved address, on
every hop of a redirect chain, is what keeps a catalog URL (untrusted input in a pull request) from
making the checker request internal services; `validate` uses the same test on the written host.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Sequence
from typing import Any

# Names that never lead to a public host (RFC 6761, RFC 8375, common internal suffixes).
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet")
OPT_IN = "pass --allow-private or set allow_private: true in links.yaml to check it"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateAddress(OSError):
    """A host resolves to an address the checker must not connect to."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"{host} resolves to {address}, {why}")
        self.host, self.address, self.why = host, address, why


def address_reason(address: Address) -> str | None:
    """Return why ADDRESS is not a public unicast address, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return address_reason(embedded)
    if address.is_loopback:
        return "a loopback address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if address.is_private:
        return "a private address"
    if address.is_multicast or not address.is_global:
        return "not a public address"  # shared (100.64/10, Alibaba's metadata), reserved, …
    return None


def literal_address(host: str) -> Address | None:
    """Return the IP address HOST writes literally (also 2130706433 or 127.1 forms), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:  # the forms getaddrinfo also accepts: 127.1, 0x7f.0.0.1, 2130706433
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeEncodeError):
        return None


def host_reason(host: str) -> str | None:
    """Return why HOST, as written in a URL, is not a public host (without asking DNS)."""
    name = host.lower().rstrip(".")
    if name[:1].isalpha() and ":" not in name:  # a name (the common case): no address to parse
        local = name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES)
        return "a name for a local or internal host" if local else None
    address = literal_address(name)
    if address is not None:
        return address_reason(address)
    if name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES):
        return "a name for a local or internal host"
    return None


def resolve(host: str, port: int, timeout: float | None) -> list[Any]:
    """Return getaddrinfo's answer for HOST, or raise TimeoutError after TIMEOUT seconds.

    The lookup runs in a daemon thread: getaddrinfo has no timeout of its own, and a slow name
    server (anyone's, for a URL in a pull request) must not hold an attempt past its deadline.
    """
    # An ASCII name as bytes: a str would make getaddrinfo import the idna codec (~20 ms).
    query = host.encode() if host.isascii() else host.encode("idna")
    answer: list[Any] = []
    failure: list[BaseException] = []

    def look_up() -> None:
        try:
            answer.extend(socket.getaddrinfo(query, port, 0, socket.SOCK_STREAM))
        except BaseException as exc:  # handed to the waiting thread
            failure.append(exc)

    thread = threading.Thread(target=look_up, daemon=True, name="links-dns")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"no DNS answer for {host} within the time limit")
    if failure:
        raise failure[0]
    return answer


def connect(
    host: str,
    port: int,
    timeout: float | None,
    allow_private: bool,
    options: Sequence[tuple[int, int, Any]] = (),
) -> socket.socket:
    """Return a socket connected to HOST:PORT; raise PrivateAddress before connecting anywhere."""
    infos = resolve(host, port, timeout)
    if not allow_private:
        for *_, sockaddr in infos:
            why = address_reason(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
            if why is not None:
                raise PrivateAddress(host, str(sockaddr[0]), why)
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            for level, name, value in options:
                sock.setsockopt(level, name, value)
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"{host} has no address")
