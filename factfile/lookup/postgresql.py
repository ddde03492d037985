"""The search on PostgreSQL: ``ts_rank`` over the weighted ``tsvector``.

At most ``CANDIDATES`` matches are ranked, chosen among the first
``EXAMINED`` entries holding the query's words. Both bounds are read when a
search runs, so a change to them here applies to the next search.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import models
from django.db.models.expressions import RawSQL

from factfile.lookup.models import LookupEntry
from factfile.lookup.query import Query, Term
from factfile.lookup.sql import (
    SHOWN,
    WEIGHTS,
    Compiled,
    Found,
    ShownRow,
    around_sql,
    constant_sql,
    index_entries,
    kind_weighting,
    lookup_database,
    shown_rows,
    sql_of,
)

# How many matches of a query are ranked at most, and how many entries
# holding its words are looked at to choose them (see _candidates).
CANDIDATES = 500
EXAMINED = 2000
# The tiers the candidates are chosen in: entries holding every word in
# their own words (A), then in their own words or names (A, B), then the
# others. ts_rank weighs A and B far above context and passages.
TIERS = ("A", "AB")
# A lexeme in a tsquery's text: what a weight label is appended to.
_LEXEME = r"'(?:[^'\\]|''|\\.)*'"


def _tsquery_item(loose: bool = False) -> str:
    if loose:
        return "plainto_tsquery('lookup_folded', %s)"
    return "websearch_to_tsquery('lookup_folded', %s)"


def _websearch_text(text: str) -> str:
    # Quoted, the words are one phrase and websearch reads no operator in it.
    return '"' + text.replace('"', " ") + '"'


@dataclass
class TsQueries:
    """SQL of one tsquery per group and per exclusion, with their parameters.

    Each group is an OR of one ``websearch_to_tsquery`` per term, so the
    words of the query never meet websearch's own operators. ``loose`` is
    the same groups with phrases read as their words in any order
    (``plainto_tsquery`` reads no operator either): a superset that the
    index answers without looking at word positions.
    """

    groups: list[tuple[str, list[str]]]
    loose: list[tuple[str, list[str]]]
    excluded: list[tuple[str, list[str]]]

    def has_phrase(self) -> bool:
        return self.groups != self.loose


def _group_sql(terms: list[Term], loose: bool = False) -> tuple[str, list[str]]:
    options, params = [], []
    for term in terms:
        for text in filter(None, [term.text, term.fix]):
            if loose and term.phrase and text == term.text:
                options.append(_tsquery_item(loose=True))
                params.append(text)
            else:
                options.append(_tsquery_item())
                params.append(_websearch_text(text))
    return "(" + " || ".join(options) + ")", params


def tsqueries(query: Query) -> TsQueries:
    return TsQueries(
        groups=[_group_sql(group) for group in query.groups],
        loose=[_group_sql(group, loose=True) for group in query.groups],
        excluded=[_group_sql([term]) for term in query.excluded],
    )


def _row(columns: Sequence[Any]) -> ShownRow:
    row = ShownRow(*columns)
    if isinstance(row.data, str):
        row.data = orjson.loads(row.data)
    return row


def _in_fields(words: tuple[str, list[Any]], tier: str) -> tuple[str, list[Any]]:
    """The tsquery ``words`` with every lexeme restricted to the fields of ``tier``.

    ``'word':AB`` matches only where the word is weighted A or B: the same
    test as filtering the document to those weights first, without building
    a filtered copy of every examined document. The query's text is
    relabelled once, when the query is planned.
    """
    sql, params = words
    return (
        f"regexp_replace(({sql})::text, %s, %s, 'g')::tsquery",
        [*params, _LEXEME, rf"\&:{tier}"],
    )


def _match(
    groups: list[tuple[str, list[str]]], excluded: list[tuple[str, list[str]]]
) -> tuple[str, list[str]]:
    """One tsquery expression: every group, and none of the exclusions."""
    parts = [sql for sql, _ in groups] + [f"!!{sql}" for sql, _ in excluded]
    params = [p for _, group in [*groups, *excluded] for p in group]
    return "(" + " && ".join(parts) + ")", params


def _document() -> str:
    # The tsvector column is made by a migration, outside the model.
    table = lookup_database().ops.quote_name(LookupEntry._meta.db_table)
    return f"{table}.document"


def _matching(
    entries: models.QuerySet, match: tuple[str, list[Any]]
) -> models.QuerySet:
    """``entries`` whose document matches the tsquery SQL ``match``."""
    sql, params = match
    return entries.filter(
        RawSQL(f"{_document()} @@ {sql}", params, output_field=models.BooleanField())
    )


def _matching_sql(
    name: str,
    shape: Callable[[models.QuerySet], models.QuerySet],
    within: models.QuerySet | None,
    match: tuple[str, list[Any]],
) -> Compiled:
    """``sql_of(shape(_matching(index_entries(within), match)))``; compiled once
    under ``name`` when there is no filter, which is most searches."""
    if within is not None:
        return sql_of(shape(_matching(index_entries(within), match)))
    sql, params = match
    return around_sql(
        name,
        lambda mark: shape(index_entries(None).filter(mark)),
        (f"{_document()} @@ {sql}", params),
    )


def _ranked_columns(entries: models.QuerySet) -> models.QuerySet:
    """The columns ``_ranked`` reads of each candidate entry."""
    document = RawSQL(_document(), (), output_field=models.TextField())
    return entries.values("published_id", "kind", "sort_date", document=document)


def _latest_change() -> models.QuerySet:
    from factfile.api.views import latest_changes

    return latest_changes().values("seq", "at")[:1]


def _ranked(
    query: Query,
    candidates: str,
    candidate_params: list[Any],
    limit: int,
    offset: int,
    *,
    all_held: bool = False,
) -> list[Found]:
    """Rank the candidate entries; those holding more groups first, if asked.

    ``candidates`` is a query of entry columns. Ranks are summed group by
    group: ts_rank of an AND query falls with the distance between its
    words, and a quote's words are far from its speaker's name. When every
    candidate holds every group (``all_held``, the full search), which
    groups each holds is not tested again.
    """
    ts = tsqueries(query)
    rank = " + ".join(
        f"ts_rank(%s::float4[], c.document, {sql})" for sql, _ in ts.groups
    )
    rank_params: list[Any] = []
    # ts_rank takes the weights of D, C, B, A, each at most 1.
    weights = [w / WEIGHTS[0] for w in WEIGHTS[::-1]]
    for _, group in ts.groups:
        rank_params += [weights, *group]
    if all_held:
        held = ", ".join("TRUE" for _ in ts.groups)
        held_params: list[Any] = []
        count = str(len(ts.groups))
    else:
        held = ", ".join(f"c.document @@ {sql}" for sql, _ in ts.groups)
        held_params = [p for _, group in ts.groups for p in group]
        count = " + ".join(f"(c.document @@ {sql})::int" for sql, _ in ts.groups)
    kind_weight, kind_params = kind_weighting("c.kind")
    order = "held_count DESC, rank DESC, sort_date DESC NULLS LAST, published_id DESC"
    # The page's rows come in the same query: one round trip for the lot.
    shown, shown_params = constant_sql("shown", lambda: shown_rows().values(*SHOWN))
    # And the latest change, for the answer's ETag: from the same snapshot.
    latest, latest_params = constant_sql("latest change", _latest_change)
    sql = (
        f"WITH c AS MATERIALIZED ({candidates}), "
        f"r AS (SELECT c.published_id, ({rank}) * {kind_weight} AS rank, "
        f"ARRAY[{held}] AS held, ({count}) AS held_count, c.sort_date FROM c "
        f"ORDER BY {order} LIMIT %s OFFSET %s) "
        f"SELECT r.published_id, r.rank, r.held, {', '.join(f'p.{c}' for c in SHOWN)} "
        f", l.seq, l.at FROM r JOIN ({shown}) p ON p.id = r.published_id "
        f"LEFT JOIN ({latest}) l ON TRUE ORDER BY {order}"
    )
    params = [
        *candidate_params,
        *rank_params,
        *kind_params,
        *held_params,
        *held_params,
        limit,
        offset,
        *shown_params,
        *latest_params,
    ]
    database = lookup_database()
    _steady_scans(database)
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Found(pk, float(rank), tuple(held), _row(columns), (seq, at))
            for pk, rank, held, *columns, seq, at in cursor
        ]


# The raw connections on which sequential scans no longer synchronise.
_steady: weakref.WeakSet[Any] = weakref.WeakSet()


def _steady_scans(database: Any) -> None:
    """Make "the first entries the scan meets" the same ones every time.

    A sequential scan of a large table may otherwise start where another
    one running at the same moment has got to. The setting stays on the
    connection, so that it costs a round trip once per connection, not per
    search; inside a transaction it is set for that transaction only.
    """
    database.ensure_connection()
    if database.in_atomic_block:
        with database.cursor() as cursor:
            cursor.execute("SET LOCAL synchronize_seqscans = off")
        return
    if database.connection in _steady:
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronize_seqscans = off")
    _steady.add(database.connection)


def matches(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    candidates, params = _candidates(query, within)
    # Every candidate holds every group: the tiers chose them so.
    return _ranked(query, candidates, params, limit, offset, all_held=True)


def _candidates(query: Query, within: models.QuerySet | None) -> tuple[str, list[Any]]:
    """At most CANDIDATES entries holding every word, the strongest first.

    They are chosen among the first EXAMINED entries the scan meets that
    hold the words (in any order, for a phrase), tier by tier: those with
    every word in their own words, then in their own words or names, then
    the rest. So a record that names a rare name in its own words is ranked
    even when thousands of others hold the name only as their speaker's;
    the scan stops once CANDIDATES are found, so a query of common words,
    whose first tier fills at once, reads only as far as it needs.

    The tsqueries are written out, not taken from a subquery, so that the
    planner sees them and knows how common their words are: a rare word's
    matches come from the GIN index; a word that most entries hold is
    cheaper to look for in the entries themselves.
    """
    ts = tsqueries(query)
    loose = _match(ts.loose, ts.excluded)
    examined, examined_params = _matching_sql(
        # The bound is written into the SQL, so it is part of the name.
        f"examined {EXAMINED}",
        lambda entries: _ranked_columns(entries)[:EXAMINED],
        within,
        loose,
    )
    # Every word in the fields of a tier (the exclusions were checked).
    words, words_params = _match(ts.loose, [])
    held = []
    for tier in TIERS:
        tier_sql, tier_params = _in_fields((words, words_params), tier)
        held.append((f"x.document @@ {tier_sql}", tier_params))
    (first, first_params), (second, second_params) = held
    conditions = [
        (first, first_params),
        (f"{second} AND NOT {first}", [*second_params, *first_params]),
        (f"NOT {second}", second_params),
    ]
    if ts.has_phrase():
        # The index answers for a phrase's words in any order; where they
        # stand is read from the examined entries themselves.
        exact, exact_params = _match(ts.groups, ts.excluded)
        conditions = [
            (f"{sql} AND x.document @@ {exact}", [*sql_params, *exact_params])
            for sql, sql_params in conditions
        ]
    # The examined entries are read once, as the tiers ask for them: the
    # first tier reads them until it has CANDIDATES, the next ones read
    # again what was read and go on from there. (Written out in each tier,
    # the scan ran again for each, three times for a rare phrase.)
    tiers, params = [], [*examined_params]
    for sql, sql_params in conditions:
        tiers.append(f"(SELECT x.* FROM x WHERE {sql})")
        params += sql_params
    candidates = (
        f"WITH x AS MATERIALIZED ({examined}) "
        f"SELECT * FROM ({' UNION ALL '.join(tiers)}) t LIMIT %s"
    )
    return candidates, [*params, CANDIDATES]


def closest_matches(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    """Entries holding most of the groups, when none holds them all.

    The candidates are, for each group, up to CANDIDATES entries holding
    every other group, and up to CANDIDATES holding any group: each part
    stops early like the full search, so a common word costs no more here.
    """
    ts = tsqueries(query)
    parts: list[str] = []
    params: list[Any] = []

    def part(groups: list[tuple[str, list[str]]], any_group: bool = False) -> None:
        if any_group:
            sql = "(" + " || ".join(g for g, _ in groups) + ")"
            match_params = [p for _, group in groups for p in group]
            if ts.excluded:
                excluded, excluded_params = _match([], ts.excluded)
                sql = f"({sql} && {excluded})"
                match_params += excluded_params
        else:
            sql, match_params = _match(groups, ts.excluded)
        part_sql, part_params = _matching_sql(
            f"closest part {CANDIDATES}",
            lambda entries: entries.values("published_id")[:CANDIDATES],
            within,
            (sql, match_params),
        )
        parts.append(f"({part_sql})")
        params.extend(part_params)

    if len(ts.loose) > 2:
        for index in range(len(ts.loose)):
            part(ts.loose[:index] + ts.loose[index + 1 :])
    part(ts.loose, any_group=True)
    union = RawSQL(" UNION ".join(parts), params)
    entries = _ranked_columns(LookupEntry.objects.filter(published_id__in=union))
    candidates, candidate_params = sql_of(entries)
    return _ranked(query, candidates, list(candidate_params), limit, offset)
