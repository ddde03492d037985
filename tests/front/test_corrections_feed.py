"""The corrections and retractions log as an Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from factfile.published.models import ChangeEntry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):  # type: ignore[no-untyped-def]
    response = client.get("/corrections/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_each_correction_and_retraction_is_an_entry_newest_first(client, newsroom):
    found = entries(client)

    titles = [entry.findtext(f"{ATOM}title") for entry in found]
    withdrawn = newsroom["withdrawn"].pk
    quote = newsroom["quote"].pk
    assert titles == [
        f"Statement {withdrawn} retracted",
        f"Statement {quote} corrected",
    ]
    assert "misidentified" in found[0].findtext(f"{ATOM}summary")
    assert "recall its ambassador" not in ET.tostring(found[0], encoding="unicode")
    link = found[1].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/r/statement/{quote}/"
    assert client.get(link).status_code == 200
    assert client.get(f"/api/v1/statements/{withdrawn}/").status_code == 410


def test_entry_ids_stay_unique_when_a_record_is_corrected_twice(
    client, newsroom, reporter, fact_checker
):
    from tests.front.conftest import correct

    correct(
        newsroom["quote"],
        author=reporter,
        checker=fact_checker,
        note="A second fix.",
        speaker_title="Head of State",
    )

    ids = [entry.findtext(f"{ATOM}id") for entry in entries(client)]

    assert len(ids) == len(set(ids)) == ChangeEntry.objects.corrections().count()


def test_an_empty_log_is_a_valid_empty_feed(client):
    assert entries(client) == []
