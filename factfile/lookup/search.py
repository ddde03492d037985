"""Ranked search over the lookup index, on either database.

``search`` reads a writer's query (``query``), narrows it by the filters
asked for (``filters``), reads words near an actor's name as that name
too (``typos``), and ranks the matches on the database in use
(``postgresql``, ``sqlite``, over the SQL both share in ``sql``). When no
record holds every word, the records holding most of them come instead.

Both databases read only the published layer, through the lookup's index:
live records, and retracted ones, which are shown struck out with their
reason and nothing to copy (see ``factfile.lookup.indexing``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from factfile.lookup import postgresql, sqlite
from factfile.lookup.filters import Filters, actors_named
from factfile.lookup.models import Kind
from factfile.lookup.postgresql import tsqueries
from factfile.lookup.query import MAX_QUERY_CHARS, QueryError, Term, group_label, parse
from factfile.lookup.sql import Found, ShownRow, findable, lookup_database, shown_rows
from factfile.lookup.sqlite import fts5_match
from factfile.lookup.typos import fix_typos
from factfile.published.models import PublishedRecord

# What other modules import from here, wherever it is defined.
__all__ = [
    "MAX_QUERY_CHARS",
    "Filters",
    "Hit",
    "Page",
    "QueryError",
    "Term",
    "actors_named",
    "findable",
    "fts5_match",
    "lookup_database",
    "parse",
    "search",
    "tsqueries",
]


@dataclass
class Hit:
    """One ranked result: a published record and its score.

    ``missing`` lists the query's words the record lacks: only closest
    matches, shown when no record has them all, lack any. A retracted
    record has ``retracted_at`` and its public ``retraction_reason``.
    """

    kind: str
    record_id: int
    rank: float
    data: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    retracted_at: datetime.datetime | None = None
    retraction_reason: str = ""


@dataclass
class Page:
    """A page of hits; ``closest`` holds the query's words when no record
    has them all and the hits are the records holding most of them."""

    hits: list[Hit]
    has_next: bool
    corrected: dict[str, str]
    closest: list[str] = field(default_factory=list)
    # Names given to speaker: that no actor goes by.
    unknown_speakers: list[str] = field(default_factory=list)
    # The latest change (sequence number, time) the hits were read at, when
    # the search read it; None otherwise.
    version: tuple[int, datetime.datetime] | None = None


def search(
    text: str, *, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Page:
    """The published records matching ``text``, best first, retracted ones too.

    When no record holds every word, the records holding most of them come
    instead, ranked, each saying which words it lacks: a second search that
    runs only when the first finds nothing.
    """
    query = parse(text)
    if not query:
        return Page(hits=[], has_next=False, corrected={})
    filters = filters or Filters()
    if query.speakers:
        named = {name: actors_named(name) for name in query.speakers}
        unknown = [name for name, ids in named.items() if not ids]
        if unknown:
            return Page(hits=[], has_next=False, corrected={}, unknown_speakers=unknown)
        ids = sorted({i for found in named.values() for i in found})
        if filters.speakers:
            # A speaker chosen in the filter and one typed: both must hold.
            ids = sorted(set(ids) & set(filters.speakers)) or [0]
        filters = replace(filters, speakers=ids)
        if not query.groups:
            return _said_by(filters, limit, offset)
    query = fix_typos(query)
    # The index holds only what the lookup may show, so only filters need
    # the published layer here.
    within = (
        filters.apply(PublishedRecord.objects.filter(resource__in=Kind.values))
        if filters
        else None
    )
    on_postgresql = lookup_database().vendor == "postgresql"

    def strict(size: int, start: int) -> list[Found]:
        if on_postgresql:
            return postgresql.matches(query, within, size, start)
        return sqlite.matches(query, within, size, start)

    found = strict(limit + 1, offset)
    closest: list[str] = []
    if (
        not found
        and len(query.groups) > 1
        # Past the first page, an empty page is the end of the full matches
        # unless there were none at all.
        and (offset == 0 or not strict(1, 0))
    ):
        closest = [group_label(group) for group in query.groups]
        if on_postgresql:
            found = postgresql.closest_matches(query, within, limit + 1, offset)
        else:
            found = sqlite.closest_matches(query, within, limit + 1, offset)
    # PostgreSQL read the rows with the ranking; SQLite reads them here. A
    # record merged away since it was found is not shown.
    records = {f.pk: f.row for f in found[:limit] if f.row is not None}
    if len(records) < len(found[:limit]):
        records = shown_rows().in_bulk([f.pk for f in found[:limit]])
    hits = [
        _hit(
            records[f.pk],
            rank=f.rank,
            missing=[
                label for label, held in zip(closest, f.held, strict=False) if not held
            ],
        )
        for f in found[:limit]
        if f.pk in records
    ]
    version = found[0].version if found else None
    return Page(
        hits=hits,
        has_next=len(found) > limit,
        corrected=query.corrected(),
        closest=closest,
        version=version if version and version[0] is not None else None,
    )


def _hit(
    row: PublishedRecord | ShownRow, *, rank: float, missing: Sequence[str] = ()
) -> Hit:
    return Hit(
        kind=row.resource,
        record_id=row.record_id,
        rank=rank,
        data=row.data,
        missing=list(missing),
        retracted_at=row.retracted_at,
        retraction_reason=row.retraction_reason,
    )


def _said_by(filters: Filters, limit: int, offset: int) -> Page:
    """A speaker's statements without words to rank them by: newest first."""
    rows = filters.apply(shown_rows())
    rows = rows.order_by("-sort_date", "-record_id")[offset : offset + limit + 1]
    found = list(rows)
    hits = [_hit(row, rank=0.0) for row in found[:limit]]
    return Page(hits=hits, has_next=len(found) > limit, corrected={})
