"""Every way a list is paged gives the rows its queryset states, in its order.

A list without filters is read from its queryset compiled once per process;
a filtered one, the browsable API's and the change feed's model instances
from a queryset compiled for the request. Walked page by page, each must
give exactly what the queryset itself gives, ordered by the ORM.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from factfile import workflow
from factfile.api.pagination import ORDERINGS, ChangeFeedPagination, KeysetPagination
from factfile.dates import Precision
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    """Eleven statements, several on the same day and one with none; one retracted."""
    speaker = v.actor(reporter, fact_checker, name="Imani Okafor")
    days = [datetime.date(2024, 5, 1 + i % 3) for i in range(10)] + [None]
    made = [
        v.statement(
            reporter,
            fact_checker,
            speaker=speaker,
            text=f"Words {i}.",
            said_on=day,
            said_on_precision=Precision.DAY if day else Precision.UNKNOWN,
        )
        for i, day in enumerate(days)
    ]
    workflow.retract(made[4], by=editor_in_chief, reason="Not said.")
    return speaker


def walk(api: Any, url: str) -> list[int]:
    ids: list[int] = []
    while url:
        page = api.get(url).json()
        ids += [item["id"] for item in page["results"]]
        url = page["next"]
    return ids


def by_orm(ordering: str, **filters: Any) -> list[int]:
    keys = ORDERINGS[ordering.removeprefix("-")]
    order = [f"-{key}" if ordering.startswith("-") else key for key in keys]
    rows = PublishedRecord.objects.of("statement").live().filter(**filters)
    return list(rows.order_by(*order).values_list("record_id", flat=True))


@pytest.mark.parametrize("ordering", [*ORDERINGS, *(f"-{name}" for name in ORDERINGS)])
def test_compiled_and_filtered_lists_page_as_the_orm_orders(statements, api, ordering):
    expected = by_orm(ordering)
    assert len(expected) == 10

    unfiltered = walk(api, f"/api/v1/statements/?page_size=3&ordering={ordering}")
    filtered = walk(
        api,
        f"/api/v1/statements/?page_size=3&ordering={ordering}&speaker={statements.pk}",
    )

    assert unfiltered == expected
    assert filtered == by_orm(ordering, speaker_id=statements.pk) == expected


def pages(paginator: Any, queryset: Any, params: dict[str, Any], view: Any) -> list:
    rows: list = []
    while True:
        request = Request(APIRequestFactory().get("/", params))
        page = paginator.paginate_queryset(queryset, request, view=view)
        rows += page
        link = paginator.next_link()
        if not link:
            return rows
        query = Request(APIRequestFactory().get(link)).query_params
        params = {name: query[name] for name in query}


class ListView:
    default_ordering = "-date"


def test_model_instances_page_as_the_orm_orders(statements):
    queryset = PublishedRecord.objects.of("statement").live().for_api()

    rows = pages(KeysetPagination(), queryset, {"page_size": 4}, ListView())

    assert all(isinstance(row, PublishedRecord) for row in rows)
    assert [row.record_id for row in rows] == by_orm("-date")


def test_the_feed_pages_as_the_orm_orders_keeping_annotations(statements):
    queryset = ChangeEntry.objects.for_feed()

    rows = pages(ChangeFeedPagination(), queryset, {"page_size": 7}, None)

    expected = list(queryset.order_by("seq"))
    assert [row.seq for row in rows] == [row.seq for row in expected]
    assert [row.withdrawn for row in rows] == [row.withdrawn for row in expected]
    assert any(row.withdrawn for row in rows)
