"""A real HTTP receiver for webhook tests: http.server in a thread, on a free port.

It speaks HTTP/1.1 and keeps connections open, as most receivers do, and
counts the TCP connections it accepted.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]
    at: float
    path: str = ""

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def seqs(self) -> list[int]:
        return [entry["seq"] for entry in self.json["entries"]]


@dataclass
class Receiver:
    """What the receiver got, and how it answers: ``answer(n)`` -> status."""

    port: int = 0
    answer: Callable[[int, Received], int] = lambda n, got: 200
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def acknowledged_seqs(self) -> list[int]:
        """Every change of the deliveries answered 2xx, in the order received."""
        return [
            seq for got in self.received if got.headers.get("_ok") for seq in got.seqs
        ]


@contextmanager
def receiver(
    answer: Callable[[int, Received], int] | None = None,
) -> Iterator[Receiver]:
    state = Receiver()
    if answer is not None:
        state.answer = answer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with state.lock:
                state.connections += 1

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            got = Received(
                self.rfile.read(length),
                dict(self.headers.items()),
                time.monotonic(),
                self.path,
            )
            with state.lock:
                number = len(state.received)
                state.received.append(got)
            status = state.answer(number, got)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:
                pass  # the worker gave up waiting: it will send again

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
