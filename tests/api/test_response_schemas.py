"""Every answer of the API, for every record type, matches its exact schema."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from events.seeding import seed_factfile
from factfile import workflow
from tests import verified as v

pytestmark = pytest.mark.django_db

formats = jsonschema.FormatChecker([])


@formats.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or bool(datetime.date.fromisoformat(value))


@formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if isinstance(value, str):
        parsed = datetime.datetime.fromisoformat(value)
        assert parsed.tzinfo is not None
    return True


@formats.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


def as_json_schema(value: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` written as JSON Schema's null type."""
    if isinstance(value, list):
        return [as_json_schema(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {k: as_json_schema(item) for k, item in value.items()}
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def check(api):  # type: ignore[no-untyped-def]
    document = as_json_schema(api.get("/api/schema/?format=json").json())
    paths = document["paths"]

    def check(url: str, template: str) -> Any:
        response = api.get(url, HTTP_ACCEPT_ENCODING="identity")
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        schema = paths[template]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]
        validator = jsonschema.Draft202012Validator(
            {**document, **schema}, format_checker=formats
        )
        errors = [
            f"{url} {list(e.absolute_path)}: {e.message[:300]}"
            for e in validator.iter_errors(body)
        ]
        assert not errors, "\n".join(errors[:10])
        return body

    return check


def test_every_answer_matches_its_schema(  # type: ignore[no-untyped-def]
    check, factfile, reporter, fact_checker, editor_in_chief
):
    seed_factfile()
    kagame, belgium = factfile["kagame"], factfile["belgium"]
    event = factfile["talks"]
    # Every optional field of a statement set, with a claim assessment.
    full = v.statement(
        reporter,
        fact_checker,
        speaker=kagame,
        on_behalf_of=belgium,
        speaker_title="President",
        event=event,
        about=[belgium],
        said_on="2025-03-01",
        said_on_precision="month",
        claim_rating="mostly_false",
        claim_reasoning="The figures say otherwise.",
        claim_summary="Talks never stopped",
    )
    corrected = factfile["second"]
    v.edit(corrected, by=reporter, text="Belgium deeply regrets the decision.")
    workflow.submit(corrected, by=reporter)
    workflow.correct(corrected, by=fact_checker, note="Reworded as said.")
    retracted = v.statement(reporter, fact_checker, speaker=kagame, text="Gone soon.")
    workflow.retract(retracted, by=editor_in_chief, reason="Misattributed.")

    check("/api/v1/", "/api/v1/")
    for plural in ("statements", "events", "actors", "sources", "citations"):
        page = check(f"/api/v1/{plural}/?page_size=100", f"/api/v1/{plural}/")
        items = list(page["results"])
        while page["next"]:
            page = check(page["next"], f"/api/v1/{plural}/")
            items += page["results"]
        assert items
        for item in items:
            check(item["api_url"], f"/api/v1/{plural}/{{id}}/")
            if plural in ("statements", "events"):
                template = f"/api/v1/{plural}/{{id}}/citation/"
                check(f"{item['api_url']}citation/", template)
                for style in item["citation_styles"]:
                    check(f"{item['api_url']}citation/?style={style}", template)
        if plural == "statements":
            by_id = {item["id"]: item for item in items}
            assert by_id[full.pk]["claim"]["rating"] == "mostly_false"
            assert by_id[corrected.pk]["corrections"]
            assert retracted.pk not in by_id
    feed = check("/api/v1/changes/?after=0", "/api/v1/changes/")
    while feed["next"]:
        feed = check(feed["next"], "/api/v1/changes/")
    check("/api/v1/lookup/?q=Belgium", "/api/v1/lookup/")
    check("/api/v1/lookup/?q=dialogue&kind=statement", "/api/v1/lookup/")
    found = check("/api/v1/lookup/?q=gone", "/api/v1/lookup/")["results"]
    assert [r["retracted"]["reason"] for r in found] == ["Misattributed."]
