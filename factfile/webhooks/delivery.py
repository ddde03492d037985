"""Sending the change feed to subscribed receivers: ``deliver_webhooks``.

The worker goes in rounds. A round reads the latest change, claims in one
statement the lease of every subscription that has something to send
(``leases``), reads the changes each position needs once (subscriptions at
the same position share them; a "used" scope filters by its key:
``payloads``) and hands one signed POST per subscription to a pool of
threads. The threads only talk HTTP, over connections kept alive between
rounds (``sending``). What they report is written by the next round in
bulk, in one transaction (``outcomes``): the delivery log, the new
positions, the leases. A subscription whose position moved keeps its lease
into the next round while it has more to send (checked again at each round,
given back after ``HOLD_SECONDS``), so that a busy worker does not claim it
again and again.

Each subscription stays in order: it gets its next delivery only once the
last one was recorded. A 2xx answer moves ``last_seq`` past the changes
sent; anything else (another status, a refused connection, no answer within
the timeout) leaves it where it was and sets the next attempt after an
exponential backoff. A slow receiver keeps one thread busy until its
timeout, while the rounds go on for the others. The lease keeps two
workers from sending the same subscription at once.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, models, transaction
from django.utils import timezone

from factfile.published.models import ChangeEntry
from factfile.webhooks import addresses, signing
from factfile.webhooks.addresses import url_problem
from factfile.webhooks.leases import (
    Claim,
    Lease,
    claim,
    claim_due,
    lease_end,
    lease_seconds,
    release,
)
from factfile.webhooks.models import Subscription
from factfile.webhooks.outcomes import Finished, Job, backoff_seconds, write_outcomes
from factfile.webhooks.payloads import (
    body_head,
    entries_json,
    payload,
    pending_changes,
    pending_rows,
    stories_using,
)
from factfile.webhooks.sending import USER_AGENT, Sender

# The admin, the API and the tests reach the worker's parts through here.
__all__ = [
    "Worker",
    "backoff_seconds",
    "claim",
    "claim_due",
    "latest_seq",
    "payload",
    "pending_rows",
    "release",
    "replay",
    "run",
    "url_problem",
    "when_unlocked",
]

log = logging.getLogger(__name__)

# Subscriptions a worker holds at once (claimed, in flight or to record).
HELD_AT_MOST = 2000
# A subscription that keeps having changes stays with the worker from one
# round to the next, at most this long; then it is claimed again, which
# reads its address, scope and secret again.
HOLD_SECONDS = 30


def latest_seq() -> int:
    return ChangeEntry.objects.aggregate(last=models.Max("seq"))["last"] or 0


# The worker ----------------------------------------------------------------


T = TypeVar("T")


def when_unlocked(write: Callable[[], T], *, attempts: int = 8) -> T:
    """Run a short write, again while SQLite says another writer holds the lock.

    SQLite lets one writer in at a time and, with a shared cache (as the
    test database has), refuses the others at once instead of waiting. A
    position that could not be written would only send its batch again
    later; waiting a moment writes it now. Other database errors are not
    retried.
    """
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(min(0.02 * 2**attempt, 0.5))
    raise AssertionError("unreachable")


class Worker:
    """Rounds of deliveries: ``step()`` records, renews, claims and sends.

    Only the thread calling ``step()`` uses the database; the pool's
    threads make the requests. ``once`` leaves a subscription alone, for
    the rest of this worker's life, after its first failure (or once an
    editor replayed it while a delivery was in flight).
    """

    def __init__(self, *, once: bool = False) -> None:
        self.once = once
        threads = settings.FACTFILE_WEBHOOK_WORKERS
        self.timeout = settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS
        self.sender = Sender(
            timeout=self.timeout,
            connections=threads,
            allowed=addresses.allowed_networks,
        )
        self.pool = ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="webhook"
        )
        self.in_flight: dict[Future[Finished], Job] = {}
        self.finished: list[Finished] = []
        self.held: dict[int, Claim] = {}
        # Held, nothing in flight: their next batch goes in the next round.
        self.waiting: dict[int, Claim] = {}
        self.left_alone: set[int] = set()
        self.sent = 0
        self.rounds = 0

    # A round -----------------------------------------------------------------

    def step(self) -> int:
        """Record what came back, renew leases, start a round: requests started."""
        self._collect()
        if self.finished:
            self._record()
        self._renew()
        return self._start_round()

    def wait(self, seconds: float) -> None:
        """Until every request in flight is answered, or ``seconds`` passed."""
        if self.in_flight:
            wait(list(self.in_flight), timeout=seconds)

    @property
    def idle(self) -> bool:
        return not self.in_flight and not self.finished and not self.waiting

    def _collect(self) -> None:
        for future, job in list(self.in_flight.items()):
            if not future.done():
                continue
            del self.in_flight[future]
            if future.cancelled():
                self.finished.append(Finished(job.claim))
                continue
            try:
                self.finished.append(future.result())
            except Exception:
                log.exception("Webhooks: delivery to %s failed", job.claim.pk)
                self.finished.append(Finished(job.claim))

    def _start_round(self) -> int:
        upto = latest_seq()
        if not upto:
            return 0
        # The subscriptions kept from the last round go on where they are;
        # those with nothing new give their lease back.
        kept = list(self.waiting.values())
        self.waiting.clear()
        self.finished.extend(Finished(c) for c in kept if c.last_seq >= upto)
        pending = [c for c in kept if c.last_seq < upto]
        claims: list[Claim] = []
        try:
            claims = self._unchanged(pending)
            claims += when_unlocked(
                lambda: claim_due(
                    upto=upto,
                    limit=HELD_AT_MOST - len(self.held),
                    exclude=set(self.held) | self.left_alone,
                )
            )
        except BaseException:
            # The kept ones give their lease back at the next step.
            checked = {c.pk for c in self.finished}
            self.finished.extend(Finished(c) for c in pending if c.pk not in checked)
            raise
        if not claims:
            return 0
        self.rounds += 1
        for claimed in claims:
            self.held[claimed.pk] = claimed
        try:
            jobs = self._jobs(claims, upto)
        except BaseException:
            # Nothing was sent: the leases go back at the next step.
            self.finished.extend(Finished(claimed) for claimed in claims)
            raise
        for job in jobs:
            self.in_flight[self.pool.submit(self._send, job)] = job
        return len(jobs)

    def _unchanged(self, kept: list[Claim]) -> list[Claim]:
        """The kept subscriptions still as this worker left them, in one query.

        One that was ended, edited or replayed meanwhile gives its lease
        back and is claimed again, as it now is.
        """
        if not kept:
            return []
        current = {
            row["pk"]: row
            for row in Subscription.objects.active()
            .filter(pk__in=[claimed.pk for claimed in kept])
            .values("pk", "url", "scope", "last_seq", "leased_until")
        }
        unchanged = []
        for claimed in kept:
            row = current.get(claimed.pk)
            if row is not None and (
                row["url"],
                row["scope"],
                row["last_seq"],
                row["leased_until"],
            ) == (claimed.url, claimed.scope, claimed.last_seq, claimed.lease.until):
                unchanged.append(claimed)
            else:
                self.finished.append(Finished(claimed))
        return unchanged

    def _jobs(self, claims: list[Claim], upto: int) -> list[Job]:
        """Read what each claimed subscription gets: once per position."""
        batch = settings.FACTFILE_WEBHOOK_BATCH
        groups: dict[tuple[str, int | None, int], list[Claim]] = defaultdict(list)
        for claimed in claims:
            # Every "all" subscription at a position gets the same changes;
            # a "used" one gets those its key's stories cite.
            used = claimed.scope == Subscription.Scope.USED
            key_id = claimed.api_key_id if used else None
            groups[(claimed.scope, key_id, claimed.last_seq)].append(claimed)
        rows_of: dict[tuple[str, int | None, int], list[dict[str, Any]]] = {}
        for (scope, key_id, after), members in groups.items():
            rows_of[(scope, key_id, after)] = pending_changes(
                scope=scope, api_key_id=members[0].api_key_id, after=after, upto=upto
            )
        sending = [group for group, rows in rows_of.items() if rows]
        stories = stories_using(
            {c.api_key_id for group in sending for c in groups[group]},
            {(r["resource"], r["record_id"]) for g in sending for r in rows_of[g]},
        )
        texts: dict[int, str] = {}
        jobs = []
        for group, members in groups.items():
            rows = rows_of[group]
            if not rows:
                # Nothing for these subscriptions up to ``upto`` (a "used"
                # scope skips what its stories do not cite): remember that.
                self.finished.extend(Finished(c, moves_to=upto) for c in members)
                continue
            # All the changes up to ``upto`` fit in the batch: the position
            # can move there, past any change a "used" scope skips.
            moves_to = upto if len(rows) < batch else rows[-1]["seq"]
            entries: dict[int, str] = {}
            for claimed in members:
                if claimed.api_key_id not in entries:
                    entries[claimed.api_key_id] = entries_json(
                        rows, claimed.api_key_id, stories, texts
                    )
                jobs.append(
                    Job(
                        claim=claimed,
                        rows=len(rows),
                        first=rows[0]["seq"],
                        last=rows[-1]["seq"],
                        moves_to=moves_to,
                        entries=entries[claimed.api_key_id],
                    )
                )
        return jobs

    def _send(self, job: Job) -> Finished:
        """In a pool thread: sign and POST one delivery; no database."""
        claimed = job.claim
        # A request can take twice the timeout (connecting, then reading):
        # begin it only while the lease covers it.
        if claimed.lease.lost or claimed.lease.seconds_left() < 2 * self.timeout + 1:
            return Finished(claimed)
        started = timezone.now()
        head = body_head(claimed.pk, job.first, job.last)
        body = f"{head}{job.entries}]}}".encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Factfile-Delivery": f"{claimed.pk}-{job.first}-{job.last}",
            signing.HEADER: signing.header_value(body, claimed.secret),
        }
        outcome = self.sender.post(claimed.url, body, headers)
        return Finished(claimed, job=job, outcome=outcome, attempted_at=started)

    # Writing outcomes ----------------------------------------------------------

    def _record(self, *, keep: bool = True) -> None:
        """The log, the positions and the leases, in one commit.

        A subscription that moved keeps its lease for the next round (unless
        ``keep`` is false or it was held long enough); the others give it
        back.
        """
        finished = list(self.finished)
        now = timezone.now()
        renewed = Lease(now + datetime.timedelta(seconds=lease_seconds()))
        oldest = time.monotonic() - HOLD_SECONDS
        for done in finished:
            done.keep = keep and done.claim.taken_at > oldest

        def write() -> tuple[set[int], set[int]]:
            with transaction.atomic():
                return write_outcomes(finished, now, renewed)

        replayed, moved = when_unlocked(write)
        self.finished.clear()
        for done in finished:
            claimed = done.claim
            if done.outcome is not None:
                if done.outcome.ok:
                    self.sent += 1
                elif self.once:
                    self.left_alone.add(claimed.pk)
            if claimed.pk in moved and done.keep:
                claimed.last_seq = done.moves_to or done.job.moves_to  # type: ignore[union-attr]
                claimed.attempts = 0
                claimed.first_failed_at = None
                claimed.lease = renewed
                self.waiting[claimed.pk] = claimed
            else:
                self.held.pop(claimed.pk, None)
        if self.once:
            # Replayed by an editor while in flight: the next run sends it.
            self.left_alone |= replayed

    def _renew(self) -> None:
        """Extend the leases of what is still in flight before they run short."""
        # A request may start only with 2 x timeout + 1 s of lease left, and
        # steps come at most a second apart: renew a little before that.
        threshold = 2 * self.timeout + 3
        leases: dict[int, list[Claim]] = defaultdict(list)
        for claimed in self.held.values():
            if not claimed.lease.lost and claimed.lease.seconds_left() < threshold:
                leases[id(claimed.lease)].append(claimed)
        for claims in leases.values():
            old = claims[0].lease
            new = Lease(lease_end())
            ids = [claimed.pk for claimed in claims]
            renewed = when_unlocked(
                lambda ids=ids, old=old, new=new: Subscription.objects.filter(
                    pk__in=ids, leased_until=old.until
                ).update(leased_until=new.until)
            )
            kept = set(ids)
            if renewed != len(ids):
                kept = set(
                    Subscription.objects.filter(
                        pk__in=ids, leased_until=new.until
                    ).values_list("pk", flat=True)
                )
            for claimed in claims:
                if claimed.pk in kept:
                    claimed.lease = new
                else:
                    # Lapsed and taken by another worker: not sent from here.
                    claimed.lease = Lease(old.until)
                    claimed.lease.lost = True

    def close(self) -> None:
        """Finish the requests in flight, record them, give every lease back."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self._collect()
        self.finished.extend(Finished(claimed) for claimed in self.waiting.values())
        self.waiting.clear()
        try:
            if self.finished:
                self._record(keep=False)
        finally:
            self.sender.close()


