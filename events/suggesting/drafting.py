"""Turn an imported article into suggested drafts.

Everything is created by the importing user through ordinary model saves:
statements, events, citations and actors start as drafts, so the workflow (submit,
four eyes, verify) applies to them like to any other record. The editors'
decisions on the suggestions are in ``events.suggesting.deciding``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from events.models import Actor, Alias, Statement
from events.suggesting.analysis import Analysis, analyse, people_and_bodies

# The admin and the article desk take the decisions from here too.
from events.suggesting.deciding import accept as accept
from events.suggesting.deciding import decide_many as decide_many
from events.suggesting.deciding import discard as discard
from events.suggesting.deciding import retitle as retitle
from events.suggesting.drafts import draft_event, save_draft, save_part
from events.suggesting.drafts import draft_statement as draft_statement
from events.suggesting.limits import MAX_SUGGESTIONS
from events.suggesting.records import Suggestion
from events.suggesting.repeats import same_words, words_of
from events.suggesting.spans import Taken
from factfile.dates import Precision, normalise_partial_date
from factfile.workflow import Status
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
# Rows per INSERT of suggestions (SQLite takes fewer: 999 parameters a
# query); an article gives at most MAX_SUGGESTIONS of each kind.
_BATCH = 1000


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
    # The actors the quotes' speakers name, read at once.
    actors: dict[int, Actor] = Actor.objects.in_bulk(
        {
            actor_id
            for proposal in analysis.quotes
            if proposal.speaker and (actor_id := index.get(proposal.speaker.name))
        }
    )
    # The suggestions, written at once at the end: only the drafts (actors,
    # statements, events) are saved one by one, with their history.
    suggestions: list[Suggestion] = []
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
        save_draft(
            actor, by=by, reason=f"Suggested by the import of {record.file_name}"
        )
        new_actors[fold(name)] = actors[actor.pk] = actor
        index.add(name, actor.pk)
        suggestions.append(
            Suggestion(
                import_record=record,
                kind=Suggestion.Kind.ACTOR,
                passage=source.full_text[start:end],
                start=start,
                end=end,
                actor=actor,
                speaker_title=title[:300],
                created_by=by,
            )
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
            save_part(Alias(actor=actor, name=mention.acronym), by=by)
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
        suggestions.append(suggestion)
        counts["quotes"] += 1
    found = index.find(source.full_text, analysis.skipped)
    for proposal in analysis.events:
        if not room_for("events"):
            continue
        suggestions.append(draft_event(record, proposal, found, by=by))
        counts["events"] += 1
    seen: set[int] = set()
    new_ids = {actor.pk for actor in new_actors.values()}
    for start, end, actor_id in found:
        if actor_id in seen or actor_id in new_ids:
            continue
        seen.add(actor_id)
        if not room_for("mentions"):
            continue
        suggestions.append(
            Suggestion(
                import_record=record,
                kind=Suggestion.Kind.MENTION,
                passage=source.full_text[start:end],
                start=start,
                end=end,
                actor_id=actor_id,
                created_by=by,
            )
        )
        counts["mentions"] += 1
    for date in analysis.dates:
        if not room_for("dates"):
            continue
        suggestions.append(
            Suggestion(
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
        )
        counts["dates"] += 1
    Suggestion.objects.bulk_create(suggestions, batch_size=_BATCH)
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
            save_draft(
                statement, by=by, reason="Date resolved against the publication date"
            )
        event = suggestion.event
        if event is not None and event.status == Status.DRAFT:
            event.starts_on, event.starts_on_precision = found_on, found.precision
            save_draft(
                event, by=by, reason="Date resolved against the publication date"
            )
        updated += 1
    return updated
