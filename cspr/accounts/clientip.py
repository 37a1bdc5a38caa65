"""The client's address, taken from X-Forwarded-For only when a configured proxy sent the request.

``CSPR_TRUSTED_PROXIES`` lists the reverse proxies' addresses or networks (``10.0.0.5``,
``10.0.0.0/24``). A request whose peer is one of them carries the client in X-Forwarded-For: read
right to left (each proxy appends the address it received from), skip our own proxies, and the
first address that is not one of them is the client. Anything left of it was written by the client
and is not believed. A request from any other peer: the peer is the client, its headers ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in configured if entry.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    peer = str(request.META.get("REMOTE_ADDR") or "")
    peer_address = _address(peer)
    if peer_address is None or not _trusted(peer_address):
        return peer
    client = peer
    hops = [hop for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage: keep the last address a trusted proxy vouched for
        client = str(address)
        if not _trusted(address):
            break
    return client
