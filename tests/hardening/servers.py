"""Throwaway PostgreSQL and Redis servers, and the app served against them.

Each runs on a free loopback port in a temporary folder, can be stopped and
started again mid-test, and is removed at the end. In CI (``CI=true``) a
missing server binary fails the test instead of skipping it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.commands import free_port as free_port
from benchmarks.commands import manage as manage
from tests.ci import IN_CI

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing(what: str) -> None:
    message = f"{what} is needed for this test"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def wait_for_port(port: int, *, up: bool, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            reachable = sock.connect_ex(("127.0.0.1", port)) == 0
        if reachable == up:
            return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} still {'down' if up else 'up'} after {timeout}s")


def _as_postgres(*args: str) -> list[str]:
    # initdb refuses to run as root; the cluster belongs to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return list(args)


@dataclass
class ThrowawayPostgres:
    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, name: str = "factfile") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.folder / "log"),
                "-w",
                "start",
            ),
            check=True,
            capture_output=True,
        )
        wait_for_port(self.port, up=True)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
            ),
            check=False,
            capture_output=True,
        )
        wait_for_port(self.port, up=False)

    def create_database(self, name: str = "factfile") -> None:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                f"CREATE DATABASE {name}",
            ],
            check=True,
            capture_output=True,
        )


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    if not (PG_BIN / "initdb").exists():
        missing(f"PostgreSQL's server binaries ({PG_BIN})")
    folder = Path(tempfile.mkdtemp(prefix="factfile-pg-"))
    folder.chmod(0o755)  # the postgres user has to reach the cluster inside
    server = ThrowawayPostgres(folder / "cluster")
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class ThrowawayRedis:
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        wait_for_port(self.port, up=False)


@contextlib.contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if shutil.which("redis-server") is None:
        missing("redis-server")
    folder = Path(tempfile.mkdtemp(prefix="factfile-redis-"))
    server = ThrowawayRedis(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production server on loopback, without HTTPS."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "factfile.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x9" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Loopback has no TLS; everything else stays as in production.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "FACTFILE_REQUIRE_2FA": "false",
        "FACTFILE_API_ANONYMOUS_RATE": "100000/min",
    }
    env |= overrides
    return env


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def get(
    url: str, *, timeout: float = 30, headers: dict[str, str] | None = None
) -> Response:
    request = urllib.request.Request(url, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(
                answer.status,
                dict(answer.headers),
                answer.read(),
                time.monotonic() - started,
            )
    except urllib.error.HTTPError as error:
        return Response(
            error.code, dict(error.headers), error.read(), time.monotonic() - started
        )


@contextlib.contextmanager
def app_server(env: dict[str, str], *, workers: int = 2) -> Iterator[str]:
    """The app under gunicorn on a free loopback port; yields its base URL.

    Gunicorn touches no database at start, as in production, so a server can
    be started against a database that is down.
    """
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factfile.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, up=True, timeout=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def reverse_proxy(upstream: str) -> Iterator[str]:
    """nginx on a free loopback port in front of ``upstream``; yields its URL.

    It proxies with the project's own ``docs/deploy/nginx-proxy.conf``, as a
    production site does.
    """
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        missing("nginx (Debian package nginx)")
    port = free_port()
    upstream_address = upstream.removeprefix("http://")
    snippet = ROOT / "docs" / "deploy" / "nginx-proxy.conf"
    with tempfile.TemporaryDirectory(prefix="factfile-nginx-") as folder:
        config = Path(folder) / "nginx.conf"
        config.write_text(
            f"""
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream factfile {{ server {upstream_address}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{ include {snippet}; }}
    }}
}}
"""
        )
        process = subprocess.Popen(
            [nginx, "-p", folder, "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for_port(port, up=True, timeout=20)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
