"""/api/v1/webhooks/: keys allowed to subscribe manage their own receivers."""

from __future__ import annotations

import json

import pytest

from factfile.api.keys import ApiKey
from factfile.webhooks.models import Subscription

pytestmark = pytest.mark.django_db

HOOK = "http://127.0.0.1:9/hook"


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = True


def as_key(api, **permissions):  # type: ignore[no-untyped-def]
    key, raw = ApiKey.issue(name="CMS", **permissions)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return key


def post(api, body):  # type: ignore[no-untyped-def]
    return api.post(
        "/api/v1/webhooks/", data=json.dumps(body), content_type="application/json"
    )


def test_a_key_subscribes_sees_its_secret_once_and_ends_it(api, factfile):
    as_key(api, manages_webhooks=True)

    made = post(api, {"url": HOOK, "scope": "used"})
    listed = api.get("/api/v1/webhooks/")
    one = api.get(f"/api/v1/webhooks/{made.json()['id']}/")
    ended = api.delete(f"/api/v1/webhooks/{made.json()['id']}/")

    assert made.status_code == 201
    body = made.json()
    assert body["secret"].startswith("whsec_")
    assert body["secret"] == Subscription.objects.get().secret
    # New subscribers start from the latest change.
    assert body["last_seq"] > 0
    assert [s["url"] for s in listed.json()["results"]] == [HOOK]
    assert "secret" not in listed.json()["results"][0]
    assert "secret" not in one.json()
    assert ended.status_code == 204
    assert api.get("/api/v1/webhooks/").json()["results"] == []
    assert Subscription.objects.get().ended_at is not None


def test_a_key_cannot_see_or_end_another_keys_subscription(api, factfile):
    as_key(api, manages_webhooks=True)
    mine = post(api, {"url": HOOK}).json()["id"]
    as_key(api, manages_webhooks=True)

    assert api.get(f"/api/v1/webhooks/{mine}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{mine}/").status_code == 404
    assert api.get("/api/v1/webhooks/").json()["results"] == []
    assert api.get("/api/v1/webhooks/²/").status_code == 404


def test_only_a_key_allowed_to_subscribe_may(api, factfile):
    anonymous = post(api, {"url": HOOK})
    as_key(api)
    plain = post(api, {"url": HOOK})
    as_key(api, writes_usage=True)
    usage_only = post(api, {"url": HOOK})

    assert (anonymous.status_code, plain.status_code, usage_only.status_code) == (
        401,
        403,
        403,
    )
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://example.org/hook"},
        {"url": "javascript:alert(1)"},
        {"url": HOOK, "scope": "some"},
        {"url": HOOK, "after": -1},
        {"url": HOOK, "after": 10**30},
        {"url": HOOK, "after": "3"},
        {"url": HOOK, "secret": "mine"},
        {"url": None},
    ],
)
def test_bad_subscriptions_are_400s(api, factfile, body):
    as_key(api, manages_webhooks=True)

    assert post(api, body).status_code == 400
    assert not Subscription.objects.exists()


def test_private_receivers_are_refused_by_default(api, factfile, settings):
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = False
    as_key(api, manages_webhooks=True)

    answer = post(api, {"url": HOOK})

    assert answer.status_code == 400
    assert "loopback" in answer.json()["url"][0]


def test_a_key_has_a_bounded_number_of_subscriptions(api, factfile, settings):
    settings.FACTFILE_WEBHOOKS_PER_KEY = 2
    as_key(api, manages_webhooks=True)

    statuses = [post(api, {"url": HOOK}).status_code for _ in range(3)]

    assert statuses == [201, 201, 400]
