"""Redis goes down: the public API answers from the database, editors stay in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import verified as v
from tests.hardening import servers

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):  # type: ignore[no-untyped-def]
    """The app's cache on a throwaway Redis, as production configures it."""
    with servers.throwaway_redis() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "factfile.failsafe_cache.FailSafeRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        # Throttling counts in the cache; a low limit shows it is in use.
        settings.FACTFILE_API_ANONYMOUS_RATE = "1000/min"
        yield server


def test_redis_down_keeps_the_api_and_the_editors_working(
    redis_cache, reporter, fact_checker
):
    statement = v.statement(reporter, fact_checker, text="Verified words.")
    public = Client()
    editor = Client()
    editor.force_login(fact_checker)
    url = f"/api/v1/statements/{statement.pk}/"

    before = public.get(url)
    assert before.status_code == 200
    cache.set("probe", "up")
    assert cache.get("probe") == "up"

    redis_cache.stop()

    during = public.get(url)
    assert during.status_code == 200
    assert during.json() == before.json()
    assert public.get("/api/v1/statements/").status_code == 200
    # Sessions live in the database: the editor is still logged in.
    admin = editor.get(reverse("admin:events_statement_changelist"))
    assert admin.status_code == 200
    assert editor.get(reverse("admin:index")).status_code == 200
    health = public.get("/health/").json()
    assert health["status"] == "degraded"
    assert health["checks"]["cache"]["ok"] is False

    redis_cache.start()

    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    assert public.get("/health/").json()["status"] == "ok"
    assert public.get(url).status_code == 200
