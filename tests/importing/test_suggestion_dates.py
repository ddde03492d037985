"""Dates known to a month or a year, from suggestions to records and back in the admin.

A suggested date is stored as its precision says (the first of the month, the
first of January), so that the record made from it can be edited later.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

import events.admin_suggestions  # noqa: F401 -- registers the review pages
from events.models import Actor, Event, Statement
from events.suggesting.drafting import accept
from events.suggesting.records import Suggestion
from factfile.dates import Precision, normalise_partial_date
from sources.importing.importer import import_file
from tests import factories
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db

WIRE = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium "
    "and ordered all Belgian diplomats to leave.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said on Monday.\n"
)
PUBLISHED = datetime.date(2025, 3, 18)


@pytest.fixture
def imported(reporter):  # type: ignore[no-untyped-def]
    factories.ActorFactory(name="Rwanda", kind=Actor.Kind.STATE)
    factories.ActorFactory(name="Belgium", kind=Actor.Kind.STATE)
    import_file("wire.txt", WIRE.encode(), by=reporter, published_on=PUBLISHED)
    return Suggestion.objects.get(kind="event")


def suggestion_form(suggestion: Suggestion, **changes: str) -> dict[str, str]:
    """The suggestion's change form as the editor posts it back."""
    data = {
        "actor": str(suggestion.actor_id or ""),
        "speaker_title": suggestion.speaker_title,
        "date": suggestion.date.isoformat() if suggestion.date else "",
        "date_precision": suggestion.date_precision,
    }
    if suggestion.kind == Suggestion.Kind.EVENT:
        data["title"] = suggestion.event.title
    return {**data, **changes}


def test_an_event_accepted_with_a_month_can_be_edited_afterwards(imported, reporter):
    client = client_for(reporter)
    assert imported.date == datetime.date(2025, 3, 17)
    # The editor knows only the month: they change the precision, not the day.
    response = client.post(
        reverse("admin:events_suggestion_change", args=[imported.pk]),
        suggestion_form(imported, date_precision="month", _accept="1"),
    )
    assert response.status_code == 302
    event = Event.objects.get(pk=imported.event_id)
    assert (event.starts_on, event.starts_on_precision) == (
        datetime.date(2025, 3, 1),
        Precision.MONTH,
    )

    edited = client.post(
        change_url(event),
        form_data(client, event, title="Rwanda cuts ties with Belgium"),
    )

    assert edited.status_code == 302, edited.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.title == "Rwanda cuts ties with Belgium"
    assert event.starts_on == datetime.date(2025, 3, 1)


def test_a_suggestion_stored_with_a_day_is_accepted_as_its_precision_says(
    imported, reporter
):
    # As a suggestion saved before dates were normalised may be.
    Suggestion.objects.filter(pk=imported.pk).update(
        date=datetime.date(2024, 11, 23), date_precision=Precision.YEAR
    )
    imported.refresh_from_db()

    accept(imported, by=reporter)

    event = Event.objects.get(pk=imported.event_id)
    assert (event.starts_on, event.starts_on_precision) == (
        datetime.date(2024, 1, 1),
        Precision.YEAR,
    )


def test_a_quote_accepted_with_a_month_is_said_on_the_first(imported, reporter):
    quote = Suggestion.objects.get(kind="quote")
    client = client_for(reporter)

    client.post(
        reverse("admin:events_suggestion_change", args=[quote.pk]),
        suggestion_form(quote, date="2025-03-17", date_precision="month", _accept="1"),
    )

    statement = Statement.objects.get(pk=quote.statement_id)
    assert (statement.said_on, statement.said_on_precision) == (
        datetime.date(2025, 3, 1),
        Precision.MONTH,
    )


def test_the_event_form_stores_a_month_as_its_first_day_instead_of_refusing(
    reporter,
):
    event = factories.EventFactory(created_by=reporter)
    client = client_for(reporter)

    response = client.post(
        change_url(event),
        form_data(
            client,
            event,
            starts_on="2024-02-14",
            starts_on_precision="year",
            ends_on="2025-06-30",
            ends_on_precision="month",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2024, 1, 1),
        datetime.date(2025, 6, 1),
    )


def test_an_event_suggestion_has_a_title_the_draft_follows(imported, reporter):
    client = client_for(reporter)
    url = reverse("admin:events_suggestion_change", args=[imported.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' in page
    assert "Rwanda severed its diplomatic relations with Belgium" in page

    client.post(url, suggestion_form(imported, title="Rwanda expels Belgian diplomats"))

    imported.refresh_from_db()
    assert imported.state == Suggestion.State.PENDING
    assert imported.event.title == "Rwanda expels Belgian diplomats"
    assert imported.details["title"] == "Rwanda expels Belgian diplomats"
    assert imported.event.history.latest().history_user == reporter


def test_other_suggestions_have_no_title(imported, reporter):
    quote = Suggestion.objects.get(kind="quote")
    page = client_for(reporter).get(
        reverse("admin:events_suggestion_change", args=[quote.pk])
    )
    assert 'name="title"' not in page.content.decode()


@pytest.mark.parametrize(
    ("day", "precision", "stored"),
    [
        (datetime.date(2025, 3, 17), Precision.DAY, datetime.date(2025, 3, 17)),
        (datetime.date(2025, 3, 17), Precision.MONTH, datetime.date(2025, 3, 1)),
        (datetime.date(2025, 3, 17), Precision.YEAR, datetime.date(2025, 1, 1)),
        (None, Precision.UNKNOWN, None),
        (datetime.date(2025, 3, 17), Precision.UNKNOWN, datetime.date(2025, 3, 17)),
    ],
)
def test_a_date_is_normalised_to_its_precision(day, precision, stored):
    assert normalise_partial_date(day, precision) == stored
