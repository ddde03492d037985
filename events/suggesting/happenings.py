"""Find the sentences of an article that report something that happened.

A sentence is proposed as an event when it reports, in the past, one of the
actions newsrooms record: relations severed, sanctions announced, a
resolution adopted, a town captured, an ambassador summoned, cooperation
suspended, troops withdrawn or deployed, a meeting held, a call for
something; in French « a rompu », « a suspendu », « a adopté », « s'est
emparé de », « a convoqué »... A verb inside a direct quote, negated, in the
passive or in the future is not an event: it is what someone said, or what
did not (yet) happen. The proposal carries an editor-style title, the kind,
the date of the sentence's own clause, a known place and who did it.

The text is cut into sentences, and a verb is read as negated, modal or
future, in ``sentences``; the title is made in ``headlines``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from events.suggesting.actions import (
    ACTIONS,
    AGREEMENT,
    AUX_EN,
    DEPLOYMENT,
    DIPLOMATIC,
    MILITARY,
    OTHER,
    RESOLUTION,
    Action,
)
from events.suggesting.dating import DateMention
from events.suggesting.headlines import (
    PAST_VERB,
    clean_subject,
    headline,
    is_plural,
    object_end_after,
    past_tense,
    without_dates,
)
from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.places import find_place
from events.suggesting.quotes import Quote
from events.suggesting.sentences import did_not_happen, hypothetical, sentences

# Where any action's verb starts: one pass over a sentence tells which of
# the actions can match in it, instead of fifty passes, one per action.
_ANY_VERB = re.compile(
    r"\b(?=" + "|".join(action.verb.pattern for action in ACTIONS) + ")", re.I
)
# Participles that report an event in a clause of their own: "A similar
# deal, signed on 3 March 2023, collapsed"; "Deployed in December 2023, the
# SADC mission ...".
_PARTICIPLE_AFTER = re.compile(
    r"(?P<subject>[^,]{3,80}),\s+(?P<verb>signed|deployed|adopted|captured)\s+"
    r"(?:on|in|at)\b"
)
_PARTICIPLE_LEAD = re.compile(
    r"(?P<verb>Deployed|Signed|Adopted|Captured|Founded|Created)\s+(?:on|in)\b"
    r"[^,]{2,60},\s+(?P<subject>(?:the\s+)?(?:[A-ZÀ-Ý][\w\-]*\s+){0,4}[a-z]+)\b"
)
_ANNOUNCED_THAT = re.compile(
    rf"\b{AUX_EN}announced that (?:it|they|the \w+) (?:was|were|had|is|are)\s+"
    r"(?P<verb>suspending|withdrawing|ending|cutting|severing|recalling|"
    r"closing|deploying)\b"
)
_GERUND_PAST = {
    "suspending": "suspended", "withdrawing": "withdrew", "ending": "ended",
    "cutting": "cut", "severing": "severed", "recalling": "recalled",
    "closing": "closed", "deploying": "deployed",
}  # fmt: skip
_GERUND_KIND = {"withdrawing": DEPLOYMENT, "deploying": DEPLOYMENT}
_BOMBS = re.compile(
    r"(?P<subject>\b(?:at least\s+)?(?:\w+\s+)?(?:bombs?|shells?|missiles?|rockets?|"
    r"drones?))\s+(?P<verb>landed|hit|struck|fell)\b",
    re.I,
)
# Words that open a clause whose subject comes after them.
_SUBORDINATE = re.compile(
    r"^.*\b(?:that|after|as|when|while|because|since|où|que|qu['’]|lorsque|"
    r"après que|alors que|tandis que|dat|nadat|toen|omdat|terwijl|waarna)\s+",
    re.I,
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:on|in|at|for|after|before|since|with|during|according|as|following|"
    r"under|by|from|amid|despite|although|while|meanwhile|however|likewise|"
    r"previously|last|earlier|later|this|in turn|for its part|for his part|"
    r"for her part|selon|après|avant|depuis|pendant|lors|dans|en|"
    r"along with|together with|in turn|then|"
    r"cependant|toutefois|par ailleurs|de son côté|pour sa part)\b",
    re.I,
)
_DATE_ONLY = re.compile(
    r"^(?:previously|earlier|later|then|on|in|at|le|la|en|dès|since|"
    r"\s|,|\(|\))*$",
    re.I,
)


@dataclass(frozen=True)
class EventProposal:
    """A sentence that reports an event, and the draft event it suggests."""

    start: int
    end: int
    verb_start: int
    verb_end: int
    kind: str
    title: str
    subject: tuple[int, int] | None
    object_end: int
    date: DateMention | None
    place: str = ""
    place_country: str = ""

    @property
    def sentence(self) -> tuple[int, int]:
        return (self.start, self.end)


def find_events(
    text: str,
    *,
    skip: list[tuple[int, int]],
    quotes: list[Quote],
    dates: list[DateMention],
    limit: int | None = None,
) -> list[EventProposal]:
    """The sentences of ``text`` that report an event, one proposal each.

    With a ``limit``, the text is read until that many are found.
    """
    quoted = _Quoted(sorted((q.open_at, q.close_at) for q in quotes))
    date_starts = [mention.start for mention in dates]
    proposals = []
    for start, end in sentences(text, skip):
        if end - start > MAX_SENTENCE_CHARS:
            continue  # not a sentence an article writes
        # Only the quotes and dates near the sentence: a long text stays
        # linear. Quotes stay within a paragraph, so none starts far before.
        near = quoted.after(start - 5000)
        if near.holds(start, end):
            continue
        local = dates[
            bisect.bisect_left(date_starts, start) : bisect.bisect_left(
                date_starts, end
            )
        ]
        proposal = _event_in(text, start, end, near, local)
        if proposal is not None:
            proposals.append(proposal)
            if len(proposals) == limit:
                break
    return proposals


class _Quoted:
    """The quotes of a text that open after ``floor``: is a position in one?

    Quotes do not overlap, so the last one opening before a position is the
    only one that can hold it.
    """

    def __init__(
        self,
        spans: list[tuple[int, int]],
        floor: int = 0,
        opens: list[int] | None = None,
    ) -> None:
        self.spans = spans
        self.opens = [a for a, _ in spans] if opens is None else opens
        self.floor = floor

    def _last_before(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.opens, position) - 1
        if index < 0 or self.spans[index][0] < self.floor:
            return None
        return self.spans[index]

    def holds(self, start: int, end: int) -> bool:
        """Whether one quote holds all of ``[start, end)``."""
        span = self._last_before(start)
        return span is not None and end <= span[1]

    def __contains__(self, position: int) -> bool:
        span = self._last_before(position)
        return span is not None and position < span[1]

    def after(self, floor: int) -> _Quoted:
        """Only the quotes opening at or after ``floor``."""
        return _Quoted(self.spans, max(self.floor, floor), self.opens)


def _inside(position: int, quoted: _Quoted) -> bool:
    return position in quoted


def _event_in(
    text: str,
    start: int,
    end: int,
    quoted: _Quoted,
    dates: list[DateMention],
) -> EventProposal | None:
    sentence = text[start:end]
    if hypothetical(sentence):
        return None  # what would happen if: no event
    for special in (_participle_lead, _participle_after, _announced_that, _bombs):
        if found := special(text, start, end, dates, quoted):
            return found
    best: tuple[int, Action, re.Match[str]] | None = None
    verbs = [match.start() for match in _ANY_VERB.finditer(text, start, end)]
    for action in ACTIONS:
        if not any(action.verb.match(text, verb, end) for verb in verbs):
            continue  # its verb is not in the sentence
        for match in action.pattern.finditer(sentence):
            verb_at = start + match.start()
            if _inside(verb_at, quoted) or _inside(start + match.start("verb"), quoted):
                continue
            if did_not_happen(sentence, match.start(), action.language):
                continue
            if best is None or match.start() < best[2].start():
                best = (match.start(), action, match)
            break
    if best is None:
        return None
    _, action, match = best
    verb_start, verb_end = start + match.start(), start + match.end()
    verb = match["verb"]
    aux = (match.groupdict().get("aux") or "").lower().replace("’", "'")
    middle = match.groupdict().get("middle")
    subject = _subject(text, start, verb_start, dates)
    subject_text = clean_subject(text, subject, dates) if subject else ""
    past = past_tense(verb, aux, is_plural(aux, subject_text))
    object_end = object_end_after(text, verb_end, end)
    obj = without_dates(text, verb_end, object_end, dates)
    if middle is not None:
        # "CNL heeft … aangevochten": the Dutch perfect keeps its order.
        inner = start + match.start("middle")
        between = without_dates(text, inner, inner + len(middle), dates)
        past = " ".join(part for part in (aux, between, verb) if part)
    title = headline(subject_text, past, obj)
    return EventProposal(
        start=start,
        end=end,
        verb_start=verb_start,
        verb_end=verb_end,
        kind=action.kind,
        title=title,
        subject=subject,
        object_end=object_end,
        date=_date_of(text, start, end, subject, verb_start, object_end, dates, quoted),
        **_place(text, verb_end, object_end),
    )


def _subject(
    text: str, start: int, verb_start: int, dates: list[DateMention]
) -> tuple[int, int] | None:
    """The noun phrase the verb's clause opens with, as a span of ``text``."""
    # Clause boundaries: commas, dashes of a dateline, subordinating words.
    pieces = []
    position = start
    for match in re.finditer(r",|\s--\s|\s—\s|\s–\s", text[start:verb_start]):
        pieces.append((position, start + match.start()))
        position = start + match.end()
    pieces.append((position, verb_start))
    for piece_start, piece_end in reversed(pieces):
        words = without_dates(text, piece_start, piece_end, dates)
        if not words.strip() or _DATE_ONLY.match(words):
            continue
        # "the SADC confirmed its decision ... and ordered": the subject of
        # the first verb is the subject of the second.
        piece = text[piece_start:piece_end]
        if re.search(r"\s(?:and|et)\s*$", piece):
            first_verb = re.search(rf"\s{PAST_VERB}", piece)
            if first_verb is None:
                return None
            piece_end = piece_start + first_verb.start()
        lead = _SUBORDINATE.match(text[piece_start:piece_end])
        if lead is not None:
            piece_start += lead.end()
        elif words.strip().startswith("(") or _LEADING_ADVERBIAL.match(words.strip()):
            continue
        if re.match(r"(?:and|et)\s", text[piece_start:piece_end]):
            piece_start = piece_start + 4
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end <= piece_start:
            return None
        if len(text[piece_start:piece_end].split()) > 12:
            return None
        return piece_start, piece_end
    return None


