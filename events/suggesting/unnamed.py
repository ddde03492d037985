"""Sources the text does not name, in the context of the quote.

"His neighbour, a tailor who did not want her name printed, …. “…,” she
said." and « Une étudiante de Lubumbashi … Elle a demandé à ne pas être
nommée. « … » »: the unnamed source the sentences before describe; "the
diplomat said" after "a diplomat" was introduced without a name.
"""

from __future__ import annotations

import re

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.nameindex import fold
from events.suggesting.naming import (
    ANONYMITY,
    APPOSED_NAME,
    CAPITAL_WORD,
    DEFINITE,
    INTRODUCED,
    unnamed_source,
)
from events.suggesting.quotes import Quote
from events.suggesting.speakers import (
    ANONYMOUS,
    Context,
    Speaker,
    sentence_start,
)
from events.suggesting.speechwords import (
    UNNAMED,
)


def unnamed_in_sentence_before(quote: Quote, context: Context) -> Speaker | None:
    """ "His neighbour, a tailor who did not want her name printed, …. “…,” she
    said.": the unnamed source the sentence before opens with."""
    text = context.text
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start <= para_start or text[start : quote.open_at].strip():
        return None
    prev_start = sentence_start(text, max(start - 2, para_start), para_start)
    sentence = text[prev_start:start]
    anonymity = ANONYMITY.search(sentence)
    if anonymity is None or any(mark in sentence for mark in '"“”«»„'):
        return None
    # The description up to the anonymity clause: "His neighbour, a tailor".
    lead = re.split(r"\b(?:who|qui|die|that)\b", sentence[: anonymity.start()])[0]
    if _PRONOUN_LEAD.match(lead) and prev_start > para_start:
        # « Une étudiante de Lubumbashi, admise à …, attend son visa. Elle a
        # demandé à ne pas être nommée. « … » »: described the sentence before.
        earlier = text[sentence_start(text, prev_start - 2, para_start) : prev_start]
        # Its first indefinite person: « Une étudiante », "a fisherman".
        described = _INDEFINITE_PHRASE.search(earlier)
        lead = described[0] if described else ""
    for part in reversed(lead.split(",")):
        if unnamed := unnamed_source(part.strip(), anonymity=True):
            if CAPITAL_WORD.search(part.strip()[1:]):
                return None
            return Speaker(unnamed, ANONYMOUS, "", "an unnamed source")
    return None


_INDEFINITE_PHRASE = re.compile(
    r"(?<![\w\-])(?:[Aa]n?|[Uu]ne?|[Ee]en)\s+(?:[a-zà-ÿ][\w\-]{1,40}\s+){0,2}?"
    r"[a-zà-ÿ][\w\-]{1,40}(?=\s+(?:de|du|des|en|of|from|in|at|van|uit|à|who|qui|"
    r"die|whose|dont|wiens)\b|\s*[,.])"
)


_PRONOUN_LEAD = re.compile(r"\s*(?:he|she|il|elle|hij|zij|ze)\b", re.I)


def anonymity_before(quote: Quote, context: Context) -> bool:
    """Whether the sentence before the quote's says its subject is not named."""
    text = context.text
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start <= para_start or text[start : quote.open_at].strip():
        return False
    prev_start = sentence_start(text, max(start - 2, para_start), para_start)
    return ANONYMITY.search(text, prev_start, start) is not None


def unnamed_again(who: str, quote: Quote, context: Context) -> str:
    """ "the diplomat" after "a diplomat … said": the same unnamed source.

    Only when the text introduced that source without a name a little
    before, and names nobody with that word as a title.
    """
    definite = DEFINITE.match(who.strip())
    if definite is None:
        return ""
    words = fold(who.strip()[definite.end() :]).split()
    if len(words) != 1 or words[0] not in UNNAMED:
        return ""
    noun = words[0]
    if context.index.by_title_word.get(noun):
        return ""
    floor = max(0, quote.open_at - 2 * MAX_SENTENCE_CHARS)
    before = context.text[floor : quote.open_at]
    introductions = [
        match.end(1) if fold(match[1]) == noun else match.end(2)
        for match in INTRODUCED.finditer(before)
        if noun in (fold(match[1]), fold(match[2] or ""))
    ]
    if not introductions or APPOSED_NAME.match(before, introductions[-1]):
        # Never introduced, or named right after: "an official, Jean Doe,".
        return ""
    # "an official, John Doe, said …": named after all, and whoever is named
    # between may be meant.
    index = context.index
    if index.persons_before(quote.open_at) != index.persons_before(
        floor + introductions[-1]
    ):
        return ""
    return who.strip()