def replay(subscription: Subscription, *, from_seq: int) -> None:
    """Send everything again from change ``from_seq`` on, and resume retries.

    Also the way to resume a subscription marked failing: replay from the
    change after its ``last_seq``.
    """
    if from_seq < 1:
        raise ValueError("Changes are numbered from 1.")
    Subscription.objects.filter(pk=subscription.pk).update(
        last_seq=from_seq - 1,
        attempts=0,
        first_failed_at=None,
        next_attempt_at=None,
        failing_since=None,
        last_error="",
    )
    subscription.refresh_from_db()


def run(
    *,
    once: bool = False,
    poll: float = 0.5,
    stop: threading.Event | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Deliver until stopped; with ``once``, until nothing is due, then return.

    With ``once``, each subscription gets what is due until it is up to
    date or a delivery fails. Returns the number of batches delivered.
    """
    stop = stop or threading.Event()
    worker = Worker(once=once)
    # A round waits for its requests at most this long before the next one
    # records what came back and starts the subscriptions that are due.
    tick = min(poll, 1.0)
    last_prune = time.monotonic()
    try:
        while not stop.is_set():
            try:
                started = worker.step()
            except DatabaseError as error:
                # The database went away: try again at the next round, on a
                # new connection. What came back stays to be recorded.
                log.warning("Webhooks: the database failed: %s", error)
                connection.close()
                if once:
                    break
                stop.wait(poll)
                continue
            if worker.in_flight:
                worker.wait(tick)
            elif not started and worker.idle:
                if once:
                    break
                stop.wait(poll)
            if time.monotonic() - last_prune > 60:
                worker.sender.prune()
                last_prune = time.monotonic()
            if report is not None:
                report(f"{worker.sent} batch(es) delivered")
    finally:
        try:
            worker.close()
        except DatabaseError as error:
            # Unrecorded answers are sent again by the next worker.
            log.warning("Webhooks: could not record the last answers: %s", error)
        connection.close()
    return worker.sent
