"""Fixtures for the public API: a client and a small published fact file."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from events.models import Participant
from tests import verified as v
from tests.ci import worker_redis_url

# CI's PostgreSQL pass sets this, so that the API, its caching and its rate
# limits are tested on Redis as production runs them; elsewhere the cache is
# the in-memory one.
TEST_REDIS_URL = worker_redis_url(os.environ.get("FACTFILE_TEST_REDIS_URL", ""))


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    # Throttling counts in the cache; each test starts with clean counters and
    # limits high enough not to matter, unless it lowers them itself.
    if TEST_REDIS_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": TEST_REDIS_URL,
                "KEY_PREFIX": "factfile-tests",
            }
        }
        # A Redis that does not answer is a failure here, never a quiet
        # fall-back to no cache.
        assert cache.get_or_set("redis-probe", "here") == "here", TEST_REDIS_URL
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    settings.FACTFILE_API_KEY_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def factfile(reporter, fact_checker):  # type: ignore[no-untyped-def]
    """Two speakers, statements on different days, an event, their sources."""
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    belgium = v.actor(reporter, fact_checker, name="Belgium", kind="state")
    wire = v.source(reporter, fact_checker, publisher="Wire Service", language="en")
    daily = v.source(reporter, fact_checker, publisher="The Daily Example")
    first = v.statement(
        reporter,
        fact_checker,
        speaker=kagame,
        cited=wire,
        about=[belgium],
        text="We remain committed to dialogue.",
        said_on="2025-03-17",
        channel="press_conference",
    )
    second = v.statement(
        reporter,
        fact_checker,
        speaker=prevot,
        cited=daily,
        text="Belgium regrets the decision.",
        said_on="2025-03-18",
        kind="paraphrase",
        language="fr",
    )
    talks = v.event(
        reporter,
        fact_checker,
        participants=[(kagame, Participant.Role.PARTICIPANT), (belgium, "target")],
        cited=daily,
        title="Talks resume in Luanda",
        starts_on="2025-03-20",
    )
    return {
        "kagame": kagame,
        "prevot": prevot,
        "belgium": belgium,
        "wire": wire,
        "daily": daily,
        "first": first,
        "second": second,
        "talks": talks,
    }
