"""The database goes down and comes back: 503s in seconds, then recovery.

A throwaway PostgreSQL on its own port serves a production-configured app
in a separate process; the test stops the database mid-test and starts it
again, without restarting the app.
"""

from __future__ import annotations

import json

import pytest

from tests.hardening import servers

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def database():  # type: ignore[no-untyped-def]
    with servers.throwaway_postgres() as server:
        server.create_database()
        yield server


@pytest.fixture(scope="module")
def app(database, collected_static):  # type: ignore[no-untyped-def]
    # Persistent connections are the harder case: the app must notice that
    # its connection died and open a new one when the database is back.
    env = servers.production_env(
        DATABASE_URL=database.url(),
        DATABASE_CONN_MAX_AGE="600",
        STATIC_ROOT=str(collected_static),
    )
    servers.manage("migrate", "--noinput", env=env)
    servers.manage("seed_factfile", env=env)
    with servers.app_server(env) as url:
        yield url


def test_database_down_answers_503_then_recovers_without_a_restart(database, app):
    statements = f"{app}/api/v1/statements/"
    before = servers.get(statements)
    assert before.status == 200
    assert json.loads(before.body)["results"]
    assert servers.get(f"{app}/health/").status == 200

    database.stop()

    api = servers.get(statements)
    assert api.status == 503
    assert api.headers["Content-Type"].startswith("application/json")
    assert int(api.headers["Retry-After"]) > 0
    assert json.loads(api.body)["detail"]
    assert api.seconds < 5
    # An editor's browser sends its session cookie: reading it needs the
    # database.
    editor = {"Cookie": "sessionid=an-editors-session"}
    admin = servers.get(f"{app}/admin/", headers=editor)
    assert admin.status == 503
    assert admin.headers["Content-Type"].startswith("text/html")
    assert b"Traceback" not in admin.body
    assert b"postgres" not in admin.body.lower()
    health = servers.get(f"{app}/health/")
    assert health.status == 503
    assert json.loads(health.body)["checks"]["database"]["ok"] is False

    database.start()

    after = servers.get(statements)
    assert after.status == 200
    assert json.loads(after.body) == json.loads(before.body)
    assert servers.get(f"{app}/admin/login/", headers=editor).status == 200
    assert json.loads(servers.get(f"{app}/health/").body)["status"] in (
        "ok",
        "degraded",
    )


@pytest.fixture
def silent_database():  # type: ignore[no-untyped-def]
    """A port that accepts connections and never answers, like a hung host."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def test_a_database_that_never_answers_gives_503_within_seconds(silent_database):
    env = servers.production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_database}/factfile",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    with servers.app_server(env, workers=1) as app:
        api = servers.get(f"{app}/api/v1/statements/")
        health = servers.get(f"{app}/health/")

    assert api.status == 503
    assert json.loads(api.body)["status"] == 503
    assert api.seconds < 6
    assert health.status == 503
    assert health.seconds < 6
