"""The worker's rounds: bulk leases, shared reads, kept connections, the guard."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factfile import outbound
from factfile.published.models import ChangeEntry
from factfile.webhooks import addresses, delivery
from factfile.webhooks.models import Delivery, Subscription
from tests import verified as v
from tests.webhooks.receiver import receiver
from tests.webhooks.test_delivery import publish_actors, subscribe

# The worker's threads and the receiver's run beside the test: they must
# see committed rows. Serialized rollback gives the tests that follow the
# migrated data back.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data"),
]


def full_round(worker: delivery.Worker) -> None:
    """Claim and send what is due, then record what came back."""
    worker.step()
    worker.wait(30)
    worker.step()


def test_connections_are_kept_from_one_delivery_to_the_next(
    reporter, fact_checker, settings
):
    settings.FACTFILE_WEBHOOK_BATCH = 1

    with receiver() as hook:
        for n in range(3):
            subscribe(f"{hook.url}/{n}")
        seqs = publish_actors(reporter, fact_checker, 4)
        delivery.run(once=True)

    # One request per change and subscription, each in order...
    assert len(hook.received) == 12
    for n in range(3):
        mine = [got.seqs for got in hook.received if got.path == f"/hook/{n}"]
        assert mine == [[seq] for seq in seqs]
    # ...over at most one connection per subscription in flight at once.
    assert hook.connections <= 3


def test_the_address_is_checked_again_before_a_kept_connection_is_used(
    reporter, fact_checker, settings, monkeypatch
):
    settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS = 60
    # The loopback address passes for this test, private networks do not.
    monkeypatch.setattr(
        addresses, "allowed_networks", lambda: outbound.networks(["127.0.0.1"])
    )
    points_to = ["127.0.0.1"]
    monkeypatch.setattr(outbound, "resolve", lambda host, port: list(points_to))

    with receiver() as hook:
        subscription = subscribe(f"http://receiver.example:{hook.port}/hook")
        publish_actors(reporter, fact_checker, 1)
        worker = delivery.Worker()
        try:
            full_round(worker)
            first_pools = worker.sender.pool_count()

            # The name now points inside the network: refused, although a
            # connection to the receiver is open and kept.
            points_to[:] = ["10.0.0.7"]
            v.actor(reporter, fact_checker, name="Actor after the change")
            full_round(worker)
            refused = Delivery.objects.order_by("pk").last()

            # Back to the address checked before: its kept connection serves.
            points_to[:] = ["127.0.0.1"]
            Subscription.objects.update(next_attempt_at=None)
            full_round(worker)
        finally:
            worker.close()

    subscription.refresh_from_db()
    assert first_pools == 1
    assert not refused.ok
    assert "a private address (10.0.0.7)" in refused.error
    assert [got.headers["Host"] for got in hook.received] == [
        f"receiver.example:{hook.port}"
    ] * 2
    assert hook.connections == 1
    assert subscription.last_seq == delivery.latest_seq()


def test_a_bulk_claim_leaves_a_subscription_leased_by_another_worker(
    reporter, fact_checker
):
    with receiver() as hook:
        held, free = subscribe(f"{hook.url}/held"), subscribe(f"{hook.url}/free")
        publish_actors(reporter, fact_checker, 1)
        assert delivery.claim(held.pk) is not None  # another worker's lease

        claimed = delivery.claim_due(upto=delivery.latest_seq(), limit=10)
        again = delivery.claim_due(upto=delivery.latest_seq(), limit=10)
        delivery.release(free.pk)
        delivery.run(once=True)
        paths_while_held = [got.path for got in hook.received]
        delivery.release(held.pk)
        delivery.run(once=True)

    assert [c.pk for c in claimed] == [free.pk]
    assert again == []
    assert paths_while_held == ["/hook/free"]
    assert [got.path for got in hook.received] == [
        "/hook/free",
        "/hook/held",
    ]


def test_workers_claiming_at_the_same_time_never_take_the_same_subscription(
    reporter, fact_checker
):
    subscriptions = [subscribe(f"https://cms{n}.example/hook") for n in range(20)]
    publish_actors(reporter, fact_checker, 1)
    upto = delivery.latest_seq()
    taken: list[list[int]] = []
    start = threading.Barrier(3)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(4):
                claims = delivery.when_unlocked(
                    lambda: delivery.claim_due(upto=upto, limit=4)
                )
                taken.append([c.pk for c in claims])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    every = [pk for claims in taken for pk in claims]
    assert sorted(every) == sorted(s.pk for s in subscriptions)


def test_one_slow_receiver_does_not_hold_the_rounds_of_the_others(
    reporter, fact_checker, settings
):
    settings.FACTFILE_WEBHOOK_BATCH = 1
    settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS = 10
    fast_have_all = threading.Event()
    seen_while_slow: list[bool] = []
    seqs: list[int] = []

    def slow(n: int, got: object) -> int:
        # The first answer comes only once every fast receiver has all the
        # changes, one round each, or after 8 s.
        if n == 0:
            seen_while_slow.append(fast_have_all.wait(8))
        return 200

    def fast(n: int, got: object) -> int:
        if n + 1 == 3 * len(seqs):
            fast_have_all.set()
        return 200

    with receiver(slow) as slow_hook, receiver(fast) as fast_hook:
        subscribe(slow_hook.url)
        for n in range(3):
            subscribe(f"{fast_hook.url}/{n}")
        seqs.extend(publish_actors(reporter, fact_checker, 3))
        delivery.run(once=True)

    assert seen_while_slow == [True]
    assert len(fast_hook.received) == 9
    assert [got.seqs for got in slow_hook.received] == [[seq] for seq in seqs]
    assert Subscription.objects.filter(last_seq=seqs[-1]).count() == 4


def round_queries(subscriptions: int) -> tuple[int, int]:
    """SQL queries of one round to ``subscriptions`` at the same position."""
    with receiver() as hook:
        # A key each: the stories of every key are read in one query too.
        for _ in range(subscriptions):
            subscribe(hook.url)
        worker = delivery.Worker()
        try:
            with CaptureQueriesContext(connection) as queries:
                full_round(worker)
        finally:
            worker.close()
    return len(queries), len(hook.received)


def test_a_round_makes_as_many_queries_for_ten_subscriptions_as_for_one(
    reporter, fact_checker
):
    publish_actors(reporter, fact_checker, 3)

    one = round_queries(1)
    ten = round_queries(10)

    assert one[1] == 1
    assert ten[1] == 10
    assert ten[0] == one[0]
    latest = ChangeEntry.objects.latest("seq").seq
    assert Subscription.objects.filter(last_seq=latest).count() == 11
    assert Delivery.objects.filter(ok=True).count() == 11


def test_a_subscription_kept_between_rounds_goes_to_its_edited_address(
    reporter, fact_checker
):
    with receiver() as old, receiver() as new:
        subscription = subscribe(old.url)
        publish_actors(reporter, fact_checker, 1)
        worker = delivery.Worker()
        try:
            worker.step()
            worker.wait(30)
            v.actor(reporter, fact_checker, name="Second")
            worker.step()  # the first answer recorded, the second change sent
            kept = subscription.pk in worker.held
            worker.wait(30)
            Subscription.objects.filter(pk=subscription.pk).update(url=new.url)
            v.actor(reporter, fact_checker, name="Third")
            for _ in range(3):
                full_round(worker)
        finally:
            worker.close()

    subscription.refresh_from_db()
    assert kept
    assert len(old.received) == 2
    assert [got.seqs[-1] for got in new.received] == [subscription.last_seq]
    assert subscription.last_seq == delivery.latest_seq()
