"""The article desk in a real browser: a reporter's article from its URL to review.

An article of four quotes is served by a local HTTP server; the reporter
imports it by its address, works through the desk with the keys and the
forms, and submits the bundle. Clicks and keystrokes go through a counter
around Playwright's page (tests/browser/counting.py), and the journey's cost
is asserted. Screenshots of the desk at 1280x800 and 390x844 are kept in
test-artifacts/desk/; the one of the seed fact file (desk-seed-1280x800.png)
is the manual's.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Actor, Statement
from events.seeding import seed_factfile
from events.suggesting.records import Suggestion
from factfile.editorial import Status
from sources.importing.importer import import_file
from sources.models import Source
from tests.browser.counting import Counted
from tests.browser.desk_steps import (
    ARTICLE,
    card,
    import_from_the_index,
    import_on_the_upload_page,
    known_actors,
    pending_cards,
    work_through_the_cards,
)
from tests.browser.test_admin_flow import logged_in_page
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = ARTIFACTS / "desk"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Selects characters [start, end) of the stored text in the desk's article,
# as a reader's drag would, and lets go of the mouse there.
SELECT = """([start, end]) => {
    const article = document.getElementById('desk-article');
    const range = document.createRange();
    let started = false;
    for (const holder of article.querySelectorAll('[data-o]')) {
        const node = holder.firstChild, from = Number(holder.dataset.o);
        const to = from + node.data.length;
        if (!started && start >= from && start < to) {
            range.setStart(node, start - from); started = true;
        }
        if (started && end > from && end <= to) {
            range.setEnd(node, end - from); break;
        }
    }
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    article.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
    .filter((e) => e.getBoundingClientRect().right > 392)
    .slice(0, 8).map((e) => e.tagName + '#' + e.id + '.' + e.className + ' '
    + Math.round(e.getBoundingClientRect().right))"""


def test_four_quotes_from_a_url_to_review_in_few_clicks(
    new_page, live_server, reporter, article_server, loopback_allowed
):
    known_actors()
    url = article_server.serve(
        "/world/brussels-kigali-goma", ARTICLE, content_type="text/plain"
    )
    reporter_page = Counted(logged_in_page(new_page, live_server, reporter))
    page = reporter_page.page
    source = import_from_the_index(
        reporter_page, live_server.url + reverse("admin:index"), url
    )

    # Through the cards in text order with the keys: the ceasefire event,
    # four quotes, their two new speakers and the talks event. One new
    # actor's title is corrected on its card first, and accepted with it.
    assert pending_cards(source).count() == 8
    work_through_the_cards(reporter_page, source)

    with page.expect_navigation():
        reporter_page.click("#submit-bundle")
    message = page.locator("ul.messagelist").inner_text()
    assert (
        "Submitted for review: 1 source, 2 new actors, 4 statements, 2 events, "
        "6 citations." in message
    )

    statements = Statement.objects.filter(citations__source=source)
    assert statements.count() == 4
    assert set(statements.values_list("status", flat=True)) == {Status.IN_REVIEW}
    assert statements.get(text__startswith="Washington").speaker.name == "Marco Rubio"
    muyaya = Actor.objects.get(name="Patrick Muyaya")
    assert (muyaya.description, muyaya.status) == (
        "Congolese government spokesman",
        Status.IN_REVIEW,
    )
    source.refresh_from_db()
    assert source.status == Status.IN_REVIEW
    # The journey's cost, import to submitted.
    assert reporter_page.clicks <= 15, reporter_page.clicks
    assert reporter_page.keys <= 60, reporter_page.keys
    print(f"journey: {reporter_page.clicks} clicks, {reporter_page.keys} keystrokes")


def test_accept_autocomplete_new_actor_discard_select_and_submit_on_the_desk(
    new_page, live_server, reporter, article_server, loopback_allowed
):
    known_actors()
    url = article_server.serve("/world/goma-talks", ARTICLE, content_type="text/plain")
    page = logged_in_page(new_page, live_server, reporter)
    page.set_viewport_size(DESKTOP)
    desk = import_on_the_upload_page(page, live_server.url, url, "2025-02-25")
    source = Source.objects.get(url=url)

    # Accept with a click.
    with page.expect_navigation():
        card(page, "quote", "A ceasefire is the only way").locator(
            "button[value=accept]"
        ).click()
    assert "accepted" in page.locator("ul.messagelist").inner_text()

    # The speaker through the autocomplete: a few letters, then the name
    # picked from the list the admin's autocomplete filled.
    rubio = card(page, "quote", "Washington expects")
    speaker = rubio.locator("input[name$='-speaker']")
    speaker.fill("")
    speaker.type("Rubi")
    rubio.locator("datalist option[value='Marco Rubio']").wait_for(state="attached")
    speaker.fill("Marco Rubio")
    marco = Actor.objects.get(name="Marco Rubio")
    assert rubio.locator("input[name$='-speaker_id']").input_value() == str(marco.pk)
    rubio.locator("input[name$='-speaker_title']").fill("Secretary of State")
    with page.expect_navigation():
        rubio.locator("button[value=accept]").click()

    # Discard a quote, then the new actor only it named, and an event.
    with page.expect_navigation():
        card(page, "quote", "defend every inch").locator(
            "button[value=discard]"
        ).click()
    muyaya = page.locator(
        ".card.k-actor", has=page.locator("input[value='Patrick Muyaya']")
    )
    with page.expect_navigation():
        muyaya.locator("button[value=discard]").click()
    with page.expect_navigation():
        card(page, "event", "The United States urged").locator(
            "button[value=discard]"
        ).click()
    assert not Actor.objects.filter(name="Patrick Muyaya").exists()

    # Select words in the text: a new quote, whose speaker is a new actor
    # with the title apart.
    text = source.full_text
    words = "food stocks in Goma would run out within a week"
    page.evaluate(SELECT, [text.index(words), text.index(words) + len(words)])
    assert page.input_value("#id_new-passage") == words
    with page.expect_navigation():
        page.click("#propose-quote")
    proposed = Suggestion.objects.get(import_record__source=source, passage=words)
    new = page.locator(f"#s-{proposed.pk}")
    new.locator("summary").click()
    new.locator("input[name$='-new_name']").fill("Jean-Paul Mbuyi")
    new.locator("input[name$='-new_title']").fill("Coordinator, Goma aid agencies")
    new.locator("select[name$='-kind']").first.select_option("paraphrase")
    with page.expect_navigation():
        new.locator("button[value=accept]").click()
    proposed.refresh_from_db()
    assert proposed.state == "accepted"
    assert proposed.statement.speaker.name == "Jean-Paul Mbuyi"
    assert proposed.statement.speaker.description == "Coordinator, Goma aid agencies"
    assert proposed.statement.kind == "paraphrase"

    page.goto(desk)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desk-1280x800.png"))
    page.set_viewport_size(PHONE)
    page.goto(desk)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(WIDEST)
    # Stacked: the text first, then the suggestions.
    text_box = page.locator("#desk-article").bounding_box()
    cards_box = page.locator(".desk-cards").bounding_box()
    assert text_box["y"] < cards_box["y"]
    page.screenshot(path=str(SHOTS / "desk-390x844.png"))
    page.set_viewport_size(DESKTOP)

    with page.expect_navigation():
        page.click("#submit-bundle")
    assert "Submitted for review:" in page.locator("ul.messagelist").inner_text()
    source.refresh_from_db()
    assert source.status == Status.IN_REVIEW
    assert Actor.objects.get(name="Jean-Paul Mbuyi").status == Status.IN_REVIEW


def test_the_desk_works_without_javascript(new_page, live_server, reporter):
    known_actors()
    source = import_file("wire.txt", ARTICLE, by=reporter).source
    client = Client()
    client.force_login(reporter)
    page = new_page(java_script_enabled=False)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + reverse("admin:events_desk", args=[source.pk]))
    rubio = card(page, "quote", "Washington expects")
    rubio.locator("input[name$='-speaker']").fill("Marco Rubio")
    with page.expect_navigation():
        rubio.locator("button[value=accept]").click()
    assert "accepted" in page.locator("ul.messagelist").inner_text()
    page.fill("#id_new-passage", "food stocks in Goma would run out within a week")
    with page.expect_navigation():
        page.click("#propose-quote")
    assert "proposed" in page.locator("ul.messagelist").inner_text()
    with page.expect_navigation():
        page.click("#submit-bundle")
    assert "Submitted for review:" in page.locator("ul.messagelist").inner_text()
    statement = Statement.objects.get(text__startswith="Washington")
    assert (statement.speaker.name, statement.status) == ("Marco Rubio", "in_review")


def test_the_desk_on_the_seed_fact_file(
    new_page, live_server, reporter, article_server, loopback_allowed
):
    """The screenshot of the manual (docs/images/desk.png) is this one."""
    seed_factfile()
    url = article_server.serve("/world/goma-talks", ARTICLE, content_type="text/plain")
    page = logged_in_page(new_page, live_server, reporter)
    page.set_viewport_size(DESKTOP)
    import_on_the_upload_page(page, live_server.url, url, "2025-02-25")
    with page.expect_navigation():
        card(page, "quote", "A ceasefire is the only way").locator(
            "button[value=accept]"
        ).click()
    page.goto(page.url.split("#")[0])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desk-seed-1280x800.png"))
    # The seed's verified citations of other sources are not on this desk;
    # the known speaker is matched to the seed's actor.
    source = Source.objects.get(url=url)
    prevot = Suggestion.objects.get(
        import_record__source=source, kind="quote", passage__startswith="A ceasefire"
    )
    assert prevot.statement.speaker.status == Status.VERIFIED
