"""Fetch an article from a URL an editor gives, and nothing else.

An editor's URL is untrusted input that makes the server open a connection:
the guard below refuses anything but http(s) to public addresses. The host
is resolved once, every address it resolves to is checked, and the
connection goes to the address that was checked, so a name that resolves to
a public address for the check and a private one for the connection (DNS
rebinding) cannot reach inside. Every redirect is checked the same way;
the size, the time and the kind of content are bounded.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from factfile import outbound
from factfile.outbound import MAX_URL_LENGTH as MAX_URL_LENGTH
from factfile.outbound import OutboundRefused as FetchRefused
from factfile.outbound import parse_url as parse_url
from factfile.outbound import resolve as resolve

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_CONNECT_SECONDS = 5.0
DEFAULT_TOTAL_SECONDS = 15.0
MAX_REDIRECTS = 5
CONTENT_TYPES = {"text/html": ".html", "text/plain": ".txt"}
USER_AGENT = "factfile-importer/1.0 (+newsroom fact file)"


@dataclass
class Fetched:
    """A page as fetched: where it ended up, its bytes, and a file name for them."""

    url: str
    data: bytes
    content_type: str
    name: str


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _allowed_networks() -> list[outbound.Network]:
    # Addresses the guard lets through although they are not public: only
    # tests set this, to reach their own server on the loopback address.
    return outbound.networks(getattr(settings, "FACTFILE_FETCH_ALLOW_HOSTS", []))


def address_problem(address: outbound.Address) -> str | None:
    """Why the guard refuses to connect to ``address``, or None if it may."""
    return outbound.address_problem(address, allowed=_allowed_networks())


def checked_address(host: str, port: int) -> str:
    """The one address to connect to; every address of the host must be public."""
    # Looked up at each call, so that ``resolve`` can be replaced.
    return outbound.checked_address(
        host,
        port,
        allowed=_allowed_networks(),
        resolver=lambda name, number: resolve(name, number),
    )


def _pool(
    scheme: str, host: str, address: str, port: int, *, seconds_left: float
) -> urllib3.HTTPConnectionPool:
    connect = _setting("FACTFILE_FETCH_CONNECT_SECONDS", DEFAULT_CONNECT_SECONDS)
    timeout = urllib3.Timeout(
        connect=min(connect, seconds_left), read=max(seconds_left, 0.1)
    )
    if scheme == "https":
        # Connect to the checked address; the certificate is still checked
        # against the host name, which also goes in the TLS handshake.
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(
        address, port, timeout=timeout, retries=False, maxsize=1
    )


def _file_name(url: str, content_type: str) -> str:
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"[^\w.-]+", "-", last)[:80].strip("-.") or "page"
    return f"{parts.hostname}-{stem}{CONTENT_TYPES[content_type]}"


def _content_type(header: str) -> tuple[str, str]:
    kind, _, rest = header.partition(";")
    charset = ""
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def _as_utf8(data: bytes, charset: str) -> bytes:
    """The bytes in UTF-8, as the importer reads them, from the declared charset."""
    if not charset or charset in ("utf-8", "utf8"):
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        raise FetchRefused(
            f"refused: the page is not valid text in its charset “{charset[:30]}”"
        ) from None


def fetch(url: str) -> Fetched:
    """GET ``url`` under the guard; return the page or raise FetchRefused."""
    max_bytes = int(_setting("FACTFILE_FETCH_MAX_BYTES", DEFAULT_MAX_BYTES))
    total = _setting("FACTFILE_FETCH_TOTAL_SECONDS", DEFAULT_TOTAL_SECONDS)
    deadline = time.monotonic() + total
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = parse_url(url)
        address = checked_address(host, port)
        default_port = port == (443 if scheme == "https" else 80)
        host_header = host if default_port else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if default_port else f"[{host}]:{port}"
        seconds_left = deadline - time.monotonic()
        if seconds_left <= 0:
            raise FetchRefused("refused: the page took too long to arrive")
        pool = _pool(scheme, host, address, port, seconds_left=seconds_left)
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html, text/plain;q=0.9",
                    "Accept-Encoding": "identity",
                },
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchRefused(_connection_problem(error, host)) from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location", "")
                if not location:
                    raise FetchRefused("refused: a redirect without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(
                    f"refused: the server answered {response.status} "
                    f"{(response.reason or '')[:40]}".rstrip()
                )
            kind, charset = _content_type(response.headers.get("Content-Type", ""))
            if kind not in CONTENT_TYPES:
                raise FetchRefused(
                    f"refused: the page is “{kind[:60] or 'of no stated type'}”; "
                    "only text/html and text/plain are imported"
                )
            length = response.headers.get("Content-Length", "")
            if re.fullmatch(r"[0-9]{1,20}", length) and int(length) > max_bytes:
                raise FetchRefused(_too_big(max_bytes))
            data = _read(response, max_bytes, deadline)
        finally:
            response.release_conn()
            pool.close()
        return Fetched(url, _as_utf8(data, charset), kind, _file_name(url, kind))
    raise FetchRefused(f"refused: more than {MAX_REDIRECTS} redirects")


def _read(response: urllib3.BaseHTTPResponse, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        # read1 returns what has arrived: a server sending a byte at a time
        # cannot keep one read going past the deadline.
        while chunk := response.read1(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchRefused(_too_big(max_bytes))
            if time.monotonic() > deadline:
                raise FetchRefused("refused: the page took too long to arrive")
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as error:
        raise FetchRefused(_connection_problem(error, "the server")) from None
    return b"".join(chunks)


def _too_big(max_bytes: int) -> str:
    return f"refused: the page is over the limit of {max_bytes / 1e6:.1f} MB"


def _connection_problem(error: Exception, host: str) -> str:
    # urllib3 makes a refused connection a kind of connect timeout.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return f"refused: could not connect to {host[:80]}"
    if isinstance(error, urllib3.exceptions.TimeoutError | TimeoutError):
        return f"refused: {host[:80]} did not answer in time"
    if isinstance(error, urllib3.exceptions.SSLError):
        return f"refused: {host[:80]} has no valid certificate for its name"
    return f"refused: could not connect to {host[:80]}"
