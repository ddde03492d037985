"""The admin of sources, and the paginator every editorial list uses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factfile.paginators import EstimatedCountPaginator
from sources.models import Source
from tests import factories
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db


class SmallBound(EstimatedCountPaginator):
    exact_up_to = 5


@pytest.mark.parametrize(
    "query", ["", "?status__exact=draft", "?worklist=mine", "?q=ministry"]
)
def test_source_changelist_queries_do_not_grow_with_rows(reporter, query):
    client = client_for(reporter)
    url = reverse("admin:sources_source_changelist") + query
    factories.SourceFactory(created_by=reporter)
    client.get(url)
    with CaptureQueriesContext(connection) as with_one:
        client.get(url)

    factories.SourceFactory.create_batch(11, created_by=reporter)
    with CaptureQueriesContext(connection) as with_twelve:
        response = client.get(url)

    assert len(with_one) == len(with_twelve)
    assert len(response.context["cl"].result_list) == 12


def test_changelist_never_counts_the_whole_table(reporter):
    factories.SourceFactory.create_batch(3, created_by=reporter)

    with CaptureQueriesContext(connection) as queries:
        response = client_for(reporter).get(reverse("admin:sources_source_changelist"))

    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    source_counts = [sql for sql in counts if Source._meta.db_table in sql]
    assert source_counts
    assert all("LIMIT" in sql.upper() for sql in source_counts)
    assert response.context["cl"].full_result_count is None


def test_paginator_counts_exactly_up_to_its_bound(reporter):
    factories.SourceFactory.create_batch(4, created_by=reporter)

    assert SmallBound(Source.objects.order_by("pk"), 2).count == 4


def test_paginator_stops_counting_past_its_bound(reporter):
    factories.SourceFactory.create_batch(8, created_by=reporter)

    paginator = SmallBound(Source.objects.filter(kind="news_article").order_by("pk"), 2)

    assert paginator.count == 6
    assert len(paginator.page(3).object_list) == 2


def test_paginator_takes_the_planner_estimate_for_a_big_table(reporter):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate exists on PostgreSQL only")
    factories.SourceFactory.create_batch(12, created_by=reporter)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Source._meta.db_table}")

    with CaptureQueriesContext(connection) as queries:
        count = SmallBound(Source.objects.order_by("pk"), 2).count

    assert count == 12
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_source_search_finds_title_and_publisher(reporter):
    wanted = factories.SourceFactory(
        created_by=reporter, title="Talks in Luanda", publisher="Wire"
    )
    factories.SourceFactory(created_by=reporter, title="Elsewhere")

    client = client_for(reporter)
    url = reverse("admin:sources_source_changelist")
    by_title = client.get(url, {"q": "luanda"})
    by_publisher = client.get(url, {"q": "wire"})

    assert list(by_title.context["cl"].result_list) == [wanted]
    assert list(by_publisher.context["cl"].result_list) == [wanted]


def test_reporter_adds_a_source_with_its_text(reporter):
    client = client_for(reporter)

    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Ministry statement",
            "kind": "official_statement",
            "published_on_precision": "unknown",
            "language": "en",
            "full_text": "The ministry said talks would resume.",
        },
    )

    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.created_by, source.updated_by, source.version) == (
        reporter,
        reporter,
        1,
    )


def test_source_text_edit_shows_on_the_page_as_a_new_version(reporter):
    source = factories.SourceFactory(created_by=reporter)
    client = client_for(reporter)

    client.post(change_url(source), form_data(client, source, full_text="New text."))
    page = client.get(change_url(source))

    source.refresh_from_db()
    assert source.full_text == "New text."
    assert b"Workflow: Draft, version 2" in page.content


def test_editing_the_text_in_the_admin_reanchors_its_citations(reporter):
    source = factories.SourceFactory(created_by=reporter)
    moved = factories.CitationFactory(created_by=reporter, source=source)
    cut = factories.CitationFactory(
        created_by=reporter, source=source, passage="Officials gave no further details"
    )
    client = client_for(reporter)
    new_text = "UPDATE: new lead.\n\n" + source.full_text.replace(
        "Officials gave no further details.", ""
    )

    response = client.post(
        change_url(source), form_data(client, source, full_text=new_text), follow=True
    )

    moved.refresh_from_db()
    cut.refresh_from_db()
    assert new_text[moved.start : moved.end] == "We remain committed to dialogue"
    assert cut.is_broken
    assert (
        "2 citation(s) re-anchored, 1 no longer found in it"
        in response.content.decode()
    )
