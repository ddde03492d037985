"""The editorial flow in a real browser: enter, submit, verify, conflict."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Actor, Statement
from factfile import workflow
from factfile.editorial import Status
from sources.models import Source
from tests import factories

# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """Log in through the admin's login form."""
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


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


def pick(page, container: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose ``text`` in the autocomplete widget inside ``container``."""
    page.click(f"{container} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def verified(record, *, author, checker):  # type: ignore[no-untyped-def]
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    return record


def test_reporter_enters_a_statement_with_its_citation_and_submits_it(
    new_page, live_server, reporter
):
    page = new_page()
    log_in(page, live_server, reporter)

    page.goto(live_server.url + reverse("admin:events_actor_add"))
    page.fill("#id_name", "Olivier Nduhungirehe")
    page.select_option("#id_kind", "person")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(live_server.url + reverse("admin:sources_source_add"))
    page.fill("#id_title", "Rwanda says talks will resume")
    page.fill(
        "#id_full_text",
        'KIGALI -- "We remain committed to dialogue," the minister said on Monday.',
    )
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(live_server.url + reverse("admin:events_statement_add"))
    page.fill("#id_text", "We remain committed to dialogue.")
    pick(page, ".field-speaker", "Olivier Nduhungirehe")
    page.fill("#id_said_on", "2025-03-17")
    page.select_option("#id_said_on_precision", "day")
    page.click("#citations-group .add-row a")
    pick(page, "#citations-0 .field-source", "Rwanda says talks will resume")
    page.fill("#id_citations-0-passage", "“We remain committed to dialogue,”")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    assert page.locator("#citations-0 .field-resolves img[alt=True]").count() == 1
    page.click("#workflow-submit")
    page.wait_for_selector(".messagelist .success:has-text('submitted for review')")

    statement = Statement.objects.get()
    assert statement.status == Status.IN_REVIEW
    assert statement.created_by == reporter
    assert statement.citations.get().quoted_text == '"We remain committed to dialogue,"'
    assert page.locator("#workflow-verify").count() == 0


def test_author_has_no_verify_button_and_a_forced_post_is_refused(
    new_page, live_server, reporter, fact_checker
):
    statement = factories.StatementFactory(created_by=reporter)
    workflow.submit(statement, by=reporter)
    page = logged_in_page(new_page, live_server, reporter)

    page.goto(
        live_server.url + reverse("admin:events_statement_change", args=[statement.pk])
    )
    assert page.locator("#workflow").is_visible()
    assert page.locator("#workflow-verify").count() == 0
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forced = page.request.post(
        live_server.url
        + reverse("admin:events_statement_workflow", args=[statement.pk, "verify"]),
        form={"csrfmiddlewaretoken": token, "version": str(statement.version)},
        headers={"Referer": page.url},
    )

    assert forced.status == 403
    assert Statement.objects.get(pk=statement.pk).status == Status.IN_REVIEW


def test_fact_checker_verifies_a_statement_someone_else_entered(
    new_page, live_server, reporter, fact_checker, other_fact_checker
):
    source = verified(
        factories.SourceFactory(created_by=reporter),
        author=reporter,
        checker=other_fact_checker,
    )
    speaker = verified(
        factories.ActorFactory(created_by=reporter, name="Olivier Nduhungirehe"),
        author=reporter,
        checker=other_fact_checker,
    )
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    workflow.submit(statement, by=reporter)
    page = logged_in_page(new_page, live_server, fact_checker)

    page.goto(
        live_server.url
        + reverse("admin:events_statement_changelist")
        + "?worklist=review"
    )
    page.click(f"text={statement.text}")
    page.click("#workflow-verify")
    page.wait_for_selector(".messagelist .success:has-text('was verified')")

    statement = Statement.objects.get(pk=statement.pk)
    assert statement.status == Status.VERIFIED
    assert statement.verified_by == fact_checker
    assert re.search(
        r"Workflow: Verified, version \d+", page.inner_text("#workflow h2")
    )
    assert Actor.objects.get(pk=speaker.pk).status == Status.VERIFIED
    assert Source.objects.get(pk=source.pk).status == Status.VERIFIED


def test_conflicting_edit_from_a_second_browser_is_refused(
    new_page, live_server, reporter, other_reporter
):
    statement = factories.StatementFactory(created_by=reporter)
    url = live_server.url + reverse(
        "admin:events_statement_change", args=[statement.pk]
    )
    first = logged_in_page(new_page, live_server, reporter)
    second = logged_in_page(new_page, live_server, other_reporter)
    first.goto(url)
    second.goto(url)

    first.fill("#id_text", "The first editor's words.")
    first.click("input[name=_continue]")
    first.wait_for_selector(".messagelist .success")
    second.fill("#id_text", "The second editor's words.")
    second.click("input[name=_continue]")

    error = second.locator(".errornote + .errorlist")
    error.wait_for()
    assert f"was changed by {reporter}" in error.inner_text()
    assert "Your changes were not saved" in error.inner_text()
    assert Statement.objects.get(pk=statement.pk).text == "The first editor's words."
    second.click("a.reload-link")
    second.wait_for_load_state()
    assert second.input_value("#id_text") == "The first editor's words."


def test_rows_ticked_in_the_list_are_submitted_together(
    new_page, live_server, reporter
):
    speaker = factories.ActorFactory(created_by=reporter, name="Vincent Karega")
    ticked = [
        factories.StatementFactory(created_by=reporter, speaker=speaker, text=text)
        for text in ("First words.", "Second words.")
    ]
    left = factories.StatementFactory(
        created_by=reporter, speaker=speaker, text="Third words."
    )
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(live_server.url + reverse("admin:events_statement_changelist"))

    for statement in ticked:
        checkbox = page.locator(f"input.action-select[value='{statement.pk}']")
        assert "Select this object for an action" in checkbox.get_attribute(
            "aria-label"
        )
        checkbox.check()
    assert page.inner_text(".action-counter").startswith("2 of 3 selected")
    page.select_option("select[name=action]", "submit_selected")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist li")

    statuses = dict(Statement.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in ticked] == [Status.IN_REVIEW, Status.IN_REVIEW]
    assert statuses[left.pk] == Status.DRAFT


def test_the_header_checkbox_ticks_every_row(new_page, live_server, reporter):
    speaker = factories.ActorFactory(created_by=reporter, name="Vincent Karega")
    for text in ("First words.", "Second words."):
        factories.StatementFactory(created_by=reporter, speaker=speaker, text=text)
    page = logged_in_page(new_page, live_server, reporter)
    page.goto(live_server.url + reverse("admin:events_statement_changelist"))

    page.check("#action-toggle")

    assert page.locator("input.action-select:checked").count() == 2
    assert page.inner_text(".action-counter").startswith("2 of 2 selected")
