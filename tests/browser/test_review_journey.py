"""Reviewing in a real browser: no edit lost, the queue, the panel, clicks counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from events.models import Statement
from factfile import workflow
from factfile.conversation import Comment
from factfile.editorial import PublicNote, Status
from tests import factories
from tests.browser.counting import Counted
from tests.browser.test_admin_flow import logged_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "review"
QUOTES = [
    "We remain committed to dialogue",
    "The border will stay open",
    "No troops crossed the river",
    "Talks resume next week in Luanda",
]
ARTICLE = (
    "KIGALI -- Ministers spoke after the summit on Monday. "
    + " ".join(f'"{quote}," the minister said.' for quote in QUOTES)
    + " Officials gave no further details."
)


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Screenshots at 1280×800 and 390×844, kept as test artifacts."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def article_waiting_for_review(reporter):  # type: ignore[no-untyped-def]
    """A source, its speaker and four quoted statements, all submitted."""
    source = factories.SourceFactory(created_by=reporter, full_text=ARTICLE)
    speaker = factories.ActorFactory(created_by=reporter, name="Vincent Biruta")
    workflow.submit(source, by=reporter)
    workflow.submit(speaker, by=reporter)
    statements = []
    for quote in QUOTES:
        statement = factories.StatementFactory(
            created_by=reporter, speaker=speaker, text=quote + "."
        )
        factories.CitationFactory(
            created_by=reporter, statement=statement, source=source, passage=quote
        )
        workflow.submit(statement, by=reporter)
        statements.append(statement)
    return statements


def test_submit_saves_the_unsaved_edit_first(new_page, live_server, reporter):
    statement = factories.StatementFactory(created_by=reporter, text="Talks resume.")
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(
        live_server.url + reverse("admin:events_statement_change", args=[statement.pk])
    )
    assert page.locator("#workflow-unsaved").is_hidden()

    page.fill("#id_text", "Talks resume on Tuesday, the minister said.")
    page.wait_for_selector("#workflow-unsaved", state="visible")
    page.click("#workflow-submit")
    page.wait_for_selector(".messagelist .success:has-text('submitted for review')")
    shoot(page, "submitted-with-edit")

    statement.refresh_from_db()
    assert statement.text == "Talks resume on Tuesday, the minister said."
    assert statement.status == Status.IN_REVIEW
    versions = statement.history.order_by("-history_id")
    assert versions[0].history_change_reason == "Submitted for review"
    assert versions[1].history_change_reason == "Edited"
    assert versions[1].text == "Talks resume on Tuesday, the minister said."


def test_an_untouched_form_warns_of_nothing(new_page, live_server, reporter):
    speaker = factories.ActorFactory(created_by=reporter)
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement)
    page = logged_in_page(new_page, live_server, reporter)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(
        live_server.url + reverse("admin:events_statement_change", args=[statement.pk])
    )
    page.wait_for_load_state("load")
    page.click("#content-main")  # a click anywhere checks the form again
    page.wait_for_timeout(200)

    assert page.locator("#workflow-unsaved").is_hidden()
    page.goto(live_server.url + reverse("admin:index"))
    assert dialogs == []


def test_checker_verifies_an_articles_four_quotes_in_at_most_six_clicks(
    new_page, live_server, reporter, fact_checker
):
    statements = article_waiting_for_review(reporter)
    page = logged_in_page(new_page, live_server, fact_checker)
    clicks = Counted(page)
    page.goto(live_server.url + reverse("admin:index"))

    clicks.click("#index-next-in-queue")
    page.wait_for_selector("#review-panel mark.cited")
    assert page.locator("#review-panel mark.cited").inner_text() in QUOTES
    assert page.locator("#verified-along li").count() == 2  # the speaker, the source
    shoot(page, "checker-statement")
    for box in range(1, 4):
        clicks.click(f"#also-{box}")
    clicks.click("#workflow-verify")
    page.wait_for_selector(".messagelist .success:has-text('verified')")

    assert clicks.clicks <= 6
    for statement in statements:
        statement.refresh_from_db()
        assert statement.status == Status.VERIFIED
        assert statement.citations.get().status == Status.VERIFIED
    statements[0].speaker.refresh_from_db()
    assert statements[0].speaker.status == Status.VERIFIED


def test_checker_sends_one_back_reporter_reads_the_thread_editor_corrects_and_retracts(
    new_page, live_server, reporter, fact_checker, other_fact_checker, editor_in_chief
):
    article_waiting_for_review(reporter)
    checker = logged_in_page(new_page, live_server, fact_checker)
    clicks = Counted(checker)
    checker.goto(live_server.url + reverse("admin:index"))
    clicks.click("#index-next-in-queue")
    checker.wait_for_selector("#review-panel mark.cited")
    first = int(checker.url.rstrip("/").split("/")[-2])
    checker.fill("#workflow-send_back-text", "Which day did the minister say this?")
    clicks.click("#workflow-send_back")
    checker.wait_for_selector(".messagelist .success:has-text('sent back')")
    clicks.click(".messagelist .next-in-queue")
    checker.wait_for_selector("#review-panel mark.cited")
    for box in range(1, 3):
        clicks.click(f"#also-{box}")
    clicks.click("#workflow-verify")
    checker.wait_for_selector(".messagelist .success:has-text('verified')")
    assert clicks.clicks <= 6
    sent_back = Statement.objects.get(pk=first)
    assert sent_back.status == Status.DRAFT
    assert [s.status for s in Statement.objects.exclude(pk=first)] == [
        Status.VERIFIED
    ] * 3

    author = logged_in_page(new_page, live_server, reporter)
    author.goto(live_server.url + reverse("admin:index"))
    author.click("#sent-back-to-me a")
    author.click(f"#result_list a[href*='/statement/{first}/change/']")
    assert "Which day did the minister say this?" in author.inner_text("#conversation")
    shoot(author, "reporter-thread")
    author.fill("#workflow-comment-text", "Monday, after the summit; date added.")
    author.fill("#id_said_on", "2025-03-17")
    author.select_option("#id_said_on_precision", "day")
    author.click("#workflow-submit")
    author.wait_for_selector(".messagelist .success:has-text('submitted for review')")
    thread = Comment.objects.filter(object_id=first).order_by("pk")
    assert [c.author for c in thread] == [fact_checker, reporter]  # both kept

    # The editor corrects a verified quote with a note, then retracts another.
    corrected, retracted = (
        s for s in Statement.objects.exclude(pk=first).order_by("pk")[:2]
    )
    editor = logged_in_page(new_page, live_server, editor_in_chief)
    editor.goto(
        live_server.url + reverse("admin:events_statement_change", args=[corrected.pk])
    )
    editor.fill("#id_text", corrected.text.replace("open", "open to trade"))
    editor.fill("#id_correction_note", "The quote was completed.")
    editor.click("input[name=_continue]")  # a verified record: the edit is saved
    editor.wait_for_selector("#pending-edit")
    editor.click("#workflow-submit")
    editor.wait_for_selector(".messagelist .success:has-text('submitted for review')")

    second = logged_in_page(new_page, live_server, other_fact_checker)
    second.goto(
        live_server.url + reverse("admin:events_statement_change", args=[corrected.pk])
    )
    assert second.locator("#pending-diff ins").count() >= 1
    assert second.input_value("#id_correction_note") == "The quote was completed."
    shoot(second, "checker-diff")
    second.click("#workflow-correct")
    second.wait_for_selector(".messagelist .success:has-text('correction')")
    note = PublicNote.for_record(corrected).get(kind=PublicNote.Kind.CORRECTION)
    assert note.note == "The quote was completed."

    editor.goto(
        live_server.url + reverse("admin:events_statement_change", args=[retracted.pk])
    )
    editor.click("#workflow-retract")
    editor.wait_for_selector("#retracted-with")
    assert editor.locator("#retracted-with li").count() == 1  # its citation
    shoot(editor, "retract-confirm")
    editor.fill("#retract-reason", "The minister was misquoted.")
    editor.click("#confirm-retract")
    editor.wait_for_selector("#retraction")
    assert "The minister was misquoted." in editor.inner_text("#retraction")
    retracted.refresh_from_db()
    assert retracted.status == Status.RETRACTED
