"""Sending the change feed to subscribed receivers: ``deliver_webhooks``.

Each subscription is delivered on its own, in order: a POST carries the
next changes after its ``last_seq`` (up to a batch), signed; a 2xx answer
moves ``last_seq`` past them, anything else (another status, a refused
connection, no answer within the timeout) leaves it where it was and sets
the next attempt after an exponential backoff. Receivers are served by a
pool of threads, each request with its own timeout, so a slow or dead
receiver delays only its own subscription. A lease on the row keeps two
workers from sending the same subscription at once.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, TypeVar

import urllib3
from django.conf import settings
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connection,
    models,
    transaction,
)
from django.utils import timezone

from factfile import outbound

# The entries are written exactly as the change feed writes them.
from factfile.api.views import feed_entry_json
from factfile.published.models import ChangeEntry, stored_text
from factfile.usage import StoryUse, matching
from factfile.webhooks import signing
from factfile.webhooks.models import ERROR_LENGTH, Delivery, Subscription

log = logging.getLogger(__name__)

USER_AGENT = "factfile-webhooks/1"
# The change-feed columns a delivery carries, as /api/v1/changes/ gives them.
FEED_COLUMNS = ("seq", "at", "action", "resource", "record_id", "version", "note")


def backoff_seconds(attempts: int) -> int:
    """How long to wait after ``attempts`` failures in a row."""
    base = settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS
    ceiling = settings.FACTFILE_WEBHOOK_RETRY_MAX_SECONDS
    if attempts <= 0:
        return 0
    # Capped before the power grows: attempts can reach the hundreds.
    return min(ceiling, base * 2 ** min(attempts - 1, 32))


def allowed_networks() -> list[outbound.Network]:
    """Non-public networks receivers may be on: none, unless the setting says so."""
    if settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE:
        return outbound.networks(["0.0.0.0/0", "::/0"])
    return []


def url_problem(url: object) -> str | None:
    """Why ``url`` cannot receive deliveries, in one line; None if it can."""
    if not isinstance(url, str) or not url.strip():
        return "Give the receiver's address, http:// or https://."
    try:
        _, host, port, _ = outbound.parse_url(url)
        outbound.checked_address(host, port, allowed=allowed_networks())
    except outbound.OutboundRefused as refused:
        return str(refused)
    return None


def latest_seq() -> int:
    return ChangeEntry.objects.aggregate(last=models.Max("seq"))["last"] or 0


# One subscription ---------------------------------------------------------


@dataclass
class Outcome:
    status: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url`` under the guard, resolved and checked now."""
    seconds = settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path = outbound.parse_url(url)
        # Checked at every delivery: a name may point elsewhere since the
        # subscription was made.
        address = outbound.checked_address(host, port, allowed=allowed_networks())
    except outbound.OutboundRefused as refused:
        return Outcome(None, str(refused), took())
    default_port = port == (443 if scheme == "https" else 80)
    host_header = f"[{host}]" if ":" in host else host
    if not default_port:
        host_header = f"{host_header}:{port}"
    timeout = urllib3.Timeout(connect=seconds, read=seconds)
    if scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            address, port, timeout=timeout, retries=False, maxsize=1
        )
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            retries=False,
            preload_content=False,
        )
        status = response.status
        response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        if isinstance(error, urllib3.exceptions.TimeoutError):
            return Outcome(None, f"no answer within {seconds} s", took())
        return Outcome(None, f"could not connect: {type(error).__name__}", took())
    finally:
        pool.close()
    error = "" if 200 <= status < 300 else f"the receiver answered {status}"
    return Outcome(status, error, took())


def pending_rows(subscription: Subscription, upto: int) -> list[dict[str, Any]]:
    """The next changes to send, oldest first, at most a batch."""
    entries = ChangeEntry.objects.for_feed().filter(
        seq__gt=subscription.last_seq, seq__lte=upto
    )
    if subscription.scope == Subscription.Scope.USED:
        uses = StoryUse.objects.filter(
            story__api_key_id=subscription.api_key_id,
            resource=models.OuterRef("resource"),
            record_id=models.OuterRef("record_id"),
        )
        entries = entries.filter(models.Exists(uses))
    rows = entries.order_by("seq").values(
        *FEED_COLUMNS, "withdrawn", stored=stored_text()
    )
    return list(rows[: settings.FACTFILE_WEBHOOK_BATCH])


