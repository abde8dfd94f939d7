"""links.address: which hosts and addresses are not public, and connections that refuse them."""

from __future__ import annotations

import ipaddress

import pytest

from llm_atlas.links.address import PrivateAddress, address_reason, connect, host_reason


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.1", "a loopback address"),
        ("2130706433", "a loopback address"),
        ("0x7f.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("[::1]", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.0.1", "a private address"),
        ("fd00:ec2::254", "a private address"),
        ("169.254.169.254", "a link-local address (cloud metadata services live there)"),
        ("fe80::1", "a link-local address (cloud metadata services live there)"),
        ("0.0.0.0", "the unspecified address"),
        ("100.100.100.200", "not a public address"),
        ("224.0.0.1", "not a public address"),
        ("localhost", "a name for a local or internal host"),
        ("LOCALHOST.", "a name for a local or internal host"),
        ("api.localhost", "a name for a local or internal host"),
        ("metadata.google.internal", "a name for a local or internal host"),
        ("printer.local", "a name for a local or internal host"),
        ("example.com", None),
        ("github.com", None),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("localhost.example.com", None),
    ],
)
def test_host_reason(host: str, why: str | None) -> None:
    assert host_reason(host) == why


def test_connect_refuses_before_connecting() -> None:
    with pytest.raises(PrivateAddress) as caught:
        connect("localhost", 9, 1.0, allow_private=False)
    assert caught.value.address in ("127.0.0.1", "::1")
    assert str(caught.value).startswith("localhost resolves to ")


def test_public_addresses_pass() -> None:
    assert address_reason(ipaddress.ip_address("93.184.216.34")) is None
