"""The admin upload page and the review of suggestions."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import events.admin_suggestions  # noqa: F401 -- registers the review pages
import sources.admin_import  # noqa: F401 -- registers the upload page
from events.models import Actor, Citation, Statement
from events.suggesting.drafting import accept
from events.suggesting.records import Suggestion
from factfile.editorial import Status, WorkflowError
from sources.importing.importer import import_file
from sources.models import Source
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ARTICLE = (
    "KIGALI -- Rwanda on Monday recalled its envoy.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
    '"Nobody can say what happens next," a diplomat said.\n'
)


@pytest.fixture
def logged_in(client, reporter):  # type: ignore[no-untyped-def]
    client.login(username=reporter.username, password=PASSWORD)
    return client


def upload(client, *files, published_on=""):  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("admin:sources_importrecord_upload"),
        {"files": list(files), "published_on": published_on},
    )
    # The summary streams as files are imported: read it to the end.
    response.page = b"".join(response.streaming_content).decode()
    return response


def test_upload_page_imports_files_and_reports_each(logged_in, reporter):
    page = logged_in.get(reverse("admin:sources_importrecord_upload"))
    assert page.status_code == 200
    assert b'type="file"' in page.content
    response = upload(
        logged_in,
        SimpleUploadedFile("wire.txt", ARTICLE.encode()),
        SimpleUploadedFile("bad.json", b"{"),
        published_on="2025-03-17",
    )
    page = response.page
    # A row per file, in order, then the totals.
    assert page.index("<td>wire.txt</td>") < page.index("<td>bad.json</td>")
    assert page.index("<td>bad.json</td>") < page.index('id="import-summary"')
    assert '<tr class="result-created">' in page
    assert "<td>1/2</td>" in page
    assert "<td>wire.txt</td>" in page
    assert "<td>2/2</td>" in page
    assert "<td>bad.json</td>" in page
    assert "malformed JSON" in page
    assert "1 created, 0 skipped, 1 error." in page
    source = Source.objects.get()
    record = source.import_record
    suggestions_url = (
        reverse("admin:events_suggestion_changelist")
        + f"?import_record__id__exact={record.pk}"
    )
    assert suggestions_url in page
    listing = logged_in.get(suggestions_url)
    assert listing.status_code == 200
    shown = {s.pk for s in listing.context["cl"].result_list}
    assert shown == set(record.suggestions.values_list("pk", flat=True))
    assert source.created_by == reporter
    assert source.published_on == datetime.date(2025, 3, 17)
    assert Suggestion.objects.get(kind="date").date == datetime.date(2025, 3, 17)


def test_review_list_and_bulk_accept(logged_in, reporter):
    upload(logged_in, SimpleUploadedFile("wire.txt", ARTICLE.encode()))
    listing = logged_in.get(reverse("admin:events_suggestion_changelist"))
    assert listing.status_code == 200
    quote = Suggestion.objects.get(kind="quote", actor__isnull=False)
    response = logged_in.post(
        reverse("admin:events_suggestion_changelist"),
        {"action": "accept_selected", "_selected_action": [quote.pk]},
        follow=True,
    )
    assert response.status_code == 200
    quote.refresh_from_db()
    assert quote.state == Suggestion.State.ACCEPTED
    assert quote.statement.status == Status.DRAFT


def test_discard_deletes_the_never_public_drafts(logged_in):
    upload(logged_in, SimpleUploadedFile("wire.txt", ARTICLE.encode()))
    quote = Suggestion.objects.get(kind="quote", actor__isnull=False)
    actor = Suggestion.objects.get(kind="actor", actor__name="Olivier Nduhungirehe")
    logged_in.post(
        reverse("admin:events_suggestion_changelist"),
        {"action": "discard_selected", "_selected_action": [actor.pk, quote.pk]},
        follow=True,
    )
    assert not Statement.objects.exists()
    assert not Citation.objects.filter(statement__isnull=False).exists()
    assert not Actor.objects.filter(name="Olivier Nduhungirehe").exists()
    assert set(
        Suggestion.objects.filter(pk__in=[quote.pk, actor.pk]).values_list(
            "state", flat=True
        )
    ) == {"discarded"}


def test_a_quote_without_speaker_is_accepted_once_the_editor_names_one(
    logged_in, reporter
):
    upload(logged_in, SimpleUploadedFile("wire.txt", ARTICLE.encode()))
    pending = Suggestion.objects.get(kind="quote", actor__isnull=True)
    assert pending.passage == "Nobody can say what happens next"
    with pytest.raises(WorkflowError, match=r"(?i)choose"):
        accept(pending, by=reporter)
    speaker = Actor.objects.get(name="Olivier Nduhungirehe")
    url = reverse("admin:events_suggestion_change", args=[pending.pk])
    form = logged_in.get(url)
    assert b"Save and accept" in form.content
    logged_in.post(
        url,
        {
            "actor": speaker.pk,
            "speaker_title": "Foreign Minister",
            "date": "",
            "date_precision": "unknown",
            "_accept": "1",
        },
    )
    pending.refresh_from_db()
    assert pending.state == Suggestion.State.ACCEPTED
    statement = pending.statement
    assert statement.speaker == speaker
    assert statement.created_by == reporter
    assert not statement.citations.get().is_broken


@pytest.mark.parametrize(
    "listing",
    ["admin:events_suggestion_changelist", "admin:sources_importrecord_changelist"],
)
def test_the_lists_take_as_many_queries_for_many_imports(logged_in, reporter, listing):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert logged_in.get(reverse(listing)).status_code == 200
        return len(queries)

    import_file("one.txt", ARTICLE.encode(), by=reporter)
    one = count()
    for number in range(5):
        text = ARTICLE.replace("envoy", f"envoy number {number}")
        import_file(f"more{number}.txt", text.encode(), by=reporter)
    assert (
        Suggestion.objects.count()
        > 5 * Suggestion.objects.filter(import_record__file_name="one.txt").count()
    )
    assert count() == one


def test_deep_nesting_gets_its_line_and_the_rest_of_the_upload_imports(logged_in):
    response = upload(
        logged_in,
        SimpleUploadedFile("deep.json", b'{"body": "Text.", "x": ' + b"[" * 100_000),
        SimpleUploadedFile("deep.html", b"<html><body>" + b"<b>" * 1_000 + b"x"),
        SimpleUploadedFile("wire.txt", ARTICLE.encode()),
    )

    page = response.page
    assert "JSON is nested 100,001 levels deep, over the limit of 64" in page
    assert "HTML is nested more than 200 elements deep" in page
    assert page.index("<td>deep.html</td>") < page.index("<td>wire.txt</td>")
    assert "1 created, 0 skipped, 2 errors." in page
    assert page.rstrip().endswith("</html>")
    assert Source.objects.get().full_text == ARTICLE


def test_an_upload_starts_no_file_once_its_time_is_spent(logged_in, settings):
    settings.FACTFILE_IMPORT_UPLOAD_SECONDS = 0

    response = upload(
        logged_in,
        SimpleUploadedFile("wire.txt", ARTICLE.encode()),
        SimpleUploadedFile("second.txt", b"Another story about the talks in Luanda."),
    )

    page = response.page
    assert (
        "not imported: this upload already ran 0 s; import this file in another "
        in (page)
    )
    assert "1 created, 0 skipped, 1 error." in page
    assert Source.objects.get().full_text == ARTICLE


def test_an_oversized_file_is_refused_by_its_size(logged_in, settings):
    settings.FACTFILE_MAX_IMPORT_BYTES = 100_000

    response = upload(
        logged_in,
        SimpleUploadedFile("big.txt", b"word " * 40_000),
        SimpleUploadedFile("wire.txt", ARTICLE.encode()),
    )

    assert "file is 0.2 MB, over the limit of 0.1 MB" in response.page
    assert "1 created, 0 skipped, 1 error." in response.page
