"""``/health/`` tells a load balancer about the database, cache and migrations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

pytestmark = pytest.mark.django_db


def test_health_is_ok_with_everything_up():
    response = Client().get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "migrations": True,
        "cache": True,
    }
    assert (
        "no-cache" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_health_answers_head_and_refuses_post():
    client = Client()
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_pending_migrations_take_the_server_out():
    # Forget the newest migration of the project's app, as if a deploy
    # brought code whose migration was not run yet.
    app, name = max(
        key
        for key in MigrationLoader(connection).graph.leaf_nodes()
        if key[0] == "factfile"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name]
        )

    response = Client().get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"]["ok"] is False
    assert "not applied" in body["checks"]["migrations"]["detail"]
    assert int(response["Retry-After"]) > 0


def test_a_cache_that_is_down_degrades_but_keeps_serving(settings):
    settings.CACHES = {
        "default": {
            # Nothing listens on port 1: connections are refused at once.
            "BACKEND": "factfile.failsafe_cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = Client().get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_health_reveals_no_host_or_setting(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "factfile.failsafe_cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    text = Client().get("/health/").content.decode()
    assert "127.0.0.1" not in text
    assert "redis://" not in text
