"""Webhooks in the admin: failing subscriptions seen, the log, replay."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factfile.api.keys import ApiKey
from factfile.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def subscription(**fields) -> Subscription:  # type: ignore[no-untyped-def]
    key, _ = ApiKey.issue(name="CMS", manages_webhooks=True)
    return Subscription.objects.create(
        api_key=key, url="https://cms.example/h", **fields
    )


def test_the_editor_in_chief_sees_failing_subscriptions_and_their_log(
    editor_in_chief,
):
    failing = subscription(
        failing_since=timezone.now(),
        last_error="the receiver answered 500",
        last_seq=3,
    )
    subscription()
    Delivery.objects.create(
        subscription=failing,
        first_seq=4,
        last_seq=6,
        entries=3,
        attempt=31,
        status_code=500,
        error="the receiver answered 500",
    )
    client = logged_in(editor_in_chief)

    listed = client.get(
        reverse("admin:factfile_subscription_changelist"), {"health": "failing"}
    )
    log = client.get(
        reverse("admin:factfile_delivery_changelist"), {"subscription": failing.pk}
    )

    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [failing]
    assert "the receiver answered 500" in listed.content.decode()
    assert log.status_code == 200
    assert [d.attempt for d in log.context["cl"].result_list] == [31]


def test_replay_asks_for_the_number_then_resumes_from_it(editor_in_chief):
    failing = subscription(
        failing_since=timezone.now(),
        first_failed_at=timezone.now() - datetime.timedelta(days=1),
        attempts=30,
        last_seq=9,
    )
    client = logged_in(editor_in_chief)
    url = reverse("admin:factfile_subscription_changelist")
    chosen = {"action": "replay", "_selected_action": [failing.pk]}

    asked = client.post(url, chosen)
    done = client.post(url, {**chosen, "replay_confirm": "1", "from_seq": "4"})

    failing.refresh_from_db()
    assert b'id="confirm-replay"' in asked.content
    assert done.status_code == 302
    assert failing.last_seq == 3
    assert failing.failing_since is None
    assert failing.attempts == 0
    assert failing.health == "ok"


def test_a_subscription_made_in_the_admin_shows_its_secret_once(
    editor_in_chief, settings
):
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = False
    key, _ = ApiKey.issue(name="CMS")
    client = logged_in(editor_in_chief)
    form = {"api_key": key.pk, "url": "http://10.0.0.1/h", "scope": "all"}

    refused = client.post(
        reverse("admin:factfile_subscription_add"),
        {**form, "last_seq": 0},
    )
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = True
    made = client.post(
        reverse("admin:factfile_subscription_add"),
        {**form, "last_seq": 0},
        follow=True,
    )

    assert "private address" in refused.content.decode()
    secret = Subscription.objects.get().secret
    assert secret in made.content.decode()
    page = client.get(
        reverse(
            "admin:factfile_subscription_change", args=[Subscription.objects.get().pk]
        )
    )
    assert secret not in page.content.decode()


def test_a_fact_checker_does_not_manage_webhooks(fact_checker):
    client = logged_in(fact_checker)

    answer = client.get(reverse("admin:factfile_subscription_changelist"))

    assert answer.status_code == 403


def test_the_admin_index_counts_failing_subscriptions(editor_in_chief, fact_checker):
    subscription(failing_since=timezone.now())
    subscription()

    chief = logged_in(editor_in_chief).get(reverse("admin:index")).content.decode()
    checker = logged_in(fact_checker).get(reverse("admin:index")).content.decode()

    assert "1 failing" in chief
    assert 'id="failing-webhooks"' not in checker
