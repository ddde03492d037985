"""A slow query on the public path is cut off and answers 503, not a hung worker."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.test import Client

from factfile.timeouts import _StatementTimeout, restore_default_statement_timeout

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
    assert client.get("/show-timeout/").content == b"0"
    assert client.get("/api/v1/show-timeout/").content == b"200ms"


@pytest.fixture
def statements_sent(monkeypatch):  # type: ignore[no-untyped-def]
    """Every statement sent to the database, wrappers' own included."""
    sent: list[str] = []
    original = CursorWrapper._execute

    def spy(self, sql, params, *ignored):  # type: ignore[no-untyped-def]
        sent.append(sql)
        return original(self, sql, params, *ignored)

    monkeypatch.setattr(CursorWrapper, "_execute", spy)
    return sent


@pytest.mark.django_db(transaction=True)
def test_consecutive_public_requests_set_the_timeout_once(public_path, statements_sent):
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/show-timeout/").content == b"200ms"
    client.get("/show-timeout/")
    client.get("/show-timeout/")

    assert [sql for sql in statements_sent if sql.startswith("SET statement")] == [
        "SET statement_timeout = 200",
        "SET statement_timeout = DEFAULT",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_timeout_set_in_a_rolled_back_transaction_is_set_again(public_path):
    # A SET inside a transaction is undone by its rollback: it is not
    # remembered as in force, so the next public request sets it again.
    client = Client()
    with transaction.atomic():
        assert client.get("/api/v1/show-timeout/").content == b"200ms"
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"

    assert client.get("/api/v1/show-timeout/").content == b"200ms"


def test_the_public_path_has_the_timeout_and_the_editors_pages_do_not(
    public_path,
):
    client = Client()

    assert client.get("/api/v1/show-timeout/").content == b"200ms"
    assert client.get("/show-timeout/").content == b"0"


@pytest.mark.django_db(transaction=True)
def test_a_first_query_on_a_server_side_cursor_gets_the_timeout(public_path):
    # Streaming reads (an export being built, say) run on a server-side
    # cursor, which wraps what it executes in DECLARE … CURSOR: the SET
    # must go on a cursor of its own.
    from events.models import Actor

    restore_default_statement_timeout()
    wrapper = _StatementTimeout(connection, 200)
    with connection.execute_wrapper(wrapper):
        assert list(Actor.objects.all().iterator(chunk_size=10)) == []
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "200ms"
    restore_default_statement_timeout()
