"""A writer's query, read the way web search engines read one.

Words must all appear, ``"a quoted phrase"`` must appear as written, ``OR``
between two words accepts either, ``-word`` excludes, and
``speaker:Kagame`` (or ``said:"Paul Kagame"``) keeps the statements of the
actors so called, by name, alias or former name. The parser never fails on
odd input: stray quotes close at the end, lone dashes and operators of the
database's own syntax are plain characters, and every word reaches the
database as a quoted phrase, never as syntax. Only input that asks for
nothing searchable (too long, only exclusions) is refused with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factfile.folding import fold

MAX_QUERY_CHARS = 300
MAX_TERMS = 16


_WORDISH = re.compile(r"[^\W_]")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class QueryError(ValueError):
    """A query that asks for nothing that can be searched; the message says why."""


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, as typed; ``fix`` is a name it may be a typo of."""

    text: str
    phrase: bool = False
    fix: str = ""


@dataclass
class Query:
    """All ``groups`` must match (any term of a group will do); no ``excluded``.

    ``speakers`` are the names given to ``speaker:`` or ``said:``.
    """

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups) or bool(self.speakers)

    def words(self) -> list[str]:
        """The plain, positive words a typo fix may apply to, folded."""
        return [
            fold(term.text)
            for group in self.groups
            for term in group
            if not term.phrase
        ]

    def with_fixes(self, fixes: dict[str, str]) -> Query:
        def fixed(term: Term) -> Term:
            found = fixes.get(fold(term.text), "") if not term.phrase else ""
            return Term(term.text, term.phrase, found)

        return Query(
            groups=[[fixed(term) for term in group] for group in self.groups],
            excluded=self.excluded,
            speakers=self.speakers,
        )

    def corrected(self) -> dict[str, str]:
        """Each word read as a typo, with the name it was read as."""
        return {
            term.text: term.fix for group in self.groups for term in group if term.fix
        }


# Operators a writer types before a name; each keeps statements by a speaker.
OPERATORS = ("speaker", "said")
_OPERATOR = re.compile(r"(?i:speaker|said):(?=\S)")


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(sign, text, quoted) for each word or phrase.

    The sign is '-', 'or', 'speaker' (for ``speaker:`` or ``said:``) or ''.
    """
    tokens = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        sign = ""
        if char == "-":
            while position < length and text[position] == "-":
                position += 1
            if position >= length or text[position].isspace():
                continue  # a lone dash excludes nothing
            sign = "-"
        operator = _OPERATOR.match(text, position) if not sign else None
        if operator:
            sign = "speaker"
            position = operator.end()
        if text[position] == '"':
            end = text.find('"', position + 1)
            # An unclosed quote runs to the end: what a writer is still typing.
            end = length if end == -1 else end
            tokens.append((sign, text[position + 1 : end], True))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        if not sign and word.lower() == "or":
            tokens.append(("or", word, False))
        else:
            tokens.append((sign, word, False))
        position = end
    return tokens


def parse(text: str) -> Query:
    """Read a web-style query; raise QueryError only if nothing can be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query is too long: at most {MAX_QUERY_CHARS} characters, please."
        )
    # Control characters (a NUL byte above all) are no part of any word and
    # PostgreSQL refuses them in text.
    text = _CONTROL.sub(" ", text)
    query = Query()
    join_next = False
    count = 0
    for sign, raw, quoted in _tokens(text):
        if sign == "or":
            join_next = bool(query.groups)
            continue
        words = " ".join(raw.split())
        if not _WORDISH.search(words):
            continue  # punctuation alone matches nothing
        count += 1
        if count > MAX_TERMS:
            raise QueryError(f"Too many words: at most {MAX_TERMS}, please.")
        term = Term(words, phrase=quoted or len(words.split()) > 1)
        if sign == "speaker":
            query.speakers.append(words)
        elif sign == "-":
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        join_next = False
    if query.excluded and not query.groups and not query.speakers:
        raise QueryError("Add a word to look for: a query cannot only exclude words.")
    return query


def group_label(group: list[Term]) -> str:
    """A group of the query as typed: ``Goma OR "North Kivu"``."""
    return " OR ".join(f'"{t.text}"' if t.phrase else t.text for t in group)
