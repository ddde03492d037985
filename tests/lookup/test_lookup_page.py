"""The lookup page without JavaScript: a plain form with server-rendered results."""

from __future__ import annotations

import json
import re

import pytest

from events.models import Statement
from factfile import workflow
from tests import verified as v

pytestmark = pytest.mark.django_db
URL = "/lookup/"


def test_the_empty_page_has_a_search_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="search" method="get" action="/lookup/"' in html
    assert 'name="q"' in html
    assert "/static/lookup/lookup.js" in html


def test_results_are_rendered_on_the_server(seeded, client):
    html = client.get(URL, {"q": "Prevot disproportionate"}).content.decode()

    first = html.index('<article class="result')
    assert html.index("This is disproportionate", first) < html.index(
        "Belgium announces reciprocal measures", first
    )
    assert "<strong>Maxime Prévot</strong>" in html
    assert "date unknown" not in html
    # Every citation style is there to copy by hand.
    for label in ("Plain text", "Markdown", "HTML", "CSL-JSON"):
        assert f'class="citation">{label}<textarea' in html


def test_a_corrected_item_is_marked_with_its_note(reporter, fact_checker, client):
    statement = v.statement(reporter, fact_checker, text="Talks in Nairobbi failed.")
    v.edit(statement, by=reporter, text="Talks in Nairobi failed.")
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=fact_checker, note="Place name misspelled.")

    html = client.get(URL, {"q": "nairobi"}).content.decode()

    assert "corrected-mark" in html
    assert "Place name misspelled." in html


def test_month_precision_is_shown_as_a_month(reporter, fact_checker, client):
    v.statement(
        reporter,
        fact_checker,
        text="Month-dated words.",
        said_on="2025-02-01",
        said_on_precision="month",
    )

    html = client.get(URL, {"q": "month dated"}).content.decode()

    assert '<span class="date">February 2025</span>' in html


def test_everything_is_escaped(reporter, fact_checker, client):
    v.statement(
        reporter,
        fact_checker,
        text='<script>alert("x")</script> hostile words',
        claim_rating=Statement.Rating.FALSE,
        claim_reasoning="</script><img src=x onerror=alert(1)>",
    )

    html = client.get(URL, {"q": "hostile"}).content.decode()

    assert '<script>alert("x")' not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # The ClaimReview JSON-LD sits in a data block that no text can close.
    (block,) = re.findall(
        r'<script id="statement-\d+" type="application/json">(.*?)</script>',
        html,
        flags=re.S,
    )
    assert "<" not in block
    assert json.loads(block)["reviewBody"] == "</script><img src=x onerror=alert(1)>"


def test_a_filter_narrows_and_a_bad_filter_says_why(seeded, client):
    statements = client.get(URL, {"q": "Rwanda", "kind": "statement"})
    bad = client.get(URL, {"q": "Rwanda", "date_from": "March"})

    assert 'data-kind="event"' not in statements.content.decode()
    assert bad.status_code == 400
    assert "Enter a valid date." in bad.content.decode()


def test_more_results_link_to_the_next_page(seeded, client):
    html = client.get(URL, {"q": "Rwanda", "page_size": 5}).content.decode()

    assert 'rel="next"' in html
    assert "page=2" in html


def test_each_live_result_links_to_its_record_page(reporter, fact_checker, client):
    statement = v.statement(reporter, fact_checker, text="Talks in Nairobi resumed.")
    page = f"/r/statement/{statement.pk}/"

    html = client.get(URL, {"q": "nairobi resumed"}).content.decode()
    answer = client.get("/api/v1/lookup/", {"q": "nairobi resumed"}).json()

    assert f'<p class="record-page"><a href="{page}">Record page</a></p>' in html
    assert answer["results"][0]["display"]["page"] == page
    record = client.get(page)
    assert record.status_code == 200
    assert "Talks in Nairobi resumed." in record.content.decode()
