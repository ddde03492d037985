"""Turn an imported article into suggested drafts, and let editors decide on them.

Everything is created by the importing user through ordinary model saves:
statements, events, citations and actors start as drafts, so the workflow (submit,
four eyes, verify) applies to them like to any other record.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from events.models import Actor, Alias, Citation, Event, Participant, Statement
from events.suggesting.analysis import Analysis, analyse, people_and_bodies
from events.suggesting.happenings import EventProposal
from events.suggesting.limits import MAX_SUGGESTIONS
from events.suggesting.records import Suggestion
from events.suggesting.repeats import same_words, words_of
from events.suggesting.spans import Taken
from factfile.dates import Precision, normalise_partial_date
from factfile.workflow import EditorialRecord, Status, WorkflowError
from sources.folding import fold as _fold_uncached

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from sources.importing.records import ImportRecord


# A text names the same people again and again: each name is folded once.
fold = lru_cache(maxsize=100_000)(_fold_uncached)

_KINDS = {
    "person": Actor.Kind.PERSON,
    "organisation": Actor.Kind.ORGANISATION,
    "state": Actor.Kind.STATE,
}
# A word, bounded like every pattern of the importer (no name has a word of
# a hundred letters), so that one unbroken megabyte is read in linear time.
_TOKEN = re.compile(r"[^\W_]{1,100}(?:[’'\-.][^\W_]{1,100}){0,20}\.?")
_MAX_TOKENS = 8


def _save(record: EditorialRecord, *, by: User, reason: str) -> None:
    record.mark_changed_by(by)
    record._history_user = by  # type: ignore[attr-defined]
    record._change_reason = reason  # type: ignore[attr-defined]
    record.save()


def _save_part(part: Alias | Participant, *, by: User) -> None:
    """Save a part of a record (an alias, a participant), its history naming ``by``."""
    part._history_user = by  # type: ignore[union-attr]
    part.save()


class ActorIndex:
    """Every actor's folded name and aliases, to find them in a text."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        actors = Actor.objects.exclude(status=Status.RETRACTED).values_list(
            "id", "folded_name"
        )
        for actor_id, folded in actors:
            self.ids.setdefault(folded, actor_id)
        for actor_id, folded in Alias.objects.exclude(
            actor__status=Status.RETRACTED
        ).values_list("actor_id", "folded_name"):
            self.ids.setdefault(folded, actor_id)

    def get(self, name: str) -> int | None:
        return self.ids.get(fold(name))

    def add(self, name: str, actor_id: int) -> None:
        self.ids.setdefault(fold(name), actor_id)

    def find(
        self, text: str, skip: list[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        """(start, end, actor id) of every name or alias in ``text``, longest first."""
        folded: dict[str, str] = {}  # a text repeats its words: fold each once
        tokens = []
        for m in _TOKEN.finditer(text):
            word = m[0].rstrip(".")
            if word not in folded:
                folded[word] = fold(word)
            tokens.append((m.start(), m.end(), folded[word]))
        # Every name and alias word by word ("democratic", "democratic
        # republic", ...): a name is grown a word at a time while it can still
        # become one, instead of trying each of eight lengths at each word.
        prefixes = set()
        for name in self.ids:
            words = name.split(" ")
            prefixes.update(" ".join(words[:size]) for size in range(1, len(words) + 1))
        skipped = Taken(len(text), skip)
        found = []
        index = 0
        while index < len(tokens):
            start = tokens[index][0]
            longest = None
            key = ""
            for size in range(1, min(_MAX_TOKENS, len(tokens) - index) + 1):
                _, end, word = tokens[index + size - 1]
                key = word if size == 1 else f"{key} {word}"
                # A name does not run over a line break.
                if key not in prefixes or text.find("\n", start, end) != -1:
                    break
                actor_id = self.ids.get(key)
                # One lower-case word is a word, not a name ("may", "chad").
                if actor_id and (size > 1 or text[start].isupper()):
                    longest = (size, end, actor_id)
            if longest is None:
                index += 1
                continue
            size, end, actor_id = longest
            if not skipped.overlaps(start, end):
                found.append((start, end, actor_id))
            index += size
        return found


def propose_drafts(
    record: ImportRecord, *, by: User, refresh: bool = False
) -> dict[str, int]:
    """Create the suggested drafts for an imported source; return how many of each.

    With ``refresh``, only re-resolve the dates of pending suggestions (after
    an editor confirmed the publication date).
    """
    source = record.source
    published_on = (
        source.published_on if source.published_on_precision == "day" else None
    )
    analysis = analyse(
        source.full_text,
        published_on=published_on,
        language=source.language,
        limit=MAX_SUGGESTIONS,
    )
    if refresh:
        return {"dates updated": _redate(record, analysis, by=by)}
    index = ActorIndex()
    counts = {
        "quotes": 0,
        "statements": 0,
        "events": 0,
        "new actors": 0,
        "mentions": 0,
        "dates": 0,
    }
    new_actors: dict[str, Actor] = {}
    # Each actor read once, however often the text names it.
    actors: dict[int, Actor] = {}
    # The kinds of which a long text had more than an article is given.
    over_limit: set[str] = set(analysis.cut)

    def room_for(what: str) -> bool:
        if counts[what] < MAX_SUGGESTIONS:
            return True
        over_limit.add(what)
        return False

    def actor_for(
        name: str, kind: str, title: str, start: int, end: int
    ) -> Actor | None:
        if actor_id := index.get(name):
            if actor_id not in actors:
                actors[actor_id] = Actor.objects.get(pk=actor_id)
            return actors[actor_id]
        if fold(name) in new_actors:
            return new_actors[fold(name)]
        for known, actor in new_actors.items():
            if fold(name).endswith(" " + known):
                return actor  # "U.S. Department of State": "Department of State"
        if kind not in _KINDS or not room_for("new actors"):
            return None
        actor = Actor(name=name[:300], kind=_KINDS[kind], description=title[:500])
        _save(actor, by=by, reason=f"Suggested by the import of {record.file_name}")
        new_actors[fold(name)] = actors[actor.pk] = actor
        index.add(name, actor.pk)
        Suggestion.objects.create(
            import_record=record,
            kind=Suggestion.Kind.ACTOR,
            passage=source.full_text[start:end],
            start=start,
            end=end,
            actor=actor,
            speaker_title=title[:300],
            created_by=by,
        )
        counts["new actors"] += 1
        return actor

    names = people_and_bodies(analysis)
    for mention in names:
        if fold(mention.name) not in new_actors:
            if index.get(mention.name):
                continue  # an actor already known: found as a mention below
            actor_for(
                mention.name, mention.kind, mention.title, mention.start, mention.end
            )
        actor = new_actors.get(fold(mention.name))
        if mention.acronym and actor is not None and not index.get(mention.acronym):
            _save_part(Alias(actor=actor, name=mention.acronym), by=by)
            index.add(mention.acronym, actor.pk)
    repeats = _Repeats()
    for proposal in analysis.quotes:
        quote, speaker = proposal.quote, proposal.speaker
        if not room_for("quotes"):
            continue
        anonymous = speaker is not None and speaker.anonymous
        actor = (
            actor_for(speaker.name, speaker.kind, speaker.title, quote.start, quote.end)
            if speaker and not anonymous
            else None
        )
        said_on = proposal.said_on
        suggestion = Suggestion(
            import_record=record,
            kind=Suggestion.Kind.QUOTE,
            passage=quote.text,
            start=quote.start,
            end=quote.end,
            actor=actor,
            speaker_name=(speaker.name if speaker else "")[:300],
            speaker_title=(speaker.title if speaker else "")[:300],
            attribution=(speaker.how if speaker else "")[:500],
            date=said_on.date if said_on else None,
            date_precision=said_on.precision if said_on else Precision.UNKNOWN,
            date_phrase=(said_on.phrase if said_on else "")[:200],
            details={
                **({"said_on_start": said_on.start} if said_on else {}),
                **({"channel": proposal.channel} if proposal.channel else {}),
                **({} if quote.marks else {"indirect": True}),
            },
            anonymous=anonymous,
            created_by=by,
        )
        suggestion.repeats = repeats.find(actor.pk if actor else None, quote.text)
        if suggestion.repeats is not None:
            counts["already in the fact file"] = (
                counts.get("already in the fact file", 0) + 1
            )
        elif actor is not None:
            draft_statement(suggestion, by=by)
            counts["statements"] += 1
        suggestion.save()
        counts["quotes"] += 1
    found = index.find(source.full_text, analysis.skipped)
    for proposal in analysis.events:
        if not room_for("events"):
            continue
        _draft_event(record, proposal, found, by=by)
        counts["events"] += 1
    seen: set[int] = set()
    new_ids = {actor.pk for actor in new_actors.values()}
    for start, end, actor_id in found:
        if actor_id in seen or actor_id in new_ids:
            continue
        seen.add(actor_id)
        if not room_for("mentions"):
            continue
        Suggestion.objects.create(
            import_record=record,
            kind=Suggestion.Kind.MENTION,
            passage=source.full_text[start:end],
            start=start,
            end=end,
            actor_id=actor_id,
            created_by=by,
        )
        counts["mentions"] += 1
    for date in analysis.dates:
        if not room_for("dates"):
            continue
        Suggestion.objects.create(
            import_record=record,
            kind=Suggestion.Kind.DATE,
            passage=date.phrase,
            start=date.start,
            end=date.end,
            date=date.date,
            date_precision=date.precision,
            date_phrase=date.phrase[:200],
            details={"rule": date.rule},
            created_by=by,
        )
        counts["dates"] += 1
    if over_limit:
        kinds = "kind" if len(over_limit) == 1 else "kinds"
        counts[f"{kinds} over the limit of {MAX_SUGGESTIONS}"] = len(over_limit)
    return counts


class _Repeats:
    """The statements already in the fact file, to find a quote a second outlet ran.

    Each speaker's statements are read once per import (one query), and only
    while the import proposes quotes: at most ``MAX_SUGGESTIONS`` speakers.
    """

    def __init__(self) -> None:
        self.by_speaker: dict[int, list[tuple[tuple[str, ...], int]]] = {}

    def find(self, speaker_id: int | None, text: str) -> Statement | None:
        if speaker_id is None:
            return None
        if speaker_id not in self.by_speaker:
            said = (
                Statement.objects.filter(speaker_id=speaker_id)
                .exclude(status=Status.RETRACTED)
                .order_by("id")
                .values_list("id", "text")[:_MAX_COMPARED]
            )
            self.by_speaker[speaker_id] = [
                (words_of(known), statement_id) for statement_id, known in said
            ]
        words = words_of(text)
        for known, statement_id in self.by_speaker[speaker_id]:
            if same_words(words, known):
                return Statement.objects.get(pk=statement_id)
        return None


# A speaker's statements compared with each quote: a fact file holds a few
# hundred statements of its most quoted speaker.
_MAX_COMPARED = 2_000


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
    _save(statement, by=by, reason=reason)
    citation = Citation(source=source, statement=statement, passage=suggestion.passage)
    _save(citation, by=by, reason=reason)
    suggestion.statement = statement
    suggestion.citation = citation


# Roles of the actor named right after the verb: who the act was done to.
_TARGETED = {Event.Kind.DIPLOMATIC, Event.Kind.SANCTION, Event.Kind.MILITARY}


def _draft_event(
    record: ImportRecord,
    proposal: EventProposal,
    found: list[tuple[int, int, int]],
    *,
    by: User,
) -> Suggestion:
    """The draft event, its participants and its citation for a reported event."""
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
    _save(event, by=by, reason=reason)
    for actor_id, role in roles.items():
        _save_part(Participant(event=event, actor_id=actor_id, role=role), by=by)
    citation = Citation(source=source, event=event, passage=sentence)
    _save(citation, by=by, reason=reason)
    initiator = next(
        (a for a, role in roles.items() if role == Participant.Role.INITIATOR), None
    )
    return Suggestion.objects.create(
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


def _redate(record: ImportRecord, analysis: Analysis, *, by: User) -> int:
    by_start = {date.start: date for date in analysis.dates}
    updated = 0
    pending = record.suggestions.pending().select_related("statement", "event")
    for suggestion in pending:
        if suggestion.kind == Suggestion.Kind.DATE:
            found = by_start.get(suggestion.start)
        elif (
            suggestion.kind == Suggestion.Kind.QUOTE
            and "said_on_start" in suggestion.details
        ):
            found = by_start.get(suggestion.details["said_on_start"])
        elif (
            suggestion.kind == Suggestion.Kind.EVENT
            and "date_start" in suggestion.details
        ):
            found = by_start.get(suggestion.details["date_start"])
        else:
            continue
        if found is None:
            continue
        found_on = normalise_partial_date(found.date, found.precision)
        if (found_on, found.precision) == (suggestion.date, suggestion.date_precision):
            continue
        suggestion.date, suggestion.date_precision = found_on, found.precision
        suggestion.save(update_fields=["date", "date_precision"])
        statement = suggestion.statement
        if statement is not None and statement.status == Status.DRAFT:
            statement.said_on, statement.said_on_precision = found_on, found.precision
            _save(statement, by=by, reason="Date resolved against the publication date")
        event = suggestion.event
        if event is not None and event.status == Status.DRAFT:
            event.starts_on, event.starts_on_precision = found_on, found.precision
            _save(event, by=by, reason="Date resolved against the publication date")
        updated += 1
    return updated


# Decisions -----------------------------------------------------------------


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
        _save(
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
            _save(statement, by=by, reason="Suggested quote accepted with changes")
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
            _save(event, by=by, reason="Suggested event accepted with changes")
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
        _save(event, by=by, reason="Title changed on its suggestion")
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
            _save_part(Participant(event=event, actor_id=part.actor_id), by=by)
    _save_part(Participant(event=event, actor_id=actor_id, role=initiator), by=by)


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
