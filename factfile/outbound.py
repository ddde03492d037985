"""Connections the server opens to addresses someone else gave: the guard.

An address from outside (an article an editor imports, a receiver a
publishing tool subscribes) is untrusted input that makes the server open a
connection. Only http(s) is accepted; the host is resolved once, every
address it resolves to must be public, and the caller connects to the
address that was checked, so a name that resolves to a public address for
the check and a private one for the connection (DNS rebinding) cannot reach
inside. ``allowed`` lists networks let through although they are not public.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# NAT64 embeds an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_DOTTED_QUAD = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


class OutboundRefused(Exception):
    """An address was not connected to; the message says why, in one line."""


def networks(items: Sequence[str]) -> list[Network]:
    """The networks named by ``items`` (``127.0.0.1``, ``10.0.0.0/8``)."""
    return [ipaddress.ip_network(item, strict=False) for item in items]


def _embedded(address: Address) -> list[Address]:
    """The address and the IPv4 addresses an IPv6 one carries inside it."""
    found: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            found.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            found.append(address.sixtofour)
        if address.teredo is not None:
            found.extend(address.teredo)
        if address in _NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def address_problem(address: Address, *, allowed: Sequence[Network] = ()) -> str | None:
    """Why the guard refuses to connect to ``address``, or None if it may."""
    if any(address in network for network in allowed):
        return None
    for inner in _embedded(address):
        for flag, what in (
            ("is_unspecified", "an unspecified address"),
            ("is_loopback", "a loopback address"),
            ("is_link_local", "a link-local address"),
            ("is_multicast", "a multicast address"),
            ("is_reserved", "a reserved address"),
            ("is_private", "a private address"),
        ):
            if getattr(inner, flag):
                return what
        if not inner.is_global:
            return "not a public address"
    return None


def _check_host(host: str) -> None:
    """Refuse host names no public server lives at, before any lookup."""
    if _DOTTED_QUAD.fullmatch(host) or ":" in host:
        return  # an IP address in its usual spelling, checked once resolved
    try:
        socket.inet_aton(host)
    except OSError:
        pass
    else:
        # 2130706433, 0177.0.0.1, 0x7f.1: other spellings of an IPv4 address,
        # used to slip a private one past a filter.
        raise OutboundRefused(
            f"refused: “{host[:80]}” is an IP address in an unusual spelling"
        )
    labels = host.rstrip(".").split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise OutboundRefused(f"refused: “{host[:80]}” is not a valid host name")


def parse_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or OutboundRefused."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise OutboundRefused(f"refused: the URL is over {MAX_URL_LENGTH} characters")
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise OutboundRefused("refused: the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise OutboundRefused(f"refused: not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused(
            f"refused: only http:// and https:// addresses are fetched, not "
            f"“{scheme[:20] or 'no scheme'}”"
        )
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused("refused: the URL carries a user name or password")
    host = (parts.hostname or "").lower()
    if not host:
        raise OutboundRefused("refused: the URL has no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise OutboundRefused(
            f"refused: “{host[:80]}” is not a valid host name"
        ) from None
    _check_host(host)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, as the system resolver gives them."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise OutboundRefused(
            f"refused: the host “{host[:80]}” was not found"
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_address(
    host: str,
    port: int,
    *,
    allowed: Sequence[Network] = (),
    resolver: Callable[[str, int], list[str]] = resolve,
) -> str:
    """The one address to connect to; every address of the host must be public."""
    addresses = resolver(host.strip("[]"), port)
    if not addresses:
        raise OutboundRefused(f"refused: the host “{host[:80]}” was not found")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if problem := address_problem(address, allowed=allowed):
            raise OutboundRefused(
                f"refused: “{host[:80]}” is {problem} ({address}), not a public one"
            )
    return addresses[0]
