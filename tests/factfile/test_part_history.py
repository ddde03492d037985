"""A record's history shows the changes to its parts too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Alias, Participant, Role
from factfile.history import EMPTY, Difference, part_changes
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
    assert changes[2].differences == [Difference("Name", "Prevost", "Prevot")]


def test_the_history_page_shows_part_changes(reporter):
    event = EventFactory(created_by=reporter)
    participant = ParticipantFactory(event=event)
    participant._history_user = reporter
    participant.role = Participant.Role.MEDIATOR
    participant.save()

    page = client_for(reporter).get(
        reverse("admin:events_event_history", args=[event.pk])
    )

    assert page.status_code == 200
    content = " ".join(page.content.decode().split())
    assert "Changes to its parts" in content
    assert f"Participant added: {participant.actor} (participant)" in content
    assert (
        f"Participant changed by rita.reporter: {participant.actor} (mediator)"
        in content
    )
    assert "<del>Participant</del>" in content
    assert "<ins>Mediator</ins>" in content


def test_a_part_names_the_records_it_points_to(reporter):
    actor = ActorFactory(created_by=reporter)
    ministry = ActorFactory(created_by=reporter, name="Ministry of Defence")
    role = Role.objects.create(actor=actor, title="Minister", organisation=ministry)
    role.organisation = None
    role.save()

    changed = part_changes(actor)[0]

    assert changed.label == "Minister"
    assert changed.differences == [
        Difference("Organisation", "Ministry of Defence", EMPTY)
    ]


def test_part_history_queries_do_not_grow_with_changes(reporter):
    event = EventFactory(created_by=reporter)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            part_changes(event)
        return len(queries)

    ParticipantFactory(event=event, actor__created_by=reporter)
    one = count()
    for _ in range(10):
        participant = ParticipantFactory(event=event, actor__created_by=reporter)
        participant.role = Participant.Role.TARGET
        participant.save()

    assert len(part_changes(event)) == 21
    assert count() == one
