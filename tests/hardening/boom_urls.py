"""The project's URLs plus views that fail on purpose, for the error tests."""

from __future__ import annotations

from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from factfile import urls

SECRET_MARKER = "SELECT secret_column FROM private_table"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"settings.SECRET_KEY leaked in {SECRET_MARKER}")


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError(f"could not connect: {SECRET_MARKER}")


def slow(request: HttpRequest) -> HttpResponse:
    """A public query that would take seconds, as a missing index might."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(3)")
    return HttpResponse("finished")


def show_timeout(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


urlpatterns = [
    path("api/v1/show-timeout/", show_timeout),
    path("show-timeout/", show_timeout),
    path("api/v1/slow/", slow),
    path("api/v1/boom/", boom),
    path("api/v1/database-gone/", database_gone),
    path("boom/", boom),
    path("database-gone/", database_gone),
    *urls.urlpatterns,
]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
