"""The lookup in a real browser: type, see, copy; then by keyboard alone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.seeding import seed_factfile
from factfile import workflow
from factfile.published.models import PublishedRecord
from tests import factories
from tests import verified as v
from tests.conftest import ARTIFACTS

# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CLIPBOARD = ["clipboard-read", "clipboard-write"]
PREVOT = "This is disproportionate"


def styles_of(text_start: str) -> dict[str, str]:
    row = next(
        row
        for row in PublishedRecord.objects.of("statement").live()
        if row.data["text"].startswith(text_start)
    )
    return row.data["citation_styles"]


def open_lookup(new_page, live_server, width: int, height: int):  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": width, "height": height}, permissions=CLIPBOARD)
    page.goto(live_server.url + "/lookup/")
    return page


def clipboard(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("navigator.clipboard.readText()")


def test_type_see_and_copy_the_markdown_citation(live_server, new_page):
    seed_factfile()
    page = open_lookup(new_page, live_server, 1280, 800)

    # While the last word is half typed, closest matches show, and the
    # same quote may already be among them: wait for the answer to the
    # whole query, then for the page to show it.
    with page.expect_response(
        lambda response: (
            response.url.split("?")[0].endswith("/api/v1/lookup/")
            and "q=Prevot+disproportionate" in response.url
        )
    ):
        page.locator("#q").press_sequentially("Prevot disproportionate")
    first = page.locator("article.result").first
    first.locator("blockquote", has_text=PREVOT).wait_for()
    expect(page.locator("#status")).not_to_contain_text("closest")
    first.get_by_role("button", name="Markdown").click()
    page.locator("#status", has_text="Copied the Markdown citation.").wait_for()

    assert clipboard(page) == styles_of(PREVOT)["markdown"]
    assert "q=Prevot+disproportionate" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lookup-laptop.png"), full_page=True)


def test_search_move_and_copy_by_keyboard_alone(live_server, new_page):
    seed_factfile()
    page = open_lookup(new_page, live_server, 1280, 800)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")

    page.keyboard.press("/")
    page.keyboard.type("Kagme ceasefire")
    results = page.locator("article.result")
    results.first.wait_for()
    page.locator("#status", has_text="kagame").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("j")
    page.keyboard.press("k")
    selected = page.locator("article.result.selected")
    assert selected.count() == 1
    assert selected.get_attribute("data-id") == results.first.get_attribute("data-id")
    kind = selected.get_attribute("data-kind")
    record_id = int(selected.get_attribute("data-id") or 0)
    styles = PublishedRecord.objects.get(resource=kind, record_id=record_id).data[
        "citation_styles"
    ]

    page.keyboard.press("Enter")
    page.locator("#status", has_text="Copied the Markdown citation.").wait_for()
    assert clipboard(page) == styles["markdown"]

    page.keyboard.press("1")
    page.locator("#status", has_text="Copied the Plain text citation.").wait_for()
    assert clipboard(page) == styles["text"]

    page.keyboard.press("j")
    second = page.locator("article.result.selected")
    assert second.get_attribute("data-id") == results.nth(1).get_attribute("data-id")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "q"


def test_the_page_at_phone_width(live_server, new_page):
    seed_factfile()
    page = open_lookup(new_page, live_server, 390, 844)

    page.locator("#q").press_sequentially("Kagame")
    page.locator("article.result").first.wait_for()

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lookup-phone.png"), full_page=True)


def test_speaker_by_typeahead_an_operator_and_closest_matches(
    live_server, new_page, reporter, fact_checker
):
    kagame = factories.ActorFactory(created_by=reporter, name="Paul Kagame")
    factories.AliasFactory(actor=kagame, name="Afande")
    v.verified(kagame, author=reporter, checker=fact_checker)
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    for speaker, text in [
        (kagame, "Belgium must respect our sovereignty."),
        (kagame, "Belgium and Rwanda can still talk."),
        (prevot, "Belgium will keep its embassy open."),
    ]:
        v.statement(reporter, fact_checker, speaker=speaker, text=text)
    page = open_lookup(new_page, live_server, 1280, 800)
    speakers = page.locator("article.result .who strong")

    page.locator("#q").press_sequentially("Belgium")
    page.locator("article.result").nth(2).wait_for()
    page.get_by_text("Filters").click()
    page.locator("#speaker-name").press_sequentially("afa")
    option = page.get_by_role("option", name="Paul Kagame Afande")
    option.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**speaker={kagame.pk}*")
    page.locator("article.result").nth(2).wait_for(state="detached")
    # The filtered answer may still be on its way: wait for it, not a moment.
    expect(speakers).to_have_text(["Paul Kagame", "Paul Kagame"])
    assert page.locator("#speaker-name").input_value() == "Paul Kagame"

    # Cleared, the filter lets everyone back; the operator in the box narrows.
    page.locator("#speaker-name").fill("")
    page.locator("#q").fill("said:Prevot Belgium")
    page.locator("#q").press("Enter")
    page.wait_for_url("**q=said%3APrevot+Belgium*")
    page.locator("article.result").first.wait_for()
    expect(speakers).to_have_text(["Maxime Prévot"])

    # No record has every word: the closest, each saying what it lacks.
    page.locator("#q").fill("Belgium embassy sovereignty")
    page.locator("#status", has_text="No record has all of").wait_for()
    first = page.locator("article.result").first
    assert "Without:" in first.locator(".missing").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lookup-speaker-filter.png"), full_page=True)


def test_copy_a_source_and_an_actor_and_what_slash_does(
    live_server, new_page, reporter, fact_checker
):
    actor = factories.ActorFactory(created_by=reporter, name="Aline Uwase")
    factories.RoleFactory(actor=actor, title="Senator")
    v.verified(actor, author=reporter, checker=fact_checker)
    v.source(
        reporter,
        fact_checker,
        title="Uwase visits Nyamasheke",
        publisher="Lake Courier",
        url="https://courier.example/uwase",
        published_on=None,
        published_on_precision="unknown",
    )
    page = open_lookup(new_page, live_server, 1280, 800)
    hint = page.locator("#slash-hint")
    assert "types a /" in hint.inner_text()

    page.keyboard.type("Uwase/")
    assert page.locator("#q").input_value() == "Uwase/"
    page.locator("#q").fill("Uwase")
    source = page.locator("article.kind-source")
    person = page.locator("article.kind-actor")
    source.wait_for()
    person.wait_for()
    # No date is known: no date to copy, none written.
    assert source.get_by_role("button", name="Date").count() == 0
    source.get_by_role("button", name="Outlet").click()
    page.locator("#status", has_text="Copied outlet.").wait_for()
    assert clipboard(page) == "Lake Courier"
    source.get_by_role("button", name="URL").click()
    page.locator("#status", has_text="Copied url.").wait_for()
    assert clipboard(page) == "https://courier.example/uwase"
    person.get_by_role("button", name="Name and title").click()
    page.locator("#status", has_text="Copied name and title.").wait_for()
    assert clipboard(page) == "Aline Uwase, Senator"

    # Out of the box, "/" goes back to it and the hint says so.
    page.locator(".tagline").click()
    assert "jumps to the search box" in hint.inner_text()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.locator("#q").input_value() == "Uwase"


def test_a_retracted_record_is_struck_out_and_a_corrected_one_says_why(
    live_server, new_page, reporter, fact_checker, editor_in_chief
):
    gone = v.statement(
        reporter, fact_checker, text="The Quillwort bridge opens in spring."
    )
    kept = v.statement(
        reporter, fact_checker, text="The Quillwort ferry runs twice a day."
    )
    workflow.retract(gone, by=editor_in_chief, reason="The bridge was never planned.")
    v.edit(kept, by=reporter, text="The Quillwort ferry runs three times a day.")
    workflow.submit(kept, by=reporter)
    workflow.correct(kept, by=fact_checker, note="Three crossings, not two.")
    page = open_lookup(new_page, live_server, 1280, 800)

    page.locator("#q").fill("Quillwort")
    retracted = page.locator("article.result.retracted")
    corrected = page.locator(f'article.result[data-id="{kept.pk}"]')
    retracted.wait_for()
    corrected.wait_for()

    assert page.locator("article.result").count() == 2
    assert retracted.get_attribute("data-id") == str(gone.pk)
    # Struck out, and none of its words: they left every public response.
    assert retracted.locator("blockquote del").inner_text() == "Words withdrawn"
    assert "opens in spring" not in page.locator("#results").inner_text()
    on = timezone.localdate().strftime("%-d %B %Y")
    assert retracted.locator(".retraction").inner_text() == (
        f"Retracted on {on}: The bridge was never planned. Record page"
    )
    record_page = f"/r/statement/{gone.pk}/"
    assert retracted.get_by_role("link", name="Record page").get_attribute("href") == (
        record_page
    )
    assert retracted.locator(".retracted-mark").inner_text() == "Retracted"
    # Nothing to copy, by button or by keyboard.
    assert retracted.locator("button, textarea").count() == 0
    retracted.click()
    page.keyboard.press("Enter")
    page.locator("#status", has_text="retracted: there is nothing to copy").wait_for()

    assert corrected.locator("del").count() == 0
    assert "three times a day" in corrected.locator("blockquote").inner_text()
    assert (
        corrected.locator(".correction")
        .inner_text()
        .endswith("Three crossings, not two.")
    )
    assert corrected.get_by_role("button", name="Markdown").count() == 1

    # The page drawn by the server, without JavaScript's help, says the same.
    page.goto(live_server.url + "/lookup/?q=Quillwort")
    drawn = page.locator("article.result.retracted")
    assert drawn.locator(".retraction").inner_text() == (
        f"Retracted on {on}: The bridge was never planned. Record page"
    )
    assert drawn.locator("blockquote del").inner_text() == "Words withdrawn"
    assert drawn.locator("button, textarea").count() == 0
    assert "opens in spring" not in page.content()
    # The record's page says the same, answering 410.
    drawn.get_by_role("link", name="Record page").click()
    page.locator("text=The bridge was never planned.").first.wait_for()
    assert page.url.endswith(record_page)
