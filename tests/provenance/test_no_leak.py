"""Property: relations, translations, attribution steps, dated names, source
withdrawals and merges that are not verified never reach a public response."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from events.models import (
    ActorMerge,
    ActorName,
    AttributionStep,
    Relation,
    Translation,
)
from factfile import workflow
from factfile.published.models import PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "verified", "retracted", "pending"]
RECORDS = ["relation", "translation", "attribution", "name", "withdrawal", "merge"]
RELATION_KINDS = ["contradicts", "repeats", "responds_to", "corrects", "supersedes"]
HIDDEN = "SECRET"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


def bring_to(record, state, *, author, checker, chief):  # type: ignore[no-untyped-def]
    if state == "draft":
        return
    workflow.submit(record, by=author)
    if state == "in_review":
        return
    workflow.verify(record, by=checker)
    if state == "retracted":
        workflow.retract(record, by=chief, reason="Withdrawn for the test.")


def build(plan, reporter, checker, chief):  # type: ignore[no-untyped-def]
    """Records of each kind in the given states.

    Returns the words that must be public, and the ids of the relations that
    must be listed with the statements they join.
    """
    speaker = v.actor(reporter, checker, name="Public Speaker")
    source = v.source(reporter, checker, title="Public Source")
    first = v.statement(reporter, checker, speaker=speaker, cited=source, text="One.")
    second = v.statement(reporter, checker, speaker=speaker, cited=source, text="Two.")
    public: list[str] = []
    relations: set[int] = set()
    for number, (kind, state) in enumerate(plan):
        secret = f"{HIDDEN} {kind} {number}"
        if kind == "relation":
            record = Relation.objects.create(
                created_by=reporter,
                updated_by=reporter,
                statement=second,
                kind=RELATION_KINDS[number],
                to_statement=first,
            )
            bring_to(record, state, author=reporter, checker=checker, chief=chief)
            if state in ("verified", "pending"):
                relations.add(record.pk)
        elif kind == "translation":
            words = f"Public words {number}"
            record = Translation.objects.create(
                created_by=reporter,
                updated_by=reporter,
                statement=first,
                language=f"x{number}",
                # A retracted translation was public until retracted; only
                # words never verified must never show.
                text=secret if state in ("draft", "in_review") else words,
            )
            bring_to(record, state, author=reporter, checker=checker, chief=chief)
            if state == "pending":
                v.edit(record, by=reporter, text=secret)
            if state in ("verified", "pending"):
                public.append(words)
        elif kind == "attribution":
            # A part added to a verified statement waits for its correction.
            hand = v.actor(reporter, checker, name=f"Hand {number}")
            AttributionStep.objects.create(
                statement=first, position=number + 10, via="outlet", actor=hand
            )
            v.edit(first, by=reporter, speaker_title=secret)
            if state != "draft" and first.status == "draft":
                workflow.submit(first, by=reporter)
        elif kind == "name":
            ActorName.objects.create(actor=speaker, name=secret)
            v.edit(speaker, by=reporter, description=secret)
        elif kind == "withdrawal":
            withdrawn = v.source(reporter, checker, title=f"Story {number}")
            v.statement(reporter, checker, cited=withdrawn, text=f"Said {number}.")
            v.edit(withdrawn, by=reporter, standing="withdrawn", standing_note=secret)
            if state != "draft":
                workflow.submit(withdrawn, by=reporter)
        elif kind == "merge":
            duplicate = v.actor(reporter, checker, name=f"Twin {number}")
            merge = ActorMerge.objects.create(
                created_by=reporter,
                updated_by=reporter,
                duplicate=duplicate,
                survivor=speaker,
                reason=secret,
            )
            if state != "draft":
                workflow.submit(merge, by=reporter)
    return public, relations, first.pk


def every_public_response(api: APIClient) -> dict[str, str]:
    pages = [
        "/api/v1/statements/?page_size=200",
        "/api/v1/statements/?page_size=200&q=secret",
        "/api/v1/actors/?page_size=200",
        "/api/v1/sources/?page_size=200",
        "/api/v1/events/?page_size=200",
        "/api/v1/changes/?page_size=200",
        "/api/v1/export/?format=jsonl",
        "/api/v1/lookup/?q=secret",
        "/api/v1/lookup/?q=public",
    ]
    for resource in ("statement", "actor", "source"):
        ids = PublishedRecord.objects.of(resource).values_list("record_id", flat=True)
        pages.extend(f"/api/v1/{resource}s/{pk}/" for pk in ids)
    bodies = {}
    for url in pages:
        response = api.get(url)
        assert response.status_code < 500, url
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        bodies[url] = body.decode()
    return bodies


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from(RECORDS), st.sampled_from(STATES)),
        min_size=1,
        max_size=5,
    )
)
def test_unverified_provenance_never_reaches_the_public(
    reporter, fact_checker, editor_in_chief, plan
):
    with transaction.atomic():
        public, relations, first = build(plan, reporter, fact_checker, editor_in_chief)
        bodies = every_public_response(APIClient())
        listed = PublishedRecord.objects.get(resource="statement", record_id=first)
        transaction.set_rollback(True)

    for url, body in bodies.items():
        assert HIDDEN not in body, url
    everything = bodies["/api/v1/export/?format=jsonl"]
    for words in public:
        assert words in everything
    assert {r["id"] for r in listed.data["relations"]} == relations
