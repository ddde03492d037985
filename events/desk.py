"""The article desk's rules: what stands where in a source's text, and desk edits.

The desk shows one source with everything drawn from it: the importer's
suggestions and the citations into its text. Editors correct a suggestion
where it stands and accept or discard it (``events.suggesting.drafting``
does that); the edits here keep a pending suggestion and the drafts made
from it in step, so that accepting takes the drafts as the editor left them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from django.db import transaction

from events.models import Actor, Citation, Event, Participant, Statement
from events.suggesting.drafting import draft_statement, retitle
from events.suggesting.records import Suggestion
from factfile.dates import PartialDate, Precision
from factfile.editorial import Status, WorkflowError
from sources.anchoring import PassageNotFound, locate
from sources.importing.records import ImportRecord
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

# The longest passage an editor may turn into a quote or an event at once.
MAX_PASSAGE = 5000


@dataclass(frozen=True)
class Span:
    """Something that stands at ``start:end`` of the text, as the desk marks it."""

    start: int
    end: int
    kind: str  # quote, event, actor, mention, date, citation
    state: str  # pending, accepted, discarded; or a citation's status
    label: str  # the short tag shown in the text: Q3, E1, C2, ...
    target: str  # the id of what it stands for on the page
    title: str


@dataclass(frozen=True)
class Segment:
    """A run of text and the spans that cover all of it, innermost first."""

    start: int
    end: int
    spans: tuple[Span, ...]


# What a suggestion of each kind is called in the text's tags.
TAGS = {
    Suggestion.Kind.QUOTE: "Q",
    Suggestion.Kind.EVENT: "E",
    Suggestion.Kind.ACTOR: "A",
    Suggestion.Kind.MENTION: "M",
    Suggestion.Kind.DATE: "D",
}
# The suggestions an editor works through, one card each; mentions and
# dates are marked in the text only.
CARD_KINDS = (Suggestion.Kind.QUOTE, Suggestion.Kind.EVENT, Suggestion.Kind.ACTOR)


def spans(
    text: str, suggestions: list[Suggestion], citations: list[Citation]
) -> list[Span]:
    """Every suggestion and citation that stands in ``text``, in text order."""
    found = []
    numbers: dict[str, int] = {}
    for suggestion in suggestions:
        if not 0 <= suggestion.start < suggestion.end <= len(text):
            continue
        tag = TAGS[suggestion.kind]
        numbers[tag] = numbers.get(tag, 0) + 1
        found.append(
            Span(
                suggestion.start,
                suggestion.end,
                suggestion.kind,
                suggestion.state,
                f"{tag}{numbers[tag]}",
                f"s-{suggestion.pk}",
                f"{suggestion.get_kind_display()}, "
                f"{suggestion.get_state_display().lower()}",
            )
        )
    for number, citation in enumerate(citations, 1):
        if citation.start is None or not 0 <= citation.start < citation.end <= len(
            text
        ):
            continue
        found.append(
            Span(
                citation.start,
                citation.end,
                "citation",
                citation.status,
                f"C{number}",
                f"c-{citation.pk}",
                f"Citation, {citation.get_status_display().lower()}",
            )
        )
    found.sort(key=lambda span: (span.start, -span.end))
    return found


def segments(text: str, marked: list[Span]) -> list[Segment]:
    """The text cut where any span starts or ends, each run with what covers it."""
    cuts = sorted({0, len(text), *(s.start for s in marked), *(s.end for s in marked)})
    starting: dict[int, list[Span]] = {}
    for span in marked:
        starting.setdefault(span.start, []).append(span)
    active: list[Span] = []
    runs = []
    for start, end in pairwise(cuts):
        active = [span for span in active if span.end > start]
        active.extend(starting.get(start, []))
        innermost = tuple(sorted(active, key=lambda span: span.end - span.start))
        runs.append(Segment(start, end, innermost))
    return runs


def record_for(source: Source, *, by: User) -> ImportRecord:
    """The source's import record; a source entered by hand gets one here."""
    record = ImportRecord.objects.filter(source=source).first()
    if record is not None:
        return record
    data = source.full_text.encode("utf-8")
    return ImportRecord.objects.create(
        source=source,
        file_name="(entered by hand; suggestions made on the desk)",
        file_format=ImportRecord.Format.TEXT,
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        imported_by=by,
    )


