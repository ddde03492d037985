"""Submit an article's accepted records for review together, as one bundle.

A statement cannot be verified before its source and its speaker are; a
reporter who submits only the statement leaves the checker waiting on
drafts nobody sent. The bundle sends the source, the draft actors the
accepted records name, and the accepted statements and events with their
citations, in one transaction, each through ``workflow.submit``: either
all go to review or none does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from events.models import Actor, Citation, Event, Participant, Statement
from events.suggesting.drafting import accept
from events.suggesting.records import Suggestion
from factfile import workflow
from factfile.editorial import EditorialRecord, Status, WorkflowError
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User


@dataclass
class Bundle:
    """What a bundle holds, by kind, in the order it is submitted."""

    source: Source
    actors: list[Actor] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # Suggested new actors the accepted records name, accepted with them.
    actor_suggestions: list[Suggestion] = field(default_factory=list)
    pending: int = 0
    # What was submitted, as an editor reads it; set by ``submit_bundle``.
    submitted: str = ""

    def records(self) -> list[EditorialRecord]:
        drafts: list[EditorialRecord] = [self.source] if self.source else []
        drafts += [*self.actors, *self.statements, *self.events, *self.citations]
        return [record for record in drafts if record.status == Status.DRAFT]

    def summary(self) -> str:
        """What was (or would be) submitted, as an editor reads it."""
        parts = []
        counts = (
            ("source", int(self.source.status == Status.DRAFT)),
            ("new actor", sum(a.status == Status.DRAFT for a in self.actors)),
            ("statement", sum(s.status == Status.DRAFT for s in self.statements)),
            ("event", sum(e.status == Status.DRAFT for e in self.events)),
            ("citation", sum(c.status == Status.DRAFT for c in self.citations)),
        )
        for what, count in counts:
            if count:
                parts.append(f"{count} {what}{'s' if count != 1 else ''}")
        return ", ".join(parts) or "nothing"


def gather(source: Source) -> Bundle:
    """The drafts an article's accepted suggestions stand for, and what they name."""
    bundle = Bundle(source=source)
    suggestions = Suggestion.objects.filter(import_record__source=source)
    accepted = suggestions.filter(state=Suggestion.State.ACCEPTED)
    bundle.pending = (
        suggestions.pending()
        .filter(kind__in=[Suggestion.Kind.QUOTE, Suggestion.Kind.EVENT])
        .count()
    )
    bundle.statements = list(
        Statement.objects.filter(
            suggestions__in=accepted.filter(kind=Suggestion.Kind.QUOTE)
        )
        .distinct()
        .order_by("pk")
    )
    bundle.events = list(
        Event.objects.filter(
            suggestions__in=accepted.filter(kind=Suggestion.Kind.EVENT)
        )
        .distinct()
        .order_by("pk")
    )
    statement_ids = [s.pk for s in bundle.statements]
    event_ids = [e.pk for e in bundle.events]
    bundle.citations = list(
        Citation.objects.filter(source=source)
        .filter(Q(statement_id__in=statement_ids) | Q(event_id__in=event_ids))
        .order_by("pk")
    )
    actor_ids = {s.speaker_id for s in bundle.statements}
    actor_ids |= {s.on_behalf_of_id for s in bundle.statements if s.on_behalf_of_id}
    actor_ids |= set(
        Participant.objects.filter(event_id__in=event_ids).values_list(
            "actor_id", flat=True
        )
    )
    # Draft actors only: a verified actor needs nothing, and one in review
    # is on its way already.
    bundle.actors = list(
        Actor.objects.filter(pk__in=actor_ids, status=Status.DRAFT).order_by("pk")
    )
    bundle.actor_suggestions = list(
        suggestions.pending().filter(
            kind=Suggestion.Kind.ACTOR, actor_id__in=[a.pk for a in bundle.actors]
        )
    )
    return bundle


@transaction.atomic
def submit_bundle(source: Source, *, by: User) -> Bundle:
    """Submit the source, new actors and accepted records of an article together.

    Raises WorkflowError naming every record that could not be submitted;
    then nothing was.
    """
    bundle = gather(source)
    drafts = bundle.records()
    if not drafts:
        raise WorkflowError(
            "Nothing to submit: accept suggestions first, or everything "
            "accepted is already in review."
        )
    bundle.submitted = bundle.summary()
    for suggestion in bundle.actor_suggestions:
        accept(suggestion, by=by)
    problems = []
    for record in drafts:
        try:
            workflow.submit(record, by=by)
        except WorkflowError as error:
            problems += [
                f"{record._meta.verbose_name.capitalize()} “{record}”: {reason}"
                for reason in error.reasons
            ]
    if problems:
        raise WorkflowError(problems)
    return bundle
