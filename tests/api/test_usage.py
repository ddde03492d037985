"""PUT /api/v1/usage/: a publishing tool registers which records a story cites."""

from __future__ import annotations

import json

import pytest

from factfile.api.keys import ApiKey
from factfile.usage import Story, StoryUse
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

STORY = "https://news.example/2025/03/talks"


def with_key(api, **permissions):  # type: ignore[no-untyped-def]
    _, raw = ApiKey.issue(name="CMS", **permissions)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return api


def put(api, body):  # type: ignore[no-untyped-def]
    return api.put(
        "/api/v1/usage/",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_a_usage_key_registers_a_story_and_a_second_put_replaces_the_list(
    api, factfile
):
    with_key(api, writes_usage=True)
    first, talks = factfile["first"], factfile["talks"]

    created = put(api, {"url": STORY, "records": [f"statement:{first.pk}"]})
    again = put(api, {"url": STORY, "records": [f"statement:{first.pk}"]})
    replaced = put(
        api,
        {"url": STORY, "records": [f"event:{talks.pk}", f"event:{talks.pk}"]},
    )
    read = api.get("/api/v1/usage/", {"url": STORY})

    assert created.status_code == again.status_code == 200
    assert created.json()["records"] == again.json()["records"]
    assert replaced.json()["records"] == [f"event:{talks.pk}"]
    assert read.json()["records"] == [f"event:{talks.pk}"]
    assert "no-store" in read["Cache-Control"]
    assert Story.objects.count() == 1
    assert StoryUse.objects.count() == 1


def test_unknown_ids_are_listed_and_nothing_changes(api, factfile, reporter):
    with_key(api, writes_usage=True)
    first = factfile["first"]
    put(api, {"url": STORY, "records": [f"statement:{first.pk}"]})
    draft = factories.StatementFactory(created_by=reporter)

    response = put(
        api,
        {
            "url": STORY,
            "records": [
                f"event:{factfile['talks'].pk}",
                f"statement:{draft.pk}",
                "statement:999999",
            ],
        },
    )

    assert response.status_code == 400
    message = response.json()["records"][0]
    # A draft is as unknown as an id that never existed: nothing leaks.
    assert f"statement:{draft.pk}" in message
    assert "statement:999999" in message
    assert f"event:{factfile['talks'].pk}" not in message
    assert list(StoryUse.objects.values_list("resource", "record_id")) == [
        ("statement", first.pk)
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "javascript:alert(1)", "records": []},
        {"url": "ftp://news.example/x", "records": []},
        {"url": "https://news.example/" + "a" * 2000, "records": []},
        {"url": 'https://news.example/"><script>', "records": []},
        {"url": STORY, "records": "statement:1"},
        {"url": STORY, "records": ["statement:x", "1", None, {"a": 1}]},
        {"url": STORY, "records": [f"statement:{n}" for n in range(501)]},
        {"url": STORY, "records": [], "extra": True},
        ["not", "an", "object"],
    ],
)
def test_bad_input_is_a_400(api, factfile, body):
    with_key(api, writes_usage=True)

    response = put(api, body)

    assert response.status_code == 400
    assert Story.objects.count() == 0


def test_bodies_that_are_not_json_or_too_big_are_400s(api, factfile):
    with_key(api, writes_usage=True)

    nested = api.put(
        "/api/v1/usage/", data="[" * 50_000, content_type="application/json"
    )
    big = api.put(
        "/api/v1/usage/",
        data=json.dumps({"url": STORY, "records": ["x" * 70_000]}),
        content_type="application/json",
    )
    broken = api.put("/api/v1/usage/", data=b"\xff{", content_type="application/json")

    assert [nested.status_code, big.status_code, broken.status_code] == [400] * 3


def test_only_a_key_with_the_permission_writes_usage(api, factfile):
    anonymous = put(api, {"url": STORY, "records": []})
    with_key(api)
    plain = put(api, {"url": STORY, "records": []})
    with_key(api, manages_webhooks=True)
    webhooks_only = put(api, {"url": STORY, "records": []})

    assert anonymous.status_code == 401
    assert plain.status_code == 403
    assert webhooks_only.status_code == 403
    assert Story.objects.count() == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statements/",
        "/api/v1/changes/",
        "/api/v1/actors/",
        "/api/v1/lookup/",
        "/api/v1/export/",
    ],
)
def test_a_usage_key_unlocks_no_other_write(api, factfile, method, path):
    with_key(api, writes_usage=True, manages_webhooks=True)

    response = getattr(api, method)(path, data="{}", content_type="application/json")

    assert response.status_code == 405


def test_each_key_keeps_its_own_list_for_a_story(api, factfile):
    first, second = factfile["first"], factfile["second"]
    with_key(api, writes_usage=True)
    put(api, {"url": STORY, "records": [f"statement:{first.pk}"]})
    with_key(api, writes_usage=True)

    other = put(api, {"url": STORY, "records": [f"statement:{second.pk}"]})

    assert other.json()["records"] == [f"statement:{second.pk}"]
    assert Story.objects.count() == 2
    assert StoryUse.objects.count() == 2


def test_a_retracted_record_can_still_be_registered(
    api, reporter, fact_checker, editor_in_chief
):
    from factfile import workflow

    statement = v.statement(reporter, fact_checker)
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")
    with_key(api, writes_usage=True)

    response = put(api, {"url": STORY, "records": [f"statement:{statement.pk}"]})

    assert response.status_code == 200
