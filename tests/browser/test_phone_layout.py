"""Every admin list, History and a change form with its workflow box, on a phone.

At 390x844 (a phone held upright) no page is wider than the screen, the first
row of a list shows its title and status without scrolling, an editorial
list's worklist filter comes before the rows with the other filters folded,
and History and forms stack instead of wrapping letter by letter.
Screenshots of each page at 390x844 and 1280x800 are kept in
test-artifacts/phone/.
"""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.models import Actor, ActorMerge, Relation, Statement, Translation
from factfile import workflow
from factfile.api.keys import ApiKey
from factfile.usage import Story, StoryUse
from factfile.webhooks.models import Delivery, Subscription
from sources.importing.importer import import_file
from sources.importing.records import ImportRecord
from tests import factories
from tests import verified as v
from tests.browser.test_admin_flow import logged_in_page
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = ARTIFACTS / "phone"
# A word no line can hold, as pasted addresses and hashtags are.
LONG_WORD = "https://news.example/" + "very-long-path-" * 20
ARTICLE = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
)

# What the first row's card must show without scrolling: its title, and its
# status where the list has one.
FIRST_ROW = """() => {
    const row = document.querySelector('#result_list tbody tr');
    if (!row) return null;
    const box = (cell) => {
        if (!cell) return null;
        const r = cell.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                text: cell.innerText.trim()};
    };
    const title = row.querySelector('th')
        || row.querySelector('td:not(.action-checkbox)');
    return {title: box(title), status: box(row.querySelector('.field-status_label'))};
}"""


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"))


def page_width(page) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth")


def on_screen(box: dict) -> bool:  # type: ignore[type-arg]
    return (
        box["top"] >= 0
        and box["bottom"] <= PHONE["height"]
        and box["left"] >= 0
        and box["right"] <= PHONE["width"]
    )


@pytest.fixture
def fact_file(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    """A little of everything the lists show, some of it awkwardly long."""
    statement = v.statement(reporter, fact_checker)
    v.edit(statement, by=reporter, text=f"Talks will resume, see {LONG_WORD}")
    event = v.event(reporter, fact_checker, title=f"Talks resume {LONG_WORD}"[:300])
    waiting = factories.StatementFactory(
        created_by=reporter,
        text="The border stays open to trade and to people " * 4,
        channel=Statement.Channel.PHONE_CALL,
    )
    factories.CitationFactory(created_by=reporter, statement=waiting)
    workflow.submit(waiting, by=reporter)
    by = {"created_by": reporter, "updated_by": reporter}
    Relation.objects.create(**by, statement=waiting, kind="announces", to_event=event)
    Translation.objects.create(
        **by, statement=waiting, language="fr", text="La frontière reste ouverte."
    )
    ActorMerge.objects.create(
        **by,
        duplicate=factories.ActorFactory(created_by=reporter, name="Rwanda Gov"),
        survivor=statement.speaker,
        reason="The same government, spelled two ways.",
    )
    factories.ActorFactory(
        created_by=reporter, name=LONG_WORD[:300], kind=Actor.Kind.ORGANISATION
    )
    import_file(
        "wire.txt",
        ARTICLE.encode(),
        by=reporter,
        published_on=datetime.date(2025, 3, 18),
    )
    key = ApiKey(name="Newsroom CMS")
    key.set_new_secret()
    key.save()
    story = Story.objects.create(url=f"{LONG_WORD}talks-resume", api_key=key)
    StoryUse.objects.create(story=story, resource="statement", record_id=statement.pk)
    subscription = Subscription.objects.create(
        api_key=key, url=f"{LONG_WORD}hooks/factfile"
    )
    Delivery.objects.create(
        subscription=subscription,
        first_seq=1,
        last_seq=3,
        entries=3,
        attempt=1,
        status_code=200,
        ok=True,
        duration_ms=41,
    )
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.7",
        user_agent="Mozilla/5.0",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
        attempt_time=timezone.now(),
    )
    TOTPDevice.objects.create(user=fact_checker, name="Phone")
    StaticDevice.objects.create(user=fact_checker, name="Backup codes")
    return {"statement": waiting, "event": event, "verified": statement}


