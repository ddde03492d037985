"""The editorial workflow as editors use it in the admin."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from events.models import Citation, Statement
from factfile import workflow
from factfile.editorial import PublicNote, Status
from tests import factories

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def verified(record, *, author, checker):  # type: ignore[no-untyped-def]
    """Take a record through review to verified, by the workflow functions."""
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    return record


def workflow_url(record, action: str) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[record.pk, action]
    )


def change_url(record) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@pytest.fixture
def statement_in_review(reporter, other_fact_checker):  # type: ignore[no-untyped-def]
    """A reporter's statement in review whose speaker and source are verified."""
    source = verified(
        factories.SourceFactory(created_by=reporter),
        author=reporter,
        checker=other_fact_checker,
    )
    speaker = verified(
        factories.ActorFactory(created_by=reporter),
        author=reporter,
        checker=other_fact_checker,
    )
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    workflow.submit(statement, by=reporter)
    return statement


def post_transition(client, record, action, **data):  # type: ignore[no-untyped-def]
    record.refresh_from_db()
    return client.post(
        workflow_url(record, action), {"version": record.version, **data}
    )


def test_submit_button_submits_through_the_workflow(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)

    page = client.get(change_url(statement))
    assert b'id="workflow-submit"' in page.content
    response = post_transition(client, statement, "submit")

    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert response.status_code == 302
    assert any("submitted for review" in m for m in messages_of(response))
    assert statement.history.first().history_change_reason == "Submitted for review"


def test_verify_refusal_says_exactly_what_is_missing(reporter, fact_checker):
    statement = factories.StatementFactory(created_by=reporter)
    workflow.submit(statement, by=reporter)
    client = client_for(fact_checker)

    speaker = statement.speaker
    blocking = (
        f"The actor “{speaker}” is a draft: its author has to submit it for "
        "review first."
    )
    link = (
        f'<a href="/admin/events/actor/{speaker.pk}/change/" '
        f'class="blocking-record">Open actor {speaker.pk}</a>'
    )
    page = client.get(change_url(statement))
    assert b'id="workflow-verify"' in page.content
    assert f"{blocking} {link}".encode() in page.content
    response = post_transition(client, statement, "verify")

    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    shown = messages_of(response)
    assert f"Not verified: {blocking} {link}" in shown
    assert "Not verified: Add at least one citation." in shown


def test_fact_checker_verifies_with_the_button(statement_in_review, fact_checker):
    response = post_transition(client_for(fact_checker), statement_in_review, "verify")

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.VERIFIED
    assert statement_in_review.verified_by == fact_checker
    assert any("was verified" in m for m in messages_of(response))
    # The citation it rests on is verified with it.
    assert statement_in_review.citations.get().status == Status.VERIFIED


def test_author_sees_no_verify_button_on_own_statement(statement_in_review, reporter):
    page = client_for(reporter).get(change_url(statement_in_review))

    assert page.status_code == 200
    assert b'id="workflow-verify"' not in page.content
    assert b'id="workflow-retract"' not in page.content


@pytest.mark.parametrize("action", ["verify", "correct", "send_back", "retract"])
def test_reporter_cannot_reach_checker_transitions_by_url(
    statement_in_review, other_reporter, action
):
    response = post_transition(
        client_for(other_reporter), statement_in_review, action, text="Looks fine."
    )

    assert response.status_code == 403
    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.IN_REVIEW


def test_transition_urls_refuse_get(statement_in_review, fact_checker):
    response = client_for(fact_checker).get(workflow_url(statement_in_review, "verify"))

    assert response.status_code == 405
    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.IN_REVIEW


def test_reporter_has_no_bulk_verify_and_a_forced_one_does_nothing(
    statement_in_review, other_reporter
):
    client = client_for(other_reporter)
    changelist = reverse("admin:events_statement_changelist")

    page = client.get(changelist)
    assert b"verify_selected" not in page.content
    assert b"submit_selected" in page.content
    client.post(
        changelist,
        {"action": "verify_selected", "_selected_action": [statement_in_review.pk]},
    )

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.IN_REVIEW


