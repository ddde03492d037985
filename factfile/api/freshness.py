"""Which change of the published layer a response reflects.

Its sequence number makes the ETag and its time the Last-Modified; a page
reads both in its own query (``latest_change_columns``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Func, Subquery, TextField

from factfile.published.models import ChangeEntry


def latest_changes() -> Any:
    """Change entries, the latest first: where the latest change is read."""
    return ChangeEntry.objects.order_by("-seq")


def latest_change() -> tuple[int, Any]:
    """The last sequence number of the published layer, and when it was written."""
    entry = latest_changes().values_list("seq", "at").first()
    return entry or (0, None)


class UTCText(Func):
    """A time as ISO text in UTC without an offset, whatever the session's style."""

    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "to_char(%(expressions)s AT TIME ZONE 'UTC', "
            """'YYYY-MM-DD"T"HH24:MI:SS.US')"""
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        extra.setdefault("template", "CAST(%(expressions)s AS TEXT)")
        return super().as_sql(compiler, connection, **extra)


def latest_change_columns() -> dict[str, Subquery]:
    """``latest_change()`` as columns of a page's query, for ``values()``.

    The ETag and Last-Modified then come from the same snapshot as the page,
    without a query of their own. The database computes each subquery once
    but returns it on every row: the time comes as text in UTC without an
    offset, read once from the first row by ``latest_change_of``.
    """
    latest = latest_changes()
    return {
        "latest_seq": Subquery(latest.values("seq")[:1]),
        "latest_at": Subquery(latest.annotate(text=UTCText("at")).values("text")[:1]),
    }


def latest_change_of(rows: list[dict[str, Any]]) -> tuple[int, Any] | None:
    """The latest change read with a page (``latest_change_columns()``)."""
    if not rows or rows[0]["latest_seq"] is None:
        return None
    at = datetime.datetime.fromisoformat(rows[0]["latest_at"])
    return rows[0]["latest_seq"], at.replace(tzinfo=datetime.UTC)
