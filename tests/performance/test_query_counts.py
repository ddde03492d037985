"""On an archive-sized fact file, no page costs more queries for more rows.

Every public list (the API, the change feed, the lookup) is asked for one
row and for its largest page; every admin list is shown over a fact file
of one statement and over one that fills its page. The counts must match.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.synthetic.loading import load
from events.models import Statement

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = {
    "/api/v1/statements/": 200,
    "/api/v1/events/": 200,
    "/api/v1/actors/": 200,
    "/api/v1/sources/": 200,
    "/api/v1/citations/": 200,
    "/api/v1/changes/?after=0": 200,
    "/api/v1/statements/?said_after=2015-01-01&ordering=-changed": 200,
    "/api/v1/lookup/?q={word}": 50,
    "/lookup/?q={word}": 50,
}
ADMIN_LISTS = ["statement", "event", "actor", "citation"]


@pytest.fixture(autouse=True)
def _no_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()


def common_word() -> str:
    words = Counter(
        word.strip(".“”,").lower()
        for text in Statement.objects.values_list("text", flat=True)
        for word in text.split()
    )
    return next(word for word, _ in words.most_common() if len(word) > 3)


def queries(client: Client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured), response.content


@pytest.mark.parametrize("url", list(PUBLIC_LISTS))
def test_public_lists_cost_the_same_for_one_row_and_a_full_page(url):
    load(statements=300, seed=2)
    largest = PUBLIC_LISTS[url]
    url = url.format(word=common_word())
    client = Client()
    separator = "&" if "?" in url else "?"
    one, _ = queries(client, f"{url}{separator}page_size=1")
    full, body = queries(client, f"{url}{separator}page_size={largest}")
    assert one == full
    if body.startswith(b"{"):
        # A page of many rows, not an empty list.
        assert len(json.loads(body)["results"]) > 5


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_admin_lists_cost_the_same_for_one_row_and_a_full_page(model, fact_checker):
    client = Client()
    client.force_login(fact_checker)
    url = f"/admin/events/{model}/"
    load(statements=1, seed=2)
    few, _ = queries(client, url)
    load(statements=150, seed=2, replace=True)
    many, _ = queries(client, url)
    assert few == many


def test_the_source_admin_list_costs_the_same_for_few_and_many(fact_checker):
    client = Client()
    client.force_login(fact_checker)
    load(statements=1, seed=2)
    few, _ = queries(client, "/admin/sources/source/")
    load(statements=1_000, seed=2, replace=True)
    many, _ = queries(client, "/admin/sources/source/")
    assert few == many
