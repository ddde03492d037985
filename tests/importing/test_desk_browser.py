"""The article desk in a real browser: a reporter's article from its URL to review.

An article of four quotes is served by a local HTTP server; the reporter
imports it by its address, works through the desk with the keys and the
forms, and submits the bundle. Clicks and keystrokes go through a counter
around Playwright's page, and the journey's cost is asserted. Screenshots of
the desk at 1280x800 and 390x844 are kept in test-artifacts/desk/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from events.models import Actor, Statement
from events.seeding import seed_factfile
from events.suggesting.records import Suggestion
from factfile.workflow import Status
from sources.models import Source
from tests import factories
from tests.browser.test_admin_flow import logged_in_page
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE = (Path(__file__).parent / "articles" / "desk_journey.txt").read_bytes()
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


class Counted:
    """A page whose clicks and keystrokes are counted, as the reporter's cost."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.clicks = 0
        self.keys = 0

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def type(self, selector: str, text: str) -> None:
        self.keys += len(text)
        self.page.fill(selector, text)

    def paste(self, selector: str, text: str) -> None:
        """Paste what the reporter copied: Ctrl+V, two keys."""
        self.keys += 2
        self.page.fill(selector, text)

    def key(self, key: str) -> None:
        self.keys += 1
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def drag(self, start: int, end: int) -> None:
        """Select words with the mouse: one press, one release."""
        self.clicks += 1
        self.page.evaluate(SELECT, [start, end])


def known_actors() -> None:
    for name, kind in (
        ("Maxime Prévot", "person"),
        ("Marco Rubio", "person"),
        ("Belgium", "state"),
        ("Rwanda", "state"),
        ("United States", "state"),
    ):
        factories.ActorFactory(name=name, kind=kind, status=Status.VERIFIED)


def card(page, kind: str, words: str):  # type: ignore[no-untyped-def]
    return page.locator(f".desk-cards .card.k-{kind}", has_text=words)


def test_four_quotes_from_a_url_to_review_in_few_clicks(
    new_page, live_server, reporter, article_server, loopback_allowed
):
    known_actors()
    url = article_server.serve(
        "/world/brussels-kigali-goma", ARTICLE, content_type="text/plain"
    )
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(live_server.url + reverse("admin:index"))
    reporter_page = Counted(page)

    reporter_page.click("#index-import")
    reporter_page.paste("#id_url", url)
    reporter_page.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-summary")
    reporter_page.click("a.desk-link")
    page.wait_for_selector("#desk-article")

    source = Source.objects.get()
    rubio = Suggestion.objects.get(
        import_record__source=source, kind="quote", passage__startswith="Washington"
    )
    # The importer read "Secretary of State Marco Rubio" as a new actor
    # named "State Marco Rubio": the reporter names the right one.
    rubio_card = f"#s-{rubio.pk}"
    reporter_page.type(f"{rubio_card} input[name$='-speaker']", "Marco Rubio")
    reporter_page.type(
        f"{rubio_card} input[name$='-speaker_title']", "Secretary of State"
    )
    with page.expect_navigation():
        reporter_page.click(f"{rubio_card} button[value=accept]")
    # The desk moves on to the misread actor: discarded with a key.
    misread = Suggestion.objects.get(
        import_record__source=source, kind="actor", actor__name="State Marco Rubio"
    )
    assert page.locator(".card.current").get_attribute("id") == f"s-{misread.pk}"
    reporter_page.key("d")

    # The rest with the keys, in text order, from the first pending card:
    # the ceasefire event, three quotes and their two new speakers, and the
    # talks event.
    pending = Suggestion.objects.filter(
        import_record__source=source,
        state="pending",
        kind__in=["quote", "event", "actor"],
    ).order_by("start", "id")
    for suggestion in pending:
        assert page.locator(".card.current").get_attribute("id") == f"s-{suggestion.pk}"
        reporter_page.key("a")

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
    assert not Actor.objects.filter(name="State Marco Rubio").exists()
    source.refresh_from_db()
    assert source.status == Status.IN_REVIEW
    # The journey's cost, import to submitted.
    assert reporter_page.clicks <= 15, reporter_page.clicks
    assert reporter_page.keys <= 50, reporter_page.keys
    print(f"journey: {reporter_page.clicks} clicks, {reporter_page.keys} keystrokes")


def test_the_desk_on_the_seed_fact_file_at_laptop_and_phone_sizes(
    new_page, live_server, reporter, article_server, loopback_allowed
):
    seed_factfile()
    url = article_server.serve("/world/goma-talks", ARTICLE, content_type="text/plain")
    page = logged_in_page(new_page, live_server, reporter)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:sources_importrecord_upload"))
    page.fill("#id_url", url)
    page.fill("#id_published_on", "2025-02-25")
    page.click("#import-form input[type=submit]")
    page.click("a.desk-link")
    page.wait_for_selector("#desk-article")
    source = Source.objects.get(url=url)
    desk = page.url.split("#")[0]

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

    # Discard the misread actor and the second event.
    with page.expect_navigation():
        page.locator(
            ".card.k-actor", has=page.locator("input[value='State Marco Rubio']")
        ).locator("button[value=discard]").click()
    with page.expect_navigation():
        card(page, "event", "The United States urged").locator(
            "button[value=discard]"
        ).click()

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
