"""A quote's speaker, the context attribution reads it in, and its sentences.

The context is what the attribution of earlier quotes and the names so far
establish: who spoke last, who issued the statement, the genders titles and
pronouns told, where the quotes read so far are.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.nameindex import NameIndex, fold
from events.suggesting.names import (
    NameMention,
)
from events.suggesting.naming import (
    NOT_PERSON,
    PERSON_LIKE,
    TITLE_WORDS,
    person_words,
)


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to, and what in the text says so."""

    name: str
    kind: str  # person, organisation, state, unknown, anonymous
    title: str
    how: str
    # Where the words attributing the quote are: its date and channel are there.
    where: tuple[int, int] = (0, 0)

    @property
    def anonymous(self) -> bool:
        """An unnamed speaker ("a resident"): ``name`` describes them."""
        return self.kind == ANONYMOUS


ANONYMOUS = "anonymous"


@dataclass
class Context:
    """What the attribution of earlier quotes and the names so far establish."""

    names: list[NameMention]
    last_speaker: Speaker | None = None
    last_person: tuple[int, Speaker] | None = None
    statement_issuer: Speaker | None = None
    # The article's text, for what a rule needs to read around a quote.
    text: str = ""
    # The speaker of the quote just before (None when it had none).
    previous_speaker: Speaker | None = None
    # Who spoke, in order: (where their quote opens, speaker).
    spoken: list[tuple[int, Speaker]] = field(default_factory=list)
    # A person's gender, once a title or a pronoun told it.
    genders: dict[str, str] = field(default_factory=dict)
    # Where the quotes read so far open and close.
    quoted: list[tuple[int, int]] = field(default_factory=list)
    _index: NameIndex | None = field(default=None, repr=False, compare=False)

    _people: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _lower: set[str] | None = field(default=None, repr=False, compare=False)

    @property
    def lower_words(self) -> set[str]:
        """The words the text writes in lower case somewhere ("chirurg")."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return self._lower

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex(self.names)
        return self._index

    @property
    def people(self) -> dict[str, str]:
        """Full names of two or three words by their last word and their first.

        "Odette" and "Furaha" both give "Odette Furaha" when the text writes
        it in full once; a word two such names share gives nothing.
        """
        if self._people is None:
            found: dict[str, str] = {}
            shared: set[str] = set()
            for match in PERSON_LIKE.finditer(self.text):
                words = person_words(match[0].split())
                folded = [fold(word) for word in words]
                if len(words) < 2 or set(folded) & (NOT_PERSON | TITLE_WORDS):
                    continue
                name = " ".join(words)
                for key in {folded[0], folded[-1]}:
                    if found.setdefault(key, name) != name:
                        shared.add(key)
            self._people = {k: v for k, v in found.items() if k not in shared}
        return self._people


_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-zà-ÿ][\w\-]{1,40}")
_SENTENCE_BREAK = re.compile(r"[.!?](?:[\"”»’'])?\s+(?=[A-Z“\"«„‘'À-Ý])")
# Not the stop of "U.N.", "Mr." or "Lt. Col." before a name.
_SENTENCE_END = re.compile(
    r"(?<![A-Z]\.[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bLt)(?<!\bCol)"
    r"(?<!\bGen)(?<!\bSgt)(?<!\bCapt)(?<!\bMaj)(?<!\bGov)(?<!\bSen)(?<!\bRev)"
    r"[.!?](?=\s|$)"
)


def sentence_start(text: str, position: int, floor: int) -> int:
    """Where the sentence holding ``position`` starts (not before ``floor``).

    At most ``MAX_SENTENCE_CHARS`` before ``position``: a text with no
    sentence break is not read back to its start for each of its quotes.
    """
    floor = max(floor, position - MAX_SENTENCE_CHARS)
    best = floor
    for match in _SENTENCE_BREAK.finditer(text, floor, position + 1):
        best = match.end()
    return best


def sentence_end(text: str, position: int, ceiling: int) -> int:
    """Where the sentence holding ``position`` ends, at most a sentence's length on."""
    ceiling = min(ceiling, position + MAX_SENTENCE_CHARS)
    match = _SENTENCE_END.search(text, position, ceiling)
    return match.end() if match else ceiling


def in_quote(position: int, context: Context) -> bool:
    index = bisect.bisect_right(context.quoted, (position, 1 << 62)) - 1
    return index >= 0 and position < context.quoted[index][1]


def full_name(name: str, context: Context) -> str:
    """The fullest form of a name the text gives: "Prevot" -> "Maxime Prevot"."""
    fullest = context.index.fullest(name)
    if fullest == name and len(name.split()) == 1:
        return context.people.get(fold(name), name)
    return fullest