def _date_of(
    text: str,
    start: int,
    end: int,
    subject: tuple[int, int] | None,
    verb_start: int,
    object_end: int,
    dates: list[DateMention],
    quoted: _Quoted,
) -> DateMention | None:
    """The date of the event's own clause, nearest the verb.

    Leading adverbials count ("On Monday, ..."); a subordinate clause
    before the subject ("After resurfacing in late 2021, ...") and what
    follows the object (", fermées depuis la mi-février") do not.
    """
    lead_end = subject[0] if subject else verb_start
    commas = [start + m.start() for m in re.finditer(",", text[start:lead_end])]
    candidates = []
    for mention in dates:
        if not start <= mention.start < object_end or _inside(mention.start, quoted):
            continue
        if mention.start < lead_end:
            comma = bisect.bisect_left(commas, mention.start)
            clause_start = commas[comma - 1] + 1 if comma else start
            # The clause's first word (after its spaces) opens it or not.
            first = _NOT_SPACE.search(text, clause_start, lead_end)
            if first and _SUBORDINATE_OPENING.match(text, first.start(), lead_end):
                continue
        candidates.append(mention)
    if not candidates:
        return None
    return min(candidates, key=lambda m: abs(m.start - verb_start))


_NOT_SPACE = re.compile(r"\S")
_SUBORDINATE_OPENING = re.compile(
    r"(?:after|before|since|following|despite|although|while|when|"
    r"after|après|avant|depuis)\b|[A-Z]\w+ing\b",
    re.I,
)


