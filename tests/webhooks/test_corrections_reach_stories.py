"""End to end: a story registers usage; its record is corrected, then retracted.

The editor sees the story before confirming each; the tool's receiver gets
both changes, signed, in order, each naming the story; the status badge, the
record page and the lookup show the correction, then the retraction.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from factfile import workflow
from factfile.api.keys import ApiKey
from factfile.webhooks import delivery, signing
from tests import verified as v
from tests.webhooks.receiver import receiver

# The worker's threads read what the test committed.
# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data"),
]

STORY = "https://news.example/2025/03/talks-resume"


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def readers_view(pk: int) -> dict[str, object]:
    """The status badge's answer, the record page and the lookup's result."""
    public = Client()
    status = public.get("/api/v1/status/", {"ids": f"statement:{pk}"})
    page = public.get(f"/r/statement/{pk}/")
    lookup = public.get("/api/v1/lookup/", {"q": "dialogue"}).json()
    return {
        "status": status.json()["results"][0],
        "page": (page.status_code, page.content.decode()),
        "lookup": [r for r in lookup["results"] if r["id"] == pk],
    }


def test_a_correction_and_a_retraction_reach_the_story_that_uses_the_record(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)
    other = v.statement(reporter, fact_checker, text="Something else.")
    _, raw = ApiKey.issue(name="CMS", writes_usage=True, manages_webhooks=True)
    tool = APIClient()
    tool.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    change_page = reverse("admin:events_statement_change", args=[statement.pk])
    retract_page = reverse("admin:events_statement_retract", args=[statement.pk])

    with receiver() as hook:
        registered = tool.put(
            "/api/v1/usage/",
            data=json.dumps({"url": STORY, "records": [f"statement:{statement.pk}"]}),
            content_type="application/json",
        )
        subscribed = tool.post(
            "/api/v1/webhooks/",
            data=json.dumps({"url": hook.url, "scope": "used"}),
            content_type="application/json",
        )
        secret = subscribed.json()["secret"]

        statement.refresh_from_db()
        statement.mark_changed_by(reporter)
        statement.text = "We remain fully committed to dialogue."
        statement.save()
        workflow.submit(statement, by=reporter)
        other.mark_changed_by(reporter)
        other.text = "Something else entirely."
        other.save()
        workflow.submit(other, by=reporter)
        checker = logged_in(fact_checker)
        before_correcting = checker.get(change_page).content.decode()
        checker.post(
            reverse("admin:events_statement_workflow", args=[statement.pk, "correct"]),
            {"text": "Quote completed.", "version": statement.version},
        )
        workflow.correct(other, by=fact_checker, note="Not used by the story.")
        # What a reader of the story sees once it is corrected: the badge,
        # the record page and the lookup.
        corrected = readers_view(statement.pk)

        chief = logged_in(editor_in_chief)
        before_retracting = chief.get(retract_page).content.decode()
        chief.post(retract_page, {"reason": "Misattributed."})

        delivery.run(once=True)
    retracted = readers_view(statement.pk)

    assert registered.status_code == 200
    assert subscribed.status_code == 201
    assert STORY in before_correcting
    assert 'id="workflow-correct"' in before_correcting
    assert STORY in before_retracting
    assert 'id="confirm-retract"' in before_retracting
    entries = [entry for got in hook.received for entry in got.json["entries"]]
    for got in hook.received:
        signing.verify(got.body, got.headers[signing.HEADER], secret)
    mine = [
        (entry["action"], entry["note"], entry["stories"])
        for entry in entries
        if entry["type"] == "statement" and entry["id"] == statement.pk
    ]
    assert mine == [
        ("corrected", "Quote completed.", [STORY]),
        ("retracted", "Misattributed.", [STORY]),
    ]
    # The scope "used": the other statement's correction is not sent.
    assert all(entry["id"] != other.pk for entry in entries)
    seqs = [entry["seq"] for entry in entries]
    assert seqs == sorted(seqs)

    # Corrected: the badge says so with the note, the record page shows the
    # new words and the note, the lookup shows the note and offers copies.
    assert corrected["status"]["state"] == "corrected"
    assert corrected["status"]["note"] == "Quote completed."
    code, html = corrected["page"]
    assert code == 200
    assert "We remain fully committed to dialogue." in html
    assert "Quote completed." in html
    [found] = corrected["lookup"]
    assert found["display"]["corrections"][0]["note"] == "Quote completed."
    assert found["copies"]
    # Retracted: the badge gives the reason, the record page answers 410 with
    # it, and the lookup still finds the record, withdrawn, with nothing to copy.
    assert retracted["status"]["state"] == "retracted"
    assert retracted["status"]["reason"] == "Misattributed."
    code, html = retracted["page"]
    assert code == 410
    assert "Misattributed." in html
    assert "fully committed" not in html
    [found] = retracted["lookup"]
    assert found["retracted"]["reason"] == "Misattributed."
    assert found["copies"] == []