def payload(subscription: Subscription, rows: list[dict[str, Any]]) -> bytes:
    """The body of a delivery: the changes, each with the key's stories using it."""
    keys = {(row["resource"], row["record_id"]) for row in rows}
    stories: dict[tuple[str, int], list[str]] = {}
    uses = (
        StoryUse.objects.filter(story__api_key_id=subscription.api_key_id)
        .filter(matching(keys))
        .values_list("resource", "record_id", "story__url")
        .order_by("story__url")
    )
    for resource, record_id, url in uses:
        stories.setdefault((resource, record_id), []).append(url)
    # Each entry as the change feed writes it (its stored JSON spliced in,
    # never parsed), with the stories added as its last key.
    entries = ",".join(
        feed_entry_json(row)[:-1]
        + ', "stories": '
        + json.dumps(stories.get((row["resource"], row["record_id"]), []))
        + "}"
        for row in rows
    )
    head = (
        f'{{"subscription": {int(subscription.pk)}, '
        f'"first_seq": {int(rows[0]["seq"])}, "last_seq": {int(rows[-1]["seq"])}, '
    )
    return f'{head}"entries": [{entries}]}}'.encode()


def lease_seconds() -> int:
    # Longer than one request can take, so that a live worker keeps its
    # lease; short enough that a killed worker's lease lapses soon.
    return 2 * settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS + 2


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def claim(subscription_id: int) -> Subscription | None:
    """Take the lease on a subscription, or None if another worker holds it."""
    now = timezone.now()
    free = models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now)
    taken = (
        Subscription.objects.active()
        .filter(free, pk=subscription_id)
        .update(leased_until=_lease_end())
    )
    if not taken:
        return None
    return Subscription.objects.select_related("api_key").get(pk=subscription_id)


def release(subscription_id: int) -> None:
    Subscription.objects.filter(pk=subscription_id).update(leased_until=None)


def _record_success(subscription: Subscription, upto: int) -> bool:
    """Move past ``upto``, unless an editor replayed meanwhile; True if moved."""
    moved = Subscription.objects.filter(
        pk=subscription.pk, last_seq=subscription.last_seq
    ).update(
        last_seq=upto,
        attempts=0,
        first_failed_at=None,
        next_attempt_at=None,
        last_error="",
        leased_until=_lease_end(),
    )
    if moved:
        subscription.last_seq = upto
        subscription.attempts = 0
        subscription.first_failed_at = None
    return bool(moved)


def _record_failure(subscription: Subscription, outcome: Outcome) -> None:
    now = timezone.now()
    attempts = subscription.attempts + 1
    first = subscription.first_failed_at or now
    retry_for = datetime.timedelta(seconds=settings.FACTFILE_WEBHOOK_RETRY_FOR_SECONDS)
    Subscription.objects.filter(
        pk=subscription.pk, last_seq=subscription.last_seq
    ).update(
        attempts=attempts,
        first_failed_at=first,
        next_attempt_at=now + datetime.timedelta(seconds=backoff_seconds(attempts)),
        failing_since=now if now - first >= retry_for else None,
        last_error=outcome.error[:ERROR_LENGTH],
    )


T = TypeVar("T")


def when_unlocked(write: Callable[[], T], *, attempts: int = 8) -> T:
    """Run a short write, again while SQLite says another writer holds the lock.

    The worker's threads write their positions at the same time; SQLite lets
    one writer in at a time and, with a shared cache (as the test database
    has), refuses the others at once instead of waiting. A position that
    could not be written would only send its batch again later; waiting a
    moment writes it now. Other database errors are not retried.
    """
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(min(0.02 * 2**attempt, 0.5))
    raise AssertionError("unreachable")


