"""What a writer copies from an actor or a source: its parts, as far as known."""

from __future__ import annotations

import datetime

import pytest

from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db
URL = "/api/v1/lookup/"


def copies(api, **params: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return {
        f"{r['kind']}-{r['id']}": {c["style"]: c["text"] for c in r["copies"]}
        for r in response.json()["results"]
    }


@pytest.fixture
def minister(reporter, fact_checker):  # type: ignore[no-untyped-def]
    actor = factories.ActorFactory(created_by=reporter, name="Aline Uwase")
    for title, start, end in [
        ("Minister of Health", datetime.date(2019, 1, 1), datetime.date(2021, 12, 1)),
        ("Senator", datetime.date(2022, 1, 1), None),
    ]:
        factories.RoleFactory(
            actor=actor,
            title=title,
            starts_on=start,
            starts_on_precision="month",
            ends_on=end,
            ends_on_precision="month" if end else "unknown",
        )
    return v.verified(actor, author=reporter, checker=fact_checker)


def test_an_actor_copies_its_name_and_title_on_a_day(api, minister):
    key = f"actor-{minister.pk}"
    today = copies(api, q="Uwase")[key]
    assert today == {"name": "Aline Uwase", "name-title": "Aline Uwase, Senator"}
    # The title held on the day asked for.
    then = copies(api, q="Uwase", on="2020-06-30")
    assert then[key]["name-title"] == "Aline Uwase, Minister of Health"
    before = copies(api, q="Uwase", on="2010-01-01")
    assert before[key] == {"name": "Aline Uwase"}


def test_a_source_copies_outlet_title_date_and_address(api, reporter, fact_checker):
    dated = v.source(
        reporter,
        fact_checker,
        title="Harvest in Nyamasheke",
        publisher="Lake Courier",
        url="https://courier.example/harvest?id=4",
        published_on=datetime.date(2024, 9, 1),
        published_on_precision="month",
    )
    undated = v.source(
        reporter,
        fact_checker,
        title="Nyamasheke tea notes",
        publisher="",
        url="",
        published_on=None,
        published_on_precision="unknown",
    )
    found = copies(api, q="Nyamasheke", kind="source")
    assert found[f"source-{dated.pk}"] == {
        "outlet": "Lake Courier",
        "title": "Harvest in Nyamasheke",
        "date": "September 2024",
        "url": "https://courier.example/harvest?id=4",
    }
    # What is not known is not there to copy.
    assert found[f"source-{undated.pk}"] == {"title": "Nyamasheke tea notes"}


def test_the_page_offers_the_parts_to_copy(client, minister):
    html = client.get("/lookup/", {"q": "Uwase"}).content.decode()
    assert 'data-style="name-title" hidden>Name and title</button>' in html
    assert 'data-label="Name and title">Aline Uwase, Senator</textarea>' in html
    assert "Senator</p>" in html
