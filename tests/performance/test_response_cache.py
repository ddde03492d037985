"""Public responses in Redis: never stale after a change, and optional when down."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from factfile import workflow
from tests import verified as v
from tests.hardening import servers

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_responses(settings):  # type: ignore[no-untyped-def]
    """Responses cached on a throwaway Redis, configured as in production."""
    with servers.throwaway_redis() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "factfile.failsafe_cache.FailSafeRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        settings.FACTFILE_RESPONSE_CACHE_SECONDS = 300
        settings.FACTFILE_API_ANONYMOUS_RATE = "1000/min"
        cache.clear()
        yield server


def test_a_repeated_request_is_served_from_the_cache(
    redis_responses, reporter, fact_checker
):
    statement = v.statement(reporter, fact_checker, text="Words said once.")
    client = Client()
    url = f"/api/v1/statements/{statement.pk}/"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_no_stale_record_after_a_retraction(
    redis_responses, reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker, text="Words later withdrawn.")
    client = Client()
    url = f"/api/v1/statements/{statement.pk}/"
    listing = "/api/v1/statements/"
    client.get(url)
    client.get(listing)
    assert client.get(url)["X-Cache"] == "hit"
    assert client.get(listing)["X-Cache"] == "hit"

    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")

    gone = client.get(url)
    assert gone.status_code == 410
    assert gone.json()["reason"] == "Misattributed."
    ids = [item["id"] for item in client.get(listing).json()["results"]]
    assert statement.pk not in ids


def test_a_correction_is_served_at_once(redis_responses, reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, speaker_title="Minister")
    client = Client()
    url = f"/api/v1/statements/{statement.pk}/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    statement.speaker_title = "Foreign Minister"
    statement.mark_changed_by(reporter)
    statement.save()
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=fact_checker, note="The title was incomplete.")

    corrected = client.get(url).json()
    assert corrected["speaker_title"] == "Foreign Minister"
    assert corrected["corrections"][0]["note"] == "The title was incomplete."


def test_the_api_answers_from_the_database_while_redis_is_down(
    redis_responses, reporter, fact_checker
):
    first = v.statement(reporter, fact_checker, text="Said before the outage.")
    client = Client()
    listing = "/api/v1/statements/"
    before = client.get(listing)
    assert client.get(listing)["X-Cache"] == "hit"

    redis_responses.stop()

    during = client.get(listing)
    assert during.status_code == 200
    assert "X-Cache" not in during
    assert during.json() == before.json()
    second = v.statement(reporter, fact_checker, text="Said during the outage.")
    ids = [item["id"] for item in client.get(listing).json()["results"]]
    assert {first.pk, second.pk} <= set(ids)

    redis_responses.start()

    client.get(listing)
    assert client.get(listing)["X-Cache"] == "hit"
