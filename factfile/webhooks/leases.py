"""Leases on subscriptions: which worker sends what, and for how long.

A worker writes the end of its lease on the rows it claims; another worker
leaves a subscription alone until that time has passed. The value written
is also the proof of holding it: a worker renews or gives back only the
rows that still carry its own value.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from factfile.webhooks.models import Subscription


def lease_seconds() -> int:
    # Longer than a request can take (connecting and reading, each up to the
    # timeout), with room for a round to renew it: a live worker keeps its
    # lease; a killed worker's lease lapses soon.
    return 3 * settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS + 3


def lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def _free(now: datetime.datetime) -> models.Q:
    return models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now)


def claim(subscription_id: int) -> Subscription | None:
    """Take the lease on one subscription, or None if another worker holds it."""
    taken = (
        Subscription.objects.active()
        .filter(_free(timezone.now()), pk=subscription_id)
        .update(leased_until=lease_end())
    )
    if not taken:
        return None
    return Subscription.objects.select_related("api_key").get(pk=subscription_id)


def release(subscription_id: int) -> None:
    Subscription.objects.filter(pk=subscription_id).update(leased_until=None)


class Lease:
    """The lease a worker wrote on some subscriptions: its end, exactly.

    The value written is also the proof of holding it: a renewal or a
    release only touches rows that still carry it, so a lease that lapsed
    and was taken by another worker is left to that worker.
    """

    def __init__(self, until: datetime.datetime) -> None:
        self.until = until
        self.lost = False

    def seconds_left(self) -> float:
        return (self.until - timezone.now()).total_seconds()


@dataclass
class Claim:
    """A subscription as its lease was taken: what its delivery needs."""

    pk: int
    api_key_id: int
    url: str
    scope: str
    secret: str
    last_seq: int
    attempts: int
    first_failed_at: datetime.datetime | None
    lease: Lease
    taken_at: float = field(default_factory=time.monotonic)


CLAIM_FIELDS = (
    "pk",
    "api_key_id",
    "url",
    "scope",
    "secret",
    "last_seq",
    "attempts",
    "first_failed_at",
)
CLAIM_COLUMNS = ("id", *CLAIM_FIELDS[1:])


def claim_due(*, upto: int, limit: int, exclude: Iterable[int] = ()) -> list[Claim]:
    """Take the leases of up to ``limit`` due subscriptions, in one statement.

    ``UPDATE ... WHERE pk IN (the due ones) AND the lease is free RETURNING``:
    each row is written once, and the database checks the free lease again
    on the row it writes, so two workers claiming at the same moment never
    both take a subscription (PostgreSQL makes the second wait for the
    first's row, then finds the lease taken; SQLite lets one writer in at a
    time).
    """
    if limit <= 0:
        return []
    now = timezone.now()
    lease = Lease(now + datetime.timedelta(seconds=lease_seconds()))
    due = (
        Subscription.objects.due(now=now, latest_seq=upto)
        .exclude(pk__in=list(exclude))
        .order_by("last_seq", "pk")
        .values("pk")[:limit]
    )
    due_sql, due_params = due.query.sql_with_params()
    quote = connection.ops.quote_name
    field = Subscription._meta.get_field
    leased = quote(field("leased_until").column)
    columns = ", ".join(quote(field(name).column) for name in CLAIM_COLUMNS)
    sql = (
        f"UPDATE {quote(Subscription._meta.db_table)} SET {leased} = %s "
        f"WHERE {quote(field('id').column)} IN ({due_sql}) "
        f"AND ({leased} IS NULL OR {leased} < %s) RETURNING {columns}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(lease.until), *due_params, adapt(now)])
        rows = cursor.fetchall()
    claims = []
    for row in sorted(rows, key=lambda row: (row[5], row[0])):
        values = dict(zip(CLAIM_FIELDS, row, strict=True))
        values["first_failed_at"] = _as_datetime(values["first_failed_at"])
        claims.append(Claim(**values, lease=lease))
    return claims


def _as_datetime(value: Any) -> datetime.datetime | None:
    """A time read by raw SQL: SQLite gives the stored UTC text, without zone."""
    if value is None or isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = parse_datetime(str(value))
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
