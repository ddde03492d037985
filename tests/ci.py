"""Whether the suite runs in CI, and what each parallel test worker owns."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# pytest-xdist names its workers gw0, gw1, ...; a run without it has none.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0

REDIS_DATABASES = 16


def worker_redis_url(url: str) -> str:
    """``url`` moved to a Redis database of this worker's own.

    Tests clear the cache, and clearing flushes a whole Redis database: two
    workers sharing one would wipe each other's rate-limit counters. Worker N
    counts down from the database the URL names (15, 14, ...).
    """
    if not url or not WORKER:
        return url
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    number = (first - WORKER_NUMBER) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{number}"))