def _place(text: str, verb_end: int, object_end: int) -> dict[str, str]:
    found = find_place(text, verb_end, object_end)
    if found is None:
        return {}
    _, name, country = found
    return {"place": name, "place_country": country}


# Constructions the verb table cannot express -------------------------------


def _special(
    text: str,
    start: int,
    end: int,
    verb: re.Match[str],
    offset: int,
    subject: tuple[int, int],
    kind: str,
    present: str,
    dates: list[DateMention],
    quoted: _Quoted,
    object_from: int | None = None,
) -> EventProposal:
    verb_start, verb_end = offset + verb.start("verb"), offset + verb.end("verb")
    object_end = object_end_after(text, object_from or verb_end, end)
    subject_text = clean_subject(text, subject, dates)
    obj = without_dates(text, object_from or verb_end, object_end, dates)
    date = _date_of(text, start, end, None, verb_start, end, dates, quoted)
    return EventProposal(
        start=start,
        end=end,
        verb_start=verb_start,
        verb_end=verb_end,
        kind=kind,
        title=headline(subject_text, present, obj),
        subject=subject,
        object_end=object_end,
        date=date,
        **_place(text, verb_end, object_end),
    )


_PARTICIPLE_KIND = {
    "signed": AGREEMENT, "deployed": DEPLOYMENT, "adopted": RESOLUTION,
    "captured": MILITARY, "founded": OTHER, "created": OTHER,
}  # fmt: skip