def every_list() -> list[str]:
    """The change lists of every model in the admin, the editorial ones first."""
    return sorted(
        (
            reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            )
            for model in admin.site._registry
        ),
        key=lambda url: ("/events/" not in url and "/sources/" not in url, url),
    )


WORKLISTS = [
    ("reporter", "admin:events_statement_changelist", "mine"),
    ("fact_checker", "admin:events_statement_changelist", "review"),
    ("fact_checker", "admin:events_citation_changelist", "review"),
    ("editor_in_chief", "admin:sources_source_changelist", "verified"),
    ("reporter", "admin:events_event_changelist", "pending"),
]


def test_every_admin_list_fits_a_phone_with_title_and_status_in_view(
    new_page, live_server, fact_file, editor_in_chief
):
    phone = logged_in_page(new_page, live_server, editor_in_chief)
    phone.set_viewport_size(PHONE)
    desktop = logged_in_page(new_page, live_server, editor_in_chief)
    desktop.set_viewport_size(DESKTOP)
    lists = every_list()
    assert len(lists) == len(admin.site._registry) >= 18
    with_rows = 0

    for url in lists:
        name = url.strip("/").replace("/", "-")
        phone.goto(live_server.url + url)
        assert phone.locator("#changelist").count() == 1, url
        shoot(phone, name)
        desktop.goto(live_server.url + url)
        shoot(desktop, name)

        assert page_width(phone) <= PHONE["width"], url
        first = phone.evaluate(FIRST_ROW)
        if first is None:
            continue
        with_rows += 1
        assert first["title"]["text"], url
        assert on_screen(first["title"]), (url, first)
        if first["status"] is not None:
            assert on_screen(first["status"]), (url, first)

    # Every list but the access logs nobody has made yet has a row to show.
    assert with_rows >= len(lists) - 2


@pytest.mark.parametrize(("role", "listing", "worklist"), WORKLISTS)
def test_a_worklist_comes_first_on_a_phone_and_the_other_filters_fold(
    request, new_page, live_server, fact_file, role, listing, worklist
):
    user = request.getfixturevalue(role)
    page = logged_in_page(new_page, live_server, user)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}{reverse(listing)}?worklist={worklist}")
    shoot(page, f"worklist-{worklist}-{listing.split(':')[1]}")

    assert page_width(page) <= PHONE["width"]
    worklists = page.locator('#changelist-filter details[data-filter-title="worklist"]')
    status = page.locator('#changelist-filter details[data-filter-title="status"]')
    assert worklists.is_visible()
    assert worklists.locator("li.selected").count() == 1
    filters_top = worklists.bounding_box()["y"]
    first = page.evaluate(FIRST_ROW)
    if first is not None:
        assert filters_top < first["title"]["top"]
        assert on_screen(first["title"])
        if first["status"] is not None:
            assert on_screen(first["status"])
    else:
        assert filters_top < page.locator("#changelist-form").bounding_box()["y"]
    assert not status.is_visible()

    page.click("label.more-filters-label")

    assert status.is_visible()
    assert page_width(page) <= PHONE["width"]
    # On a wide screen every filter shows, and "More filters" does not.
    page.set_viewport_size(DESKTOP)
    assert status.is_visible()
    assert not page.locator("label.more-filters-label").is_visible()


