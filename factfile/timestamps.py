"""One way of writing a moment for the public: RFC 3339 in UTC, to the millisecond.

Every public output (the API's JSON, the change feed, the exports in JSON Lines
and CSV, the published records themselves) writes times as
``2025-03-17T09:41:15.914Z``: always the milliseconds, always ``Z``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def rfc3339(moment: datetime.datetime) -> str:
    """``moment`` in UTC as ``YYYY-MM-DDTHH:MM:SS.mmmZ``.

    A naive ``moment`` is read as UTC: raw SQL on SQLite returns the stored
    UTC times without their zone.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    utc = moment.astimezone(datetime.UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def rfc3339_or_none(moment: datetime.datetime | None) -> str | None:
    return rfc3339(moment) if moment is not None else None


class TimestampJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, with every time written by ``rfc3339()``."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime) and o.tzinfo is not None:
            return rfc3339(o)
        return super().default(o)
