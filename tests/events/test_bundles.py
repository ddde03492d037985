"""Submitting an article's accepted records for review as one bundle."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

import events.admin_suggestions  # noqa: F401 -- registers the desk
from events.bundles import gather, submit_bundle
from events.suggesting.drafting import accept
from events.suggesting.records import Suggestion
from factfile.editorial import Status, WorkflowError
from sources.importing.importer import import_file
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ARTICLE = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
    '"Belgium has taken sides," Foreign Minister Olivier Nduhungirehe added.\n'
)


@pytest.fixture
def source(reporter):  # type: ignore[no-untyped-def]
    return import_file("wire.txt", ARTICLE.encode(), by=reporter).source


def quotes(source):  # type: ignore[no-untyped-def]
    return list(
        Suggestion.objects.filter(import_record__source=source, kind="quote").order_by(
            "start"
        )
    )


def test_the_bundle_submits_source_new_actor_statements_and_citations(source, reporter):
    first, second = quotes(source)
    accept(first, by=reporter)
    accept(second, by=reporter)
    bundle = submit_bundle(source, by=reporter)
    assert bundle.submitted == "1 source, 1 new actor, 2 statements, 2 citations"
    source.refresh_from_db()
    assert source.status == Status.IN_REVIEW
    first.refresh_from_db()
    statement = first.statement
    assert statement.status == Status.IN_REVIEW
    assert statement.speaker.status == Status.IN_REVIEW
    assert statement.citations.get().status == Status.IN_REVIEW
    # The suggested new actor is accepted with the records that name them.
    actor_suggestion = Suggestion.objects.get(
        import_record__source=source, kind="actor"
    )
    assert actor_suggestion.state == Suggestion.State.ACCEPTED
    # The pending event is not part of it, and stays a draft.
    event = Suggestion.objects.get(import_record__source=source, kind="event").event
    assert event.status == Status.DRAFT
    assert bundle.pending == 1


def test_a_refused_record_leaves_everything_as_it_was(source):
    limited = factories.UserFactory(username="limited")
    limited.user_permissions.set(
        Permission.objects.filter(
            codename__in=["change_statement", "change_citation", "change_source"]
        )
    )
    first, _ = quotes(source)
    accept(first, by=limited)
    with pytest.raises(WorkflowError) as refused:
        submit_bundle(source, by=limited)
    assert any(
        "Olivier Nduhungirehe" in reason and "permission" in reason
        for reason in refused.value.reasons
    )
    source.refresh_from_db()
    first.refresh_from_db()
    assert source.status == Status.DRAFT
    assert first.statement.status == Status.DRAFT


def test_nothing_accepted_and_everything_in_review_says_so(source, reporter):
    submit_bundle(source, by=reporter)  # the source alone
    with pytest.raises(WorkflowError, match="Nothing to submit"):
        submit_bundle(source, by=reporter)


def test_gather_names_the_actors_an_event_involves(source, reporter):
    event = Suggestion.objects.get(import_record__source=source, kind="event")
    accept(event, by=reporter)
    bundle = gather(source)
    assert [e.pk for e in bundle.events] == [event.event_id]
    assert len(bundle.citations) == 1


def test_the_desk_button_submits_and_says_what(client, source, reporter):
    first, _ = quotes(source)
    accept(first, by=reporter)
    client.login(username=reporter.username, password=PASSWORD)
    desk = reverse("admin:events_desk", args=[source.pk])
    response = client.post(desk, {"action": "submit_bundle"}, follow=True)
    page = response.content.decode()
    assert (
        "Submitted for review: 1 source, 1 new actor, 1 statement, 1 citation." in page
    )
    assert "2 suggestions still pending stayed on the desk." in page
    first.refresh_from_db()
    assert first.statement.status == Status.IN_REVIEW
