"""Keyset pagination: stable pages, bounded sizes, and never a COUNT(*).

Each paginator reads a page one way: the SQL of a queryset (compiled once
per process for the busiest lists, or compiled for the request), wrapped in
the cursor's condition, the order and the limit. ``paginate_queryset``, for
querysets built per request and the browsable API, compiles its queryset and
takes the same path, so the two cannot drift apart.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from factfile.api.parameters import MAX_ID, iso_date, whole_number
from factfile.caching import latest_seq

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# A next link's cursor is well under 200 characters; a longer one was not
# made here, and is refused before it is decoded.
MAX_CURSOR_CHARS = 256
_BASE64URL = re.compile(r"[A-Za-z0-9_\-]+={0,2}")

# Each ordering is a key ending in a unique column, so pages never overlap.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "date": ("sort_date", "record_id"),
    "changed": ("seq",),
    "id": ("record_id",),
}
# Every column a page is sorted on.
KEYS = tuple(sorted({key for keys in ORDERINGS.values() for key in keys}))


# A queryset's SQL and parameters, as its compiler gives them.
Compiled = tuple[str, Sequence[Any]]
_COMPILED: dict[tuple[Any, ...], Compiled] = {}


def compiled(
    key: tuple[Any, ...], using: str, make: Callable[[], QuerySet]
) -> Compiled:
    """The SQL of the queryset ``make()`` builds, compiled once per process.

    For the busiest requests, whose queryset never changes: the ORM would
    build and compile it anew each time, for about a millisecond of Python.
    The rules stay in the queryset's methods; only their SQL is kept.
    """
    found = _COMPILED.get((key, using))
    if found is None:
        found = _COMPILED[key, using] = (
            make().order_by().query.get_compiler(using).as_sql()
        )
    return found


def compile_now(queryset: QuerySet, keys: Sequence[str]) -> tuple[Compiled, str]:
    """The SQL of ``queryset`` without its order, and the database it reads.

    A queryset of model instances is read as its primary key and the sort
    ``keys``, and its rows are loaded by ``instances_of`` once the page is
    known.
    """
    if not issubclass(queryset._iterable_class, ValuesIterable):
        pk = queryset.model._meta.pk.attname
        columns = [pk, *(key for key in keys if key != pk)]
        queryset = queryset.values(*columns)
    using = queryset.db
    return queryset.order_by().query.get_compiler(using).as_sql(), using


def instances_of(queryset: QuerySet, rows: list[dict[str, Any]]) -> list[Any]:
    """``queryset``'s rows for a page read as dicts, in the page's order.

    Rows from a values() queryset are the page itself; model instances are
    loaded by primary key, keeping the queryset's annotations.
    """
    if issubclass(queryset._iterable_class, ValuesIterable):
        return rows
    pk = queryset.model._meta.pk.attname
    found = {row.pk: row for row in queryset.filter(pk__in=[r[pk] for r in rows])}
    return [found[row[pk]] for row in rows if row[pk] in found]


def fetch_rows(using: str, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """The rows of ``sql`` on the database ``using``, as dicts by column name."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    size = whole_number(raw, maximum=MAX_PAGE_SIZE)
    if not size:
        raise ValidationError(
            {"page_size": [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]}
        )
    return size


def _key_values(payload: Any, ordering: str, keys: tuple[str, ...]) -> list[Any] | None:
    """The values of ``keys`` in a decoded cursor, or None if it holds others.

    Each is text as ``next_link`` writes it: a day, or a number within the
    database's 64-bit range (SQLite cannot even compare a larger one).
    """
    if not isinstance(payload, dict) or payload.get("o") != ordering:
        return None
    raw = payload.get("v")
    if not isinstance(raw, list) or len(raw) != len(keys):
        return None
    if not all(isinstance(value, str) for value in raw):
        return None
    values = [
        iso_date(value) if key == "sort_date" else whole_number(value, maximum=MAX_ID)
        for key, value in zip(keys, raw, strict=True)
    ]
    return None if None in values else values


