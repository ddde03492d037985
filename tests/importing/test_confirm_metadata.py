"""The editor confirms an import's title, byline, publisher and publication date."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

import sources.admin_import  # noqa: F401 -- registers the import pages
from events.suggesting.records import Suggestion
from factfile.dates import Precision
from sources.importing.importer import import_file
from sources.importing.records import ImportRecord
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Rwanda recalls its envoy from Brussels\n"
    "By Jean Bizimana\n"
    "Published March 17, 2025\n"
    "KIGALI, March 16, 2025 (Reuters) - Rwanda on Monday recalled its ambassador "
    "from Belgium.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said on Sunday.\n"
)


@pytest.fixture
def record(reporter) -> ImportRecord:  # type: ignore[no-untyped-def]
    import_file("wire.txt", ARTICLE.encode(), by=reporter)
    return ImportRecord.objects.get()


@pytest.fixture
def logged_in(client, reporter):  # type: ignore[no-untyped-def]
    client.login(username=reporter.username, password=PASSWORD)
    return client


def page_of(record: ImportRecord) -> str:
    return reverse("admin:sources_importrecord_change", args=[record.pk])


def confirm_url(record: ImportRecord) -> str:
    return reverse("admin:sources_importrecord_confirm", args=[record.pk])


def test_the_record_page_shows_each_candidate_with_where_it_was_found(
    logged_in, record
):
    assert not record.is_confirmed
    page = logged_in.get(page_of(record)).content.decode()
    assert 'id="confirm-metadata"' in page
    assert "Rwanda recalls its envoy from Brussels" in page
    assert "Jean Bizimana" in page
    assert [(c["date"], c["where"]) for c in record.date_candidates] == [
        ("2025-03-17", "line 3"),
        ("2025-03-16", "dateline, line 4"),
    ]
    assert "2025-03-17 (day), found in line 3" in page
    assert "2025-03-16 (day), found in dateline, line 4" in page
    assert "Another date" in page


def test_confirming_a_candidate_sets_the_source_and_redates_suggestions(
    logged_in, reporter, record
):
    event = Suggestion.objects.get(kind="event")
    assert event.date is None
    assert event.date_phrase == "Monday"
    candidates = record.date_candidates
    chosen = next(i for i, c in enumerate(candidates) if c["date"] == "2025-03-17")
    response = logged_in.post(
        confirm_url(record),
        {
            "title": "Rwanda recalls its ambassador from Belgium",
            "authors": "Jean Bizimana",
            "publisher": "Reuters",
            "published": str(chosen),
            "other_date": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("confirmed" in m and "dates of pending" in m for m in shown), shown
    record.refresh_from_db()
    source = record.source
    source.refresh_from_db()
    assert record.is_confirmed
    assert record.confirmed_by == reporter
    assert source.title == "Rwanda recalls its ambassador from Belgium"
    assert source.authors == "Jean Bizimana"
    assert source.publisher == "Reuters"
    assert source.published_on.isoformat() == candidates[chosen]["date"]
    assert source.published_on_precision == Precision.DAY
    event.refresh_from_db()
    # Monday, against the confirmed Monday 17 March: the same day.
    assert event.date == source.published_on == datetime.date(2025, 3, 17)
    assert event.event.starts_on == event.date


def test_another_date_with_its_precision(logged_in, record):
    logged_in.post(
        confirm_url(record),
        {"title": "T", "authors": "", "publisher": "", "published": "other",
         "other_date": "2025-03"},
    )  # fmt: skip
    record.source.refresh_from_db()
    assert record.source.published_on == datetime.date(2025, 3, 1)
    assert record.source.published_on_precision == Precision.MONTH
    # Known only to the month: "on Monday" cannot be resolved.
    assert Suggestion.objects.get(kind="event").date is None


def test_a_bad_date_is_refused_and_nothing_changes(logged_in, record):
    response = logged_in.post(
        confirm_url(record),
        {"title": "T", "authors": "", "publisher": "", "published": "other",
         "other_date": "17/03/2025"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "is not YYYY, YYYY-MM or YYYY-MM-DD" in response.content.decode()
    record.refresh_from_db()
    assert not record.is_confirmed
    assert record.source.title != "T"


def test_only_who_may_change_sources_confirms(client, record):
    reader = factories.UserFactory(username="viewer")
    reader.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.login(username="viewer", password=PASSWORD)
    page = client.get(page_of(record)).content.decode()
    assert 'id="confirm-metadata"' not in page
    response = client.post(
        confirm_url(record),
        {"title": "T", "published": "keep"},
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert not record.is_confirmed


def test_candidates_list_json_and_html_sources(logged_in, reporter):
    data = json.dumps(
        {"title": "From JSON", "body": "Rwanda on Monday summoned the envoy.",
         "published": "2025-03-17", "publisher": "Wire"}
    ).encode()  # fmt: skip
    import_file("story.json", data, by=reporter)
    record = ImportRecord.objects.get(file_name="story.json")
    assert record.is_confirmed  # a JSON file's own fields are applied
    page = logged_in.get(page_of(record)).content.decode()
    assert "You may confirm again" in page


def test_a_publication_line_offers_at_most_ten_dates(reporter):
    dates = ", ".join(f"{day} March 2025" for day in range(1, 29))
    text = f"Talks resume in Luanda\nPublished {dates}\nKIGALI -- Talks resumed.\n"

    outcome = import_file("dates.txt", text.encode(), by=reporter)

    proposed = outcome.source.import_record.proposals["published_on"]
    assert [candidate["date"] for candidate in proposed] == [
        f"2025-03-{day:02d}" for day in range(1, 11)
    ]
