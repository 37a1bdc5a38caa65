"""The client address behind a configured proxy: X-Forwarded-For read right to left, our own
proxies skipped, and headers from anyone else ignored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from cspr.accounts.clientip import client_ip


def _ip(peer: str, forwarded: str | None = None) -> str:
    extra: dict[str, Any] = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),  # no proxy
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not our proxy: its header is not believed
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),  # our proxy names the client
        ("10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # the client wrote the first entry
        ("10.0.0.1", "198.51.100.1, 10.0.0.2", "198.51.100.1"),  # two of our proxies in a row
        ("10.0.0.1", "not-an-address, 10.0.0.2", "10.0.0.2"),  # garbage: the last hop we trust
        ("10.0.0.1", "", "10.0.0.1"),
        ("::1", "2001:db8::5", "::1"),  # IPv6 peers not listed are not trusted
    ],
)
def test_client_address(settings: Any, peer: str, forwarded: str | None, expected: str) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert _ip(peer, forwarded) == expected


def test_no_trusted_proxies_means_the_peer(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert _ip("10.0.0.1", "198.51.100.1") == "10.0.0.1"
