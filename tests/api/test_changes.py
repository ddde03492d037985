import json

import pytest

from factfile import workflow
from factfile.api.serializers import ChangeEntrySerializer
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db


def replay(api, page_size=3):
    """Mirror the fact file as a publishing tool would, from the change feed."""
    mirror, url, last = {}, f"/api/v1/changes/?after=0&page_size={page_size}", 0
    while url:
        body = api.get(url).json()
        for entry in body["results"]:
            assert entry["seq"] > last
            last = entry["seq"]
            key = (entry["type"], entry["id"])
            if entry["action"] == "retracted":
                mirror[key] = {"retracted": entry["note"]}
            elif entry["data"] is not None:
                mirror[key] = entry["data"]
        url = body["next"]
    return mirror, last


def test_replaying_the_feed_reproduces_the_published_layer(
    api, factfile, reporter, fact_checker, editor_in_chief
):
    first, speaker = factfile["first"], factfile["kagame"]
    v.edit(first, by=reporter, text="We remain committed to dialogue")
    workflow.submit(first, by=reporter)
    workflow.correct(first, by=fact_checker, note="Punctuation.")
    v.edit(speaker, by=reporter, name="Paul Kagame (President)")
    workflow.submit(speaker, by=reporter)
    workflow.correct(speaker, by=fact_checker, note="Title in the name.")
    workflow.retract(factfile["second"], by=editor_in_chief, reason="Unsourced.")

    mirror, _ = replay(api)

    expected = {}
    for row in PublishedRecord.objects.all():
        key = (row.resource, row.record_id)
        if row.retracted_at:
            expected[key] = {"retracted": row.retraction_reason}
        else:
            expected[key] = api.get(f"/api/v1/{row.resource}s/{row.record_id}/").json()
            expected[key].pop("api_url")
    assert mirror == expected
    assert (
        mirror[("statement", first.pk)]["speaker"]["name"] == "Paul Kagame (President)"
    )


def test_feed_lists_corrections_with_their_note_in_order(
    api, factfile, reporter, fact_checker
):
    first = factfile["first"]
    v.edit(first, by=reporter, text="Fixed.")
    workflow.submit(first, by=reporter)
    workflow.correct(first, by=fact_checker, note="Typo fixed.")
    _, last = replay(api)

    body = api.get(f"/api/v1/changes/?after={last - 1}").json()

    entry = body["results"][-1]
    assert (entry["action"], entry["type"], entry["note"]) == (
        "corrected",
        "statement",
        "Typo fixed.",
    )
    assert body["next"] is None
    assert body["last_seq"] == last


def test_retracted_content_is_withdrawn_from_old_entries(
    api, factfile, editor_in_chief
):
    second = factfile["second"]
    workflow.retract(second, by=editor_in_chief, reason="Unsourced.")

    results = api.get("/api/v1/changes/?page_size=200").json()["results"]

    mine = [e for e in results if (e["type"], e["id"]) == ("statement", second.pk)]
    assert [e["action"] for e in mine] == ["published", "retracted"]
    assert all(e["data"] is None for e in mine)


@pytest.mark.parametrize("after", ["-1", "x", "1" * 30])
def test_bad_cursor_is_400(api, after):
    response = api.get(f"/api/v1/changes/?after={after}")

    assert response.status_code == 400
    assert "after" in response.json()


def test_feed_pages_equal_the_serializer_representation(api, factfile, editor_in_chief):
    # A retraction (its reason with quotes and accents) withdraws the
    # content of the earlier entries; the page is assembled from stored text.
    workflow.retract(
        factfile["second"], by=editor_in_chief, reason='Le « démenti » — "withdrawn"'
    )
    expected = json.loads(
        json.dumps(
            ChangeEntrySerializer(
                ChangeEntry.objects.for_feed().order_by("seq"), many=True
            ).data
        )
    )

    served, after, last = [], 0, None
    while after is not None:
        page = api.get("/api/v1/changes/", {"after": after, "page_size": 4})
        assert page.status_code == 200, page.content
        body = page.json()
        served += body["results"]
        last = body["last_seq"]
        after = body["last_seq"] if body["next"] else None

    assert served == expected
    assert last == expected[-1]["seq"]
    assert any(entry["data"] is None for entry in served[:-1])
    assert api.get("/api/v1/changes/", {"after": last}).json() == {
        "next": None,
        "last_seq": last,
        "results": [],
    }
