"""Verifying with what a record needs; workflow buttons that never lose an edit."""

from __future__ import annotations

import pytest

from events.models import Statement
from factfile import review, workflow
from factfile.editorial import Status, WorkflowError
from tests import factories
from tests.factfile.test_admin_workflow import (
    change_url,
    client_for,
    form_data,
    messages_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_article(reporter):  # type: ignore[no-untyped-def]
    """A statement in review whose speaker and cited source wait for review too."""
    source = factories.SourceFactory(created_by=reporter)
    speaker = factories.ActorFactory(created_by=reporter, name="Yolande Makolo")
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    for record in (source, speaker, statement):
        workflow.submit(record, by=reporter)
    return statement


def test_checker_verifies_a_statement_with_its_waiting_speaker_and_source(
    waiting_article, fact_checker
):
    statement = waiting_article
    citation = statement.citations.get()
    plan = review.plan_verification(statement, fact_checker)
    assert [r._meta.model_name for r in plan.along] == ["actor", "source"]
    assert plan.blockers == []

    done = review.verify_with_what_it_needs(statement, by=fact_checker)

    assert [r._meta.model_name for r in done] == ["actor", "source", "statement"]
    for record in (statement.speaker, citation.source, citation, statement):
        record.refresh_from_db()
        assert record.status == Status.VERIFIED
        assert record.verified_by == fact_checker


def test_a_draft_source_blocks_and_is_named_with_nothing_verified(
    reporter, fact_checker
):
    source = factories.SourceFactory(created_by=reporter, title="Wire: talks resume")
    speaker = factories.ActorFactory(created_by=reporter)
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    workflow.submit(speaker, by=reporter)
    workflow.submit(statement, by=reporter)

    with pytest.raises(WorkflowError) as refused:
        review.verify_with_what_it_needs(statement, by=fact_checker)

    reasons = refused.value.reasons
    assert reasons[0] == (
        "The source “Wire: talks resume” is a draft: its author has to submit it "
        "for review first."
    )
    assert reasons[0].record == source
    speaker.refresh_from_db()
    assert speaker.status == Status.IN_REVIEW  # rolled back with the rest


def test_a_speaker_the_checker_created_blocks_four_eyes(reporter, fact_checker):
    source = factories.SourceFactory(created_by=reporter)
    speaker = factories.ActorFactory(created_by=fact_checker, name="Jean Kambanda")
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    factories.CitationFactory(created_by=reporter, statement=statement, source=source)
    for record, author in ((source, reporter), (speaker, fact_checker)):
        workflow.submit(record, by=author)
    workflow.submit(statement, by=reporter)

    plan = review.plan_verification(statement, fact_checker)

    assert [str(b) for b in plan.blockers] == [
        "The actor “Jean Kambanda” was created by you: someone else has to verify it."
    ]
    problems = review.remaining_problems(plan, fact_checker)
    # The speaker is named once, by the blocker, not again as "not verified".
    assert not any("is not verified" in p for p in problems)


def test_no_citation_message_names_each_citation_and_why(
    reporter, fact_checker, other_fact_checker
):
    source = factories.SourceFactory(created_by=reporter, title="Ministry note")
    workflow.submit(source, by=reporter)
    workflow.verify(source, by=other_fact_checker)
    speaker = factories.ActorFactory(created_by=reporter)
    workflow.submit(speaker, by=reporter)
    workflow.verify(speaker, by=other_fact_checker)
    statement = factories.StatementFactory(created_by=reporter, speaker=speaker)
    mine = factories.CitationFactory(
        created_by=fact_checker, statement=statement, source=source
    )
    workflow.submit(statement, by=reporter)

    problems = workflow.verification_problems(statement, fact_checker)

    assert problems == [
        f"No citation can support verification: citation {mine.pk} "
        f"(“{mine.passage}”) was added by you."
    ]
    assert problems[0].record == mine


def test_the_page_lists_what_verify_takes_along_and_the_button_does_it(
    waiting_article, fact_checker
):
    client = client_for(fact_checker)
    page = client.get(change_url(waiting_article)).content.decode()
    assert 'id="verified-along"' in page
    assert "Yolande Makolo" in page

    data = form_data(client, waiting_article, _workflow="verify")
    response = client.post(change_url(waiting_article), data)

    assert response.status_code == 302
    waiting_article.refresh_from_db()
    assert waiting_article.status == Status.VERIFIED
    assert waiting_article.speaker.status == Status.VERIFIED
    assert any("was verified" in m for m in messages_of(response))


def test_submit_button_saves_the_unsaved_edit_first_as_one_change(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    data = form_data(
        client, statement, text="We remain firmly committed.", _workflow="submit"
    )

    response = client.post(change_url(statement), data)

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "We remain firmly committed."
    assert statement.status == Status.IN_REVIEW
    reasons = [v.history_change_reason for v in statement.history.order_by("version")]
    assert reasons[1:] == ["Edited", "Submitted for review"]
    assert any("saved first" in m for m in messages_of(response))


def test_a_button_on_an_invalid_form_saves_nothing_and_says_so(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    data = form_data(client, statement, text="", _workflow="submit")

    response = client.post(change_url(statement), data)

    assert response.status_code == 200  # the form again, with its errors
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    assert any("Nothing was saved" in m for m in messages_of(response))


def test_a_button_from_an_old_version_is_refused_and_nothing_changes(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(reporter)
    data = form_data(client, statement, text="Stale edit.", _workflow="submit")
    Statement.objects.get(pk=statement.pk).save()  # someone saves meanwhile

    client.post(change_url(statement), data)

    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    assert statement.text != "Stale edit."
