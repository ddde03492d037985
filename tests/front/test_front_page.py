"""The front page: what the fact file is, a search box, the latest records, the log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factfile import front, workflow
from factfile.published.models import ChangeEntry
from tests import verified as v
from tests.front.conftest import correct

pytestmark = pytest.mark.django_db


def test_the_front_page_shows_the_latest_records_and_the_log(client, newsroom):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "We remain committed to dialogue." in page
    assert "Talks resume in Luanda" in page
    assert 'action="/lookup/"' in page
    assert 'name="q"' in page
    assert "The quote was said on 17 March, not 16 March." in page
    assert "The speaker was misidentified." in page
    assert page.index("misidentified") < page.index("17 March, not 16 March")
    assert f'href="/r/statement/{newsroom["withdrawn"].pk}/"' in page
    assert 'type="application/atom+xml"' in page
    assert "<script" not in page


def test_a_retracted_records_words_are_not_on_the_page(client, newsroom):
    page = client.get("/").content.decode()

    assert "recall its ambassador" not in page
    assert "Retracted" in page


def test_a_draft_or_a_pending_edit_never_reaches_the_page(client, newsroom, reporter):
    v.edit(newsroom["talks"], by=reporter, title="Talks collapse in Luanda")

    page = client.get("/").content.decode()

    assert "Talks resume in Luanda" in page
    assert "collapse" not in page


def test_the_log_keeps_a_correction_but_not_the_words_once_retracted(
    client, newsroom, editor_in_chief
):
    workflow.retract(newsroom["quote"], by=editor_in_chief, reason="Not verifiable.")

    page = client.get("/corrections/").content.decode()

    assert "The quote was said on 17 March, not 16 March." in page
    assert "Not verifiable." in page
    assert "committed to dialogue" not in page


def test_the_page_costs_the_same_queries_for_one_record_as_for_many(
    client, newsroom, reporter, fact_checker
):
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    for number in range(4):
        quote = v.statement(reporter, fact_checker, text=f"Statement number {number}.")
        correct(quote, author=reporter, checker=fact_checker, note=f"Fix {number}.")
        v.event(reporter, fact_checker, title=f"Event number {number}")

    with CaptureQueriesContext(connection) as many:
        response = client.get("/")

    # The last change (the ETag), statements, events, the log.
    assert len(few) == len(many) == 4
    assert response.content.decode().count('class="record"') == 10


def test_the_page_is_cached_like_the_api(client, newsroom):
    response = client.get("/")

    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    again = client.get("/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_empty_fact_file_says_so(client):
    page = client.get("/").content.decode()

    assert "No statement has been verified yet." in page
    assert "No correction or retraction yet." in page


def test_hostile_notes_are_text_not_markup(client, newsroom, reporter, fact_checker):
    correct(
        newsroom["talks"],
        author=reporter,
        checker=fact_checker,
        note='<script>alert(1)</script> "quoted" & <b>bold</b>',
        description="A longer description.",
    )

    page = client.get("/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_whole_log_pages_backwards_by_sequence_number(
    client, newsroom, reporter, fact_checker, monkeypatch
):
    quote = newsroom["quote"]
    for number in range(4):
        correct(
            quote,
            author=reporter,
            checker=fact_checker,
            note=f"Fix {number}.",
            speaker_title=f"Title {number}",
        )
    monkeypatch.setattr(front, "LOG_PAGE", 3)

    first = client.get("/corrections/").content.decode()
    older = first.split('rel="next"')[0].rpartition("?before=")[2].split('"')[0]
    second = client.get(f"/corrections/?before={older}").content.decode()

    assert [f"Fix {n}." in first for n in (3, 2, 1, 0)] == [True, True, True, False]
    assert "Fix 0." in second
    assert "Fix 1." not in second
    assert "misidentified" not in first
    assert "misidentified" in second


@pytest.mark.parametrize(
    "query",
    [
        "?before=%C2%B2",
        "?before=-1",
        "?before=1e5",
        "?before=" + "9" * 40,
        "?before=1&x=2",
        "?page=2",
    ],
)
def test_a_bad_parameter_is_a_400_not_a_500(client, query):
    response = client.get("/corrections/" + query)

    assert response.status_code == 400
    assert b"before=" in response.content


@pytest.mark.parametrize("url", ["/", "/corrections/", "/corrections/feed/"])
def test_public_pages_are_read_only(client, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_the_front_page_is_read_from_the_public_read_path(rf):
    from factfile.routers import is_public_read

    assert is_public_read(rf.get("/"))
    assert is_public_read(rf.get("/corrections/feed/"))
    assert not is_public_read(rf.post("/"))
    assert not is_public_read(rf.get("/admin/"))


def test_every_log_entry_is_a_change_of_the_feed(client, newsroom):
    page = client.get("/corrections/").content.decode()

    for entry in ChangeEntry.objects.corrections():
        assert f'id="change-{entry.seq}"' in page
