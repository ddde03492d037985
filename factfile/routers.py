"""Send the public read path to a read replica, and everything else to the primary.

With ``REPLICA_DATABASE_URL`` set, settings define a ``replica`` database.
``PublicReadMiddleware`` marks the requests of the public read path (the
API, the front page, the record pages and the corrections log, the citation
lookup and its API, the change feed: GET, HEAD and
OPTIONS only); the router sends their reads to the replica. Anything else —
the admin, the workflow, imports, commands — and every read after a write in
the same request go to the primary, so nobody reads their own write from a
replica that has not caught up.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PUBLIC_PREFIXES = ("/api/v1/", "/lookup/", "/corrections/", "/r/")
# The front page, read from the published layer like the rest.
PUBLIC_PAGES = frozenset({"/"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Whether the current request (or task) reads the public path, and whether
# it has written anything yet.
_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "factfile_public_read", default=False
)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "factfile_wrote", default=False
)


def is_public_read(request: HttpRequest) -> bool:
    return request.method in READ_METHODS and (
        request.path in PUBLIC_PAGES or request.path.startswith(PUBLIC_PREFIXES)
    )


@contextlib.contextmanager
def public_reads() -> Iterator[None]:
    """Read from the replica inside this block, as a public request does."""
    tokens = (_public_read.set(True), _wrote.set(False))
    try:
        yield
    finally:
        _public_read.reset(tokens[0])
        _wrote.reset(tokens[1])


class PublicReadMiddleware:
    """Mark the requests of the public read path for the router."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_read(request):
            return self.get_response(request)
        with public_reads():
            return self.get_response(request)


class ReplicaRouter:
    """Public reads to ``replica`` when it is configured; all else to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _public_read.get() and not _wrote.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both databases hold the same rows: the replica is a copy.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
