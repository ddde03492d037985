"""Let editors decide on the importer's suggestions: accept, retitle, discard.

Accepting keeps a suggestion's drafts as ordinary drafts, as the editor left
them; discarding deletes the never-public drafts it created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from events.models import Citation, Event, Participant
from events.suggesting.drafts import draft_statement, save_draft, save_part
from events.suggesting.records import Suggestion
from factfile.dates import normalise_partial_date
from factfile.workflow import Status, WorkflowError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


def _decide(suggestion: Suggestion, state: str, *, by: User) -> None:
    suggestion.state = state
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(
        update_fields=[
            "state",
            "decided_by",
            "decided_at",
            "date",
            "speaker_title",
            "statement",
            "event",
            "citation",
        ]
    )


@transaction.atomic
def accept(suggestion: Suggestion, *, by: User) -> None:
    """Keep a suggestion: its drafts become ordinary drafts, as the editor left it."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != Suggestion.State.PENDING:
        raise WorkflowError(
            f"This suggestion was already {suggestion.get_state_display().lower()}."
        )
    # A suggestion saved before its date was normalised may hold a day in a
    # date known to the month: the record takes it as its precision says.
    suggestion.date = normalise_partial_date(suggestion.date, suggestion.date_precision)
    if suggestion.kind == Suggestion.Kind.QUOTE and suggestion.repeats is not None:
        # A second outlet's quote of a statement already in the fact file.
        citation = Citation(
            source=suggestion.import_record.source,
            statement=suggestion.repeats,
            passage=suggestion.passage,
        )
        save_draft(
            citation,
            by=by,
            reason=f"Another citation from the import of "
            f"{suggestion.import_record.file_name}",
        )
        suggestion.citation = citation
    elif suggestion.kind == Suggestion.Kind.QUOTE:
        if suggestion.actor_id is None:
            if suggestion.anonymous:
                raise WorkflowError(
                    f"The speaker is unnamed ({suggestion.speaker_name}): choose "
                    "who said it, or the body the source speaks for, then accept."
                )
            raise WorkflowError("Choose the speaker before accepting this quote.")
        if suggestion.anonymous and not suggestion.speaker_title:
            # The body the source speaks for is the speaker; the title says who.
            suggestion.speaker_title = suggestion.speaker_name[:300]
        statement = suggestion.statement
        if statement is None:
            draft_statement(suggestion, by=by)
        elif (statement.speaker_id, statement.said_on, statement.speaker_title) != (
            suggestion.actor_id,
            suggestion.date,
            suggestion.speaker_title,
        ):
            # The editor changed the suggestion: the draft follows, as their edit.
            statement.speaker_id = suggestion.actor_id
            statement.speaker_title = suggestion.speaker_title
            statement.said_on = suggestion.date
            statement.said_on_precision = suggestion.date_precision
            save_draft(statement, by=by, reason="Suggested quote accepted with changes")
    event = suggestion.event
    if suggestion.kind == Suggestion.Kind.EVENT and event is not None:
        changed = (event.starts_on, event.starts_on_precision) != (
            suggestion.date,
            suggestion.date_precision,
        )
        if changed and event.status == Status.DRAFT:
            # The editor changed the date on the suggestion: the draft follows.
            event.starts_on = suggestion.date
            event.starts_on_precision = suggestion.date_precision
            save_draft(event, by=by, reason="Suggested event accepted with changes")
        if suggestion.actor_id is not None and event.status == Status.DRAFT:
            _make_initiator(event, suggestion.actor_id, by=by)
    _decide(suggestion, Suggestion.State.ACCEPTED, by=by)


@transaction.atomic
def retitle(suggestion: Suggestion, *, title: str, by: User) -> None:
    """Give the draft event of an event suggestion a new title, as ``by``'s edit."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    event = suggestion.event
    if suggestion.kind != Suggestion.Kind.EVENT or event is None:
        raise WorkflowError("Only a suggested event has a title.")
    if suggestion.state != Suggestion.State.PENDING:
        raise WorkflowError(
            f"This suggestion was already {suggestion.get_state_display().lower()}."
        )
    if event.status != Status.DRAFT:
        raise WorkflowError(
            f"The event is {event.get_status_display().lower()}: "
            "change its title on the event's page."
        )
    title = title.strip()[:300]
    if not title:
        raise WorkflowError("An event needs a title.")
    if title != event.title:
        event.title = title
        save_draft(event, by=by, reason="Title changed on its suggestion")
    suggestion.details = {**suggestion.details, "title": title}
    suggestion.save(update_fields=["details"])


def _make_initiator(event: Event, actor_id: int, *, by: User) -> None:
    """Make the actor the editor chose on the suggestion the event's initiator."""
    initiator = Participant.Role.INITIATOR
    parts = list(event.participants.all())
    if any(p.actor_id == actor_id and p.role == initiator for p in parts):
        return
    for part in parts:
        if part.role == initiator or part.actor_id == actor_id:
            part._history_user = by  # type: ignore[attr-defined]
            part.delete()
    for part in parts:
        if part.role == initiator and part.actor_id != actor_id:
            save_part(Participant(event=event, actor_id=part.actor_id), by=by)
    save_part(Participant(event=event, actor_id=actor_id, role=initiator), by=by)


@transaction.atomic
def discard(suggestion: Suggestion, *, by: User) -> None:
    """Drop a suggestion; the never-public drafts it created are deleted with it."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != Suggestion.State.PENDING:
        raise WorkflowError(
            f"This suggestion was already {suggestion.get_state_display().lower()}."
        )
    statement, citation = suggestion.statement, suggestion.citation
    event = suggestion.event
    for record in (citation, statement, event):
        if record is not None and record.verified_version is not None:
            raise WorkflowError(
                f"The {record._meta.verbose_name} has been public: retract it instead."
            )
    suggestion.statement = suggestion.citation = suggestion.event = None
    if citation is not None:
        citation.delete()
    if statement is not None:
        statement.citations.all().delete()
        statement.delete()
    if event is not None:
        if event.statements.exists() or event.inverse_relations.exists():
            raise WorkflowError(
                f"The event “{event}” has statements or relations now: "
                "change those first."
            )
        event.citations.all().delete()
        event.delete()
    if suggestion.kind == Suggestion.Kind.ACTOR and suggestion.actor is not None:
        actor = suggestion.actor
        if actor.verified_version is not None:
            raise WorkflowError("This actor has been public: retract it instead.")
        if actor.statements.exists() or actor.participations.exists():
            raise WorkflowError(
                f"{actor} is the speaker or participant of other drafts: "
                "discard or change those first."
            )
        suggestion.actor = None
        suggestion.save(update_fields=["actor"])
        Suggestion.objects.filter(actor=actor).update(actor=None)
        actor.delete()
    _decide(suggestion, Suggestion.State.DISCARDED, by=by)


def decide_many(
    suggestions: list[Suggestion], decision: str, *, by: User
) -> tuple[int, list[str]]:
    """Accept or discard several suggestions; return how many, and why others failed."""
    decide = accept if decision == "accept" else discard
    # Quotes and events first, so that discarding them frees the suggested
    # actors they name.
    drafts = {Suggestion.Kind.QUOTE, Suggestion.Kind.EVENT}
    ordered = sorted(suggestions, key=lambda s: (s.kind not in drafts, s.start))
    done, problems = 0, []
    for suggestion in ordered:
        try:
            decide(suggestion, by=by)
        except WorkflowError as error:
            problems.append(f"{suggestion}: {error}")
        else:
            done += 1
    return done, problems