def deliver_step(subscription: Subscription, upto: int) -> bool | None:
    """Send the next batch; True if sent, False if it failed, None if nothing left."""
    rows = pending_rows(subscription, upto)
    if not rows:
        # Nothing for this subscription up to ``upto`` (a "used" scope
        # skips what its stories do not cite): remember that.
        if subscription.last_seq < upto:
            when_unlocked(lambda: _record_success(subscription, upto))
        return None
    body = payload(subscription, rows)
    first, last = rows[0]["seq"], rows[-1]["seq"]
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Factfile-Delivery": f"{subscription.pk}-{first}-{last}",
        signing.HEADER: signing.header_value(body, subscription.secret),
    }
    outcome = post(subscription.url, body, headers)

    def record() -> bool:
        # The log and the new position in one commit.
        with transaction.atomic():
            return _record(subscription, outcome, rows)

    return when_unlocked(record)


def _record(
    subscription: Subscription, outcome: Outcome, rows: list[dict[str, Any]]
) -> bool:
    first, last = rows[0]["seq"], rows[-1]["seq"]
    Delivery.objects.create(
        subscription=subscription,
        first_seq=first,
        last_seq=last,
        entries=len(rows),
        attempt=subscription.attempts + 1,
        status_code=outcome.status,
        ok=outcome.ok,
        error=outcome.error[:ERROR_LENGTH],
        duration_ms=outcome.duration_ms,
    )
    if outcome.ok:
        return _record_success(subscription, last)
    _record_failure(subscription, outcome)
    return False


def deliver(subscription_id: int) -> int:
    """Deliver one subscription until it is up to date or a delivery fails.

    Returns the number of batches sent successfully. Runs in a worker thread,
    with a database connection of its own that it closes at the end.
    """
    sent = 0
    try:
        upto = latest_seq()
        subscription = when_unlocked(lambda: claim(subscription_id))
        if subscription is None:
            return sent
        try:
            # Each successful step renews the lease with the new position.
            while deliver_step(subscription, upto):
                sent += 1
        finally:
            when_unlocked(lambda: release(subscription_id))
        return sent
    finally:
        connection.close()


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


def due_ids(exclude: set[int]) -> list[int]:
    """Subscriptions with changes to send now, the longest waiting first."""
    due = Subscription.objects.due(now=timezone.now(), latest_seq=latest_seq())
    return list(
        due.exclude(pk__in=exclude)
        .order_by("last_seq", "pk")
        .values_list("pk", flat=True)[:1000]
    )


def run(
    *,
    once: bool = False,
    poll: float = 0.5,
    stop: threading.Event | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Deliver until stopped; with ``once``, one round for what is due now.

    Returns the number of batches delivered.
    """
    stop = stop or threading.Event()
    sent = 0
    in_flight: dict[int, Future[int]] = {}
    with ThreadPoolExecutor(
        max_workers=settings.FACTFILE_WEBHOOK_WORKERS,
        thread_name_prefix="webhook",
    ) as pool:
        while not stop.is_set():
            try:
                for subscription_id in due_ids(set(in_flight)):
                    in_flight[subscription_id] = pool.submit(deliver, subscription_id)
            except DatabaseError as error:
                # The database went away: try again at the next round.
                log.warning("Webhooks: could not read subscriptions: %s", error)
                close_old_connections()
                connection.close()
            if once:
                wait(list(in_flight.values()))
            elif in_flight:
                wait(
                    list(in_flight.values()),
                    timeout=poll,
                    return_when=FIRST_COMPLETED,
                )
            else:
                stop.wait(poll)
            for subscription_id, future in list(in_flight.items()):
                if not future.done():
                    continue
                del in_flight[subscription_id]
                try:
                    sent += future.result()
                except Exception:
                    log.exception("Webhooks: delivery of %s failed", subscription_id)
            if once:
                break
            if report is not None:
                report(f"{sent} batch(es) delivered")
    connection.close()
    return sent
