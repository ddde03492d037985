"""Deliveries to a real local receiver: signed, in order, retried, concurrent."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from factfile.api.keys import ApiKey
from factfile.published.models import ChangeEntry
from factfile.webhooks import delivery, signing
from factfile.webhooks.models import Delivery, Subscription
from tests import verified as v
from tests.webhooks.receiver import receiver

# The worker's threads open connections of their own: they must see
# committed rows.
# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data"),
]


def subscribe(url: str, **fields) -> Subscription:  # type: ignore[no-untyped-def]
    key, _ = ApiKey.issue(name="CMS", manages_webhooks=True)
    return Subscription.objects.create(api_key=key, url=url, **fields)


def publish_actors(reporter, fact_checker, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    for number in range(count):
        v.actor(reporter, fact_checker, name=f"Actor {number}")
    return list(ChangeEntry.objects.order_by("seq").values_list("seq", flat=True))


def deliver_until_done(subscription: Subscription, rounds: int = 20) -> None:
    latest = delivery.latest_seq()
    for _ in range(rounds):
        delivery.run(once=True)
        subscription.refresh_from_db()
        if subscription.last_seq == latest:
            return
    raise AssertionError(f"still at {subscription.last_seq} of {latest}")


def test_a_delivery_is_signed_and_carries_every_change_in_order(reporter, fact_checker):
    with receiver() as hook:
        subscription = subscribe(hook.url)
        seqs = publish_actors(reporter, fact_checker, 3)

        delivery.run(once=True)

    subscription.refresh_from_db()
    [got] = hook.received
    header = got.headers[signing.HEADER]
    assert signing.verify(got.body, header, subscription.secret)
    with pytest.raises(signing.SignatureError):
        signing.verify(got.body + b" ", header, subscription.secret)
    with pytest.raises(signing.SignatureError):
        signing.verify(got.body, header, "whsec_another")
    assert got.seqs == seqs
    assert got.json["entries"][0]["type"] == "actor"
    assert got.json["entries"][0]["data"]["name"] == "Actor 0"
    assert subscription.last_seq == seqs[-1]
    assert Delivery.objects.get().ok


def test_an_old_signature_is_refused_by_the_documented_check():
    body = b'{"entries":[]}'
    old = int(time.time()) - 3600
    header = signing.header_value(body, "whsec_x", timestamp=old)

    with pytest.raises(signing.SignatureError, match="tolerance"):
        signing.verify(body, header, "whsec_x")
    assert signing.verify(body, header, "whsec_x", now=old + 10) == old


def test_500s_are_retried_and_order_is_kept_across_batches(
    reporter, fact_checker, settings
):
    settings.FACTFILE_WEBHOOK_BATCH = 2
    failures = {1, 2, 4}  # the second batch fails twice, the third once

    with receiver(lambda n, got: 500 if n in failures else 200) as hook:
        subscription = subscribe(hook.url)
        seqs = publish_actors(reporter, fact_checker, 7)
        deliver_until_done(subscription)

    sent = [got.seqs for got in hook.received]
    acknowledged = [batch for n, batch in enumerate(sent) if n not in failures]
    assert [seq for batch in acknowledged for seq in batch] == seqs
    # A failed batch is sent again, the same, before anything after it.
    assert sent[1] == sent[2] == sent[3]
    assert sent[4] == sent[5]
    log = list(Delivery.objects.order_by("pk").values_list("status_code", "attempt"))
    assert log[:4] == [(200, 1), (500, 1), (500, 2), (200, 3)]


def test_a_failure_waits_for_a_backoff_that_doubles(reporter, fact_checker, settings):
    settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS = 10
    settings.FACTFILE_WEBHOOK_RETRY_MAX_SECONDS = 3600

    with receiver(lambda n, got: 503) as hook:
        subscription = subscribe(hook.url)
        publish_actors(reporter, fact_checker, 1)
        before = timezone.now()
        delivery.run(once=True)
        delivery.run(once=True)  # not due yet: nothing is sent

    subscription.refresh_from_db()
    assert len(hook.received) == 1
    assert subscription.attempts == 1
    assert subscription.last_error == "the receiver answered 503"
    wait = subscription.next_attempt_at - before
    assert datetime.timedelta(seconds=9) < wait < datetime.timedelta(seconds=12)
    assert [delivery.backoff_seconds(n) for n in (1, 2, 3, 9, 10, 200)] == [
        10,
        20,
        40,
        2560,
        3600,
        3600,
    ]


def test_retries_last_a_day_then_the_subscription_is_marked_failing(
    reporter, fact_checker
):
    with receiver(lambda n, got: 500) as hook:
        subscription = subscribe(hook.url)
        publish_actors(reporter, fact_checker, 1)
        started = timezone.now() - datetime.timedelta(hours=23)
        Subscription.objects.filter(pk=subscription.pk).update(
            attempts=20, first_failed_at=started
        )
        delivery.run(once=True)
        subscription.refresh_from_db()
        still_retrying = subscription.failing_since is None

        Subscription.objects.filter(pk=subscription.pk).update(
            first_failed_at=timezone.now() - datetime.timedelta(days=1, minutes=1),
            next_attempt_at=None,
        )
        delivery.run(once=True)
        delivery.run(once=True)  # a failing subscription waits for an editor

    subscription.refresh_from_db()
    assert still_retrying
    assert subscription.failing_since is not None
    assert subscription.health == "failing"
    assert list(Subscription.objects.failing()) == [subscription]
    assert len(hook.received) == 2


def test_a_receiver_that_does_not_answer_in_time_is_retried(
    reporter, fact_checker, settings
):
    settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS = 2

    def answer(n: int, got: object) -> int:
        if n == 0:
            time.sleep(3)
        return 200

    with receiver(answer) as hook:
        subscription = subscribe(hook.url)
        seqs = publish_actors(reporter, fact_checker, 2)
        deliver_until_done(subscription)

    first, second = Delivery.objects.order_by("pk")
    assert first.status_code is None
    assert first.error == "no answer within 2 s"
    assert second.ok
    assert [got.seqs for got in hook.received] == [seqs, seqs]


def test_a_slow_receiver_does_not_delay_the_others(reporter, fact_checker, settings):
    settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS = 10
    fast_got_it = threading.Event()
    seen_while_slow: list[bool] = []

    def slow(n: int, got: object) -> int:
        # Answers only once the other receiver has its delivery, or after
        # 8 s: a worker that served one receiver at a time would make the
        # fast one wait behind this one.
        seen_while_slow.append(fast_got_it.wait(8))
        return 200

    def fast(n: int, got: object) -> int:
        fast_got_it.set()
        return 200

    with receiver(slow) as slow_hook, receiver(fast) as fast_hook:
        # The slow one first: it would be served first.
        subscribe(slow_hook.url)
        subscribe(fast_hook.url)
        publish_actors(reporter, fact_checker, 1)

        delivery.run(once=True)

    assert seen_while_slow == [True]
    assert len(fast_hook.received) == 1
    assert Subscription.objects.filter(last_seq=delivery.latest_seq()).count() == 2


def test_a_receiver_on_a_private_address_is_refused_unless_allowed(
    reporter, fact_checker, settings
):
    with receiver() as hook:
        subscription = subscribe(hook.url)
        publish_actors(reporter, fact_checker, 1)
        settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = False

        problem = delivery.url_problem(hook.url)
        delivery.run(once=True)

    subscription.refresh_from_db()
    assert "loopback" in problem
    # Checked again at delivery time: nothing reached the receiver.
    assert hook.received == []
    assert "loopback" in subscription.last_error
    assert subscription.last_seq == 0
    for url in (
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://0x7f.1/hook",
        "file:///etc/passwd",
        "gopher://example.org/",
        "http://user:pw@example.org/",
    ):
        assert delivery.url_problem(url), url


def test_a_replay_sends_again_from_the_number_asked(reporter, fact_checker):
    with receiver() as hook:
        subscription = subscribe(hook.url)
        seqs = publish_actors(reporter, fact_checker, 3)
        delivery.run(once=True)

        delivery.replay(subscription, from_seq=seqs[1])
        delivery.run(once=True)

    assert [got.seqs for got in hook.received] == [seqs, seqs[1:]]


def test_a_leased_subscription_is_left_to_the_worker_holding_it(reporter, fact_checker):
    with receiver() as hook:
        subscription = subscribe(hook.url)
        publish_actors(reporter, fact_checker, 1)
        held = delivery.claim(subscription.pk)

        second = delivery.claim(subscription.pk)
        delivery.run(once=True)  # another worker's round: not due while leased
        delivery.release(subscription.pk)
        delivery.run(once=True)

    assert held is not None
    assert second is None
    assert len(hook.received) == 1


def test_a_replay_made_while_a_delivery_is_in_flight_wins(reporter, fact_checker):
    seqs: list[int] = []

    def answer(n: int, got: object) -> int:
        if n == 0:
            # An editor replays from the first change meanwhile.
            delivery.replay(Subscription.objects.get(), from_seq=seqs[0])
            connection.close()  # the receiver thread's own connection
        return 200

    with receiver(answer) as hook:
        subscription = subscribe(hook.url)
        seqs.extend(publish_actors(reporter, fact_checker, 2))
        subscription.last_seq = seqs[0]
        subscription.save(update_fields=["last_seq"])
        delivery.run(once=True)
        subscription.refresh_from_db()
        replayed_to = subscription.last_seq
        delivery.run(once=True)

    assert replayed_to == seqs[0] - 1
    assert [got.seqs for got in hook.received] == [seqs[1:], seqs]


def test_a_write_refused_for_a_lock_is_tried_again_and_other_errors_are_not():
    from django.db import OperationalError

    calls: list[int] = []

    def locked_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database table is locked")
        return "written"

    def broken() -> None:
        calls.append(1)
        raise OperationalError("no such table: factfile_subscription")

    assert delivery.when_unlocked(locked_twice) == "written"
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(OperationalError, match="no such table"):
        delivery.when_unlocked(broken)
    assert len(calls) == 1
