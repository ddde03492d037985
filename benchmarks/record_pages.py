"""Time record pages and the status endpoint on a synthetic fact file.

    python -m benchmarks.record_pages [--statements 10000] [--repeat 200]

Builds a synthetic fact file (``generate_synthetic``) in a fresh SQLite
database in a temporary folder, or in the database ``DATABASE_URL`` names
(which must be a throwaway one), then requests through Django's test client,
``--repeat`` times each with ids drawn at random (the same for the same
seed): a statement's page, an event's page, the status of one id and of 100
ids, and a badge. The shared response cache is off, so every request does
its work. Prints, per address: the queries of one request, the size of the
answer, and the median and 95th percentile time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="record-pages-bench-")
    os.environ.setdefault("FACTFILE_DATA_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    os.environ["FACTFILE_RESPONSE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("FACTFILE_API_ANONYMOUS_RATE", "1000000/min")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from factfile.published.models import PublishedRecord

    settings.FACTFILE_RESPONSE_CACHE_SECONDS = 0
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_synthetic", statements=options.statements, seed=options.seed)
    print(
        f"generated {options.statements} statements in "
        f"{time.perf_counter() - started:.0f} s on {connection.vendor}"
    )
    live = PublishedRecord.objects.live()
    statements = list(live.of("statement").values_list("record_id", flat=True))
    events = list(live.of("event").values_list("record_id", flat=True))
    chosen = random.Random(options.seed)
    client = Client(HTTP_HOST="localhost")

    def hundred() -> str:
        ids = chosen.sample(statements, min(100, len(statements)))
        return "/api/v1/status/?ids=" + ",".join(f"statement:{i}" for i in ids)

    addresses = {
        "statement page": lambda: f"/r/statement/{chosen.choice(statements)}/",
        "event page": lambda: f"/r/event/{chosen.choice(events)}/",
        "status, 1 id": lambda: (
            f"/api/v1/status/?ids=statement:{chosen.choice(statements)}"
        ),
        "status, 100 ids": hundred,
        "badge": lambda: (
            f"/api/v1/status/badge.svg?id=statement:{chosen.choice(statements)}"
        ),
    }
    print(f"{'address':>16} {'queries':>7} {'KB':>6} {'median ms':>9} {'p95 ms':>7}")
    for name, address in addresses.items():
        # Django keeps the last 9,000 queries with DEBUG on: a full log
        # would hide the new ones from the count.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            first = client.get(address())
        assert first.status_code == 200, (name, first.status_code)
        times = []
        for _ in range(options.repeat):
            url = address()
            begin = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{name:>16} {len(captured.captured_queries):>7} "
            f"{len(first.content) / 1024:>6.1f} {statistics.median(times):>9.2f} "
            f"{p95:>7.2f}"
        )


if __name__ == "__main__":
    main()
