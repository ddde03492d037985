import csv
import io
import json

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse

from factfile import workflow
from factfile.published.models import PublishedRecord

pytestmark = pytest.mark.django_db


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_jsonl_streams_every_record_and_tombstone(api, factfile, editor_in_chief):
    workflow.retract(factfile["second"], by=editor_in_chief, reason="Unsourced.")

    response = api.get("/api/v1/export/?format=jsonl")

    rows = [json.loads(line) for line in body(response).splitlines()]
    assert response["Content-Type"] == "application/x-ndjson"
    assert len(rows) == PublishedRecord.objects.count()
    retracted = next(
        r for r in rows if r["id"] == factfile["second"].pk and r["type"] == "statement"
    )
    assert retracted["data"] is None
    assert retracted["retraction_reason"] == "Unsourced."


def test_csv_has_a_header_and_one_row_per_record(api, factfile):
    response = api.get("/api/v1/export/?format=csv")

    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert len(rows) == PublishedRecord.objects.count()
    assert json.loads(rows[0]["data"])["type"] == rows[0]["type"]


def test_unknown_export_format_is_400(api):
    response = api.get("/api/v1/export/?format=xml")

    assert response.status_code == 400
    assert "format" in response.json()


def test_the_command_writes_the_same_as_the_endpoint(api, factfile):
    out = io.StringIO()
    call_command("export_factfile", "--format", "jsonl", stdout=out)

    assert out.getvalue() == body(api.get("/api/v1/export/"))