class KeysetPagination(BasePagination):
    """``?ordering=-date&page_size=50&cursor=...``; ``next`` is the following page."""

    def _plan(
        self, request: Request, view: Any
    ) -> tuple[int, str, tuple[str, ...], bool, list[Any] | None]:
        """Page size, ordering, its keys, descending or not, and the cursor's values."""
        self.request = request
        size = page_size(request)
        ordering = request.query_params.get("ordering", view.default_ordering)
        descending = ordering.startswith("-")
        keys = ORDERINGS.get(ordering.removeprefix("-"))
        if keys is None:
            choices = ", ".join(f"{name}, -{name}" for name in ORDERINGS)
            raise ValidationError({"ordering": [f"Order by one of: {choices}."]})
        cursor = request.query_params.get("cursor")
        after = self._decode(cursor, ordering, keys) if cursor else None
        return size, ordering, keys, descending, after

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        """A page of ``queryset``, read as ``paginate_sql`` reads one."""
        base, using = compile_now(queryset, KEYS)
        rows = self.paginate_sql(request, view, base=base, using=using)
        return instances_of(queryset, rows)

    def paginate_sql(
        self, request: Request, view: Any, *, base: Compiled, using: str
    ) -> list[dict[str, Any]]:
        """A page of the rows of ``base``, a queryset's SQL without its order.

        The cursor's keys compare as a row, which both PostgreSQL and SQLite
        read from the index in order.
        """
        size, ordering, keys, descending, after = self._plan(request, view)
        sql, params = base
        where, arguments = "", list(params)
        if after is not None:
            marks = ", ".join(["%s"] * len(keys))
            compare = "<" if descending else ">"
            where = f" WHERE ({', '.join(keys)}) {compare} ({marks})"
            arguments += after
        direction = " DESC" if descending else ""
        order = ", ".join(f"{key}{direction}" for key in keys)
        rows = fetch_rows(
            using,
            f"SELECT * FROM ({sql}) AS page{where} ORDER BY {order} LIMIT {size + 1}",
            arguments,
        )
        return self._page(rows, size, ordering, keys)

    def _page(
        self,
        rows: list[dict[str, Any]],
        size: int,
        ordering: str,
        keys: tuple[str, ...],
    ) -> list[dict[str, Any]]:
        """The first ``size`` rows; the keys of the last, if more follow."""
        self.next_values = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            self.next_values = [last[key] for key in keys]
            self.ordering = ordering
        return rows

    def _decode(self, cursor: str, ordering: str, keys: tuple[str, ...]) -> list[Any]:
        """The key values a cursor of ``next_link`` holds, or a 400."""
        values = None
        if len(cursor) <= MAX_CURSOR_CHARS and _BASE64URL.fullmatch(cursor):
            try:
                payload = json.loads(base64.urlsafe_b64decode(cursor))
            except (ValueError, binascii.Error):  # not base64, UTF-8 or JSON
                payload = None
            values = _key_values(payload, ordering, keys)
        if values is None:
            raise ValidationError(
                {"cursor": ["Invalid cursor: use the next link of the same listing."]}
            )
        return values

    def next_link(self) -> str | None:
        if self.next_values is None:
            return None
        payload = {"o": self.ordering, "v": [str(v) for v in self.next_values]}
        token = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
        return replace_query_param(self.request.get_full_path(), "cursor", token)

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response({"next": self.next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "From the next link of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"1 to {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} by default.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": "ordering",
                "in": "query",
                "required": False,
                "description": f"Default {view.default_ordering}.",
                "schema": {
                    "type": "string",
                    "enum": [*ORDERINGS, *(f"-{name}" for name in ORDERINGS)],
                },
            },
        ]


class ChangeFeedPagination(BasePagination):
    """``?after=<seq>``: the entries after a sequence number, oldest first."""

    def _plan(self, request: Request) -> tuple[int, int]:
        """The page size and the sequence number to start after."""
        self.request = request
        size = page_size(request)
        after = whole_number(request.query_params.get("after", "0"))
        if after is None:
            raise ValidationError({"after": ["Give the seq of the last entry read."]})
        return size, after

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        """A page of ``queryset``, read as ``paginate_sql`` reads one."""
        base, using = compile_now(queryset, ("seq",))
        rows = self.paginate_sql(request, base=base, using=using)
        return instances_of(queryset, rows)

    def paginate_sql(
        self, request: Request, *, base: Compiled, using: str
    ) -> list[dict[str, Any]]:
        """A page of the rows of ``base``, a queryset's SQL without its order."""
        size, after = self._plan(request)
        sql, params = base
        rows = fetch_rows(
            using,
            f"SELECT * FROM ({sql}) AS page WHERE seq > %s "
            f"ORDER BY seq LIMIT {size + 1}",
            [*params, after],
        )
        return self._page(rows, size, after)

    def _page(
        self, rows: list[dict[str, Any]], size: int, after: int
    ) -> list[dict[str, Any]]:
        self.has_next = len(rows) > size
        rows = rows[:size]
        if not rows:
            # Nothing after ``after``: the client is up to date, unless it
            # asked from beyond the last entry (a typo, another database),
            # which is never echoed as if it existed.
            self.last_seq = min(after, latest_seq()) if after else 0
        else:
            self.last_seq = rows[-1]["seq"]
        return rows

    def next_link(self) -> str | None:
        if not self.has_next:
            return None
        path = self.request.get_full_path()
        return replace_query_param(path, "after", self.last_seq)

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            {"next": self.next_link(), "last_seq": self.last_seq, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "last_seq", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True},
                "last_seq": {"type": "integer"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "Entries after this seq; 0 or absent for all.",
                "schema": {"type": "integer", "minimum": 0},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
