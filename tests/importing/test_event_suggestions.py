"""Draft events proposed from sentences that report something that happened."""

from __future__ import annotations

import datetime

import pytest

from events.models import Actor, Citation, Event, Participant
from events.suggesting.analysis import analyse
from events.suggesting.drafting import accept, decide_many, discard
from events.suggesting.records import Suggestion
from factfile.dates import Precision
from factfile.editorial import Status
from sources.importing.importer import confirm_metadata, import_file
from tests import factories

WIRE = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium "
    "and ordered all Belgian diplomats to leave.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
    "Belgium said it would take similar measures.\n"
    "Meanwhile, M23 rebels have captured Goma, the capital of North Kivu.\n"
    "The government has not suspended its talks with the rebels.\n"
)
DEPECHE = (
    "KINSHASA -- La République démocratique du Congo a rompu lundi ses relations "
    "diplomatiques avec le Rwanda.\n"
    "Le ministre a convoqué mardi l'ambassadeur de Belgique à Kinshasa.\n"
    "« Nous avons suspendu toute coopération », a déclaré la ministre.\n"
    "Les rebelles se sont emparés de Bukavu en février.\n"
)


def events_of(text: str, published: datetime.date | None, language: str = "en"):  # type: ignore[no-untyped-def]
    return analyse(text, published_on=published, language=language).events


def test_sentences_reporting_actions_become_events_with_date_kind_and_place():
    found = events_of(WIRE, datetime.date(2025, 3, 17))
    assert [(e.kind, e.title) for e in found] == [
        ("diplomatic", "Rwanda severed its diplomatic relations with Belgium"),
        ("military", "M23 rebels captured Goma"),
    ]
    severed, captured = found
    assert severed.date.date == datetime.date(2025, 3, 17)
    assert severed.date.phrase == "Monday"
    assert severed.date.precision == Precision.DAY
    assert captured.place == "Goma"
    assert captured.place_country == "Democratic Republic of the Congo"


def test_quoted_future_and_negated_actions_are_not_events():
    sentences = [WIRE[e.start : e.end] for e in events_of(WIRE, None)]
    assert not any("lectured" in s for s in sentences)  # inside a quote
    assert not any("similar measures" in s for s in sentences)  # future
    assert not any("has not suspended" in s for s in sentences)  # negated


def test_french_actions_are_events():
    found = events_of(DEPECHE, datetime.date(2025, 2, 26), "fr")
    assert [(e.kind, e.date.iso if e.date else None) for e in found] == [
        ("diplomatic", "2025-02-24"),
        ("diplomatic", "2025-02-25"),
        ("military", "2025-02"),
    ]
    assert found[0].title == (
        "La République démocratique du Congo a rompu ses relations diplomatiques "
        "avec le Rwanda"
    )
    assert found[1].title.startswith("Le ministre a convoqué")
    assert found[2].title == "Les rebelles se sont emparés de Bukavu"
    assert found[2].place == "Bukavu"


@pytest.mark.django_db
def test_import_drafts_the_event_with_participants_and_anchored_citation(reporter):
    rwanda = factories.ActorFactory(name="Rwanda", kind=Actor.Kind.STATE)
    belgium = factories.ActorFactory(name="Belgium", kind=Actor.Kind.STATE)
    outcome = import_file(
        "wire.txt",
        WIRE.encode(),
        by=reporter,
        published_on=datetime.date(2025, 3, 17),
    )
    assert "2 events" in outcome.message
    suggestion = Suggestion.objects.get(kind="event", passage__contains="severed")
    event = suggestion.event
    assert event.status == Status.DRAFT
    assert event.created_by == reporter
    assert event.kind == Event.Kind.DIPLOMATIC
    assert event.title == "Rwanda severed its diplomatic relations with Belgium"
    assert (event.starts_on, event.starts_on_precision) == (
        datetime.date(2025, 3, 17),
        Precision.DAY,
    )
    assert suggestion.date_phrase == "Monday"
    roles = {p.actor_id: p.role for p in event.participants.all()}
    assert roles == {
        rwanda.pk: Participant.Role.INITIATOR,
        belgium.pk: Participant.Role.TARGET,
    }
    assert suggestion.actor == rwanda
    # Participants are parts of the event: their history names the importer.
    for participant in event.participants.all():
        assert participant.history.get().history_user == reporter
    citation = event.citations.get()
    assert not citation.is_broken
    assert WIRE[citation.start : citation.end].startswith("KIGALI -- Rwanda on Monday")
    assert citation.status == Status.DRAFT


