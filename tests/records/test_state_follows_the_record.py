"""A quote a story uses is corrected, then retracted: every public view follows."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from factfile import workflow
from tests import verified as v
from tests.front.conftest import correct

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


def views(client, pk: int) -> dict:  # type: ignore[no-untyped-def]
    """What a story's script, its badge, the record page and a citation say."""
    status = client.get(f"/api/v1/status/?ids=statement:{pk}")
    badge = client.get(f"/api/v1/status/badge.svg?id=statement:{pk}")
    page = client.get(f"/r/statement/{pk}/")
    citation = client.get(f"/api/v1/statements/{pk}/citation/?style=text")
    return {
        "state": status.json()["results"][0],
        "badge": badge.content.decode(),
        "page": (page.status_code, page.content.decode()),
        "citation": citation.json().get("citation")
        if citation.status_code == 200
        else None,
        "citation_status": citation.status_code,
    }


def test_published_then_corrected_then_retracted(
    client, reporter, fact_checker, editor_in_chief
):
    quote = v.statement(reporter, fact_checker, text="We remain committed to dialogue.")

    published = views(client, quote.pk)
    correct(
        quote,
        author=reporter,
        checker=fact_checker,
        note="The title was wrong.",
        speaker_title="President",
    )
    corrected = views(client, quote.pk)
    workflow.retract(quote, by=editor_in_chief, reason="The quote was misattributed.")
    retracted = views(client, quote.pk)

    assert published["state"]["state"] == "published"
    assert ">verified<" in published["badge"]
    assert published["page"][0] == 200
    assert published["citation"].endswith(
        f"Verified record: {published['state']['url']}"
    )

    assert corrected["state"]["state"] == "corrected"
    assert corrected["state"]["note"] == "The title was wrong."
    assert ">corrected " in corrected["badge"]
    assert "The title was wrong." in corrected["page"][1]
    assert ", corrected on " in corrected["citation"]
    assert corrected["citation"].endswith(corrected["state"]["url"])

    assert retracted["state"]["state"] == "retracted"
    assert retracted["state"]["reason"] == "The quote was misattributed."
    assert ">retracted " in retracted["badge"]
    assert retracted["page"][0] == 410
    assert "The quote was misattributed." in retracted["page"][1]
    assert "committed to dialogue" not in retracted["page"][1]
    assert retracted["citation_status"] == 410
