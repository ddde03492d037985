"""Measure webhook delivery: many subscriptions, a stream of changes, one worker.

    python -m benchmarks.webhooks --subscriptions 1000 --changes 10000 --rate 100

On a PostgreSQL database of its own (``factfile_webhooks_bench``, emptied
of subscriptions and changes on every run), ``--subscriptions`` subscriptions
(scope "all") point at one local receiver on loopback. ``manage.py
deliver_webhooks`` runs as in production, as a process of its own. This
process then writes ``--changes`` entries to the change feed at ``--rate``
per second, through the publisher's own logging function, and waits until
every subscription has acknowledged the last one.

The receiver is kept cheap so that it is not what is measured: it answers
HTTP/1.1 and keeps connections open, reads each body and takes from it only
the ``at`` time of each entry (a regular expression over the bytes, each
distinct time parsed once), and answers 204 with a fixed line. It counts
requests, TCP connections and, per change received, the lag in
milliseconds.

It prints, and writes to ``benchmarks/results/webhooks-<subscriptions>x
<changes>-r<rate>-w<threads>.json``: requests and changes delivered per second, the
TCP connections the receiver accepted, the lag from an entry's time in the
feed to its arrival at the receiver (p50, p95, max) over every
(subscription, change) pair, and the load average of the machine before and
after the run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.databases import create_database
from benchmarks.run import ROOT, app_env, machine, manage, postgres_version

RESULTS = ROOT / "benchmarks" / "results"
NAME = "factfile_webhooks_bench"


def prepare(base_url: str) -> str:
    url = create_database(base_url, NAME)
    manage("migrate", "--noinput", env=app_env(url))
    return url


# An entry's time as the feed writes it, right after its number.
ENTRY_AT = re.compile(rb'"seq": [0-9]+, "at": "([^"]+)"')
NO_CONTENT = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"


class Arrivals:
    """What the receiver got: requests, connections, each change's lag in ms."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.connections = 0
        self.lags_ms: Counter[int] = Counter()
        self.times: dict[bytes, float] = {}
        self.last_arrival = 0.0

    def add(self, body: bytes) -> None:
        now = time.time()
        lags = []
        for at in ENTRY_AT.findall(body):
            if (moment := self.times.get(at)) is None:
                moment = datetime.datetime.fromisoformat(at.decode()).timestamp()
                self.times[at] = moment
            lags.append(int((now - moment) * 1000))
        with self.lock:
            self.requests += 1
            self.lags_ms.update(lags)
            self.last_arrival = now


def start_receiver(arrivals: Arrivals) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # connections kept open

        def setup(self) -> None:
            super().setup()
            with arrivals.lock:
                arrivals.connections += 1

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            arrivals.add(body)
            self.wfile.write(NO_CONTENT)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 1024
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def percentile(counts: Counter[int], share: float) -> float:
    """The lag (seconds) below which ``share`` of the changes arrived."""
    rank = min(counts.total() - 1, int(counts.total() * share))
    seen = 0
    for lag, count in sorted(counts.items()):
        seen += count
        if seen > rank:
            return lag / 1000
    raise ValueError("no lags")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def measure(args: argparse.Namespace, url: str) -> dict[str, Any]:
    os.environ.update(app_env(url))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count

    from factfile import publishing
    from factfile.api.keys import ApiKey
    from factfile.published.models import ChangeEntry, PublicationCounter
    from factfile.webhooks.models import Delivery, Subscription

    # Emptied with TRUNCATE, not DELETE: the rows of earlier runs would stay
    # in the tables as dead versions wherever vacuum cannot reclaim them.
    tables = [
        model._meta.db_table
        for model in (Delivery, Subscription, ChangeEntry, PublicationCounter)
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
    arrivals = Arrivals()
    server, port = start_receiver(arrivals)
    load_before = load_average()
    key, _ = ApiKey.issue(name="Benchmark", manages_webhooks=True)
    Subscription.objects.bulk_create(
        [
            Subscription(api_key=key, url=f"http://127.0.0.1:{port}/hook/{n}")
            for n in range(args.subscriptions)
        ]
    )
    env = app_env(
        url,
        FACTFILE_WEBHOOK_ALLOW_PRIVATE="true",
        FACTFILE_WEBHOOK_WORKERS=str(args.workers),
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "deliver_webhooks", "--poll", "0.2"],
        cwd=ROOT,
        env=env,
    )
    try:
        started = time.time()
        for number in range(args.changes):
            due = started + number / args.rate
            if (wait := due - time.time()) > 0:
                time.sleep(wait)
            with transaction.atomic():
                publishing._log(
                    action="published",
                    resource="statement",
                    record_id=number + 1,
                    version=1,
                    note="",
                    data={"id": number + 1, "text": f"Statement {number + 1}."},
                )
        published = time.time()
        last = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True)[0]
        deadline = published + args.timeout
        while time.time() < deadline:
            behind = Subscription.objects.filter(last_seq__lt=last).count()
            if behind == 0:
                break
            time.sleep(0.5)
        worker_cpu = cpu_seconds(worker.pid)
    finally:
        worker.terminate()
        worker.wait(30)
        server.shutdown()
    load_after = load_average()
    own = resource.getrusage(resource.RUSAGE_SELF)
    lags = arrivals.lags_ms
    delivered = lags.total()
    took = arrivals.last_arrival - started
    expected = args.subscriptions * args.changes
    mean = sum(lag * count for lag, count in lags.items()) / delivered / 1000
    return {
        "subscriptions": args.subscriptions,
        "changes": args.changes,
        "rate_per_second": args.rate,
        "worker_threads": args.workers,
        "publishing_seconds": round(published - started, 1),
        "delivery_seconds": round(took, 1),
        "requests": arrivals.requests,
        "requests_per_second": round(arrivals.requests / took, 1),
        "tcp_connections": arrivals.connections,
        "changes_delivered": delivered,
        "changes_expected": expected,
        "changes_per_second": round(delivered / took, 1),
        "lag_p50_s": percentile(lags, 0.50) if delivered else None,
        "lag_p95_s": percentile(lags, 0.95) if delivered else None,
        "lag_max_s": max(lags) / 1000 if delivered else None,
        "lag_mean_s": round(mean, 3) if delivered else None,
        "failed_attempts": Delivery.objects.filter(ok=False).count(),
        "failures": dict(
            Delivery.objects.filter(ok=False)
            .values_list("error")
            .annotate(count=Count("pk"))
            .order_by("error")
        ),
        # CPU time used: the worker process, and this one (the receiver and
        # the publisher together).
        "worker_cpu_seconds": worker_cpu,
        "receiver_and_publisher_cpu_seconds": round(own.ru_utime + own.ru_stime, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument(
        "--base-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
        ),
    )
    args = parser.parse_args()
    url = prepare(args.base_url)
    result = measure(args, url)
    result |= {"machine": machine(), "postgres": postgres_version(url)}
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / (
        f"webhooks-{args.subscriptions}x{args.changes}"
        f"-r{args.rate:g}-w{args.workers}.json"
    )
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