@pytest.mark.django_db
def test_unconfirmed_date_is_resolved_when_the_editor_confirms_it(reporter):
    import_file("wire.txt", WIRE.encode(), by=reporter)
    suggestion = Suggestion.objects.get(kind="event", passage__contains="severed")
    assert suggestion.event.starts_on is None
    assert suggestion.date_display == "unresolved (Monday)"
    confirm_metadata(
        suggestion.import_record, by=reporter, published_on=datetime.date(2025, 3, 18)
    )
    suggestion.refresh_from_db()
    assert suggestion.date == datetime.date(2025, 3, 17)
    assert suggestion.event.starts_on == datetime.date(2025, 3, 17)


@pytest.mark.django_db
def test_accept_keeps_the_draft_and_follows_an_edited_date(reporter):
    import_file("wire.txt", WIRE.encode(), by=reporter)
    suggestion = Suggestion.objects.get(kind="event", passage__contains="captured")
    suggestion.date = datetime.date(2025, 1, 1)
    suggestion.date_precision = Precision.MONTH
    suggestion.save()
    accept(suggestion, by=reporter)
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    event = suggestion.event
    assert event.status == Status.DRAFT
    assert (event.starts_on, event.starts_on_precision) == (
        datetime.date(2025, 1, 1),
        Precision.MONTH,
    )


@pytest.mark.django_db
def test_discard_deletes_the_draft_event_and_frees_its_suggested_actors(reporter):
    import_file(
        "wire.txt",
        b"Foreign Minister Olivier Nduhungirehe on Monday summoned the envoy.\n",
        by=reporter,
    )
    event = Suggestion.objects.get(kind="event")
    actor = Suggestion.objects.get(kind="actor")
    assert event.event.participants.get().actor == actor.actor
    done, problems = decide_many([actor, event], "discard", by=reporter)
    assert (done, problems) == (2, [])
    assert not Event.objects.exists()
    assert not Citation.objects.exists()
    assert not Actor.objects.exists()


@pytest.mark.django_db
def test_discarding_one_event_leaves_the_others(reporter):
    import_file("wire.txt", WIRE.encode(), by=reporter)
    first, second = Suggestion.objects.filter(kind="event").order_by("start")
    discard(first, by=reporter)
    assert list(Event.objects.all()) == [second.event]


@pytest.mark.django_db
def test_the_initiator_the_editor_chose_is_the_events_initiator(reporter):
    rwanda = factories.ActorFactory(name="Rwanda", kind=Actor.Kind.STATE)
    belgium = factories.ActorFactory(name="Belgium", kind=Actor.Kind.STATE)
    import_file("wire.txt", WIRE.encode(), by=reporter)
    suggestion = Suggestion.objects.get(kind="event", passage__contains="severed")
    suggestion.actor = belgium
    suggestion.save()
    accept(suggestion, by=reporter)
    roles = set(suggestion.event.participants.values_list("actor_id", "role"))
    assert roles == {
        (belgium.pk, Participant.Role.INITIATOR),
        (rwanda.pk, Participant.Role.PARTICIPANT),
    }


def test_dutch_actions_are_events_with_past_tense_titles():
    text = (
        "Intro.\n"
        "De Europese Unie riep maandag alle partijen op tot kalmte.\n"
        "Minister Jacquemain Shabani bezocht dinsdag de getroffen straten.\n"
        "De regering opende de grens gisteren niet.\n"
        "Als het Hof de klacht aanvaardt, zou de telling worden overgedaan.\n"
        "De oppositiepartij CNL heeft de uitslag aangevochten.\n"
    )
    found = events_of(text, datetime.date(2025, 9, 19), "nl")
    assert [(e.kind, e.title, e.date.iso if e.date else None) for e in found] == [
        (
            "diplomatic",
            "De Europese Unie riep alle partijen op tot kalmte",
            "2025-09-15",
        ),
        (
            "diplomatic",
            "Minister Jacquemain Shabani bezocht de getroffen straten",
            "2025-09-16",
        ),
        ("other", "De oppositiepartij CNL heeft de uitslag aangevochten", None),
    ]
