"""Typed relations between statements, and from statements to events."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from events.models import Statement
from events.relations import EVENT_KINDS, INVERSE, STATEMENT_KINDS, Relation
from factfile import editorial, publishing, workflow
from factfile.editorial import Status, WorkflowError
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import verified as v
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db


def published(resource: str, pk: int) -> dict:
    return PublishedRecord.objects.get(resource=resource, record_id=pk).data


def relate(author, statement, kind, **target) -> Relation:  # type: ignore[no-untyped-def]
    return Relation.objects.create(
        created_by=author, updated_by=author, statement=statement, kind=kind, **target
    )


def verify(record, *, author, checker):  # type: ignore[no-untyped-def]
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    record.refresh_from_db()
    return record


@pytest.fixture
def pair(reporter, fact_checker):  # type: ignore[no-untyped-def]
    speaker = v.actor(reporter, fact_checker, name="Yolande Makolo")
    first = v.statement(
        reporter, fact_checker, speaker=speaker, text="We remain committed to dialogue."
    )
    second = v.statement(
        reporter,
        fact_checker,
        speaker=speaker,
        text="Talks are suspended until further notice.",
    )
    return first, second


@pytest.mark.parametrize("kind", STATEMENT_KINDS)
def test_statement_relation_is_listed_both_ways(reporter, fact_checker, pair, kind):
    first, second = pair
    relation = verify(
        relate(reporter, second, kind, to_statement=first),
        author=reporter,
        checker=fact_checker,
    )

    [outgoing] = published("statement", second.pk)["relations"]
    assert outgoing["id"] == relation.pk
    assert outgoing["kind"] == kind
    assert outgoing["direction"] == "outgoing"
    assert outgoing["record"]["id"] == first.pk
    assert outgoing["record"]["type"] == "statement"
    assert outgoing["record"]["text"] == "We remain committed to dialogue."
    [incoming] = published("statement", first.pk)["relations"]
    assert incoming["direction"] == "incoming"
    assert incoming["label"] == INVERSE[kind]
    assert incoming["record"]["id"] == second.pk


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_event_relation_is_listed_both_ways(reporter, fact_checker, pair, kind):
    statement = pair[0]
    event = v.event(reporter, fact_checker, title="Attack on the convoy")
    verify(
        relate(reporter, statement, kind, to_event=event),
        author=reporter,
        checker=fact_checker,
    )

    [outgoing] = published("statement", statement.pk)["relations"]
    assert (outgoing["kind"], outgoing["record"]["type"]) == (kind, "event")
    assert outgoing["record"]["text"] == "Attack on the convoy"
    [incoming] = published("event", event.pk)["statement_relations"]
    assert incoming["label"] == INVERSE[kind]
    assert incoming["record"]["id"] == statement.pk
    assert incoming["record"]["speaker"] == "Yolande Makolo"


def test_api_lists_relations_with_id_kind_and_short_text(reporter, fact_checker, pair):
    first, second = pair
    verify(
        relate(reporter, second, "contradicts", to_statement=first),
        author=reporter,
        checker=fact_checker,
    )
    body = APIClient().get(f"/api/v1/statements/{first.pk}/").json()
    assert body["relations"][0]["label"] == "contradicted by"
    assert body["relations"][0]["record"] == {
        "type": "statement",
        "id": second.pk,
        "kind": "quote",
        "text": "Talks are suspended until further notice.",
        "speaker": "Yolande Makolo",
        "date": "2025-03-17",
    }


def test_unverified_relation_is_not_public(reporter, fact_checker, pair):
    first, second = pair
    relation = relate(reporter, second, "contradicts", to_statement=first)
    workflow.submit(relation, by=reporter)

    assert published("statement", first.pk)["relations"] == []
    assert published("statement", second.pk)["relations"] == []
    assert not PublishedRecord.objects.filter(resource="relation").exists()


def test_author_cannot_verify_own_relation(reporter, fact_checker, pair):
    first, second = pair
    relation = relate(fact_checker, second, "repeats", to_statement=first)
    workflow.submit(relation, by=fact_checker)
    with pytest.raises(WorkflowError, match="You created this record"):
        workflow.verify(relation, by=fact_checker)


def test_reporter_cannot_verify_a_relation(reporter, other_reporter, pair):
    first, second = pair
    relation = relate(other_reporter, second, "repeats", to_statement=first)
    workflow.submit(relation, by=other_reporter)
    with pytest.raises(WorkflowError, match="permission to verify"):
        workflow.verify(relation, by=reporter)


def test_relation_to_a_draft_statement_cannot_be_verified(reporter, fact_checker, pair):
    draft = Statement.objects.create(
        created_by=reporter, updated_by=reporter, speaker=pair[0].speaker, text="Draft"
    )
    relation = relate(reporter, pair[0], "responds_to", to_statement=draft)
    workflow.submit(relation, by=reporter)
    with pytest.raises(WorkflowError, match="is not public"):
        workflow.verify(relation, by=fact_checker)


def test_retracted_relation_leaves_both_records(
    reporter, fact_checker, editor_in_chief, pair
):
    first, second = pair
    relation = verify(
        relate(reporter, second, "corrects", to_statement=first),
        author=reporter,
        checker=fact_checker,
    )
    workflow.retract(relation, by=editor_in_chief, reason="Entered in error.")

    assert published("statement", first.pk)["relations"] == []
    assert published("statement", second.pk)["relations"] == []
    refreshed = ChangeEntry.objects.filter(action="refreshed", resource="statement")
    assert {entry.record_id for entry in refreshed} >= {first.pk, second.pk}


def test_relation_cites_the_passage_that_establishes_it(reporter, fact_checker, pair):
    first, second = pair
    evidence = second.citations.get()
    relation = verify(
        relate(reporter, second, "contradicts", to_statement=first, evidence=evidence),
        author=reporter,
        checker=fact_checker,
    )
    relation.full_clean()
    [listed] = published("statement", first.pk)["relations"]
    assert listed["evidence"]["quote"] == "We remain committed to dialogue"
    assert listed["evidence"]["source"]["id"] == evidence.source_id


def test_only_the_same_speaker_supersedes(reporter, fact_checker, pair):
    other = v.statement(reporter, fact_checker, text="Another voice.")
    relation = Relation(
        created_by=reporter,
        updated_by=reporter,
        statement=other,
        kind="supersedes",
        to_statement=pair[0],
    )
    with pytest.raises(ValidationError, match="same speaker"):
        relation.full_clean()


def test_kind_must_fit_the_target(reporter, pair):
    with pytest.raises(IntegrityError), transaction.atomic():
        relate(reporter, pair[0], "condemns", to_statement=pair[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        relate(reporter, pair[0], "contradicts", to_statement=pair[0])


def test_admin_shows_relations_both_ways_and_adding_one_keeps_the_statement(
    reporter, fact_checker, pair
):
    first, second = pair
    verify(
        relate(reporter, second, "contradicts", to_statement=first),
        author=reporter,
        checker=fact_checker,
    )
    client = client_for(reporter)
    page = client.get(change_url(first)).content.decode().lower()
    assert "relations from other statements" in page
    assert "talks are suspended" in page

    data = form_data(client, first)
    prefix = "relations"
    data |= {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-kind": "repeats",
        f"{prefix}-0-to_statement": str(second.pk),
    }
    response = client.post(change_url(first), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert first.status == Status.VERIFIED
    added = Relation.objects.get(statement=first, kind="repeats")
    assert added.status == Status.DRAFT
    assert added.created_by == reporter


def test_retracting_a_related_statement_retracts_the_relation(
    reporter, fact_checker, editor_in_chief, pair
):
    first, second = pair
    relation = verify(
        relate(reporter, second, "contradicts", to_statement=first),
        author=reporter,
        checker=fact_checker,
    )
    workflow.retract(second, by=editor_in_chief, reason="Misattributed.")

    relation.refresh_from_db()
    assert relation.status == Status.RETRACTED
    row = PublishedRecord.objects.get(resource="relation")
    assert row.retraction_reason == "Misattributed."
    assert published("statement", first.pk)["relations"] == []
    assert "Talks are suspended" not in str(published("statement", first.pk))


def test_a_related_statement_retracted_before_is_listed_without_its_words(
    reporter, fact_checker, editor_in_chief, pair
):
    # A layer published before retractions cascaded: the relation is still
    # live beside the retracted statement until it is repaired.
    first, second = pair
    verify(
        relate(reporter, second, "contradicts", to_statement=first),
        author=reporter,
        checker=fact_checker,
    )
    Statement.objects.filter(pk=second.pk).update(status=Status.RETRACTED)
    editorial.PublicNote.add(
        Statement.objects.get(pk=second.pk),
        kind="retraction",
        note="Misattributed.",
        by=editor_in_chief,
    )
    publishing.tombstone(Statement.objects.get(pk=second.pk))

    [listed] = published("statement", first.pk)["relations"]
    assert listed["record"] == {"type": "statement", "id": second.pk, "retracted": True}
    relation = PublishedRecord.objects.get(resource="relation").data
    assert "Talks are suspended" not in str(relation)


def test_a_statement_supersedes_only_an_earlier_one(reporter, fact_checker, pair):
    first, second = pair
    Statement.objects.filter(pk=first.pk).update(said_on="2025-03-20")
    relation = Relation(
        created_by=reporter,
        updated_by=reporter,
        statement=Statement.objects.get(pk=second.pk),
        kind="supersedes",
        to_statement=Statement.objects.get(pk=first.pk),
    )
    with pytest.raises(ValidationError, match="earlier one"):
        relation.full_clean()
