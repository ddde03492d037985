"""A real HTTP server on the loopback address, serving articles a test sets up."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait between bytes, to play a server that drips its answer.
    drip: float = 0.0


class ArticleServer:
    """Pages by path; every request is recorded with its Host header."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("Host", "")))
                page = server.pages.get(self.path, Page(404, b"not here", "text/plain"))
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                if not page.drip:
                    self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    if page.drip:
                        for byte in page.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(page.drip)
                    else:
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def serve(self, path: str, body: str | bytes = b"", **options: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = Page(body=data, **options)  # type: ignore[arg-type]
        return self.url + path


@pytest.fixture
def article_server() -> Iterator[ArticleServer]:
    server = ArticleServer()
    thread = threading.Thread(
        target=server.httpd.serve_forever, args=(0.05,), daemon=True
    )
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def loopback_allowed(settings):  # type: ignore[no-untyped-def]
    """Let the fetch guard reach the test's own server, and nothing else local."""
    settings.FACTFILE_FETCH_ALLOW_HOSTS = ["127.0.0.1/32"]
    return settings
