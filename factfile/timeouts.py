"""The statement timeout of the public read path.

A slow query on the public API is cut by the database, not left to hold a
worker: every request under ``PUBLIC_PREFIX`` runs with the public timeout.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.utils import CursorWrapper
from django.http import HttpRequest, HttpResponse

PUBLIC_PREFIX = "/api/"


# The statement timeout this process last put in force on each open database
# connection, in milliseconds (0: the database's default). A connection that
# is not listed has the default; ``None`` means not known, as after a SET
# inside a transaction that a rollback may undo.
_in_force: weakref.WeakKeyDictionary[Any, int | None] = weakref.WeakKeyDictionary()


class _StatementTimeout:
    """Put a statement timeout in force before a connection's first query.

    The timeout stays on the persistent connection after the request, so
    that consecutive public requests on a connection cost no extra round
    trip; the first query of any other request puts the default back.
    """

    def __init__(self, connection: Any, milliseconds: int) -> None:
        self.connection = connection
        self.milliseconds = milliseconds
        self.checked = False

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        if not self.checked:
            self.checked = True
            raw = self.connection.connection
            if _in_force.get(raw, 0) != self.milliseconds:
                value = int(self.milliseconds) or "DEFAULT"
                _in_force[raw] = None
                # On a cursor of its own: the query's cursor may be a
                # server-side one, which would wrap the SET in DECLARE.
                # A plain (not debug) wrapper: the SET is no query of the
                # request's, and query counts do not see it.
                plain = CursorWrapper(self.connection.create_cursor(), self.connection)
                with plain as cursor:
                    cursor.execute(f"SET statement_timeout = {value}")
                if not self.connection.in_atomic_block:
                    _in_force[raw] = self.milliseconds
        return execute(sql, params, many, context)


def restore_default_statement_timeout() -> None:
    """Put the database's default timeout back on this thread's open connections.

    Requests need not call this: each puts what it needs in force before its
    first query. Code that uses a connection outside a request, after public
    requests in the same thread (a test, say), does.
    """
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        if connection.vendor != "postgresql" or raw is None:
            continue
        if _in_force.get(raw, 0) == 0:
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = DEFAULT")
        except DatabaseError:
            continue  # a broken connection is closed and made again anyway
        _in_force[raw] = None if connection.in_atomic_block else 0


class PublicStatementTimeoutMiddleware:
    """Cut off a slow query of the public API on PostgreSQL, instead of a hung worker.

    The cancelled query raises ``OperationalError``, which the error handler
    turns into a 503 with Retry-After. The editors' pages keep the database's
    own default, since an import or a bulk action may rightly take longer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = settings.FACTFILE_PUBLIC_STATEMENT_TIMEOUT_MS
        if milliseconds < 0 or not request.path.startswith(PUBLIC_PREFIX):
            milliseconds = 0
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                if connection.vendor == "postgresql":
                    stack.enter_context(
                        connection.execute_wrapper(
                            _StatementTimeout(connection, milliseconds)
                        )
                    )
            return self.get_response(request)
