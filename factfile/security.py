"""Defences that sit between the network and the app.

The client address as the trusted proxies report it, the login lockout that
uses it, and the statement timeout of the public read path.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PUBLIC_PREFIX = "/api/"


def client_ip(request: HttpRequest) -> str:
    """The client's address, read through ``FACTFILE_NUM_PROXIES`` trusted proxies.

    Each trusted proxy appends the address it received from to
    X-Forwarded-For, so the client is the entry that the outermost trusted
    proxy wrote; anything further left was sent by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for web logins; a login with no request is not one.

    ``manage.py`` commands and the test client authenticate without a
    request: there is no address to lock out, so the check is skipped and
    the password is still checked by the next backend.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None = None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


class _StatementTimeout:
    """Set the statement timeout on a connection before its first query."""

    def __init__(self, alias: str, milliseconds: int, touched: set[str]) -> None:
        self.alias = alias
        self.milliseconds = milliseconds
        self.touched = touched

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        if self.alias not in self.touched:
            self.touched.add(self.alias)
            execute(
                f"SET statement_timeout = {int(self.milliseconds)}",
                None,
                False,
                context,
            )
        return execute(sql, params, many, context)


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
        if milliseconds <= 0 or not request.path.startswith(PUBLIC_PREFIX):
            return self.get_response(request)
        touched: set[str] = set()
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                if connection.vendor == "postgresql":
                    stack.enter_context(
                        connection.execute_wrapper(
                            _StatementTimeout(connection.alias, milliseconds, touched)
                        )
                    )
            try:
                return self.get_response(request)
            finally:
                self._restore(touched)

    @staticmethod
    def _restore(touched: set[str]) -> None:
        # A persistent connection goes back to the pool with the database's
        # default; a broken one is closed by Django at the end of the request.
        for alias in touched:
            connection = connections[alias]
            if connection.connection is None:
                continue
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = DEFAULT")
            except DatabaseError:
                logger.warning("Could not reset the statement timeout on %s", alias)
