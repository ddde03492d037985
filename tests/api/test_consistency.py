"""One timestamp format, integer ids, uncached errors, a schema ETag, a true feed."""

import csv
import io
import json
import re

import pytest
from django.http import StreamingHttpResponse

from factfile import exporting, workflow
from factfile.api import downloads
from factfile.published.models import ChangeEntry

pytestmark = pytest.mark.django_db

RFC3339_MS = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"
)


@pytest.fixture(autouse=True)
def _own_download_slots(monkeypatch):
    monkeypatch.setattr(downloads, "slots", downloads.DownloadSlots())


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_every_output_writes_times_the_same_way(api, factfile, editor_in_chief):
    statement = factfile["first"]
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")
    jsonl = [json.loads(line) for line in body(api.get("/api/v1/export/")).splitlines()]
    rows = list(
        csv.DictReader(io.StringIO(body(api.get("/api/v1/export/?format=csv"))))
    )
    feed = api.get("/api/v1/changes/?after=0&page_size=200").json()["results"]
    detail = api.get(f"/api/v1/statements/{factfile['second'].pk}/").json()
    gone = api.get(f"/api/v1/statements/{statement.pk}/").json()
    exporting.build()
    manifest = api.get("/api/v1/export/manifest/").json()
    root = api.get("/api/v1/").json()

    records = [row for row in jsonl if "complete" not in row]
    times = [
        *(row["changed_at"] for row in records),
        *(row["retracted_at"] for row in records if row["retracted_at"]),
        *(row["changed_at"] for row in rows),
        *(row["retracted_at"] for row in rows if row["retracted_at"]),
        *(entry["at"] for entry in feed),
        detail["verified_at"],
        gone["retracted_at"],
        manifest["built_at"],
        root["changes"]["last_changed_at"],
    ]
    assert all(RFC3339_MS.fullmatch(time) for time in times), times
    by_key = {(r["type"], int(r["id"])): r["changed_at"] for r in rows}
    assert {(r["type"], r["id"]): r["changed_at"] for r in records} == by_key
    at = {entry["seq"]: entry["at"] for entry in feed}
    assert all(at[row["seq"]] == row["changed_at"] for row in records)


def test_a_retraction_is_410_with_an_integer_id_and_never_cached(
    api, factfile, editor_in_chief
):
    statement = factfile["first"]
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed.")

    response = api.get(f"/api/v1/statements/{statement.pk}/")

    assert response.status_code == 410
    assert response.json()["id"] == statement.pk
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/v2/statements/",
        "/api/v1/statements/abc/",
        "/api/v1/statements/999999/",
        "/api/v1/statements/?page_size=0",
    ],
)
def test_errors_under_the_api_are_no_store(api, url):
    response = api.get(url)

    assert response.status_code in (400, 404)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("application/json")


def test_the_schema_has_an_etag_and_answers_304(api):
    first = api.get("/api/schema/")

    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    again = api.get("/api/schema/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = api.get("/api/schema/?format=json")
    assert other["ETag"] != first["ETag"]


def test_a_feed_asked_from_beyond_its_end_gives_the_real_last_seq(api, factfile):
    last = ChangeEntry.objects.order_by("-seq").first().seq

    beyond = api.get(f"/api/v1/changes/?after={last + 99999}").json()
    at_end = api.get(f"/api/v1/changes/?after={last}").json()

    assert beyond == {"next": None, "last_seq": last, "results": []}
    assert at_end == {"next": None, "last_seq": last, "results": []}