def test_bulk_verify_verifies_what_it_can_and_lists_refusals(
    statement_in_review, reporter, fact_checker
):
    unready = factories.StatementFactory(created_by=reporter)
    workflow.submit(unready, by=reporter)

    response = client_for(fact_checker).post(
        reverse("admin:events_statement_changelist"),
        {
            "action": "verify_selected",
            "_selected_action": [statement_in_review.pk, unready.pk],
        },
    )

    statement_in_review.refresh_from_db()
    unready.refresh_from_db()
    assert statement_in_review.status == Status.VERIFIED
    assert unready.status == Status.IN_REVIEW
    shown = messages_of(response)
    assert "1 statement verified." in shown
    assert any(m.startswith(f"“{unready}” was not verified: ") for m in shown)
    assert any("Add at least one citation." in m for m in shown)


def test_send_back_asks_for_a_comment_and_keeps_it(statement_in_review, fact_checker):
    client = client_for(fact_checker)

    refused = post_transition(client, statement_in_review, "send_back", text="  ")
    assert any("Say what needs to change" in m for m in messages_of(refused))
    post_transition(client, statement_in_review, "send_back", text="Wrong date.")

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.DRAFT
    assert statement_in_review.review_comment == "Wrong date."
    page = client_for(statement_in_review.created_by).get(
        change_url(statement_in_review)
    )
    assert b"Wrong date." in page.content


def test_bulk_send_back_asks_for_the_comment_first(statement_in_review, fact_checker):
    client = client_for(fact_checker)
    changelist = reverse("admin:events_statement_changelist")
    selected = {
        "action": "send_back_selected",
        "_selected_action": [statement_in_review.pk],
    }

    asked = client.post(changelist, selected)
    assert asked.status_code == 200
    assert b"What needs to change" in asked.content
    client.post(
        changelist, {**selected, "workflow_confirm": "yes", "workflow_text": "Date?"}
    )

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.DRAFT
    assert statement_in_review.review_comment == "Date?"


def test_editing_a_verified_record_makes_a_pending_edit(
    statement_in_review, fact_checker, reporter
):
    workflow.verify(statement_in_review, by=fact_checker)
    statement_in_review.refresh_from_db()
    public_version = statement_in_review.verified_version
    client = client_for(reporter)

    response = client.post(
        change_url(statement_in_review),
        form_data(
            client, statement_in_review, text="We remain fully committed to dialogue."
        ),
    )

    assert response.status_code == 302
    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.DRAFT
    assert statement_in_review.verified_version == public_version
    assert statement_in_review.updated_by == reporter
    page = client.get(change_url(statement_in_review))
    shown = " ".join(page.content.decode().split())
    assert (
        f"Public version {public_version} stays public until this edit is verified "
        "as a correction."
    ) in shown


def test_saving_without_changes_leaves_a_verified_record_verified(
    statement_in_review, fact_checker, reporter
):
    workflow.verify(statement_in_review, by=fact_checker)
    statement_in_review.refresh_from_db()
    client = client_for(reporter)

    client.post(change_url(statement_in_review), form_data(client, statement_in_review))

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.VERIFIED


def test_correct_needs_a_note_and_publishes_it(
    statement_in_review, fact_checker, reporter
):
    workflow.verify(statement_in_review, by=fact_checker)
    statement_in_review.refresh_from_db()
    statement_in_review.mark_changed_by(reporter)
    statement_in_review.text = "We remain fully committed to dialogue."
    statement_in_review.save()
    workflow.submit(statement_in_review, by=reporter)
    client = client_for(fact_checker)

    page = client.get(change_url(statement_in_review))
    assert b'id="workflow-correct"' in page.content
    assert b'id="workflow-verify"' not in page.content
    post_transition(client, statement_in_review, "correct", text="Quote completed.")

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.VERIFIED
    assert PublicNote.for_record(statement_in_review).get().note == "Quote completed."


