"""History reads as an editor would say it: labels, shown values, workflow sentences."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Statement
from factfile import workflow
from factfile.dates import Precision
from factfile.history import EMPTY, Difference, excerpts, version_changes
from tests import factories
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db


def history_url(record) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]
    )


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def edit(record, *, by, **changes):  # type: ignore[no-untyped-def]
    """Change ``record`` as a save from the admin would."""
    record = type(record).objects.get(pk=record.pk)
    for name, value in changes.items():
        setattr(record, name, value)
    record.mark_changed_by(by)
    record._history_user = by
    record._change_reason = "Edited"
    record.save()
    return record


def latest_differences(record) -> list[Difference]:  # type: ignore[no-untyped-def]
    versions = list(record.history.all())
    return version_changes(versions)[0].differences


def test_choices_names_and_dates_are_shown_as_the_form_shows_them(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    ministry = factories.ActorFactory(
        created_by=reporter, name="Ministry of Foreign Affairs"
    )

    edit(
        statement,
        by=reporter,
        channel=Statement.Channel.PHONE_CALL,
        on_behalf_of=ministry,
        said_on=datetime.date(2025, 3, 1),
        said_on_precision=Precision.MONTH,
    )

    # In the order of the record's fields.
    assert latest_differences(statement) == [
        Difference("On behalf of", EMPTY, "Ministry of Foreign Affairs"),
        Difference("Said on", "17 March 2025", "March 2025"),
        Difference("Channel", "Press statement", "Phone call"),
    ]


def test_an_empty_foreign_key_is_empty_and_a_deleted_one_says_which(reporter):
    event = factories.EventFactory(created_by=reporter, title="Talks in Doha")
    statement = factories.StatementFactory(created_by=reporter)
    statement = edit(statement, by=reporter, event=event)
    assert latest_differences(statement) == [
        Difference("Event", EMPTY, "Talks in Doha")
    ]

    edit(statement, by=reporter, event=None)
    event_id = event.pk
    Event.objects.filter(pk=event_id).delete()

    assert latest_differences(statement) == [
        Difference("Event", f"deleted event #{event_id}", EMPTY)
    ]
    page = text_of(client_for(reporter).get(history_url(statement)))
    assert "pk=None" not in page
    assert f"deleted event #{event_id}" in page


def test_the_actors_a_statement_is_about_are_named(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    belgium = factories.ActorFactory(created_by=reporter, name="Belgium")
    rwanda = factories.ActorFactory(created_by=reporter, name="Rwanda")

    statement.about.set([rwanda, belgium])

    assert latest_differences(statement) == [
        Difference("About", EMPTY, "Belgium, Rwanda")
    ]


def test_the_history_page_shows_labels_and_values_not_stored_codes(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    client.post(
        change_url(statement),
        form_data(client, statement, channel="phone_call", text="Talks will resume."),
    )

    page = text_of(client.get(history_url(statement)))

    assert "Channel" in page
    assert "<del>Press statement</del>" in page
    assert "<ins>Phone call</ins>" in page
    assert "phone_call" not in page.split("change-history", 1)[1]
    assert "<ins>Talks will resume.</ins>" in page
    assert "Edited by rita.reporter" in page


def test_workflow_steps_read_as_sentences_with_the_comment(reporter, fact_checker):
    fact_checker.first_name, fact_checker.last_name = "Fatima", "Checker"
    fact_checker.save()
    speaker = factories.ActorFactory(created_by=reporter)
    workflow.submit(speaker, by=reporter)
    workflow.send_back(
        speaker, by=fact_checker, comment="Give the full name, as the ministry does."
    )
    workflow.submit(speaker, by=reporter)

    page = text_of(client_for(reporter).get(history_url(speaker)))

    assert "Submitted for review by rita.reporter" in page
    assert (
        "Sent back by Fatima Checker: "
        '<q class="history-detail">Give the full name, as the ministry does.</q>'
    ) in page
    assert page.count("Submitted for review by") == 2


def test_verifying_correcting_and_retracting_read_as_sentences(
    reporter, fact_checker, editor_in_chief
):
    statement = factories.StatementFactory(created_by=reporter)
    speaker = statement.speaker
    source = factories.SourceFactory(created_by=reporter)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    for record in (speaker, source, statement):
        workflow.submit(record, by=reporter)
        workflow.verify(record, by=fact_checker)
    statement = edit(statement, by=reporter, text="We remain fully committed.")
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=fact_checker, note="The quote was incomplete.")
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")

    page = text_of(client_for(reporter).get(history_url(statement)))

    assert "Verified by fatima.checker" in page
    assert "Edited by rita.reporter" in page
    assert "a pending edit; public version 3 stays public" in page
    assert "Verified as a correction by fatima.checker" in page
    assert "Retracted by esther.editor" in page
    assert '<q class="history-detail">The quote was incomplete.</q>' in page
    assert '<q class="history-detail">Misattributed.</q>' in page


def test_who_links_to_the_account_only_for_who_may_open_it(
    reporter, fact_checker, editor_in_chief
):
    statement = factories.StatementFactory(created_by=reporter)
    edit(statement, by=reporter, text="Talks will resume.")
    account = reverse("admin:auth_user_change", args=[reporter.pk])

    for viewer, linked in (
        (reporter, False),
        (fact_checker, False),
        (editor_in_chief, True),
    ):
        page = text_of(client_for(viewer).get(history_url(statement)))
        assert "Edited by rita.reporter" in page.replace(
            f'<a href="{account}">rita.reporter</a>', "rita.reporter"
        )
        assert (f'href="{account}"' in page) is linked, viewer


def test_the_oldest_version_of_a_page_is_compared_with_the_next_page(
    reporter, monkeypatch
):
    statement = factories.StatementFactory(created_by=reporter)
    for number in range(3):
        statement = edit(statement, by=reporter, text=f"Wording {number}.")
    monkeypatch.setattr(admin.site._registry[Statement], "history_list_per_page", 2)

    page = text_of(client_for(reporter).get(history_url(statement)))

    # Versions 4 and 3 on the first page; 3 changed the text from version 2.
    assert "<del>Wording 0.</del>" in page
    assert "<ins>Wording 1.</ins>" in page


def test_long_texts_are_shown_around_what_changed():
    before = "Talks " * 60 + "will resume on Monday. " + "Both sides agreed. " * 20
    after = before.replace("on Monday", "on Tuesday")

    old, new = excerpts(before, after)

    assert "Monday" in old
    assert "Tuesday" in new
    assert old.startswith("…")
    assert old.endswith("…")
    assert len(old) < 200


def test_the_history_page_reads_the_same_queries_for_few_and_many_versions(
    reporter, fact_checker
):
    actors = [factories.ActorFactory(created_by=reporter) for _ in range(12)]
    events = [factories.EventFactory(created_by=reporter) for _ in range(12)]
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(fact_checker)

    def edits(numbers: range) -> None:
        nonlocal statement
        for number in numbers:
            statement = edit(
                statement,
                by=reporter,
                speaker=actors[number],
                on_behalf_of=actors[-1 - number],
                event=events[number],
                channel=list(Statement.Channel)[number % 7],
                text=f"Wording {number}.",
            )
            statement.about.set(actors[: number + 1])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            text_of(client.get(history_url(statement)))
        return len(queries)

    edits(range(1))
    client.get(history_url(statement))  # Warm the content-type cache.
    few = count()
    edits(range(1, 11))
    many = count()

    assert statement.history.count() > 20
    assert few == many
