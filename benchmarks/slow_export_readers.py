"""Normal API calls while slow clients download the export.

    python -m benchmarks.slow_export_readers [--statements 3000] [--duration 20]

A fresh SQLite fact file in a temporary folder (``generate_synthetic``),
its export files built, and the app under gunicorn on 127.0.0.1 with
production settings. For each configuration (gthread, as shipped; sync,
as before), one client requests a statement page again and again, first
alone, then while 4 clients read the export at 100 KB/s each; it reports
p50 and p95 of those requests and how many failed. The results go to
``benchmarks/results/slow_export_readers.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.commands import free_port, manage, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
READERS = 4
READ_RATE = 100_000  # bytes a second, each reader
PROBE = "/api/v1/statements/?page_size=50"


@contextlib.contextmanager
def gunicorn(env: dict[str, str], worker_class: str, threads: int) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "factfile.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--worker-class", worker_class),
            *("--threads", str(threads), "--access-logfile", "/dev/null"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_listening(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=60)


class SlowReader(threading.Thread):
    """Reads the export at READ_RATE until told to stop or the file ends."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.status = ""
        self.received = 0

    def run(self) -> None:
        with socket.socket() as sock:
            # A small window, so the kernel buffers do not swallow the file.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
            sock.connect(("127.0.0.1", self.port))
            sock.sendall(
                b"GET /api/v1/export/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Connection: close\r\n\r\n"
            )
            chunk = READ_RATE // 10
            while not self.stop.is_set():
                started = time.monotonic()
                data = sock.recv(chunk)
                if not data:
                    break
                if not self.status:
                    self.status = data.split(b"\r\n", 1)[0].decode(errors="replace")
                self.received += len(data)
                time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))


def probe(base: str, seconds: float) -> dict[str, Any]:
    times: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + PROBE, timeout=60) as answer:
                answer.read()
            times.append(time.monotonic() - started)
        except OSError:
            failures += 1
    times.sort()
    return {
        "requests": len(times),
        "failures": failures,
        "p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1) if times else None,
    }


def measure(env: dict[str, str], worker_class: str, threads: int, seconds: float):
    with gunicorn(env, worker_class, threads) as base:
        urllib.request.urlopen(base + PROBE, timeout=60).read()  # warm up
        alone = probe(base, seconds)
        port = int(base.rsplit(":", 1)[1])
        readers = [SlowReader(port) for _ in range(READERS)]
        for reader in readers:
            reader.start()
        time.sleep(1)
        busy = probe(base, seconds)
        for reader in readers:
            reader.stop.set()
        for reader in readers:
            reader.join(timeout=10)
    busy["readers"] = [
        {"status": r.status, "received_kb": r.received // 1000} for r in readers
    ]
    return {"alone": alone, "with_slow_readers": busy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=3000)
    parser.add_argument("--duration", type=float, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factfile-bench-") as folder:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}
        } | {
            "DJANGO_SETTINGS_MODULE": "factfile.settings",
            "DEBUG": "false",
            "SECRET_KEY": "b7" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "FACTFILE_DATA_DIR": folder,
            "FACTFILE_API_ANONYMOUS_RATE": "1000000/min",
            "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "3"),
        }
        manage("migrate", "--noinput", "-v0", env=env)
        manage(
            "generate_synthetic",
            "--statements",
            str(options.statements),
            env=env,
            timeout=1800,
        )
        manage("export_factfile", "--build", env=env)
        size = sum(p.stat().st_size for p in Path(folder, "exports").glob("*.jsonl"))
        results: dict[str, Any] = {
            "statements": options.statements,
            "export_jsonl_mb": round(size / 1e6, 1),
            "workers": int(env["GUNICORN_WORKERS"]),
            "readers": READERS,
            "read_rate_kb_s": READ_RATE // 1000,
            "seconds": options.duration,
        }
        for name, worker_class, threads in (
            ("gthread, 4 threads (shipped)", "gthread", 4),
            ("sync (before)", "sync", 1),
        ):
            results[name] = measure(env, worker_class, threads, options.duration)
            print(name, json.dumps(results[name], indent=1), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "slow_export_readers.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