def test_retract_is_for_the_editor_in_chief_with_a_reason(
    statement_in_review, fact_checker, editor_in_chief
):
    workflow.verify(statement_in_review, by=fact_checker)

    checker_page = client_for(fact_checker).get(change_url(statement_in_review))
    assert b'id="workflow-retract"' not in checker_page.content
    assert (
        post_transition(
            client_for(fact_checker), statement_in_review, "retract", text="x"
        )
    ).status_code == 403

    chief = client_for(editor_in_chief)
    assert (
        b'id="workflow-retract"' in chief.get(change_url(statement_in_review)).content
    )
    post_transition(chief, statement_in_review, "retract", text="Misattributed.")

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.RETRACTED
    assert PublicNote.for_record(statement_in_review).get().note == "Misattributed."


def test_a_stale_button_does_not_act_on_a_newer_version(
    statement_in_review, fact_checker, other_reporter
):
    seen = statement_in_review.version
    statement_in_review.mark_changed_by(other_reporter)
    statement_in_review.text = "Something else."
    statement_in_review.save()

    response = client_for(fact_checker).post(
        workflow_url(statement_in_review, "verify"), {"version": seen}
    )

    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.IN_REVIEW
    assert any(f"was changed by {other_reporter}" in m for m in messages_of(response))


def test_workflow_fields_are_read_only(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    data = form_data(client, statement, text="Changed.")
    data |= {"status": Status.VERIFIED, "version": 99, "verified_version": 1}

    client.post(change_url(statement), data)

    statement.refresh_from_db()
    assert statement.text == "Changed."
    assert statement.status == Status.DRAFT
    assert statement.verified_version is None
    assert statement.version == 2


# Deletion ------------------------------------------------------------------


def test_public_record_cannot_be_deleted_by_any_admin_path(
    statement_in_review, fact_checker, editor_in_chief
):
    workflow.verify(statement_in_review, by=fact_checker)
    client = client_for(editor_in_chief)
    delete_url = reverse("admin:events_statement_delete", args=[statement_in_review.pk])

    assert (
        delete_url.encode() not in client.get(change_url(statement_in_review)).content
    )
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:events_statement_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [statement_in_review.pk],
            "post": "yes",
        },
    )

    assert Statement.objects.filter(pk=statement_in_review.pk).exists()
    assert any("can never be deleted" in m for m in messages_of(response))


def test_draft_that_was_never_public_can_be_deleted(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    delete_url = reverse("admin:events_statement_delete", args=[statement.pk])

    assert delete_url.encode() in client.get(change_url(statement)).content
    client.post(delete_url, {"post": "yes"})

    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_bulk_delete_of_drafts_goes_through_the_confirmation(reporter):
    statements = factories.StatementFactory.create_batch(2, created_by=reporter)
    ids = [s.pk for s in statements]
    client = client_for(reporter)
    changelist = reverse("admin:events_statement_changelist")

    asked = client.post(
        changelist, {"action": "delete_selected", "_selected_action": ids}
    )
    assert asked.status_code == 200
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )

    assert not Statement.objects.filter(pk__in=ids).exists()


def test_public_citation_cannot_be_deleted_from_the_inline(
    statement_in_review, fact_checker, reporter
):
    workflow.verify(statement_in_review, by=fact_checker)
    citation = statement_in_review.citations.get()
    client = client_for(reporter)
    data = form_data(client, statement_in_review)
    data["citations-0-DELETE"] = "on"

    response = client.post(change_url(statement_in_review), data)

    assert response.status_code == 200
    assert "has been public and cannot be deleted" in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()


# Form data -----------------------------------------------------------------


