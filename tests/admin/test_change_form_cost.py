"""A record's change page and its verify button cost the same for more citations.

The verify button itself costs a fixed number of queries for a statement
with one citation whose speaker and source are public: the publication of
both, their history and change entries, and no savepoint of its own.

The change page shows each citation as an inline row (its source in an
autocomplete, its correction note field unseen), and the review panel its
passage; none of these may read the database once per row.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Statement
from events.reviewing import chosen_beside
from factfile import workflow
from tests import factories, verified

pytestmark = pytest.mark.django_db


def statement_citing(  # type: ignore[no-untyped-def]
    count: int, *, author, checker, public: bool, **fields
) -> Statement:
    speaker = verified.actor(author, checker)
    item = factories.StatementFactory(created_by=author, speaker=speaker, **fields)
    for _ in range(count):
        factories.CitationFactory(
            created_by=author,
            statement=item,
            source=verified.source(author, checker),
        )
    workflow.submit(item, by=author)
    if public:
        workflow.verify(item, by=checker)
    item.refresh_from_db()
    return item


def page_queries(client: Client, statement: Statement) -> tuple[int, bytes]:
    url = f"/admin/events/statement/{statement.pk}/change/"
    client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("public", [True, False], ids=["verified", "in review"])
def test_the_statement_change_page_costs_the_same_for_one_citation_and_four(
    public, reporter, fact_checker
):
    client = Client()
    client.force_login(fact_checker)
    one = statement_citing(1, author=reporter, checker=fact_checker, public=public)
    four = statement_citing(4, author=reporter, checker=fact_checker, public=public)
    assert four.citations.count() == 4
    if public:
        assert four.citations.filter(verified_version__isnull=False).count() == 4
    few, _ = page_queries(client, one)
    many, body = page_queries(client, four)
    assert few == many
    # Every citation's source is shown as chosen, read with its row.
    for citation in four.citations.select_related("source"):
        assert f">{citation.source.title}</option>".encode() in body


def test_a_verify_with_nothing_ticked_does_not_look_for_the_records_beside(
    reporter, fact_checker, django_assert_num_queries
):
    item = statement_citing(2, author=reporter, checker=fact_checker, public=False)
    with django_assert_num_queries(0):
        assert chosen_beside(item, fact_checker, []) == []


def test_the_records_a_change_page_names_are_read_with_it(
    reporter, fact_checker, other_fact_checker
):
    """The chosen speaker, body and event, and the people of the workflow rows."""
    client = Client()
    client.force_login(fact_checker)
    pages = []
    for named in (False, True):
        fields = {}
        if named:
            fields = {
                "on_behalf_of": verified.actor(reporter, fact_checker),
                "event": verified.event(reporter, fact_checker),
            }
        item = statement_citing(
            1, author=reporter, checker=fact_checker, public=True, **fields
        )
        # A pending edit by someone else: every person of the rows is set.
        item.mark_changed_by(other_fact_checker)
        item.save()
        item.refresh_from_db()
        pages.append((item, *page_queries(client, item)))
    (_, few, _), (full, many, body) = pages
    assert few == many
    for record in (full.speaker, full.on_behalf_of, full.event):
        assert f">{record}</option>".encode() in body
    for person in (reporter, fact_checker, other_fact_checker):
        assert person.username.encode() in body


def test_the_records_waiting_beside_cost_the_same_for_one_and_three(
    reporter, fact_checker
):
    """The review panel lists the article's other statements, each by its speaker."""
    client = Client()
    client.force_login(fact_checker)
    counts = []
    for beside in (1, 3):
        cited = verified.source(reporter, fact_checker)
        items = []
        for _ in range(beside + 1):
            item = factories.StatementFactory(
                created_by=reporter, speaker=verified.actor(reporter, fact_checker)
            )
            factories.CitationFactory(created_by=reporter, statement=item, source=cited)
            workflow.submit(item, by=reporter)
            items.append(item)
        queries, body = page_queries(client, items[0])
        for other in items[1:]:
            assert f"statement:{other.pk}".encode() in body
            assert str(other.speaker).encode() in body
        counts.append(queries)
    assert counts[0] == counts[1]


def test_an_event_page_costs_the_same_for_one_participant_and_three(
    reporter, fact_checker
):
    """Each participant row's autocomplete shows its actor, read with the row."""
    client = Client()
    client.force_login(fact_checker)
    counts = []
    for many in (1, 3):
        actors = [verified.actor(reporter, fact_checker) for _ in range(many)]
        event = verified.event(
            reporter, fact_checker, participants=[(a, "participant") for a in actors]
        )
        url = f"/admin/events/event/{event.pk}/change/"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).content
        for actor in actors:
            assert f">{actor}</option>".encode() in body
        counts.append(len(captured))
    assert counts[0] == counts[1]


# Session, user, the record, permissions (2), the transaction's savepoint
# (the test's own transaction around it) and its release, the plan's check
# (attribution, about, citations), and for the citation then the statement:
# the save with its history, the publication (number, row, verified
# version, what it names, entry, row, links, what embeds it), the lookup
# entry.
VERIFY_QUERIES = 40


def test_the_verify_button_costs_a_fixed_number_of_queries(reporter, fact_checker):
    client = Client()
    client.force_login(fact_checker)
    first, item = (
        statement_citing(1, author=reporter, checker=fact_checker, public=False)
        for _ in range(2)
    )
    # The first press fills the caches a running server has filled.
    client.post(
        f"/admin/events/statement/{first.pk}/workflow/verify/",
        {"version": first.version},
    )
    url = f"/admin/events/statement/{item.pk}/workflow/verify/"
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verified_version == item.version
    assert len(captured) == VERIFY_QUERIES, "\n".join(
        query["sql"][:120] for query in captured
    )
