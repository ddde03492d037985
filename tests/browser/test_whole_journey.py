"""The whole editorial journey in a real browser, one article, three people.

A reporter imports an article of four quotes by its address from a local
HTTP server, works the desk and submits the bundle; a fact-checker opens
"Next in my queue", reads the highlighted passage, sends one quote back with
a comment and verifies the rest; the reporter answers in the thread, fixes
and resubmits, and the checker verifies it; the editor-in-chief corrects one
quote with a public note (the checker verifies the correction, reading the
diff) and retracts another through the confirmation page; the public API
serves the correction with its note and a 410 for the retraction.

Every person's clicks and keystrokes are counted, and bounded. Screenshots
of each person's key page at 1280x800 and 390x844 are kept in
test-artifacts/journey/.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Actor, Statement
from factfile.conversation import Comment
from factfile.editorial import Status
from tests.browser.counting import Counted
from tests.browser.desk_steps import (
    ARTICLE,
    import_from_the_index,
    known_actors,
    work_through_the_cards,
)
from tests.browser.test_admin_flow import logged_in_page
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = ARTIFACTS / "journey"
DESKTOP = {"width": 1280, "height": 800}
SIZES = (DESKTOP, {"width": 390, "height": 844})


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at both sizes, whole, then back to the desktop size."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        page.set_viewport_size(size)
        page.screenshot(
            path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"),
            full_page=True,
        )
    page.set_viewport_size(DESKTOP)


def test_one_article_from_its_url_to_corrected_and_retracted_in_the_api(
    new_page,
    live_server,
    reporter,
    fact_checker,
    editor_in_chief,
    article_server,
    loopback_allowed,
):
    known_actors()
    url = article_server.serve(
        "/world/brussels-kigali-goma", ARTICLE, content_type="text/plain"
    )
    index = live_server.url + reverse("admin:index")

    # The reporter: import by URL, the desk, the bundle. ---------------------
    author = Counted(logged_in_page(new_page, live_server, reporter))
    page = author.page
    page.set_viewport_size(DESKTOP)
    source = import_from_the_index(author, index, url)

    # Through the cards in text order with the keys: the four quotes and
    # their two new speakers accepted, one speaker's title corrected on its
    # card first; the two events discarded, as this story is the quotes.
    work_through_the_cards(author, source, events="d")
    shoot(page, "reporter-desk")
    with page.expect_navigation():
        author.click("#submit-bundle")
    assert (
        "Submitted for review: 1 source, 2 new actors, 4 statements, 4 citations."
        in page.locator("ul.messagelist").inner_text()
    )
    assert author.clicks <= 15, author
    assert author.keys <= 60, author
    print(f"reporter: {author}")

    # The checker: the queue, the passage, one sent back, the rest verified. --
    checker = Counted(logged_in_page(new_page, live_server, fact_checker))
    page = checker.page
    page.set_viewport_size(DESKTOP)
    page.goto(index)
    checker.click("#index-next-in-queue")
    page.wait_for_selector("#review-panel mark.cited")
    first = Statement.objects.get(pk=int(page.url.rstrip("/").split("/")[-2]))
    assert page.locator("#review-panel mark.cited").inner_text() in first.text
    assert first.speaker.name == "Maxime Prévot"
    shoot(page, "checker-passage")
    checker.type(
        "#workflow-send_back-text",
        "On which day did he say this? The article only says Tuesday.",
    )
    checker.click("#workflow-send_back")
    page.wait_for_selector(".messagelist .success:has-text('sent back')")
    checker.click(".messagelist .next-in-queue")
    page.wait_for_selector("#review-panel mark.cited")
    # Its speaker and the source go along; the two other quotes are ticked.
    assert page.locator("#verified-along li").count() == 2
    assert page.locator("#waiting-beside .beside-item").count() == 2
    checker.click("#also-1")
    checker.click("#also-2")
    checker.click("#workflow-verify")
    page.wait_for_selector(".messagelist .success:has-text('verified')")
    assert checker.clicks <= 6, checker
    assert checker.keys <= 80, checker
    print(f"checker: {checker}")

    first.refresh_from_db()
    assert first.status == Status.DRAFT
    others = Statement.objects.exclude(pk=first.pk)
    assert {s.status for s in others} == {Status.VERIFIED}
    assert {c.status for s in others for c in s.citations.all()} == {Status.VERIFIED}
    assert set(Actor.objects.values_list("status", flat=True)) == {Status.VERIFIED}
    source.refresh_from_db()
    assert source.status == Status.VERIFIED

    # The reporter: the sent-back quote, its thread, the fix. ----------------
    fixing = Counted(author.page)
    page = fixing.page
    page.goto(index)
    fixing.click("#sent-back-to-me a")
    fixing.click(f"#result_list a[href*='/statement/{first.pk}/change/']")
    assert "only says Tuesday" in page.inner_text("#conversation")
    shoot(page, "reporter-thread")
    fixing.type(
        "#workflow-comment-text", "Tuesday 25 February, at his news conference."
    )
    fixing.type("#id_said_on", "2025-02-25")
    fixing.select("#id_said_on_precision", "day")
    fixing.click("#workflow-submit")
    page.wait_for_selector(".messagelist .success:has-text('submitted for review')")
    assert fixing.clicks <= 6, fixing
    assert fixing.keys <= 60, fixing
    print(f"reporter's fix: {fixing}")

    # The checker verifies the fixed quote.
    again = Counted(checker.page)
    page = again.page
    page.goto(index)
    again.click("#index-next-in-queue")
    page.wait_for_selector("#review-panel mark.cited")
    assert f"/statement/{first.pk}/change/" in page.url
    assert page.locator("#conversation .comment").count() == 2
    again.click("#workflow-verify")
    page.wait_for_selector(".messagelist .success:has-text('verified')")
    assert again.clicks <= 2, again
    first.refresh_from_db()
    assert (first.status, str(first.said_on)) == (Status.VERIFIED, "2025-02-25")
    thread = Comment.objects.filter(object_id=first.pk).order_by("pk")
    assert [c.author for c in thread] == [fact_checker, reporter]

    # The editor-in-chief: a correction with its note, a retraction. --------
    corrected = Statement.objects.get(speaker__name="Marco Rubio")
    retracted = Statement.objects.get(speaker__name="Patrick Muyaya")
    editor = Counted(logged_in_page(new_page, live_server, editor_in_chief))
    page = editor.page
    page.set_viewport_size(DESKTOP)
    # Each statement's page is opened from where the editor read it.
    page.goto(
        live_server.url + reverse("admin:events_statement_change", args=[corrected.pk])
    )
    fixed_text = corrected.text.replace("all parties", "all parties, Kigali included,")
    editor.amend("#id_text", fixed_text)
    editor.type("#id_correction_note", "The quote was completed.")
    editor.click("input[name=_continue]")  # saved as a pending edit
    page.wait_for_selector("#pending-edit")
    editor.click("#workflow-submit")
    page.wait_for_selector(".messagelist .success:has-text('submitted for review')")

    correcting = Counted(checker.page)
    page = correcting.page
    page.goto(index)
    correcting.click("#index-next-in-queue")
    page.wait_for_selector("#pending-diff ins")
    assert f"/statement/{corrected.pk}/change/" in page.url
    assert "Kigali included" in page.inner_text("#pending-diff")
    assert page.input_value("#id_correction_note") == "The quote was completed."
    shoot(page, "checker-diff")
    correcting.click("#workflow-correct")
    page.wait_for_selector(".messagelist .success:has-text('correction')")
    assert correcting.clicks <= 2, correcting

    page = editor.page
    page.goto(
        live_server.url + reverse("admin:events_statement_change", args=[retracted.pk])
    )
    editor.click("#workflow-retract")
    page.wait_for_selector("#retracted-with")
    assert page.locator("#retracted-with li").count() == 1  # its citation
    shoot(page, "editor-retract")
    editor.type("#retract-reason", "The spokesman was misquoted.")
    editor.click("#confirm-retract")
    page.wait_for_selector("#retraction")
    assert "The spokesman was misquoted." in page.inner_text("#retraction")
    assert editor.clicks <= 6, editor
    assert editor.keys <= 90, editor
    print(f"editor: {editor}")

    # The public API, asked over HTTP by someone with no account. -----------
    public = new_page().request
    api = live_server.url + "/api/v1/statements/"
    answer = public.get(f"{api}{corrected.pk}/")
    assert answer.status == 200
    body = answer.json()
    assert body["text"] == fixed_text
    assert [c["note"] for c in body["corrections"]] == ["The quote was completed."]
    gone = public.get(f"{api}{retracted.pk}/")
    assert gone.status == 410
    assert gone.json()["reason"] == "The spokesman was misquoted."
    assert public.get(f"{api}{first.pk}/").json()["said_on"] == "2025-02-25"
