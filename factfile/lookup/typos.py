"""Typo tolerance: a word that is no actor's name but is near one is read
as that name, too."""

from __future__ import annotations

import difflib
import re

from django.db import models

from factfile.lookup.models import LookupName
from factfile.lookup.query import Query
from factfile.lookup.sql import constant_sql, lookup_database
from factfile.published.models import PublishedRecord

# Words this long or longer may be corrected to the nearest name.
MIN_CORRECTED = 4
# How close a word must be to a name to be read as a typo of it.
SQLITE_CUTOFF = 0.8
POSTGRESQL_SIMILARITY = 0.4


_PLAIN_WORD = re.compile(r"^[^\W\d_]+$")


def _candidates(query: Query) -> list[str]:
    return sorted(
        {
            word
            for word in query.words()
            if len(word) >= MIN_CORRECTED and _PLAIN_WORD.match(word)
        }
    )


def live_names() -> models.QuerySet:
    """The words of live actors' names: what a typo is read against."""
    live = PublishedRecord.objects.live()
    return LookupName.objects.filter(entry__published__in=live).values("word")


def fix_typos(query: Query) -> Query:
    """Read words that are no actor's name but near one as that name, too."""
    words = _candidates(query)
    if not words:
        return query
    if lookup_database().vendor == "postgresql":
        fixes = _postgresql_fixes(words)
    else:
        fixes = _sqlite_fixes(words)
    return query.with_fixes(fixes)


def _postgresql_fixes(words: list[str]) -> dict[str, str]:
    # The % operator finds candidates through the trigram index; the
    # similarity floor then keeps only close ones. The planner folds the
    # names' subquery into each branch, so the index still answers.
    names, names_params = constant_sql("live names", live_names)
    sql = (
        "SELECT t.term, best.word FROM unnest(%s::text[]) AS t(term) "
        "CROSS JOIN LATERAL ("
        f"  SELECT n.word FROM ({names}) n WHERE n.word %% t.term"
        "   AND similarity(n.word, t.term) >= %s"
        "  ORDER BY similarity(n.word, t.term) DESC, n.word LIMIT 1"
        ") AS best "
        f"WHERE NOT EXISTS (SELECT 1 FROM ({names}) n WHERE n.word = t.term)"
    )
    params = [words, *names_params, POSTGRESQL_SIMILARITY, *names_params]
    with lookup_database().cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _sqlite_fixes(words: list[str]) -> dict[str, str]:
    shortest = min(len(word) for word in words) - 2
    longest = max(len(word) for word in words) + 2
    names, names_params = constant_sql("live names", live_names)
    sql = (
        f"SELECT DISTINCT n.word FROM ({names}) n "
        "WHERE length(n.word) BETWEEN %s AND %s"
    )
    with lookup_database().cursor() as cursor:
        cursor.execute(sql, [*names_params, shortest, longest])
        vocabulary = sorted(word for (word,) in cursor.fetchall())
    known = set(vocabulary)
    fixes = {}
    for word in words:
        if word in known:
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SQLITE_CUTOFF)
        if close:
            fixes[word] = close[0]
    return fixes
