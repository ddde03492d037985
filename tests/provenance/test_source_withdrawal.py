"""A source corrected or withdrawn by its publisher, and what rested on it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Citation, Event, Statement
from events.seeding import seed_factfile
from factfile import workflow
from factfile.editorial import Status, WorkflowError
from factfile.published.models import ChangeEntry, PublishedRecord
from sources.models import Source
from tests import verified as v
from tests.factfile.test_admin_workflow import client_for

pytestmark = pytest.mark.django_db

NOTICE = "This article has been withdrawn: it relied on a document we could not verify."


def published(resource: str, pk: int) -> dict:
    row = PublishedRecord.objects.get(resource=resource, record_id=pk)
    assert row.retracted_at is None
    return row.data


def change_standing(source, *, reporter, checker, standing="withdrawn", note=NOTICE):  # type: ignore[no-untyped-def]
    v.edit(
        source,
        by=reporter,
        standing=standing,
        standing_note=note,
        standing_since=datetime.date(2025, 4, 2),
    )
    workflow.submit(source, by=reporter)
    workflow.correct(source, by=checker, note=f"The publisher {standing} the article.")
    source.refresh_from_db()
    return source


def only_supported_by(source: Source) -> set[tuple[str, int]]:
    """Verified items all of whose supporting citations cite ``source``."""
    found = set()
    for citation in source.citations.all():
        item = citation.item
        if item.status != Status.VERIFIED:
            continue
        others = item.citations.exclude(source=source).filter(
            status=Status.VERIFIED, stance=Citation.Stance.SUPPORTS
        )
        if not others.exists():
            found.add((item._meta.model_name, item.pk))
    return found


@pytest.fixture
def seeded(db):  # type: ignore[no-untyped-def]
    seed_factfile()
    return Source.objects.get(title__contains="Rwanda severs diplomatic relations")


def test_withdrawal_sends_back_what_the_source_alone_supported(
    seeded, reporter, fact_checker
):
    expected = only_supported_by(seeded)
    still_supported = Event.objects.filter(
        title__in=[
            "Rwanda suspends development cooperation with Belgium",
            "M23 captures Goma",
        ]
    )
    assert {("event", e.pk) for e in still_supported}.isdisjoint(expected)
    draft = Statement.objects.get(status=Status.DRAFT, citations__source=seeded)

    change_standing(seeded, reporter=reporter, checker=fact_checker)

    back_in_review = {
        (model._meta.model_name, pk)
        for model in (Statement, Event)
        for pk in model.objects.filter(
            status=Status.IN_REVIEW, verified_version__isnull=False
        ).values_list("pk", flat=True)
    }
    assert back_in_review == expected
    assert len(expected) > 10
    for event in still_supported:
        event.refresh_from_db()
        assert event.status == Status.VERIFIED
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    statement = Statement.objects.get(
        pk=next(pk for m, pk in expected if m == "statement")
    )
    assert "was withdrawn by its publisher" in statement.review_comment


def test_public_records_carry_a_notice_and_the_feed_announces_it(
    seeded, reporter, fact_checker
):
    expected = only_supported_by(seeded)
    last_seq = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True)[0]

    change_standing(seeded, reporter=reporter, checker=fact_checker)

    for resource, pk in expected:
        data = published(resource, pk)
        assert data["notice"]["kind"] == "source_withdrawn"
        assert data["notice"]["sources"][0]["id"] == seeded.pk
        assert data["notice"]["sources"][0]["standing_note"] == NOTICE
    goma = Event.objects.get(title="M23 captures Goma")
    data = published("event", goma.pk)
    assert data["notice"] is None
    flagged = [c for c in data["citations"] if c["source"]["id"] == seeded.pk]
    assert flagged[0]["source"]["standing"] == "withdrawn"

    announced = ChangeEntry.objects.filter(seq__gt=last_seq, note__startswith="Under")
    assert {(e.resource, e.record_id) for e in announced} == expected
    feed = APIClient().get(f"/api/v1/changes/?after={last_seq}&page_size=200").json()
    assert any(entry["note"].startswith("Under review") for entry in feed["results"])


def test_affected_list_in_the_admin(seeded, reporter, fact_checker):
    expected = {pk for model, pk in only_supported_by(seeded) if model == "statement"}
    change_standing(seeded, reporter=reporter, checker=fact_checker)
    client = client_for(fact_checker)
    url = reverse("admin:events_statement_changelist")
    response = client.get(url + "?source_changes=review")
    assert {s.pk for s in response.context["cl"].result_list} == expected
    response = client.get(url + "?source_changes=flagged")
    flagged = {s.pk for s in response.context["cl"].result_list}
    assert flagged > expected


def test_reverified_with_other_support_loses_its_notice(reporter, fact_checker):
    speaker = v.actor(reporter, fact_checker)
    withdrawn = v.source(reporter, fact_checker, title="Withdrawn story")
    other = v.source(reporter, fact_checker, title="Wire copy")
    statement = v.statement(reporter, fact_checker, speaker=speaker, cited=withdrawn)
    change_standing(withdrawn, reporter=reporter, checker=fact_checker)
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert published("statement", statement.pk)["notice"] is not None

    with pytest.raises(WorkflowError, match="No citation can support"):
        workflow.correct(statement, by=fact_checker, note="Checked again.")
    Citation.objects.create(
        created_by=reporter,
        updated_by=reporter,
        source=other,
        statement=statement,
        passage="We remain committed to dialogue",
    )
    workflow.correct(statement, by=fact_checker, note="Now sourced to the wire copy.")

    data = published("statement", statement.pk)
    assert data["notice"] is None
    assert {c["source"]["title"] for c in data["citations"]} == {
        "Withdrawn story",
        "Wire copy",
    }


def test_correction_flags_citations_and_keeps_support(reporter, fact_checker):
    source = v.source(reporter, fact_checker)
    statement = v.statement(reporter, fact_checker, cited=source)
    change_standing(
        source,
        reporter=reporter,
        checker=fact_checker,
        standing="corrected",
        note="An earlier version misspelled the minister's name.",
    )
    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED
    data = published("statement", statement.pk)
    assert data["notice"] is None
    assert data["citations"][0]["source"]["standing"] == "corrected"
    assert published("source", source.pk)["standing_note"].startswith("An earlier")


def test_withdrawal_waits_for_verification(reporter, fact_checker):
    source = v.source(reporter, fact_checker)
    statement = v.statement(reporter, fact_checker, cited=source)
    v.edit(source, by=reporter, standing="withdrawn", standing_note=NOTICE)
    workflow.submit(source, by=reporter)
    statement.refresh_from_db()
    assert statement.status == Status.VERIFIED
    assert published("source", source.pk)["standing"] == "current"
    with pytest.raises(WorkflowError, match="someone else"):
        workflow.correct(source, by=reporter, note="Withdrawn.")


def test_admin_index_links_to_the_affected_list(fact_checker):
    page = client_for(fact_checker).get(reverse("admin:index")).content.decode()
    assert "Affected by source changes" in page
    assert "?source_changes=review" in page
