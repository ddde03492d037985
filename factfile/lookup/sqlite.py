"""The search on SQLite: FTS5's ``bm25``, with the same weights as on
PostgreSQL. Every match is ranked."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, models

from factfile.lookup.query import Query, QueryError, Term
from factfile.lookup.sql import (
    WEIGHTS,
    Found,
    constant_sql,
    index_entries,
    kind_weighting,
    lookup_database,
    sql_of,
)


def _fts5_string(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def _fts5_group(terms: list[Term]) -> str:
    options = []
    for term in terms:
        options.append(_fts5_string(term))
        if term.fix:
            options.append(_fts5_string(Term(term.fix)))
    return "(" + " OR ".join(options) + ")"


def fts5_match(query: Query, *, any_group: bool = False) -> str:
    """The FTS5 MATCH expression of a query: every word a quoted string.

    With ``any_group``, a record with any one of the groups matches.
    """
    joiner = " OR " if any_group else " AND "
    expression = joiner.join(_fts5_group(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}) NOT {_fts5_group(query.excluded)}"
    return expression


def _ranking_sql(
    query: Query, within: models.QuerySet | None, *, closest: bool
) -> tuple[str, list[Any]]:
    kind_weight, kind_params = kind_weighting("e.kind")
    weights = ", ".join("%s" for _ in WEIGHTS)
    order = "rank"
    held, held_params = "", []
    held_params_order: list[str] = []
    if closest:
        groups = [Query(groups=[group]) for group in query.groups]
        marks = [
            "(lookup_fts.rowid IN "
            "(SELECT rowid FROM lookup_fts WHERE lookup_fts MATCH %s))"
            for _ in groups
        ]
        held = ", " + ", ".join(marks)
        held_params = [fts5_match(group) for group in groups]
        # Records holding more of the groups first.
        order = f"({' + '.join(marks)}) DESC, rank"
        held_params_order = held_params

    # The FTS5 table (made by a migration) holds the words; the entries
    # their kind and date, and the filters narrow them.
    def columns() -> models.QuerySet:
        return index_entries(within).values("published_id", "kind", "sort_date")

    entries, entries_params = (
        constant_sql("sqlite entries", columns) if within is None else sql_of(columns())
    )
    sql = (
        "SELECT lookup_fts.rowid, "
        f"bm25(lookup_fts, {weights}) * {kind_weight} AS rank{held} "
        f"FROM lookup_fts JOIN ({entries}) e ON e.published_id = lookup_fts.rowid "
        "WHERE lookup_fts MATCH %s "
        f"ORDER BY {order}, e.sort_date DESC, e.published_id DESC LIMIT %s OFFSET %s"
    )
    params = [
        *WEIGHTS,
        *kind_params,
        *held_params,
        *entries_params,
        fts5_match(query, any_group=closest),
        *held_params_order,
    ]
    return sql, params


def matches(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    return _run(*_ranking_sql(query, within, closest=False), limit, offset)


def closest_matches(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    return _run(*_ranking_sql(query, within, closest=True), limit, offset)


def _run(sql: str, params: list[Any], limit: int, offset: int) -> list[Found]:
    try:
        with lookup_database().cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            # bm25 is lower for better matches; turn it into a score.
            return [
                Found(row[0], -float(row[1]), tuple(bool(h) for h in row[2:]))
                for row in cursor.fetchall()
            ]
    except DatabaseError as error:
        # Not expected: every word is quoted. Say so instead of failing.
        raise QueryError("This query could not be read; try plain words.") from error
