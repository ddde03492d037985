"""``/api/v1/lookup/``: ranking, citation styles, filters, pages, errors, queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Statement
from factfile import workflow
from factfile.dates import Precision
from factfile.lookup.forms import MAX_PAGE_SIZE
from tests import verified as v

pytestmark = pytest.mark.django_db
URL = "/api/v1/lookup/"


def test_results_are_ranked_and_labelled_with_citations(seeded, api):
    response = api.get(URL, {"q": "Prevot disproportionate"})

    assert response.status_code == 200
    body = response.json()
    first = body["results"][0]
    assert first["kind"] == "statement"
    assert first["display"]["speaker"] == "Maxime Prévot"
    assert first["display"]["headline"].startswith("This is disproportionate")
    assert first["url"].endswith(f"/api/v1/statements/{first['id']}/")
    styles = first["citation_styles"]
    assert set(styles) == {"text", "markdown", "html", "csl-json"}
    assert styles["markdown"].startswith("**Maxime Prévot**")
    assert "citation_styles" not in first["record"]
    assert body["corrected"] == {}


def test_a_typo_is_reported_as_corrected(seeded, api):
    body = api.get(URL, {"q": "Kagme ceasefire"}).json()

    assert body["corrected"] == {"Kagme": "kagame"}
    assert "Kagame" in body["results"][0]["citation_styles"]["text"]


def test_dates_keep_their_precision(seeded, api):
    body = api.get(URL, {"q": "Rwanda", "kind": "statement", "page_size": 50}).json()
    dates = {result["display"]["date"] for result in body["results"]}

    # An unknown date is left out, not spelt out.
    assert "" in dates
    assert "date unknown" not in dates
    assert all(date[:1].isdigit() for date in dates - {""})


def test_filters_by_kind_actor_source_and_dates(reporter, fact_checker, api):
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    other = v.actor(reporter, fact_checker, name="Someone Else")
    wire = v.source(reporter, fact_checker, title="Wire story on talks")
    first = v.statement(
        reporter,
        fact_checker,
        speaker=kagame,
        cited=wire,
        text="Talks matter now.",
        said_on="2025-03-17",
    )
    v.statement(
        reporter,
        fact_checker,
        speaker=other,
        text="Talks matter too.",
        said_on=None,
        said_on_precision=Precision.UNKNOWN,
    )

    def ids(**params: object) -> list[tuple[str, int]]:
        response = api.get(URL, {"q": "talks", **params})
        assert response.status_code == 200, response.json()
        return [(r["kind"], r["id"]) for r in response.json()["results"]]

    assert ("statement", first.pk) in ids()
    assert ids(actor=kagame.pk) == [("statement", first.pk)]
    assert set(ids(source=wire.pk)) == {("statement", first.pk), ("source", wire.pk)}
    assert ids(kind="statement", date_from="2025-03-01", date_to="2025-03-31") == [
        ("statement", first.pk)
    ]
    assert {kind for kind, _ in ids(kind="source")} == {"source"}
    assert ids(kind="statement", date_from="2025-04-01") == []


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "-rwanda"}, "q"),
        ({"q": "x" * 301}, "q"),
        ({"q": "rwanda", "kind": "quote"}, "kind"),
        ({"q": "rwanda", "actor": "Kagame"}, "actor"),
        ({"q": "rwanda", "actor": "0"}, "actor"),
        ({"q": "rwanda", "source": str(2**64)}, "source"),
        ({"q": "rwanda", "date_from": "17/03/2025"}, "date_from"),
        (
            {"q": "rwanda", "date_from": "2025-04-01", "date_to": "2025-03-01"},
            "date_to",
        ),
        ({"q": "rwanda", "page": "0"}, "page"),
        ({"q": "rwanda", "page": "1000"}, "page"),
        ({"q": "rwanda", "page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
        ({"q": "rwanda", "said": "1"}, "said"),
    ],
)
def test_bad_parameters_answer_400_naming_them(db, api, params, parameter):
    response = api.get(URL, params)

    assert response.status_code == 400
    assert parameter in response.json()


def test_pages_are_bounded_and_linked(seeded, api):
    first = api.get(URL, {"q": "Rwanda", "page_size": 5}).json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 5
    assert first["previous"] is None
    assert second["previous"]
    seen = {(r["kind"], r["id"]) for r in first["results"]}
    assert not seen & {(r["kind"], r["id"]) for r in second["results"]}


def test_query_count_does_not_grow_with_the_results(reporter, fact_checker, api):
    speaker = v.actor(reporter, fact_checker, name="Maxime Prévot")
    source = v.source(reporter, fact_checker)
    v.statement(
        reporter, fact_checker, speaker=speaker, cited=source, text="Talks resume."
    )

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(URL, {"q": "Prevot talks", "page_size": 50})
        return len(queries), len(response.json()["results"])

    one_query_count, one = count()
    for number in range(9):
        v.statement(
            reporter,
            fact_checker,
            speaker=speaker,
            cited=source,
            text=f"Talks resume, round {number}.",
        )
    many_query_count, many = count()

    assert (one, many) == (1, 10)
    assert many_query_count == one_query_count


def test_a_claim_assessment_brings_a_claim_review(reporter, fact_checker, api):
    statement = v.statement(
        reporter,
        fact_checker,
        text="The border was never closed.",
        claim_rating=Statement.Rating.FALSE,
        claim_reasoning="Both governments announced the closure.",
    )

    result = api.get(URL, {"q": "border never closed"}).json()["results"][0]

    assert result["id"] == statement.pk
    review = result["citation_styles"]["claim-review"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The border was never closed."
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["alternateName"] == "False"
    assert result["display"]["claim"]["rating"] == "false"


def test_a_retracted_record_is_found_with_its_reason_and_nothing_to_copy(
    reporter, fact_checker, editor_in_chief, api
):
    speaker = v.actor(reporter, fact_checker, name="Odile Brankovic")
    gone = v.statement(
        reporter, fact_checker, speaker=speaker, text="Saffron tariffs end in May."
    )
    kept = v.statement(
        reporter, fact_checker, speaker=speaker, text="Saffron exports doubled."
    )
    workflow.retract(gone, by=editor_in_chief, reason="Misquoted: she said March.")

    answer = api.get(URL, {"q": "saffron tariffs"})
    results = {r["id"]: r for r in api.get(URL, {"q": "saffron"}).json()["results"]}
    by_speaker = api.get(URL, {"q": "said:Brankovic"}).json()["results"]

    assert set(results) == {gone.pk, kept.pk}
    retracted = results[gone.pk]
    assert retracted["retracted"]["reason"] == "Misquoted: she said March."
    assert retracted["retracted"]["date"] == timezone.localdate().isoformat()
    assert retracted["retracted"]["page"] == f"/r/statement/{gone.pk}/"
    assert retracted["display"]["retracted"] == retracted["retracted"]
    # Found by its words, it shows none of them: a retraction takes a
    # record's words off every public response.
    assert [r["id"] for r in answer.json()["results"]] == [gone.pk]
    assert "end in May" not in answer.content.decode()
    assert retracted["display"]["headline"] == ""
    assert retracted["display"]["speaker"] == "Odile Brankovic"
    assert retracted["copies"] == []
    assert retracted["citation_styles"] == {}
    # Not served whole: its public version answers 410.
    assert retracted["record"] is None
    assert api.get(f"/api/v1/statements/{gone.pk}/").status_code == 410
    assert results[kept.pk]["retracted"] is None
    assert results[kept.pk]["copies"]
    assert {r["id"] for r in by_speaker} == {gone.pk, kept.pk}
    # The public lists leave it out, as before.
    listed = api.get("/api/v1/statements/", {"q": "saffron"}).json()["results"]
    assert [r["id"] for r in listed] == [kept.pk]


@pytest.mark.postgres
def test_the_etag_comes_from_the_search_itself_on_postgresql(seeded, api):
    from django.utils.http import http_date

    from factfile.api.views import latest_change

    with CaptureQueriesContext(connection) as queries:
        response = api.get(URL, {"q": "Prevot disproportionate"})

    assert response.status_code == 200
    assert response.json()["results"]
    # The ranked search reads the latest change too: no query of its own.
    reading = [q["sql"] for q in queries if "factfile_changeentry" in q["sql"]]
    assert len(reading) == 1
    assert "ts_rank" in reading[0]
    seq, at = latest_change()
    assert seq > 0
    assert response["Last-Modified"] == http_date(at.timestamp())
    # A search that finds nothing reads it on its own, to the same effect.
    empty = api.get(URL, {"q": "zzyzzx"})
    assert empty.status_code == 200
    assert not empty.json()["results"]
    assert empty["Last-Modified"] == response["Last-Modified"]