def _participle_lead(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _PARTICIPLE_LEAD.match(text, start, end)
    if match is None:
        return None
    verb = match["verb"].lower()
    subject = (match.start("subject"), match.end("subject"))
    proposal = _special(
        text, start, end, match, 0, subject, _PARTICIPLE_KIND[verb], verb, dates,
        quoted, object_from=match.end("subject"),
    )  # fmt: skip
    object_end = proposal.object_end
    date = _date_of(
        text, start, end, None, start, match.start("subject"), dates, quoted
    )
    return EventProposal(
        **{
            **proposal.__dict__,
            "title": headline(clean_subject(text, subject, dates), verb, ""),
            "date": date,
            "object_end": object_end,
        }
    )


def _participle_after(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _PARTICIPLE_AFTER.match(text, start, end)
    if match is None or _inside(match.start("verb"), quoted):
        return None
    verb = match["verb"].lower()
    subject = (match.start("subject"), match.end("subject"))
    proposal = _special(
        text, start, end, match, 0, subject, _PARTICIPLE_KIND[verb], verb, dates,
        quoted,
    )  # fmt: skip
    return EventProposal(
        **{
            **proposal.__dict__,
            "title": headline(clean_subject(text, subject, dates), verb, ""),
        }
    )


def _announced_that(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _ANNOUNCED_THAT.search(text, start, end)
    if match is None or _inside(match.start(), quoted):
        return None
    gerund = match["verb"].lower()
    subject = _subject(text, start, match.start(), dates)
    if subject is None:
        return None
    return _special(
        text, start, end, match, 0, subject, _GERUND_KIND.get(gerund, DIPLOMATIC),
        _GERUND_PAST[gerund], dates, quoted,
    )  # fmt: skip


def _bombs(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _BOMBS.search(text, start, end)
    if match is None or _inside(match.start(), quoted):
        return None
    subject = (match.start("subject"), match.end("subject"))
    verb = match["verb"].lower()
    return _special(
        text, start, end, match, 0, subject, MILITARY, verb, dates, quoted,
    )  # fmt: skip
