"""Read an article's text into proposals, without touching the database.

The drafting module turns these into draft records; the quality benchmark
compares them with hand-checked gold files.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

from events.suggesting.attribution import Context, Speaker, attribute
from events.suggesting.dating import DateMention, find_dates
from events.suggesting.happenings import EventProposal, find_events
from events.suggesting.names import NameMention, find_names
from events.suggesting.quotes import Quote, find_quotes
from sources.folding import fold
from sources.importing.metadata import caption_spans, is_furniture, lines_of

# The kinds of name the importer proposes as new draft actors.
ACTOR_KINDS = ("person", "organisation", "state")


@dataclass(frozen=True)
class QuoteProposal:
    quote: Quote
    speaker: Speaker | None
    said_on: DateMention | None


@dataclass(frozen=True)
class Analysis:
    quotes: list[QuoteProposal]
    names: list[NameMention]
    dates: list[DateMention]
    skipped: list[tuple[int, int]]
    events: list[EventProposal]


# Headings after which a page lists references, not the story.
_BACK_MATTER = re.compile(
    r"^(?:references|notes|see also|external links|sources|bibliography|"
    r"further reading|références|notes et références|voir aussi|liens externes|"
    r"bibliographie)\s*$",
    re.IGNORECASE,
)


def not_story(text: str) -> list[tuple[int, int]]:
    """Spans that are not the story: captions, page furniture, reference lists."""
    spans = caption_spans(text)
    for line in lines_of(text):
        if is_furniture(line.text):
            spans.append((line.start, line.end))
        elif _BACK_MATTER.match(line.text):
            spans.append((line.start, len(text)))
            break
    return sorted(spans)


def analyse(
    text: str, *, published_on: datetime.date | None, language: str = "en"
) -> Analysis:
    """Quotes with their speakers and dates, names and dates of ``text``."""
    skipped = not_story(text)
    names = find_names(text, skip=skipped)
    dates = find_dates(text, published_on=published_on, skip=skipped, language=language)
    context = Context(names=names, text=text)
    starts = [mention.start for mention in dates]
    proposals = []
    previous: Quote | None = None
    for quote in find_quotes(text, skip=skipped):
        speaker = attribute(text, quote, previous, context)
        said_on = _said_on(text, quote, dates, starts)
        proposals.append(QuoteProposal(quote, speaker, said_on))
        previous = quote
    events = find_events(
        text,
        skip=skipped,
        quotes=find_quotes(text, skip=skipped, min_words=1),
        dates=dates,
    )
    return Analysis(proposals, names, dates, skipped, events)


def _said_on(
    text: str, quote: Quote, dates: list[DateMention], starts: list[int]
) -> DateMention | None:
    """A date given in the quote's own sentence, outside the quoted words."""
    start, end = quote.paragraph
    first = bisect.bisect_left(starts, start)
    for mention in dates[first:]:
        if mention.start >= end:
            break
        if quote.open_at <= mention.start < quote.close_at:
            continue
        outside = text[
            min(mention.end, quote.open_at) : max(mention.start, quote.close_at)
        ]
        # Only the clause right around the quote: no other quote between.
        if len(outside) < 80 and not any(mark in outside for mark in '"“«'):
            return mention
    return None


def people_and_bodies(analysis: Analysis) -> list[NameMention]:
    """Named people and bodies, without a surname alone when the full name is there."""
    full = [m for m in analysis.names if len(m.name.split()) > 1 or m.kind != "person"]
    return [
        mention
        for mention in analysis.names
        if mention in full
        or not any(fold(o.name).endswith(" " + fold(mention.name)) for o in full)
    ]


def new_actor_names(analysis: Analysis) -> list[tuple[str, str]]:
    """(name, kind) of every new actor the importer would propose on an empty file.

    The names the text marks as people and bodies, then the speakers found
    by attribution, once each.
    """
    seen: dict[str, tuple[str, str]] = {}
    for mention in people_and_bodies(analysis):
        seen.setdefault(fold(mention.name), (mention.name, mention.kind))
    for proposal in analysis.quotes:
        speaker = proposal.speaker
        if speaker is not None and speaker.kind in ACTOR_KINDS:
            seen.setdefault(fold(speaker.name), (speaker.name, speaker.kind))
    return list(seen.values())
