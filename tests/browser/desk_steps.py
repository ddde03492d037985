"""Steps of a reporter's journey that several browser tests take alike.

Importing an article by its address and working through the desk's cards
with the keys are written once here; each test says what it does with the
desk afterwards, and what the journey may cost.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from events.suggesting.records import Suggestion
from factfile.editorial import Status
from sources.models import Source
from tests import factories
from tests.browser.counting import Counted

# An article of four quotes, two new speakers and two events, written for the
# tests; a local HTTP server serves it by address.
ARTICLE = (
    Path(__file__).resolve().parent.parent
    / "importing"
    / "articles"
    / "desk_journey.txt"
).read_bytes()

# The speaker whose title the reporter corrects on the desk.
RETITLED = ("Patrick Muyaya", "Congolese government spokesman")


def known_actors() -> None:
    """The verified actors the article names, as a fact file would hold them."""
    for name, kind in (
        ("Maxime Prévot", "person"),
        ("Marco Rubio", "person"),
        ("Belgium", "state"),
        ("Rwanda", "state"),
        ("United States", "state"),
    ):
        factories.ActorFactory(name=name, kind=kind, status=Status.VERIFIED)


def card(page, kind: str, words: str):  # type: ignore[no-untyped-def]
    """The desk's card of a ``kind`` suggestion that shows ``words``."""
    return page.locator(f".desk-cards .card.k-{kind}", has_text=words)


def import_from_the_index(person: Counted, index: str, url: str) -> Source:
    """From the admin's index to the desk of the article at ``url``, counted."""
    page = person.page
    page.goto(index)
    person.click("#index-import")
    person.paste("#id_url", url)
    person.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-summary")
    person.click("a.desk-link")
    page.wait_for_selector("#desk-article")
    return Source.objects.get(url=url)


def import_on_the_upload_page(page, base: str, url: str, published_on: str) -> str:  # type: ignore[no-untyped-def]
    """The article at ``url`` imported with its date; the desk's address."""
    page.goto(base + reverse("admin:sources_importrecord_upload"))
    page.fill("#id_url", url)
    page.fill("#id_published_on", published_on)
    page.click("#import-form input[type=submit]")
    page.click("a.desk-link")
    page.wait_for_selector("#desk-article")
    return page.url.split("#")[0]


def pending_cards(source: Source):  # type: ignore[no-untyped-def]
    """The source's pending quotes, events and actors, in the desk's order."""
    return Suggestion.objects.filter(
        import_record__source=source,
        state="pending",
        kind__in=["quote", "event", "actor"],
    ).order_by("start", "id")


def work_through_the_cards(
    person: Counted, source: Source, *, events: str = "a"
) -> None:
    """Every pending card in text order with the keys.

    Quotes and actors are accepted (``a``), events take the key ``events``;
    the speaker in RETITLED gets their title typed on the card first.
    """
    page = person.page
    for suggestion in pending_cards(source):
        current = f"#s-{suggestion.pk}"
        assert page.locator(".card.current").get_attribute("id") == current[1:]
        if suggestion.kind == "actor" and suggestion.actor.name == RETITLED[0]:
            person.type(f"{current} input[name$='-title']", RETITLED[1])
            with page.expect_navigation():
                person.click(f"{current} button[value=accept]")
        elif suggestion.kind == "event":
            person.key(events)
        else:
            person.key("a")
