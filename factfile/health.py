"""``/health/`` for a load balancer: the database, the cache and the migrations.

200 while the app can serve (a cache that is down only slows it: status
``degraded``); 503 with Retry-After when the database cannot be reached or
has migrations still to apply, so that the balancer takes the server out.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


class CheckFailed(Exception):
    """A check's own finding, safe to show: it names no host or setting."""


class CheckDict(TypedDict):
    ok: bool
    detail: str
    ms: float


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "reachable"


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise CheckFailed("unavailable: a value written was not read back")
    cache.delete(key)
    return "reachable"


def check_migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CheckFailed(f"{len(plan)} migration(s) not applied")
    return "all applied"


def _run(check: Callable[[], str]) -> CheckDict:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except CheckFailed as finding:
        detail, ok = str(finding), False
    except Exception as error:
        # The kind of failure only: messages may name hosts or settings.
        detail, ok = f"unavailable ({type(error).__name__})", False
    return {
        "ok": ok,
        "detail": detail,
        "ms": round(1000 * (time.perf_counter() - started), 1),
    }


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """The state of what the app needs to serve, for a load balancer."""
    checks = {"database": _run(check_database)}
    checks["migrations"] = (
        _run(check_migrations)
        if checks["database"]["ok"]
        else {"ok": False, "detail": "not checked: no database", "ms": 0.0}
    )
    checks["cache"] = _run(check_cache)
    serving = checks["database"]["ok"] and checks["migrations"]["ok"]
    status = "ok" if serving and checks["cache"]["ok"] else "degraded"
    response = JsonResponse(
        {"status": status if serving else "unavailable", "checks": checks},
        status=200 if serving else 503,
    )
    if not serving:
        response["Retry-After"] = str(settings.FACTFILE_RETRY_AFTER)
    return response
