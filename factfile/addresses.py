"""Web addresses that become links in public pages: which are accepted, how written.

A source's ``url`` and ``archive_url`` are links a reader follows from a
citation pasted into someone else's page, or from the lookup page. Only
``http`` and ``https`` addresses are accepted, without whitespace, quotes or
angle brackets (the characters that end an HTML attribute or a Markdown link
early). Every address that goes into a citation or a page is written as a
URI: non-ASCII is percent-encoded as UTF-8 (an article's French path keeps
working), and so is every character that Markdown or HTML read as syntax.
"""

from __future__ import annotations

import functools
import re
from html import escape
from urllib.parse import quote

import idna
from django.core.exceptions import ValidationError

SCHEMES = ("http", "https")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What ends an attribute value or a Markdown link destination early, and
# what no address needs to carry unencoded.
_FORBIDDEN = re.compile(r"[\s\"'<>\x00-\x1f\x7f]")
# Characters left as they are in a path, a query or a fragment: the
# unreserved ones, the delimiters a URL needs, and ``%`` of an escape. The
# rest (space, quotes, ``<>()[]{}\`^|``, controls, non-ASCII) is encoded.
_KEPT = "-._~:/?#@!$&+,;=*%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# An address with nothing to encode: http(s), an ASCII host, then only
# characters kept as they are and whole percent escapes.
_PLAIN = re.compile(
    r"(https?://)([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*\.?(?::[0-9]{1,5})?)"
    r"((?:[/?#](?:[A-Za-z0-9\-._~:/?#@!$&+,;=*]|%[0-9A-Fa-f]{2})*)?)",
    re.IGNORECASE,
)
_ASCII_HOST = re.compile(r"[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*\.?")
_IPV6_HOST = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r":[0-9]{0,5}")
# ``&amp;`` inside a Markdown link destination is read as ``&``.
_ENTITY_END = re.compile(r"(&#?[A-Za-z0-9]+);")


def problem_with(url: str) -> str | None:
    """Why ``url`` cannot be a source's address, in one line; None if it can."""
    if not as_uri(url):
        return "Give an address that starts with http:// or https://."
    if _FORBIDDEN.search(url):
        return (
            "An address cannot contain spaces, quotes or angle brackets; "
            "percent-encode them (%20, %22, %27, %3C, %3E)."
        )
    return None


def validate_http_url(value: str) -> None:
    """Refuse an address that is not http(s) or carries whitespace, quotes, <>."""
    if reason := problem_with(value):
        raise ValidationError(reason, code="unsafe_url")


def _encode(part: str) -> str:
    return _LONE_PERCENT.sub("%25", quote(part, safe=_KEPT))


def _host(host: str) -> str | None:
    """The host in ASCII (an IDN in punycode), or None if it cannot be one."""
    if _ASCII_HOST.fullmatch(host) or _IPV6_HOST.fullmatch(host):
        return host.lower()
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        try:  # IDNA 2003, as Django's URL validator reads hosts
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return ascii_host.lower() if _ASCII_HOST.fullmatch(ascii_host) else None


def _authority(authority: str) -> str | None:
    """``[userinfo@]host[:port]`` encoded, or None if it names no host."""
    userinfo, at, hostport = authority.rpartition("@")
    host, port = hostport, ""
    end = hostport.rfind("]") + 1 if hostport.startswith("[") else 0
    colon = hostport.find(":", end)
    if colon != -1:
        host, port = hostport[:colon], hostport[colon:]
        if not _PORT.fullmatch(port):
            return None
    ascii_host = _host(host) if host else None
    if ascii_host is None:
        return None
    # The first ``@`` of several is part of the user name, as browsers read it.
    user = quote(userinfo, safe=_KEPT.replace("@", "")) + at if at else ""
    # An empty port is the scheme's own.
    return f"{_LONE_PERCENT.sub('%25', user)}{ascii_host}{port if port != ':' else ''}"


def as_uri(url: object) -> str:
    """``url`` as an http(s) URI with every unsafe character encoded, or ''.

    Anything but an http(s) address with a host (``javascript:``,
    ``data:``, a relative path, text that is no address) gives ''.
    """
    if not isinstance(url, str):
        return ""
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        # Most addresses: nothing to encode, only the scheme and host to
        # write in lower case.
        return plain[1].lower() + plain[2].lower() + plain[3]
    return _encoded_uri(url)


# Many citations point to the same few sources.
@functools.lru_cache(maxsize=4096)
def _encoded_uri(url: str) -> str:
    match = _SCHEME.match(url)
    if match is None or match[1].lower() not in SCHEMES:
        return ""
    rest = url[match.end() :]
    if not rest.startswith("//"):
        return ""
    try:
        rest.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate is no character of an address
        return ""
    # Browsers end the host at a backslash as they do at a slash.
    end = len(rest)
    for delimiter in "/?#\\":
        found = rest.find(delimiter, 2)
        if found != -1:
            end = min(end, found)
    authority, tail = _authority(rest[2:end]), rest[end:]
    if authority is None:
        return ""
    if tail.startswith("\\"):
        # As the browser would read it; encoded, the backslash would join
        # the host to what follows, which could name another host.
        tail = "/" + tail[1:]
    return f"{match[1].lower()}://{authority}{_encode(tail)}"


def for_markdown(url: object) -> str:
    """An address for a Markdown link destination, or '' if it is not http(s).

    No space, ``<>()[]"'``, backslash, backtick or control character is
    left to end the destination or start other syntax; an entity-like
    ``&name;`` is kept from being decoded.
    """
    return _ENTITY_END.sub(r"\1%3B", as_uri(url))


def for_html(url: object) -> str:
    """An address for an ``href`` attribute, or '' if it is not http(s)."""
    return escape(as_uri(url), quote=True)