def test_history_stacks_on_a_phone_instead_of_wrapping_letter_by_letter(
    new_page, live_server, fact_file, fact_checker, reporter
):
    statement = fact_file["statement"]
    workflow.send_back(
        statement,
        by=fact_checker,
        comment="Quote the minister's own words; the wire paraphrases.",
    )
    statement = v.edit(
        Statement.objects.get(pk=statement.pk),
        by=reporter,
        channel=Statement.Channel.PRESS_CONFERENCE,
        text="The border stays open.",
    )
    workflow.submit(statement, by=reporter)
    url = reverse("admin:events_statement_history", args=[statement.pk])
    page = logged_in_page(new_page, live_server, reporter)

    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(live_server.url + url)
        shoot(page, "history-statement")
        assert page_width(page) <= size["width"]

    page.set_viewport_size(PHONE)
    text = page.locator("#change-history").inner_text()
    assert "Sent back by fatima.checker" in text
    assert "Quote the minister's own words" in text
    assert "Press conference" in text
    assert "press_conference" not in text
    # Each version is a block as wide as the screen allows: "What happened"
    # and the changed values wrap by words, not by letters.
    widths = page.evaluate(
        """() => [...document.querySelectorAll(
            '#change-history .history-what, #change-history .history-diff td'
        )].map(cell => cell.getBoundingClientRect().width)"""
    )
    assert widths
    assert min(widths) > 250
    version = page.locator("#change-history .history-version a").first
    line = float(version.evaluate("a => getComputedStyle(a).lineHeight")[:-2])
    assert version.bounding_box()["height"] <= line * 1.5


def test_a_change_form_and_its_workflow_box_fit_a_phone(
    new_page, live_server, fact_file, fact_checker
):
    statement = fact_file["statement"]
    event = fact_file["event"]
    page = logged_in_page(new_page, live_server, fact_checker)
    pages = {
        "change-statement": reverse(
            "admin:events_statement_change", args=[statement.pk]
        ),
        "change-event": reverse("admin:events_event_change", args=[event.pk]),
    }

    for name, url in pages.items():
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.goto(live_server.url + url)
            shoot(page, name)
            assert page_width(page) <= size["width"], (name, size)
        # Every field, inline row and button within the screen's width.
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll(
                '#content input:not([type=hidden]), #content select, '
                + '#content textarea, #content button, #content .button, '
                + '#content .select2-container, .inline-group tr.form-row'
            )].filter(e => e.offsetParent !== null)
              .filter(e => e.getBoundingClientRect().right > 390.5)
              .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert overflowing == [], name

    page.goto(live_server.url + pages["change-statement"])
    box = page.locator("#workflow")
    assert box.is_visible()
    for button in ("#workflow-send_back", "#workflow-verify"):
        bounds = page.locator(button).bounding_box()
        assert bounds["x"] >= 0
        assert bounds["x"] + bounds["width"] <= PHONE["width"]
    comment = page.locator("#workflow-send_back-text").bounding_box()
    assert comment["width"] > 300
    # The Workflow fieldset names the people, without a link for a checker.
    created = page.locator(".fieldBox.field-created_by .readonly")
    assert created.inner_text() == "rita.reporter"
    assert created.locator("a").count() == 0


def test_the_index_worklists_fit_a_phone(new_page, live_server, fact_file, reporter):
    page = logged_in_page(new_page, live_server, reporter)
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + reverse("admin:index"))
    shoot(page, "index")

    assert page_width(page) <= PHONE["width"]
    greeting = " ".join(page.locator("#greeting").text_content().split())
    assert greeting == "Welcome, rita.reporter (Reporter)."
    assert page.locator("#worklists").is_visible()


def test_the_import_record_s_own_form_goes_below_the_record_not_beside_it(
    new_page, live_server, fact_file, reporter
):
    record = ImportRecord.objects.get()
    url = reverse("admin:sources_importrecord_change", args=[record.pk])
    page = logged_in_page(new_page, live_server, reporter)

    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(live_server.url + url)
        shoot(page, "import-record")
        assert page_width(page) <= size["width"]
        form = page.locator("#confirm-metadata fieldset").bounding_box()
        content = page.locator("#content").bounding_box()
        # Once a strip of a few pixels at the right of the record.
        assert form["width"] > 0.8 * content["width"], size
