"""Who is asking: the client's address (behind a trusted proxy, the proxy's word) and the
browser's owner secret (a signed cookie the server issued, never a value the browser chose).

The address is the connection's peer, unless that peer is one of the host's trusted proxies
(``--CourseVoila.trusted_proxies``): then it is the nearest address in ``X-Forwarded-For``
that is not itself a trusted proxy, or ``X-Real-IP``. A client that is not a trusted proxy can
send those headers too; they are ignored.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable
from typing import Any

from widgets.server.guard import OWNER_COOKIE, new_owner_secret, owner_hash

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: how long a browser keeps its owner cookie (browsers cap cookies at about 400 days)
OWNER_COOKIE_DAYS = 365


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and networks (``127.0.0.1``, ``10.0.0.0/8``); ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"trusted_proxies: {value!r} is not an address or network") from error
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: Any, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)


def client_address(peer: str, headers: Any, proxies: tuple[Network, ...]) -> str:
    """The address to count a request against (see the module's docstring)."""
    peer_address = _address(peer)
    if not _trusted(peer_address, proxies):
        return peer or "unknown"
    forwarded = [part for part in headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    for hop in reversed(forwarded[-20:]):  # nearest hop first; each proxy appends its peer
        address = _address(hop)
        if address is None:
            break
        if not _trusted(address, proxies):
            return str(address)
    real = _address(headers.get("X-Real-IP", ""))
    if real is not None:
        return str(real)
    return peer


def browser_id(owner: str) -> str:
    """The id page kernels and the store know a browser by: derived from the hash of its
    owner secret (the kernel never learns the secret itself)."""
    return hashlib.sha256(f"browser:{owner}".encode()).hexdigest()[:32]


def owner_secret(handler: Any) -> tuple[str | None, bool]:
    """The browser's owner secret from its signed cookie, or a new one; the second value is
    True when the secret is new (a cookie must be set)."""
    value = handler.get_signed_cookie(OWNER_COOKIE, max_age_days=OWNER_COOKIE_DAYS)
    if value:
        secret = value.decode("utf-8", "replace")
        if 16 <= len(secret) <= 64:
            return secret, False
    return new_owner_secret(), True


def served_over_tls(peer: str, headers: Any, protocol: str, proxies: tuple[Network, ...]) -> bool:
    """True if the browser reached the course over HTTPS (itself, or a trusted proxy's
    ``X-Forwarded-Proto``)."""
    if protocol == "https":
        return True
    forwarded = headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return forwarded == "https" and _trusted(_address(peer), proxies)


def set_owner_cookie(handler: Any, secret: str, secure: bool) -> None:
    """Give the browser its owner secret: signed, HttpOnly, SameSite=Lax, Secure over TLS."""
    handler.set_signed_cookie(
        OWNER_COOKIE, secret, expires_days=OWNER_COOKIE_DAYS, path=handler.base_url,
        httponly=True, samesite="Lax", secure=secure,
    )


def owner_of(handler: Any) -> str | None:
    """The hash of the owner secret a request carries (None without a valid signed cookie)."""
    value = handler.get_signed_cookie(OWNER_COOKIE, max_age_days=OWNER_COOKIE_DAYS)
    if not value or not 16 <= len(value) <= 64:
        return None
    return owner_hash(value.decode("utf-8", "replace"))
