"""Who is on the other end: the one place that decides a request's client address.

Behind a TLS-terminating proxy every request comes from the proxy, and the client's own
address is in ``X-Forwarded-For``. That header is whatever the sender wrote, so it counts
only when the direct peer (``REMOTE_ADDR``) is one of ``TRUSTED_PROXIES``; then the
header is read from the right (the entry our own proxy appended) past any further trusted
proxies, and the first address that is not one of ours is the client. Login lockouts
(django-axes) and the rate limits (``tryggve.limits``) both ask ``client_address``; the
rate limits count by ``rate_subject``.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """Addresses or networks ("10.0.0.5", "10.0.0.0/8", "::1"); raises ValueError."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries
            if entry.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks: list[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def trusted_networks() -> list[Network]:
    """The configured proxies (validated by the system checks, so bad entries are left out
    here rather than failing every request)."""
    networks = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            networks.extend(parse_networks([entry]))
        except ValueError:
            continue
    return networks


def is_trusted_proxy(request) -> bool:
    return _trusted(_address(request.META.get("REMOTE_ADDR", "")), trusted_networks())


def client_address(request) -> str:
    """The client's IP address as text; ``X-Forwarded-For`` only from a trusted proxy."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    if not _trusted(_address(peer), networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    nearest = peer
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            break  # garbled: the nearest address a trusted proxy vouched for is all we know
        nearest = str(address)
        if not _trusted(address, networks):
            break
    return nearest


def rate_subject(request) -> str:
    """Whom a rate limit counts: the client's address, and for IPv6 its /64 network, since
    one household or phone gets a whole /64 and can pick a new address in it at will."""
    text = client_address(request)
    address = _address(text)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return text
