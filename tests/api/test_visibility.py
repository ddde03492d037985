"""Property: no public response ever shows a draft, a record in review or a
pending edit, and every verified record is there."""

import json

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factfile import workflow
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

STATES = [
    "draft",
    "in_review",
    "verified",
    "pending_draft",
    "pending_review",
    "corrected",
    "retracted",
]
# Words that only unverified or withdrawn content contains.
HIDDEN = ("SECRET", "WITHDRAWN")


def build(states, reporter, checker, chief):
    """Statements in the given states; returns the texts that must be public."""
    speaker = v.actor(reporter, checker, name="Public Speaker")
    source = v.source(reporter, checker, title="Public Source")
    public = []
    for number, state in enumerate(states):
        if state in ("draft", "in_review"):
            secret_speaker = factories.ActorFactory(
                created_by=reporter, name=f"SECRET actor {number}"
            )
            item = factories.StatementFactory(
                created_by=reporter, speaker=secret_speaker, text=f"SECRET {number}"
            )
            if state == "in_review":
                workflow.submit(secret_speaker, by=reporter)
                workflow.submit(item, by=reporter)
            continue
        text = f"WITHDRAWN {number}" if state == "retracted" else f"PUBLIC {number}"
        item = v.statement(reporter, checker, speaker=speaker, cited=source, text=text)
        if state == "retracted":
            workflow.retract(item, by=chief, reason="Withdrawn for the test.")
            continue
        if state == "corrected":
            text = f"PUBLIC corrected {number}"
            v.edit(item, by=reporter, text=text)
            workflow.submit(item, by=reporter)
            workflow.correct(item, by=checker, note="Reworded.")
        elif state.startswith("pending"):
            v.edit(item, by=reporter, text=f"SECRET pending {number}")
            if state == "pending_review":
                workflow.submit(item, by=reporter)
        public.append(text)
    # Pending edits of what the statements embed must not leak either.
    v.edit(speaker, by=reporter, name="SECRET speaker edit")
    v.edit(source, by=reporter, title="SECRET source edit")
    return public, speaker


def read(api, url):
    response = api.get(url)
    assert response.status_code < 500, url
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content).decode()
    return response.status_code, response.content.decode()


def every_public_response(api, speaker):
    pages = [
        "/api/v1/statements/?page_size=200",
        f"/api/v1/statements/?page_size=200&speaker={speaker.pk}",
        f"/api/v1/statements/?page_size=200&actor={speaker.pk}",
        "/api/v1/statements/?page_size=200&q=secret",
        "/api/v1/statements/?page_size=200&q=public&ordering=-changed",
        "/api/v1/statements/?page_size=200&said_after=2000-01-01",
        "/api/v1/events/?page_size=200",
        "/api/v1/actors/?page_size=200",
        "/api/v1/actors/?page_size=200&q=secret",
        "/api/v1/sources/?page_size=200",
        "/api/v1/citations/?page_size=200",
        "/api/v1/changes/?page_size=200",
        "/api/v1/export/?format=jsonl",
        "/api/v1/export/?format=csv",
    ]
    for resource in ("statement", "actor", "source", "citation"):
        model = apps.get_model(
            "sources" if resource == "source" else "events", resource
        )
        for pk in model._base_manager.values_list("pk", flat=True):
            pages.append(f"/api/v1/{resource}s/{pk}/")
            if resource == "statement":
                pages.append(f"/api/v1/statements/{pk}/citation/")
    return {url: read(api, url) for url in pages}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(states=st.lists(st.sampled_from(STATES), min_size=1, max_size=5))
def test_no_public_response_shows_unverified_content(
    api, reporter, fact_checker, editor_in_chief, states
):
    with transaction.atomic():
        public, speaker = build(states, reporter, fact_checker, editor_in_chief)
        responses = every_public_response(api, speaker)
        transaction.set_rollback(True)

    for url, (_, body) in responses.items():
        for word in HIDDEN:
            assert word not in body, f"{word} in {url}"
    statements = json.loads(responses["/api/v1/statements/?page_size=200"][1])
    assert sorted(s["text"] for s in statements["results"]) == sorted(public)
    assert all(s["speaker"]["name"] == "Public Speaker" for s in statements["results"])
