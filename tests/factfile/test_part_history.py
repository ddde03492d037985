"""A record's history shows the changes to its parts too."""

import pytest
from django.urls import reverse

from events.models import Alias
from factfile.history import part_changes
from tests.factfile.test_admin_workflow import client_for
from tests.factories import ActorFactory, EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_alias_changes_are_listed_with_their_differences(reporter):
    actor = ActorFactory(created_by=reporter, name="Maxime Prévot")
    alias = Alias.objects.create(actor=actor, name="Prevost")
    alias.name = "Prevot"
    alias.save()
    Alias.objects.create(actor=actor, name="M. Prévot").delete()

    changes = part_changes(actor)

    assert [(c.action, c.label) for c in changes] == [
        ("removed", "M. Prévot"),
        ("added", "M. Prévot"),
        ("changed", "Prevot"),
        ("added", "Prevost"),
    ]
    assert changes[2].differences == [("name", "Prevost", "Prevot")]


def test_the_history_page_shows_part_changes(reporter):
    event = EventFactory(created_by=reporter)
    participant = ParticipantFactory(event=event)

    page = client_for(reporter).get(
        reverse("admin:events_event_history", args=[event.pk])
    )

    assert page.status_code == 200
    assert "Changes to its parts" in page.content.decode()
    assert f"Participant added: {participant}" in page.content.decode()


def test_part_history_queries_do_not_grow_with_changes(
    reporter, django_assert_max_num_queries
):
    actor = ActorFactory(created_by=reporter)
    for n in range(10):
        Alias.objects.create(actor=actor, name=f"Name {n}")
    with django_assert_max_num_queries(3):
        part_changes(actor)
