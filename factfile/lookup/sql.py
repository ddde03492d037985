"""What both databases' searches share: the lookup's connection, compiled
querysets, the rules of what is findable, the ranking weights, and the
rows a search returns.

The SQL is compiled from querysets that state each rule once (``findable``
here, ``live_names`` in ``typos``, ``Filters.apply`` in ``filters``); only
the ranking, which the ORM cannot say, is written out around them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db import connections, models, router
from django.db.models.expressions import RawSQL

from factfile.lookup.models import Kind, LookupEntry
from factfile.published.models import PublishedRecord

# Relative weights of the four fields: the record's own words, names,
# context (sources, places), and the cited passages with their sentences.
WEIGHTS = (10.0, 4.0, 1.0, 0.5)
# Writers come for quotes first, then events; actors and sources mostly lead
# on to those. Among equally good matches, the kind decides.
KIND_WEIGHTS = {
    Kind.STATEMENT: 1.0,
    Kind.EVENT: 0.85,
    Kind.ACTOR: 0.7,
    Kind.SOURCE: 0.7,
}


def lookup_database() -> Any:
    """The connection the lookup reads: the replica on the public read path."""
    return connections[router.db_for_read(LookupEntry)]


Compiled = tuple[str, tuple[Any, ...]]


def sql_of(queryset: models.QuerySet) -> Compiled:
    """The SQL and parameters of ``queryset`` on the lookup's database."""
    compiler = queryset.query.get_compiler(using=lookup_database().alias)
    return compiler.as_sql()


# Compiling a queryset took as long as a search's own work in the database:
# the querysets that never change are compiled once per database, and those
# around a query's words once, with a mark where the words go.
_compiled: dict[tuple[str, str], Compiled] = {}
_MARK = "__lookup_words__"
_PLACEHOLDER = re.compile(r"%%|%s")


def constant_sql(name: str, queryset: Callable[[], models.QuerySet]) -> Compiled:
    """``sql_of(queryset())``, compiled once per database under ``name``."""
    key = (name, lookup_database().alias)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = sql_of(queryset())
    return compiled


def around_sql(
    name: str,
    queryset: Callable[[RawSQL], models.QuerySet],
    condition: tuple[str, Sequence[Any]],
) -> Compiled:
    """``sql_of(queryset(RawSQL(*condition)))``, compiled once under ``name``.

    ``queryset`` must use its argument once, and only as a condition whose
    SQL does not change the rest of the query's.
    """
    mark = RawSQL(_MARK, (), output_field=models.BooleanField())
    sql, params = constant_sql(name, lambda: queryset(mark))
    head, found, tail = sql.partition(_MARK)
    if not found or _MARK in tail:
        raise AssertionError(f"{name}: the words' place is not in its SQL once")
    before = sum(1 for p in _PLACEHOLDER.findall(head) if p == "%s")
    text, values = condition
    return head + text + tail, (*params[:before], *values, *params[before:])


def findable() -> models.QuerySet:
    """The published rows the lookup shows: those its index holds.

    Live records and retracted ones; a merged duplicate has no entry.
    """
    return PublishedRecord.objects.filter(lookup_entry__isnull=False)


def kind_weighting(column: str = "p.resource") -> tuple[str, list[Any]]:
    """SQL of the weight of the kind in ``column``, and its parameters."""
    whens = " ".join("WHEN %s THEN %s" for _ in KIND_WEIGHTS)
    params: list[Any] = []
    for kind, weight in KIND_WEIGHTS.items():
        params += [str(kind), weight]
    return f"(CASE {column} {whens} ELSE 1.0 END)", params


def index_entries(within: models.QuerySet | None) -> models.QuerySet:
    """The index entries a search reads: all, or those of the filtered rows."""
    entries = LookupEntry.objects.all()
    if within is not None:
        entries = entries.filter(published__in=within.values("pk"))
    return entries


def shown_rows() -> models.QuerySet:
    """Findable rows with what a result shows of them."""
    return findable().only(*SHOWN)


@dataclass
class Found:
    """A match as the database ranks it; ``held`` says which groups it has.

    ``row`` is the published row, when read in the same query.
    """

    pk: int
    rank: float
    held: tuple[bool, ...] = ()
    row: ShownRow | None = None
    # The latest change of the published layer, when read in the same query.
    version: tuple[int, datetime.datetime] | None = None


@dataclass(slots=True)
class ShownRow:
    """The columns of a published row that a result shows (``SHOWN``).

    Read straight from the ranking query's rows: building model instances
    for them cost more than the rest of reading them.
    """

    id: int
    resource: str
    record_id: int
    data: dict[str, Any]
    retracted_at: datetime.datetime | None
    retraction_reason: str


# The columns of a published row that a result shows.
SHOWN = tuple(column.name for column in fields(ShownRow))
