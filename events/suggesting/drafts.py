"""The draft records a suggestion makes, saved as the user who made them.

A quote with a speaker becomes a draft statement with its anchored citation;
a reported event a draft event with its participants and citation. Each is
saved through an ordinary model save, with its history naming the user, so
the workflow (submit, four eyes, verify) applies to it like to any other
record.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from events.models import Alias, Citation, Event, Participant, Statement
from events.suggesting.happenings import EventProposal
from events.suggesting.records import Suggestion
from factfile.dates import Precision, normalise_partial_date
from factfile.workflow import EditorialRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from sources.importing.records import ImportRecord


def save_draft(record: EditorialRecord, *, by: User, reason: str) -> None:
    """Save a draft record, its history naming ``by`` and ``reason``."""
    record.mark_changed_by(by)
    record._history_user = by  # type: ignore[attr-defined]
    record._change_reason = reason  # type: ignore[attr-defined]
    record.save()


def save_part(part: Alias | Participant, *, by: User) -> None:
    """Save a part of a record (an alias, a participant), its history naming ``by``."""
    part._history_user = by  # type: ignore[union-attr]
    part.save()


def draft_statement(suggestion: Suggestion, *, by: User) -> None:
    """The draft statement and its anchored citation for a quote with a speaker."""
    record = suggestion.import_record
    source = record.source
    channel = suggestion.details.get("channel", "")
    indirect = suggestion.details.get("indirect", False)
    statement = Statement(
        text=suggestion.passage,
        kind=Statement.Kind.PARAPHRASE if indirect else Statement.Kind.QUOTE,
        speaker=suggestion.actor,
        speaker_title=suggestion.speaker_title,
        channel=channel if channel in Statement.Channel.values else "unknown",
        said_on=normalise_partial_date(suggestion.date, suggestion.date_precision),
        said_on_precision=suggestion.date_precision,
        language=source.language[:16] or "en",
    )
    reason = f"Suggested by the import of {record.file_name}"
    save_draft(statement, by=by, reason=reason)
    citation = Citation(source=source, statement=statement, passage=suggestion.passage)
    save_draft(citation, by=by, reason=reason)
    suggestion.statement = statement
    suggestion.citation = citation


# Roles of the actor named right after the verb: who the act was done to.
_TARGETED = {Event.Kind.DIPLOMATIC, Event.Kind.SANCTION, Event.Kind.MILITARY}


def draft_event(
    record: ImportRecord,
    proposal: EventProposal,
    found: list[tuple[int, int, int]],
    *,
    by: User,
) -> Suggestion:
    """The draft event, its participants and its citation for a reported event.

    Returns its suggestion unsaved: the caller writes them all at once.
    """
    source = record.source
    sentence = source.full_text[proposal.start : proposal.end]
    date = proposal.date
    roles: dict[int, str] = {}
    # The actors named in the sentence: ``found`` is in text order.
    first = bisect.bisect_left(found, proposal.start, key=lambda item: item[0])
    last = bisect.bisect_left(found, proposal.end, key=lambda item: item[0])
    for start, end, actor_id in found[first:last]:
        subject = proposal.subject
        if subject and subject[0] <= start and end <= subject[1]:
            role = Participant.Role.INITIATOR
        elif (
            proposal.kind in _TARGETED
            and proposal.verb_end <= start < proposal.object_end
            and Participant.Role.TARGET not in roles.values()
        ):
            role = Participant.Role.TARGET
        else:
            role = Participant.Role.PARTICIPANT
        if role == Participant.Role.INITIATOR or actor_id not in roles:
            roles[actor_id] = role
    precision = date.precision if date and date.date else Precision.UNKNOWN
    event = Event(
        title=proposal.title[:300] or sentence[:300],
        kind=proposal.kind,
        starts_on=normalise_partial_date(date.date if date else None, precision),
        starts_on_precision=precision,
        place_name=proposal.place[:200],
        place_country=proposal.place_country[:100],
    )
    reason = f"Suggested by the import of {record.file_name}"
    save_draft(event, by=by, reason=reason)
    for actor_id, role in roles.items():
        save_part(Participant(event=event, actor_id=actor_id, role=role), by=by)
    citation = Citation(source=source, event=event, passage=sentence)
    save_draft(citation, by=by, reason=reason)
    initiator = next(
        (a for a, role in roles.items() if role == Participant.Role.INITIATOR), None
    )
    return Suggestion(
        import_record=record,
        kind=Suggestion.Kind.EVENT,
        passage=sentence,
        start=proposal.start,
        end=proposal.end,
        actor_id=initiator,
        date=event.starts_on,
        date_precision=event.starts_on_precision,
        date_phrase=(date.phrase if date else "")[:200],
        details={
            "title": event.title,
            "kind": proposal.kind,
            **({"date_start": date.start} if date else {}),
            **({"place": proposal.place} if proposal.place else {}),
        },
        event=event,
        citation=citation,
        created_by=by,
    )
