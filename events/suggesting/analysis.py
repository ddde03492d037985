"""Read an article's text into proposals, without touching the database.

The drafting module turns these into draft records; the quality benchmark
compares them with hand-checked gold files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from events.suggesting.attribution import Context, Speaker, attribute
from events.suggesting.dating import DateMention, find_dates
from events.suggesting.names import NameMention, find_names
from events.suggesting.quotes import Quote, find_quotes
from sources.importing.metadata import caption_spans, is_furniture, lines_of


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


def not_story(text: str) -> list[tuple[int, int]]:
    """Spans that are not the story: photo captions and page furniture."""
    spans = caption_spans(text)
    spans += [
        (line.start, line.end) for line in lines_of(text) if is_furniture(line.text)
    ]
    return sorted(spans)


def analyse(
    text: str, *, published_on: datetime.date | None, language: str = "en"
) -> Analysis:
    """Quotes with their speakers and dates, names and dates of ``text``."""
    skipped = not_story(text)
    names = find_names(text, skip=skipped)
    dates = find_dates(text, published_on=published_on, skip=skipped, language=language)
    context = Context(names=names)
    proposals = []
    previous: Quote | None = None
    for quote in find_quotes(text, skip=skipped):
        speaker = attribute(text, quote, previous, context)
        proposals.append(QuoteProposal(quote, speaker, _said_on(text, quote, dates)))
        previous = quote
    return Analysis(proposals, names, dates, skipped)


def _said_on(text: str, quote: Quote, dates: list[DateMention]) -> DateMention | None:
    """A date given in the quote's own sentence, outside the quoted words."""
    start, end = quote.paragraph
    for mention in dates:
        if not start <= mention.start < end:
            continue
        if quote.open_at <= mention.start < quote.close_at:
            continue
        outside = text[
            min(mention.end, quote.open_at) : max(mention.start, quote.close_at)
        ]
        # Only the clause right around the quote: no other quote between.
        if len(outside) < 80 and not any(mark in outside for mark in '"“«'):
            return mention
    return None
