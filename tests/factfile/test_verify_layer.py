"""The verify button writes exactly the published layer, feed and history it always did.

Two statements are verified from their change pages, one whose speaker and
source are public and one whose speaker and source go with it, on a clock
that ticks a millisecond at each reading and with every id sequence reset.
Everything the verifications wrote (published rows, links, change entries,
lookup entries and names, the history rows of every record) is compared,
as JSON text, with what ``data/verify_layer.json`` holds.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone

from events.attribution import AttributionStep
from events.models import Actor, Citation, Event, Participant, Statement
from factfile import workflow
from factfile.lookup.models import LookupEntry, LookupName
from factfile.published.models import ChangeEntry, PublishedLink, PublishedRecord
from sources.models import Source
from tests import factories, verified

EXPECTED = Path(__file__).parent / "data" / "verify_layer.json"

WRITTEN = (PublishedRecord, PublishedLink, ChangeEntry, LookupEntry, LookupName)
HISTORIES = (Actor, Source, Event, Statement, Citation)


def is_clock(default: Any) -> bool:
    """Whether a field's default is Django's ``timezone.now`` (or a reloaded copy)."""
    return (
        getattr(default, "__module__", "") == "django.utils.timezone"
        and getattr(default, "__name__", "") == "now"
    )


@contextlib.contextmanager
def ticking_clock() -> Iterator[None]:
    """Every reading of the time, a field's default too, a millisecond on."""
    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    ticks = itertools.count()

    def now() -> datetime.datetime:
        return start + datetime.timedelta(milliseconds=next(ticks))

    with contextlib.ExitStack() as stack:
        for model in apps.get_models():
            for found in model._meta.concrete_fields:
                if is_clock(found.default):
                    stack.enter_context(mock.patch.object(found, "default", now))
                    # Django keeps the default it found once.
                    stack.enter_context(mock.patch.object(found, "_get_default", now))
        stack.enter_context(mock.patch.object(timezone, "now", now))
        yield


def layer() -> str:
    """What the verifications wrote, as one JSON text."""
    found: dict[str, Any] = {}
    for model in WRITTEN:
        found[model._meta.label] = list(model.objects.order_by("pk").values())
    for model in HISTORIES:
        rows = model.history.order_by("history_id").values()  # type: ignore[attr-defined]
        found[f"{model._meta.label} history"] = list(rows)
    return json.dumps(found, cls=DjangoJSONEncoder, indent=1, sort_keys=True)


def press(client: Client, statement: Statement) -> None:
    statement.refresh_from_db()
    response = client.post(
        f"/admin/events/statement/{statement.pk}/workflow/verify/",
        {"version": statement.version},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.verified_version == statement.version


def verify_two_statements(author: Any, checker: Any) -> None:
    speaker = verified.actor(author, checker, name="Amina Diallo")
    ministry = verified.actor(
        author, checker, name="Ministry of Dialogue", kind=Actor.Kind.ORGANISATION
    )
    about = verified.actor(author, checker, name="Jonas Berg")
    relay = verified.actor(author, checker, name="Press Office")
    cited = [
        verified.source(
            author, checker, title=f"Talks to resume {n}", url=f"https://a.example/{n}"
        )
        for n in (1, 2)
    ]
    event = factories.EventFactory(created_by=author, title="Talks resume")
    Participant.objects.create(event=event, actor=speaker, role="participant")
    Citation.objects.create(
        created_by=author,
        updated_by=author,
        source=cited[0],
        event=event,
        passage="talks would resume",
    )
    event = verified.verified(event, author=author, checker=checker)
    first = factories.StatementFactory(
        created_by=author,
        speaker=speaker,
        on_behalf_of=ministry,
        event=event,
        speaker_title="Spokesperson",
        claim_rating=Statement.Rating.MOSTLY_TRUE,
        claim_reasoning="The talks were announced for the same week.",
    )
    first.about.set([about])
    AttributionStep.objects.create(
        statement=first, position=1, via="office", actor=relay
    )
    for source in cited:
        factories.CitationFactory(created_by=author, statement=first, source=source)
    # The second's speaker and source wait for review and go with it.
    waiting_speaker = factories.ActorFactory(created_by=author, name="Omar Haddad")
    waiting_source = factories.SourceFactory(
        created_by=author, title="Talks to resume 3", url="https://a.example/3"
    )
    second = factories.StatementFactory(
        created_by=author, speaker=waiting_speaker, text="Talks would resume."
    )
    factories.CitationFactory(
        created_by=author,
        statement=second,
        source=waiting_source,
        passage="talks would resume",
    )
    for record in (first, waiting_speaker, waiting_source, second):
        workflow.submit(record, by=author)
    client = Client()
    client.force_login(checker)
    press(client, first)
    press(client, second)


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_verify_button_writes_what_it_always_wrote(reporter, fact_checker):
    with ticking_clock():
        verify_two_statements(reporter, fact_checker)
    assert layer() == EXPECTED.read_text()