def form_data(client: Client, record, **changes) -> dict:  # type: ignore[no-untyped-def]
    """The change form of ``record`` as the browser would post it back."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    data = {}
    for form in [page.context["adminform"].form] + [
        f
        for formset in page.context["inline_admin_formsets"]
        for f in [formset.formset]
    ]:
        if hasattr(form, "management_form"):
            formset = form
            for key, value in formset.management_form.initial.items():
                data[f"{formset.prefix}-{key}"] = value
            for inline in formset.forms:
                data |= bound_values(inline)
        else:
            data |= bound_values(form)
    return {**data, **changes}


def bound_values(form) -> dict:  # type: ignore[no-untyped-def]
    values = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            values[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                values[key] = "on"
        else:
            values[key] = value
        del field
    return values


# History -------------------------------------------------------------------


def history_url(record) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]
    )


def revert_url(record, history_id: int) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, history_id],
    )


def revert_form_data(client: Client, record, history_id: int) -> dict:  # type: ignore[no-untyped-def]
    page = client.get(revert_url(record, history_id))
    assert page.status_code == 200
    return bound_values(page.context["adminform"].form)


def test_history_lists_who_changed_what_with_the_differences(reporter, other_reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(other_reporter)
    client.post(
        change_url(statement), form_data(client, statement, text="Talks will resume.")
    )
    # A fresh instance: the one above still holds the version it loaded.
    statement = Statement.objects.get(pk=statement.pk)
    workflow.submit(statement, by=other_reporter)

    page = client.get(history_url(statement))

    content = " ".join(page.content.decode().split())
    assert f"Submitted for review by {other_reporter}" in content
    assert f"Edited by {other_reporter}" in content
    assert "<del>We remain committed to dialogue.</del>" in content
    assert "<ins>Talks will resume.</ins>" in content
    assert 'Version 3</a> <span class="history-state">In review</span>' in content


def test_revert_is_a_new_version_by_the_reverting_user_and_a_pending_edit(
    statement_in_review, fact_checker, other_reporter
):
    workflow.verify(statement_in_review, by=fact_checker)
    statement_in_review.refresh_from_db()
    public_version = statement_in_review.verified_version
    first = statement_in_review.history.earliest()
    statement_in_review.mark_changed_by(statement_in_review.created_by)
    statement_in_review.text = "A later wording."
    statement_in_review.save()
    workflow.submit(statement_in_review, by=statement_in_review.created_by)
    workflow.correct(statement_in_review, by=fact_checker, note="Fuller quote.")
    public_version = statement_in_review.verified_version
    client = client_for(other_reporter)

    page = client.get(revert_url(statement_in_review, first.history_id))
    assert f"public version {public_version} stays public" in " ".join(
        page.content.decode().split()
    )
    response = client.post(
        revert_url(statement_in_review, first.history_id),
        revert_form_data(client, statement_in_review, first.history_id),
    )

    assert response.status_code == 302
    reverted = Statement.objects.get(pk=statement_in_review.pk)
    assert reverted.text == "We remain committed to dialogue."
    assert reverted.status == Status.DRAFT
    assert reverted.verified_version == public_version
    assert reverted.version == statement_in_review.version + 1
    assert reverted.updated_by == other_reporter
    assert reverted.created_by == statement_in_review.created_by
    latest = reverted.history.latest()
    assert latest.history_user == other_reporter
    assert latest.history_change_reason == f"Reverted to version {first.version}"


def test_revert_from_a_stale_page_is_refused(reporter, other_reporter):
    statement = factories.StatementFactory(created_by=reporter)
    first = statement.history.earliest()
    statement.mark_changed_by(reporter)
    statement.text = "Second wording."
    statement.save()
    client = client_for(other_reporter)
    stale = revert_form_data(client, statement, first.history_id)
    statement.mark_changed_by(reporter)
    statement.text = "Third wording."
    statement.save()

    response = client.post(revert_url(statement, first.history_id), stale)

    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()
    statement.refresh_from_db()
    assert statement.text == "Third wording."


def test_retracted_record_cannot_be_reverted(
    statement_in_review, fact_checker, editor_in_chief
):
    workflow.verify(statement_in_review, by=fact_checker)
    workflow.retract(statement_in_review, by=editor_in_chief, reason="Misattributed.")
    first = statement_in_review.history.earliest()
    client = client_for(editor_in_chief)

    page = client.get(revert_url(statement_in_review, first.history_id))
    response = client.post(revert_url(statement_in_review, first.history_id), {})

    assert b'value="Revert"' not in page.content
    assert response.status_code == 403
    statement_in_review.refresh_from_db()
    assert statement_in_review.status == Status.RETRACTED
