"""Nothing that has been public is ever hard-deleted, by any path."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from events.models import Actor, Citation, Event, Statement
from factfile import workflow
from factfile.editorial import PublicRecordDeletion, Status
from sources.models import Source
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

MODELS = [Source, Actor, Statement, Event, Citation]


@pytest.fixture
def public(reporter, fact_checker):  # type: ignore[no-untyped-def]
    """One verified record of every editorial type, through the workflow."""
    statement = v.statement(reporter, fact_checker, text="Verified words.")
    event = v.event(reporter, fact_checker)
    return {
        Source: statement.citations.get().source,
        Actor: statement.speaker,
        Statement: statement,
        Event: event,
        Citation: statement.citations.get(),
    }


def still_there(record) -> bool:  # type: ignore[no-untyped-def]
    return type(record)._base_manager.filter(pk=record.pk).exists()


# The ORM -------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_instance_delete_of_a_public_record_is_refused(public, model):
    record = public[model]

    with pytest.raises(PublicRecordDeletion, match="can never be deleted"):
        record.delete()

    assert still_there(record)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_queryset_delete_reaching_a_public_record_is_refused(public, model):
    record = public[model]

    with pytest.raises(PublicRecordDeletion):
        model.objects.filter(pk=record.pk).delete()
    with pytest.raises(PublicRecordDeletion):
        model.objects.all().delete()

    assert still_there(record)


def test_a_bulk_delete_mixing_drafts_and_public_records_deletes_nothing(
    public, reporter
):
    draft = factories.StatementFactory(created_by=reporter)

    with pytest.raises(PublicRecordDeletion):
        Statement.objects.filter(pk__in=[draft.pk, public[Statement].pk]).delete()

    assert still_there(draft)
    assert still_there(public[Statement])


def test_related_manager_delete_of_public_citations_is_refused(public):
    statement = public[Statement]

    with pytest.raises(PublicRecordDeletion):
        statement.citations.all().delete()

    assert statement.citations.count() == 1


def test_a_stale_copy_loaded_before_verification_cannot_delete(reporter, fact_checker):
    source = factories.SourceFactory(created_by=reporter)
    stale = Source.objects.get(pk=source.pk)
    v.verified(source, author=reporter, checker=fact_checker)

    assert stale.verified_version is None
    with pytest.raises(PublicRecordDeletion):
        stale.delete()
    assert still_there(source)


def test_a_pending_edit_of_a_public_record_cannot_be_deleted(public, reporter):
    statement = v.edit(public[Statement], by=reporter, text="Pending words.")
    assert statement.status == Status.DRAFT

    with pytest.raises(PublicRecordDeletion):
        statement.delete()
    with pytest.raises(PublicRecordDeletion):
        Statement.objects.drafts().delete()
    assert still_there(statement)


def test_a_retracted_record_cannot_be_deleted(public, editor_in_chief):
    statement = public[Statement]
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")

    with pytest.raises(PublicRecordDeletion):
        statement.delete()
    with pytest.raises(PublicRecordDeletion):
        Statement.objects.filter(status=Status.RETRACTED).delete()
    assert still_there(statement)


def test_drafts_that_were_never_public_can_still_be_deleted(reporter):
    kept = factories.StatementFactory(created_by=reporter)
    dropped = factories.StatementFactory(created_by=reporter)
    citation = factories.CitationFactory(created_by=reporter, statement=dropped)

    citation.delete()
    Statement.objects.filter(pk=dropped.pk).delete()
    kept.delete()

    assert not Statement.objects.exists()


# The admin -----------------------------------------------------------------


def admin_url(record, view: str, *args) -> str:  # type: ignore[no-untyped-def]
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_delete_page_refuses_a_public_record(public, editor_in_chief, model):
    record = public[model]
    client = Client()
    client.force_login(editor_in_chief)
    delete_url = admin_url(record, "delete", record.pk)

    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert still_there(record)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_bulk_delete_action_refuses_public_records(
    public, editor_in_chief, model
):
    record = public[model]
    client = Client()
    client.force_login(editor_in_chief)

    response = client.post(
        admin_url(record, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("can never be deleted" in m for m in messages)
    assert still_there(record)


def test_admin_history_revert_or_delete_views_do_not_remove_rows(
    public, editor_in_chief
):
    """Every page of the admin for a public record leaves the row in place."""
    record = public[Statement]
    client = Client()
    client.force_login(editor_in_chief)

    for view in ("change", "history", "delete"):
        client.post(admin_url(record, view, record.pk), {"post": "yes"})

    assert still_there(record)
