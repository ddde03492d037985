"""The project's URLs plus views that fail on purpose, for the error tests."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from factfile import urls

SECRET_MARKER = "SELECT secret_column FROM private_table"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"settings.SECRET_KEY leaked in {SECRET_MARKER}")


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError(f"could not connect: {SECRET_MARKER}")


urlpatterns = [
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
