"""Fixtures for the citation lookup: the seed fact file and an API client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from rest_framework.test import APIClient

from events.seeding import SeedReport, seed_factfile

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own full-text search"
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[SeedReport]:  # type: ignore[no-untyped-def]
    """The seed fact file, loaded once for a module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_factfile()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    settings.FACTFILE_API_KEY_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()
