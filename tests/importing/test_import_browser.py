"""Importing an article in a real browser: upload, summary, review, accept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.suggesting.records import Suggestion
from factfile.editorial import Status
from sources.models import Source

# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE = (
    "KIGALI -- Rwanda on Monday summoned the Belgian envoy.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
)


def logged_in_page(new_page, live_server, user):  # type: ignore[no-untyped-def]
    """A page in a new browser context, with a session made on the server."""
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_upload_a_file_see_the_summary_and_accept_a_suggestion(
    new_page, live_server, reporter
):
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(live_server.url + reverse("admin:sources_importrecord_upload"))
    page.set_input_files(
        "input[type=file]",
        files=[
            {"name": "wire.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()},
            {"name": "empty.txt", "mimeType": "text/plain", "buffer": b""},
        ],
    )
    page.fill("#id_published_on", "2025-03-17")
    page.click("#import-form input[type=submit]")

    summary = page.wait_for_selector("#import-summary")
    assert "1 created, 0 skipped, 1 error." in summary.inner_text()
    created = page.locator("tr.result-created")
    assert "wire.txt" in created.inner_text()
    assert "1 statements" in created.inner_text()
    assert "empty.txt" in page.locator("tr.result-error").inner_text()

    created.locator("a.suggestions").click()
    row = page.locator("#result_list tr", has_text="We will not be lectured")
    row.locator("th a").click()
    page.wait_for_selector("input[name=_accept]")
    assert page.input_value("#id_speaker_title") == "Foreign Minister"
    page.click("input[name=_accept]")
    page.wait_for_selector("#result_list")
    assert "accepted" in page.locator("ul.messagelist").inner_text()

    quote = Suggestion.objects.get(kind="quote")
    assert quote.state == Suggestion.State.ACCEPTED
    assert quote.decided_by == reporter
    assert quote.statement.status == Status.DRAFT
    event = Suggestion.objects.get(kind="event")
    assert event.state == Suggestion.State.PENDING
    assert str(event.event.starts_on) == "2025-03-17"


def test_a_deeply_nested_file_gets_its_error_and_the_page_renders_to_the_end(
    new_page, live_server, reporter
):
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(live_server.url + reverse("admin:sources_importrecord_upload"))
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "deep.json",
                "mimeType": "application/json",
                "buffer": b'{"body": "Text.", "x": ' + b"[" * 100_000,
            },
            {"name": "wire.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()},
            {
                "name": "deep.html",
                "mimeType": "text/html",
                "buffer": b"<html><body>" + b"<div><b>" * 20_000 + b"Deep.",
            },
        ],
    )
    page.click("#import-form input[type=submit]")

    summary = page.wait_for_selector("#import-summary")
    assert "1 created, 0 skipped, 2 errors." in summary.inner_text()
    errors = page.locator("tr.result-error")
    assert errors.count() == 2
    assert "JSON is nested 100,001 levels deep, over the limit of 64" in (
        errors.nth(0).inner_text()
    )
    assert "HTML is nested more than 200 elements deep" in errors.nth(1).inner_text()
    assert "wire.txt" in page.locator("tr.result-created").inner_text()
    # The page is whole: the admin's footer and "Import more files" are there.
    assert page.locator("#footer").count() == 1
    assert page.locator("a", has_text="Import more files").count() == 1
    assert Source.objects.get().full_text == ARTICLE
