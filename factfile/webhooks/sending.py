"""The HTTP side of deliveries: the guard, then a kept-alive connection.

A ``Sender`` keeps idle connections per resolved destination, that is per
(scheme, address, port, host name), and reuses them from one delivery to
the next, so a receiver that answers HTTP/1.1 keeps its connection open
between rounds. The guard still runs before every request: the host is
resolved and checked, and the request goes over a connection to the
address just checked. A name that now resolves elsewhere gets another
connection (or is refused), never the one opened to its old address.

The standard library's ``http.client`` is used directly: a delivery is one
POST with a known body, and a pool of a few lines costs about half the CPU
time per request of a general-purpose client.
"""

from __future__ import annotations

import http.client
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factfile import outbound

USER_AGENT = "factfile-webhooks/1"
# What is read of a receiver's answer; a longer one closes the connection.
ANSWER_BYTES = 64 * 1024
# A pool nobody used for this long is closed (its receiver moved or left).
IDLE_POOL_SECONDS = 300

PoolKey = tuple[str, str, int, str]
Connection = http.client.HTTPConnection


@dataclass
class Outcome:
    status: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _host_header(scheme: str, host: str, port: int) -> str:
    header = f"[{host}]" if ":" in host else host
    if port != (443 if scheme == "https" else 80):
        header = f"{header}:{port}"
    return header


class _VerifiedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the address checked, the certificate verified for the host name."""

    def __init__(
        self,
        address: str,
        port: int,
        *,
        host: str,
        timeout: float,
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(address, port, timeout=timeout, context=context)
        self.server_hostname = host

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
            self.sock, server_hostname=self.server_hostname
        )


class Sender:
    """POSTs under the guard, over connections kept per checked address.

    Safe to share between threads. ``allowed`` gives the non-public
    networks let through, read at every request; ``resolver`` is the name
    lookup the guard uses; at most ``connections`` idle connections are kept
    per destination.
    """

    def __init__(
        self,
        *,
        timeout: float,
        connections: int,
        allowed: Callable[[], Sequence[outbound.Network]],
        resolver: Callable[[str, int], list[str]] | None = None,
    ) -> None:
        self.timeout = timeout
        self.connections = connections
        self.allowed = allowed
        # Looked up at every call, so that a replaced outbound.resolve counts.
        self.resolver = resolver or (lambda host, port: outbound.resolve(host, port))
        self._idle: dict[PoolKey, list[Connection]] = {}
        self._used: dict[PoolKey, float] = {}
        self._lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None

    def pool_count(self) -> int:
        """Destinations with connections kept or made."""
        return len(self._used)

    def _take(self, key: PoolKey) -> Connection:
        with self._lock:
            self._used[key] = time.monotonic()
            if idle := self._idle.get(key):
                return idle.pop()
        scheme, address, port, host = key
        if scheme == "https":
            if self._tls is None:
                self._tls = ssl.create_default_context()
            return _VerifiedHTTPSConnection(
                address, port, host=host, timeout=self.timeout, context=self._tls
            )
        return http.client.HTTPConnection(address, port, timeout=self.timeout)

    def _give_back(self, key: PoolKey, conn: Connection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.connections and key in self._used:
                idle.append(conn)
                return
        conn.close()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
        """POST ``body`` to ``url``, resolved and checked now."""
        started = time.monotonic()

        def took() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            scheme, host, port, path = outbound.parse_url(url)
            # Checked at every delivery: a name may point elsewhere since the
            # subscription was made, or since the last delivery.
            address = outbound.checked_address(
                host, port, allowed=self.allowed(), resolver=self.resolver
            )
        except outbound.OutboundRefused as refused:
            return Outcome(None, str(refused), took())
        key = (scheme, address, port, host)
        headers = {**headers, "Host": _host_header(scheme, host, port)}
        for _ in (1, 2):
            conn = self._take(key)
            kept = conn.sock is not None
            if not kept:
                try:
                    conn.connect()
                except TimeoutError:
                    conn.close()
                    return Outcome(None, f"no answer within {self.timeout:g} s", took())
                except (OSError, ssl.CertificateError) as error:
                    conn.close()
                    return Outcome(
                        None, f"could not connect: {type(error).__name__}", took()
                    )
            try:
                status, reusable = self._exchange(conn, path, body, headers)
            except TimeoutError:
                conn.close()
                return Outcome(None, f"no answer within {self.timeout:g} s", took())
            except (http.client.HTTPException, OSError) as error:
                conn.close()
                # A kept connection the receiver closed meanwhile fails at
                # once: once more on a new connection before calling it a
                # failure. A receiver gets a delivery twice at worst, which
                # it must accept anyway.
                if kept and time.monotonic() - started < 1:
                    continue
                return Outcome(None, f"connection lost: {type(error).__name__}", took())
            if reusable:
                self._give_back(key, conn)
            else:
                conn.close()
            error = "" if 200 <= status < 300 else f"the receiver answered {status}"
            return Outcome(status, error, took())
        raise AssertionError("unreachable")

    @staticmethod
    def _exchange(
        conn: Connection, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bool]:
        """Send the request, read the answer; (status, whether to keep it open)."""
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        # The answer is not used, but reading it to its end is what lets the
        # connection serve the next request; a longer one closes it.
        response.read(ANSWER_BYTES)
        return response.status, response.isclosed() and not response.will_close

    def prune(self, idle_seconds: float = IDLE_POOL_SECONDS) -> None:
        """Close the connections of destinations nobody used for ``idle_seconds``."""
        cutoff = time.monotonic() - idle_seconds
        with self._lock:
            stale = [key for key, used in self._used.items() if used < cutoff]
            closing = [conn for key in stale for conn in self._idle.pop(key, [])]
            for key in stale:
                del self._used[key]
        for conn in closing:
            conn.close()

    def close(self) -> None:
        with self._lock:
            closing = [conn for idle in self._idle.values() for conn in idle]
            self._idle.clear()
            self._used.clear()
        for conn in closing:
            conn.close()
