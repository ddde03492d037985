"""A slow query on the public path is cut off and answers 503, not a hung worker."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL's statement_timeout; runs in the PostgreSQL pass of CI",
    ),
]


@pytest.fixture
def public_path(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.hardening.boom_urls"
    settings.FACTFILE_PUBLIC_STATEMENT_TIMEOUT_MS = 200
    return settings


def test_a_slow_public_query_is_cut_off_with_503(public_path):
    client = Client(raise_request_exception=False)
    started = time.monotonic()

    response = client.get("/api/v1/slow/")

    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) > 0
    assert "statement timeout" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_connection_is_usable_and_unlimited_after_the_timeout(public_path):
    client = Client(raise_request_exception=False)
    assert client.get("/api/v1/slow/").status_code == 503

    assert client.get("/api/v1/show-timeout/").content == b"200ms"
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_the_public_path_has_the_timeout_and_the_editors_pages_do_not(
    public_path,
):
    client = Client()

    assert client.get("/api/v1/show-timeout/").content == b"200ms"
    assert client.get("/show-timeout/").content == b"0"