def _save(record: Statement | Event | Actor | Citation, *, by: User, why: str) -> None:
    record.mark_changed_by(by)
    record._history_user = by  # type: ignore[union-attr]
    record._change_reason = why  # type: ignore[union-attr]
    record.save()


def _pending(suggestion: Suggestion) -> Suggestion:
    fresh = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if fresh.state != Suggestion.State.PENDING:
        raise WorkflowError(
            f"This suggestion was already {fresh.get_state_display().lower()}."
        )
    return fresh


def new_actor(*, name: str, title: str, kind: str, by: User) -> Actor:
    """A draft actor named on the desk; one already known is refused by name."""
    name = " ".join(name.split())[:300]
    if not name:
        raise WorkflowError("Give the new actor's name.")
    existing = Actor.objects.named(name).exclude(status=Status.RETRACTED).first()
    if existing is not None:
        raise WorkflowError(
            f"“{existing.name}” is already in the fact file: choose them instead."
        )
    actor = Actor(name=name, kind=kind, description=title.strip()[:500])
    _save(actor, by=by, why="Added on the article desk")
    return actor


@transaction.atomic
def edit_quote(
    suggestion: Suggestion,
    *,
    by: User,
    speaker: Actor | None,
    speaker_title: str,
    kind: str,
    channel: str,
    date: PartialDate,
) -> Suggestion:
    """Correct a pending quote; with a speaker it is a draft statement at once."""
    suggestion = _pending(suggestion)
    if suggestion.kind != Suggestion.Kind.QUOTE:
        raise WorkflowError("Only a suggested quote has a speaker.")
    suggestion.speaker_title = speaker_title.strip()[:300]
    suggestion.date = date.date
    suggestion.date_precision = date.precision
    suggestion.details = {**suggestion.details, "kind": kind, "channel": channel}
    if speaker is not None:
        suggestion.actor = speaker
    statement = suggestion.statement
    if (
        statement is None
        and suggestion.actor is not None
        and suggestion.repeats_id is None
    ):
        # A quote already in the fact file becomes a citation when accepted,
        # never a second statement.
        draft_statement(suggestion, by=by)
        statement = suggestion.statement
    if statement is not None and statement.status == Status.DRAFT:
        wanted = {
            "speaker_id": suggestion.actor_id,
            "speaker_title": suggestion.speaker_title,
            "said_on": date.date,
            "said_on_precision": date.precision,
            "kind": kind,
            "channel": channel,
        }
        if any(getattr(statement, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(statement, name, value)
            _save(statement, by=by, why="Edited on the article desk")
    suggestion.save()
    return suggestion


@transaction.atomic
def edit_event(
    suggestion: Suggestion,
    *,
    by: User,
    title: str,
    kind: str,
    date: PartialDate,
    roles: dict[int, str],
    removed: set[int],
    added: list[tuple[Actor, str]],
) -> Suggestion:
    """Correct a pending event: title, kind, date and participants.

    ``roles`` maps participant ids to their new role, ``removed`` holds the
    participants taken off, ``added`` the actors put on with their roles.
    """
    suggestion = _pending(suggestion)
    event = suggestion.event
    if suggestion.kind != Suggestion.Kind.EVENT or event is None:
        raise WorkflowError("Only a suggested event has a title and participants.")
    if event.status != Status.DRAFT:
        raise WorkflowError(
            f"The event is {event.get_status_display().lower()}: "
            "change it on the event's page."
        )
    retitle(suggestion, title=title, by=by)
    suggestion.refresh_from_db()
    event.refresh_from_db()
    if (event.kind, event.starts_on, event.starts_on_precision) != (
        kind,
        date.date,
        date.precision,
    ):
        event.kind = kind
        event.starts_on, event.starts_on_precision = date.date, date.precision
        _save(event, by=by, why="Edited on the article desk")
    present: set[tuple[int, str]] = set()
    wanted: list[tuple[int, str]] = []
    for part in event.participants.all():
        role = roles.get(part.pk, part.role)
        if part.pk in removed or role != part.role:
            part._history_user = by  # type: ignore[attr-defined]
            part.delete()
            if part.pk not in removed:
                wanted.append((part.actor_id, role))
        else:
            present.add((part.actor_id, part.role))
    wanted += [(actor.pk, role) for actor, role in added]
    for actor_id, role in wanted:
        if (actor_id, role) not in present:
            present.add((actor_id, role))
            _add_participant(event, actor_id, role, by=by)
    # Accepting makes the suggestion's actor the sole initiator: it follows
    # the participants as the editor left them, and with two initiators (or
    # none) accepting leaves the roles alone.
    initiators = [a for a, role in present if role == Participant.Role.INITIATOR]
    suggestion.actor_id = initiators[0] if len(initiators) == 1 else None
    suggestion.date, suggestion.date_precision = date.date, date.precision
    suggestion.details = {**suggestion.details, "kind": kind}
    suggestion.save()
    return suggestion


def _add_participant(event: Event, actor_id: int, role: str, *, by: User) -> None:
    part = Participant(event=event, actor_id=actor_id, role=role)
    part._history_user = by  # type: ignore[attr-defined]
    part.save()


@transaction.atomic
def edit_actor(
    suggestion: Suggestion, *, by: User, name: str, title: str, kind: str
) -> Suggestion:
    """Correct a suggested new actor: the name apart from the title, and the kind."""
    suggestion = _pending(suggestion)
    actor = suggestion.actor
    if suggestion.kind != Suggestion.Kind.ACTOR or actor is None:
        raise WorkflowError("Only a suggested new actor has a name to correct.")
    if actor.status != Status.DRAFT:
        raise WorkflowError(
            f"{actor} is {actor.get_status_display().lower()}: "
            "change them on the actor's page."
        )
    name = " ".join(name.split())[:300]
    if not name:
        raise WorkflowError("Give the actor's name.")
    clash = Actor.objects.named(name).exclude(pk=actor.pk).first()
    if clash is not None:
        raise WorkflowError(f"“{clash.name}” is already in the fact file.")
    title = title.strip()[:500]
    if (actor.name, actor.description, actor.kind) != (name, title, kind):
        actor.name, actor.description, actor.kind = name, title, kind
        _save(actor, by=by, why="Edited on the article desk")
    suggestion.speaker_title = title[:300]
    suggestion.save(update_fields=["speaker_title"])
    return suggestion


def find_passage(
    text: str, passage: str, start: int | None, end: int | None
) -> tuple[int, int]:
    """Where a selected or pasted passage stands in ``text``.

    The offsets a browser reports are trusted only when they hold exactly
    the passage; otherwise the passage is looked for, as citations are.
    """
    passage = passage.strip()
    if not passage:
        raise WorkflowError("Select or paste the words of the article first.")
    if len(passage) > MAX_PASSAGE:
        raise WorkflowError(
            f"The passage is {len(passage):,} characters; select at most "
            f"{MAX_PASSAGE:,}."
        )
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= len(text)
        and text[start:end].strip() == passage
    ):
        inner = text[start:end]
        start += len(inner) - len(inner.lstrip())
        return start, start + len(passage)
    try:
        found = locate(text, passage, near=start)
    except PassageNotFound:
        raise WorkflowError(
            "These words are not in the article's text: select them in the text."
        ) from None
    return found.start, found.end


@transaction.atomic
def propose(
    source: Source,
    *,
    kind: str,
    passage: str,
    start: int | None,
    end: int | None,
    by: User,
) -> Suggestion:
    """A new suggested quote or event from words an editor selected in the text."""
    if source.status == Status.RETRACTED:
        raise WorkflowError("The source is retracted: nothing new is drawn from it.")
    start, end = find_passage(source.full_text, passage, start, end)
    words = source.full_text[start:end]
    record = record_for(source, by=by)
    if kind == Suggestion.Kind.QUOTE:
        return Suggestion.objects.create(
            import_record=record,
            kind=Suggestion.Kind.QUOTE,
            passage=words,
            start=start,
            end=end,
            details={"desk": True},
            created_by=by,
        )
    if kind != Suggestion.Kind.EVENT:
        raise WorkflowError("Propose a quote or an event.")
    title = " ".join(words.split())
    event = Event(
        title=title if len(title) <= 120 else title[:119] + "…",
        kind=Event.Kind.OTHER,
        starts_on=None,
        starts_on_precision=Precision.UNKNOWN,
    )
    _save(event, by=by, why="Proposed on the article desk")
    citation = Citation(source=source, event=event, passage=words)
    _save(citation, by=by, why="Proposed on the article desk")
    return Suggestion.objects.create(
        import_record=record,
        kind=Suggestion.Kind.EVENT,
        passage=words,
        start=start,
        end=end,
        event=event,
        citation=citation,
        details={"desk": True, "title": event.title, "kind": event.kind},
        created_by=by,
    )
