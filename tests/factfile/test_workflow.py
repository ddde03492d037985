"""The editorial workflow: transitions, four eyes, preconditions, notes."""

import pytest
from django.urls import reverse

from events.models import Statement
from factfile import workflow
from factfile.editorial import PublicNote, Status, WorkflowError
from factfile.published.models import PublishedRecord
from tests.factfile.test_admin_workflow import client_for, messages_of
from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventFactory,
    ParticipantFactory,
    RoleFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def verified(record, *, author, checker):
    """Take a record through review and verification by two different people."""
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    return record


@pytest.fixture
def ready_statement(reporter, other_fact_checker, fact_checker):
    """A statement in review whose speaker and source are verified."""
    source = verified(
        SourceFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    speaker = verified(
        ActorFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    statement = StatementFactory(created_by=reporter, speaker=speaker)
    CitationFactory(created_by=reporter, source=source, statement=statement)
    workflow.submit(statement, by=reporter)
    return statement


def test_submit_moves_a_draft_to_review(reporter):
    actor = ActorFactory(created_by=reporter)
    workflow.submit(actor, by=reporter)
    actor.refresh_from_db()
    assert actor.status == Status.IN_REVIEW


def test_submit_refuses_a_record_not_in_draft(reporter):
    actor = ActorFactory(created_by=reporter)
    workflow.submit(actor, by=reporter)
    with pytest.raises(WorkflowError, match="in review"):
        workflow.submit(actor, by=reporter)


def test_fact_checker_verifies_someone_elses_record(reporter, fact_checker):
    actor = ActorFactory(created_by=reporter)
    verified(actor, author=reporter, checker=fact_checker)
    actor.refresh_from_db()
    assert actor.status == Status.VERIFIED
    assert actor.verified_by == fact_checker
    assert actor.verified_version == actor.version
    assert actor.verified_at is not None


def test_reporter_cannot_verify(reporter, other_reporter):
    actor = ActorFactory(created_by=other_reporter)
    workflow.submit(actor, by=other_reporter)
    with pytest.raises(WorkflowError, match="permission to verify"):
        workflow.verify(actor, by=reporter)


def test_fact_checker_cannot_verify_own_record(fact_checker):
    actor = ActorFactory(created_by=fact_checker)
    workflow.submit(actor, by=fact_checker)
    with pytest.raises(WorkflowError, match="You created this record"):
        workflow.verify(actor, by=fact_checker)
    actor.refresh_from_db()
    assert actor.status == Status.IN_REVIEW


def test_fact_checker_cannot_verify_a_record_they_last_changed(reporter, fact_checker):
    actor = ActorFactory(created_by=reporter)
    actor.description = "Changed by the checker."
    actor.mark_changed_by(fact_checker)
    actor.save()
    workflow.submit(actor, by=reporter)
    with pytest.raises(WorkflowError, match="last to change"):
        workflow.verify(actor, by=fact_checker)


def test_verify_needs_review_first(reporter, fact_checker):
    actor = ActorFactory(created_by=reporter)
    with pytest.raises(WorkflowError, match="Only a record in review"):
        workflow.verify(actor, by=fact_checker)


def test_send_back_needs_a_comment_and_returns_a_draft(reporter, fact_checker):
    actor = ActorFactory(created_by=reporter)
    workflow.submit(actor, by=reporter)
    with pytest.raises(WorkflowError, match="Say what needs to change"):
        workflow.send_back(actor, by=fact_checker, comment=" ")
    workflow.send_back(actor, by=fact_checker, comment="Spell the name in full.")
    actor.refresh_from_db()
    assert actor.status == Status.DRAFT
    assert actor.review_comment == "Spell the name in full."


def test_statement_verification_lists_everything_missing(reporter, fact_checker):
    statement = StatementFactory(created_by=reporter)
    workflow.submit(statement, by=reporter)
    with pytest.raises(WorkflowError) as refused:
        workflow.verify(statement, by=fact_checker)
    assert refused.value.reasons == [
        f"The speaker, {statement.speaker}, is not verified.",
        "Add at least one citation.",
    ]


def test_statement_needs_a_citation_in_a_verified_source(
    reporter, other_fact_checker, fact_checker
):
    speaker = verified(
        ActorFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    statement = StatementFactory(created_by=reporter, speaker=speaker)
    CitationFactory(created_by=reporter, statement=statement)  # source is a draft
    workflow.submit(statement, by=reporter)
    with pytest.raises(WorkflowError, match="is a draft, not yet submitted for review"):
        workflow.verify(statement, by=fact_checker)


def test_statement_needs_a_citation_that_resolves(
    reporter, other_fact_checker, fact_checker
):
    source = verified(
        SourceFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    speaker = verified(
        ActorFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    statement = StatementFactory(created_by=reporter, speaker=speaker)
    citation = CitationFactory(
        created_by=reporter, source=source, statement=statement, passage="Never said."
    )
    assert citation.is_broken
    workflow.submit(statement, by=reporter)
    with pytest.raises(WorkflowError, match="does not resolve in its source"):
        workflow.verify(statement, by=fact_checker)


def test_verifying_a_statement_verifies_its_supporting_citations(
    ready_statement, fact_checker
):
    workflow.verify(ready_statement, by=fact_checker)
    citation = ready_statement.citations.get()
    assert citation.status == Status.VERIFIED
    assert citation.verified_by == fact_checker


def test_citations_added_by_the_checker_do_not_count(ready_statement, fact_checker):
    source = ready_statement.citations.get().source
    ready_statement.citations.all().delete()
    CitationFactory(created_by=fact_checker, source=source, statement=ready_statement)
    with pytest.raises(WorkflowError, match="was added by you"):
        workflow.verify(ready_statement, by=fact_checker)


def test_event_needs_verified_participants(reporter, other_fact_checker, fact_checker):
    source = verified(
        SourceFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    event = EventFactory(created_by=reporter)
    participant = ParticipantFactory(
        event=event, actor=ActorFactory(created_by=reporter)
    )
    CitationFactory(
        created_by=reporter,
        source=source,
        statement=None,
        event=event,
        passage="talks would resume",
    )
    workflow.submit(event, by=reporter)
    with pytest.raises(WorkflowError, match=f"participant {participant.actor}"):
        workflow.verify(event, by=fact_checker)
    verified(participant.actor, author=reporter, checker=other_fact_checker)
    workflow.verify(event, by=fact_checker)
    assert event.status == Status.VERIFIED


def test_editing_a_verified_record_leaves_a_pending_edit(
    ready_statement, fact_checker, reporter
):
    workflow.verify(ready_statement, by=fact_checker)
    public_version = ready_statement.version
    ready_statement.text = "We remain committed to dialogue."
    ready_statement.mark_changed_by(reporter)
    ready_statement.save()
    assert ready_statement.status == Status.DRAFT
    assert ready_statement.verified_version == public_version
    assert ready_statement.has_pending_edit
    assert ready_statement in Statement.objects.with_pending_edit()


def test_a_pending_edit_is_verified_as_a_correction_with_a_note(
    ready_statement, fact_checker, other_fact_checker, reporter
):
    workflow.verify(ready_statement, by=fact_checker)
    ready_statement.speaker_title = "Spokesperson"
    ready_statement.mark_changed_by(reporter)
    ready_statement.save()
    workflow.submit(ready_statement, by=reporter)
    with pytest.raises(WorkflowError, match="already public"):
        workflow.verify(ready_statement, by=other_fact_checker)
    with pytest.raises(WorkflowError, match="public note"):
        workflow.correct(ready_statement, by=other_fact_checker, note="")
    workflow.correct(ready_statement, by=other_fact_checker, note="Added the title.")
    assert ready_statement.status == Status.VERIFIED
    assert ready_statement.verified_version == ready_statement.version
    (note,) = PublicNote.for_record(ready_statement)
    assert (note.kind, note.note, note.version) == (
        PublicNote.Kind.CORRECTION,
        "Added the title.",
        ready_statement.version,
    )


def test_only_the_editor_in_chief_retracts_with_a_reason(
    ready_statement, fact_checker, editor_in_chief
):
    workflow.verify(ready_statement, by=fact_checker)
    with pytest.raises(WorkflowError, match="permission to retract"):
        workflow.retract(ready_statement, by=fact_checker, reason="Wrong speaker.")
    with pytest.raises(WorkflowError, match="public reason"):
        workflow.retract(ready_statement, by=editor_in_chief, reason="")
    workflow.retract(ready_statement, by=editor_in_chief, reason="Wrong speaker.")
    assert ready_statement.status == Status.RETRACTED
    (note,) = PublicNote.for_record(ready_statement)
    assert note.kind == PublicNote.Kind.RETRACTION


def test_a_draft_that_was_never_public_cannot_be_retracted(reporter, editor_in_chief):
    actor = ActorFactory(created_by=reporter)
    with pytest.raises(WorkflowError, match="has been public"):
        workflow.retract(actor, by=editor_in_chief, reason="Duplicate.")


def test_a_retracted_record_cannot_be_changed(
    ready_statement, fact_checker, editor_in_chief
):
    workflow.verify(ready_statement, by=fact_checker)
    workflow.retract(ready_statement, by=editor_in_chief, reason="Wrong speaker.")
    with pytest.raises(WorkflowError, match="retracted record cannot be changed"):
        ready_statement.mark_changed_by(editor_in_chief)


def test_allowed_actions_follow_role_and_status(
    ready_statement, reporter, fact_checker, editor_in_chief
):
    assert workflow.allowed_actions(ready_statement, reporter) == []
    assert workflow.allowed_actions(ready_statement, fact_checker) == [
        "send_back",
        "verify",
    ]
    workflow.verify(ready_statement, by=fact_checker)
    assert workflow.allowed_actions(ready_statement, fact_checker) == []
    assert workflow.allowed_actions(ready_statement, editor_in_chief) == ["retract"]


def test_awaiting_review_by_excludes_own_work(reporter, fact_checker):
    theirs = ActorFactory(created_by=reporter)
    mine = ActorFactory(created_by=fact_checker)
    for actor in (theirs, mine):
        workflow.submit(actor, by=actor.created_by)
    waiting = type(theirs).objects.awaiting_review_by(fact_checker)
    assert list(waiting) == [theirs]


def test_every_transition_is_kept_in_history_with_who_and_why(
    ready_statement, fact_checker
):
    workflow.verify(ready_statement, by=fact_checker)
    latest = ready_statement.history.first()
    assert latest.history_user == fact_checker
    assert latest.history_change_reason == "Verified"
    assert latest.status == Status.VERIFIED
    reasons = list(
        ready_statement.history.order_by("history_id").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == [None, "Submitted for review", "Verified"]


# What verifying a record that points to another needs -----------------------


def test_a_citation_of_a_statement_in_review_is_not_verified_alone(
    ready_statement, other_fact_checker
):
    citation = ready_statement.citations.get()
    workflow.submit(citation, by=citation.created_by)

    with pytest.raises(WorkflowError) as refused:
        workflow.verify(citation, by=other_fact_checker)

    assert refused.value.reasons == [
        f"The statement it cites, “{ready_statement}”, is not verified: verify the "
        "statement, which verifies this citation with it."
    ]
    citation.refresh_from_db()
    assert citation.status == Status.IN_REVIEW
    assert not PublishedRecord.objects.filter(resource="citation").exists()


def test_a_citation_verified_with_its_statement_is_public_with_it(
    ready_statement, fact_checker
):
    workflow.verify(ready_statement, by=fact_checker)

    assert set(PublishedRecord.objects.values_list("resource", flat=True)) >= {
        "citation",
        "statement",
    }


def test_a_new_citation_of_a_public_statement_is_verified_alone(
    ready_statement, fact_checker, other_fact_checker, reporter
):
    workflow.verify(ready_statement, by=fact_checker)
    source = ready_statement.citations.get().source
    more = CitationFactory(
        created_by=reporter, source=source, statement=ready_statement
    )
    workflow.submit(more, by=reporter)

    workflow.verify(more, by=other_fact_checker)

    assert PublishedRecord.objects.get(resource="citation", record_id=more.pk)
    listed = PublishedRecord.objects.get(
        resource="statement", record_id=ready_statement.pk
    ).data["citations"]
    assert [citation["id"] for citation in listed] == sorted(
        ready_statement.citations.values_list("pk", flat=True)
    )


def test_a_citation_of_a_retracted_statement_is_never_verified(
    ready_statement, fact_checker, other_fact_checker, editor_in_chief, reporter
):
    workflow.verify(ready_statement, by=fact_checker)
    workflow.retract(ready_statement, by=editor_in_chief, reason="Misattributed.")
    late = CitationFactory(
        created_by=reporter,
        source=ready_statement.citations.first().source,
        statement=ready_statement,
    )
    workflow.submit(late, by=reporter)

    with pytest.raises(WorkflowError, match=r"it cites, .* was retracted"):
        workflow.verify(late, by=other_fact_checker)


def test_bulk_verify_of_citations_refuses_those_of_unverified_statements(
    ready_statement, other_fact_checker
):
    citation = ready_statement.citations.get()
    workflow.submit(citation, by=citation.created_by)

    response = client_for(other_fact_checker).post(
        reverse("admin:events_citation_changelist"),
        {"action": "verify_selected", "_selected_action": [citation.pk]},
    )

    citation.refresh_from_db()
    assert citation.status == Status.IN_REVIEW
    assert any("The statement it cites" in message for message in messages_of(response))
    assert not PublishedRecord.objects.filter(resource="citation").exists()


def test_an_event_citation_is_not_verified_before_its_event(
    reporter, other_fact_checker, fact_checker
):
    source = verified(
        SourceFactory(created_by=reporter), author=reporter, checker=other_fact_checker
    )
    event = EventFactory(created_by=reporter)
    citation = CitationFactory(
        created_by=reporter,
        source=source,
        statement=None,
        event=event,
        passage="talks would resume",
    )
    workflow.submit(citation, by=reporter)

    with pytest.raises(WorkflowError, match=f"The event it cites, “{event}”"):
        workflow.verify(citation, by=fact_checker)


def test_a_statement_about_an_unverified_actor_is_not_verified(
    ready_statement, fact_checker, reporter
):
    draft = ActorFactory(created_by=reporter, name="Draft Ministry")
    ready_statement.about.add(draft)

    with pytest.raises(WorkflowError) as refused:
        workflow.verify(ready_statement, by=fact_checker)

    assert refused.value.reasons == [
        "Draft Ministry, whom the statement is about, is not verified."
    ]


def test_a_statement_of_an_unverified_event_is_not_verified(
    ready_statement, fact_checker, reporter
):
    event = EventFactory(created_by=reporter, title="Talks in Luanda")
    Statement.objects.filter(pk=ready_statement.pk).update(event=event)
    ready_statement.refresh_from_db()

    with pytest.raises(WorkflowError) as refused:
        workflow.verify(ready_statement, by=fact_checker)

    assert refused.value.reasons == [
        "The event it belongs to, “Talks in Luanda”, is not verified."
    ]


def test_an_actor_whose_role_names_an_unverified_organisation_is_not_verified(
    reporter, fact_checker
):
    organisation = ActorFactory(created_by=reporter, name="Draft Ministry")
    actor = ActorFactory(created_by=reporter, name="A Spokesperson")
    RoleFactory(actor=actor, title="Spokesperson", organisation=organisation)
    workflow.submit(actor, by=reporter)

    with pytest.raises(WorkflowError) as refused:
        workflow.verify(actor, by=fact_checker)

    assert refused.value.reasons == [
        "Draft Ministry, the organisation of the role “Spokesperson”, is not verified."
    ]
    verified(organisation, author=reporter, checker=fact_checker)
    workflow.verify(actor, by=fact_checker)
