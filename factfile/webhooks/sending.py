"""The HTTP side of deliveries: the guard, then a kept-alive connection.

A ``Sender`` keeps one connection pool per resolved destination, that is
per (scheme, address, port, host name), and reuses it from one delivery to
the next, so a receiver that answers HTTP/1.1 keeps its connection open
between rounds. The guard still runs before every request: the host is
resolved and checked, and the request goes to the pool of the address just
checked. A name that now resolves elsewhere gets another pool (or is
refused), never the connection opened to its old address.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import urllib3

from factfile import outbound

USER_AGENT = "factfile-webhooks/1"
# What is read of a receiver's answer; a longer one closes the connection.
ANSWER_BYTES = 64 * 1024
# A pool nobody used for this long is closed (its receiver moved or left).
IDLE_POOL_SECONDS = 300

PoolKey = tuple[str, str, int, str]


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


class Sender:
    """POSTs under the guard, through pools kept per checked address.

    Safe to share between threads. ``allowed`` gives the non-public
    networks let through, read at every request; ``resolver`` is the name
    lookup the guard uses.
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
        self._pools: dict[PoolKey, urllib3.HTTPConnectionPool] = {}
        self._used: dict[PoolKey, float] = {}
        self._lock = threading.Lock()

    def pool_count(self) -> int:
        return len(self._pools)

    def _pool(self, key: PoolKey) -> urllib3.HTTPConnectionPool:
        scheme, address, port, host = key
        with self._lock:
            self._used[key] = time.monotonic()
            if (pool := self._pools.get(key)) is not None:
                return pool
            timeout = urllib3.Timeout(connect=self.timeout, read=self.timeout)
            # Not blocking: a thread that finds every kept connection busy
            # opens one more, and it is kept if there is room.
            if scheme == "https":
                pool = urllib3.HTTPSConnectionPool(
                    address,
                    port,
                    timeout=timeout,
                    retries=False,
                    maxsize=self.connections,
                    block=False,
                    server_hostname=host,
                    assert_hostname=host,
                    cert_reqs="CERT_REQUIRED",
                )
            else:
                pool = urllib3.HTTPConnectionPool(
                    address,
                    port,
                    timeout=timeout,
                    retries=False,
                    maxsize=self.connections,
                    block=False,
                )
            self._pools[key] = pool
            return pool

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
        pool = self._pool((scheme, address, port, host))
        headers = {**headers, "Host": _host_header(scheme, host, port)}
        for attempt in (1, 2):
            try:
                status = self._send(pool, path, body, headers)
                break
            except urllib3.exceptions.NewConnectionError as error:
                return Outcome(None, f"could not connect: {_reason(error)}", took())
            except urllib3.exceptions.TimeoutError:
                return Outcome(None, f"no answer within {self.timeout:g} s", took())
            except urllib3.exceptions.ProtocolError as error:
                # A kept connection the receiver closed meanwhile fails this
                # way: once more on a new connection before calling it a
                # failure. A receiver gets a delivery twice at worst, which
                # it must accept anyway.
                if attempt == 2:
                    return Outcome(None, f"connection lost: {_reason(error)}", took())
            except urllib3.exceptions.HTTPError as error:
                return Outcome(None, f"could not connect: {_reason(error)}", took())
        error = "" if 200 <= status < 300 else f"the receiver answered {status}"
        return Outcome(status, error, took())

    @staticmethod
    def _send(
        pool: urllib3.HTTPConnectionPool,
        path: str,
        body: bytes,
        headers: dict[str, str],
    ) -> int:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
        )
        try:
            # The answer is not used, but reading it to its end is what
            # lets the connection serve the next request.
            response.read(ANSWER_BYTES, decode_content=False)
        except (urllib3.exceptions.HTTPError, OSError):
            response.close()
        else:
            if not response.closed:
                response.close()  # too long: not worth keeping the connection
        response.release_conn()
        return response.status

    def prune(self, idle_seconds: float = IDLE_POOL_SECONDS) -> None:
        """Close the pools nobody used for ``idle_seconds``."""
        cutoff = time.monotonic() - idle_seconds
        with self._lock:
            stale = [key for key, used in self._used.items() if used < cutoff]
            pools = [self._pools.pop(key) for key in stale]
            for key in stale:
                del self._used[key]
        for pool in pools:
            pool.close()

    def close(self) -> None:
        with self._lock:
            pools = list(self._pools.values())
            self._pools.clear()
            self._used.clear()
        for pool in pools:
            pool.close()


def _reason(error: Exception) -> str:
    inner = error.args[1] if len(error.args) > 1 else None
    return type(inner if isinstance(inner, Exception) else error).__name__
