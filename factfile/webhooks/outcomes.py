"""What the worker's requests came to, and writing it in bulk.

A round hands each claimed subscription to a pool thread as a ``Job`` and
gets back a ``Finished``; the next round writes all of them at once
(``write_outcomes``): the delivery log, the new positions, the next
attempts after a failure (``backoff_seconds``) and the leases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from factfile.webhooks.leases import Claim, Lease
from factfile.webhooks.models import ERROR_LENGTH, Delivery, Subscription
from factfile.webhooks.sending import Outcome


def backoff_seconds(attempts: int) -> int:
    """How long to wait after ``attempts`` failures in a row."""
    base = settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS
    ceiling = settings.FACTFILE_WEBHOOK_RETRY_MAX_SECONDS
    if attempts <= 0:
        return 0
    # Capped before the power grows: attempts can reach the hundreds.
    return min(ceiling, base * 2 ** min(attempts - 1, 32))


@dataclass
class Job:
    """One POST to make: a subscription's next changes, signed in the thread."""

    claim: Claim
    rows: int
    first: int
    last: int
    moves_to: int
    entries: str


@dataclass
class Finished:
    """What became of a claimed subscription, to record.

    ``outcome`` is None when nothing was sent: either nothing was pending
    (``moves_to`` is then the new position) or the lease was not held any
    more when a thread came to it.
    """

    claim: Claim
    job: Job | None = None
    outcome: Outcome | None = None
    attempted_at: datetime.datetime = field(default_factory=timezone.now)
    moves_to: int | None = None
    keep: bool = False


def write_outcomes(
    finished: list[Finished], now: datetime.datetime, renewed: Lease
) -> tuple[set[int], set[int]]:
    """Write what came back: the log, the positions, the leases.

    Returns the subscriptions an editor moved meanwhile, and those whose
    position moved.
    """
    Delivery.objects.bulk_create(
        [
            Delivery(
                subscription_id=done.claim.pk,
                attempted_at=done.attempted_at,
                first_seq=done.job.first,
                last_seq=done.job.last,
                entries=done.job.rows,
                attempt=done.claim.attempts + 1,
                status_code=done.outcome.status,
                ok=done.outcome.ok,
                error=done.outcome.error[:ERROR_LENGTH],
                duration_ms=done.outcome.duration_ms,
            )
            for done in finished
            if done.outcome is not None and done.job is not None
        ]
    )
    # A position moves only if it is still the one read (an editor who
    # replayed meanwhile wins), the subscription was not ended and the lease
    # is still this worker's. The same statement renews the lease of a
    # subscription kept for the next round and gives the others back.
    # Subscriptions that moved alike move together.
    moved: dict[tuple[int, int, int, bool], list[Finished]] = defaultdict(list)
    failed: dict[tuple[Any, ...], list[Finished]] = defaultdict(list)
    retry_for = datetime.timedelta(seconds=settings.FACTFILE_WEBHOOK_RETRY_FOR_SECONDS)
    left: list[Finished] = []
    for done in finished:
        claimed = done.claim
        lease = id(claimed.lease)
        if done.outcome is None:
            if done.moves_to is not None and claimed.last_seq < done.moves_to:
                moved[(lease, claimed.last_seq, done.moves_to, done.keep)].append(done)
            else:
                left.append(done)
        elif done.outcome.ok and done.job is not None:
            moved[(lease, claimed.last_seq, done.job.moves_to, done.keep)].append(done)
        else:
            attempts = claimed.attempts + 1
            first = claimed.first_failed_at or now
            failed[
                (
                    lease,
                    claimed.last_seq,
                    attempts,
                    first,
                    now + datetime.timedelta(seconds=backoff_seconds(attempts)),
                    now if now - first >= retry_for else None,
                    done.outcome.error[:ERROR_LENGTH],
                )
            ].append(done)
    stayed: set[int] = set()
    went: set[int] = set()
    for (_, was, to, keep), group in moved.items():
        ids = [done.claim.pk for done in group]
        until = group[0].claim.lease.until
        count = (
            Subscription.objects.active()
            .filter(pk__in=ids, last_seq=was, leased_until=until)
            .update(
                last_seq=to,
                attempts=0,
                first_failed_at=None,
                next_attempt_at=None,
                last_error="",
                leased_until=renewed.until if keep else None,
            )
        )
        if count == len(ids):
            went.update(ids)
            continue
        # Some were replayed or ended meanwhile (or lost their lease): they
        # keep their position, and their lease is given back below.
        still = set(
            Subscription.objects.filter(pk__in=ids, leased_until=until).values_list(
                "pk", flat=True
            )
        )
        stayed |= still
        went |= set(ids) - still
        left.extend(done for done in group if done.claim.pk in still)
    for (_, was, attempts, first, next_at, failing, error), group in failed.items():
        ids = [done.claim.pk for done in group]
        count = Subscription.objects.filter(
            pk__in=ids, last_seq=was, leased_until=group[0].claim.lease.until
        ).update(
            attempts=attempts,
            first_failed_at=first,
            next_attempt_at=next_at,
            failing_since=failing,
            last_error=error,
            leased_until=None,
        )
        if count != len(ids):
            left.extend(group)
    held: dict[int, tuple[Lease, list[int]]] = {}
    for done in left:
        lease = done.claim.lease
        held.setdefault(id(lease), (lease, []))[1].append(done.claim.pk)
    for lease, ids in held.values():
        Subscription.objects.filter(pk__in=ids, leased_until=lease.until).update(
            leased_until=None
        )
    return stayed, went
