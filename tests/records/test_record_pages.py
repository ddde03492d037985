"""Public record pages, /r/<type>/<id>/: the record as published, nothing else."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import ActorMerge, Citation
from factfile import editorial, workflow
from factfile.published.models import PublishedRecord
from tests import factories
from tests import verified as v
from tests.front.conftest import correct

pytestmark = pytest.mark.django_db


def page(client, resource: str, record_id: int):  # type: ignore[no-untyped-def]
    return client.get(f"/r/{resource}/{record_id}/")


def test_a_statement_page_shows_the_record_its_passage_and_its_corrections(
    client, newsroom
):
    quote = newsroom["quote"]

    response = page(client, "statement", quote.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "We remain committed to dialogue." in html
    speaker = quote.speaker_id
    assert f'<a href="/r/actor/{speaker}/">Paul Kagame</a>' in html
    assert "President of Rwanda" in html
    assert "17 March 2025" in html
    # The cited passage, marked in its context, and its source's page.
    assert "<mark>We remain committed to dialogue</mark>" in html
    assert f'<a href="/r/source/{newsroom["wire"].pk}/">Talks in Luanda</a>' in html
    # The correction, its note and day, and a plain-text citation to copy.
    assert "The quote was said on 17 March, not 16 March." in html
    assert 'class="badge">Corrected</span>' in html
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', html)
    assert f"/r/statement/{quote.pk}/" in html
    assert "<script" not in html


def test_every_record_type_has_a_page(client, newsroom):
    talks = newsroom["talks"]
    citation = Citation.objects.filter(statement=newsroom["quote"]).get()

    event = page(client, "event", talks.pk).content.decode()
    actor = page(client, "actor", newsroom["quote"].speaker_id).content.decode()
    source = page(client, "source", newsroom["wire"].pk).content.decode()
    cited = page(client, "citation", citation.pk)

    assert "<h1>Talks resume in Luanda</h1>" in event
    assert "20 March 2025" in event
    assert "<h1>Paul Kagame</h1>" in actor
    assert "<h1>Talks in Luanda</h1>" in source
    assert "Wire" in source
    assert cited.status_code == 200
    assert f'<a href="/r/statement/{newsroom["quote"].pk}/">' in cited.content.decode()


def test_a_retracted_record_answers_410_with_its_reason_and_none_of_its_words(
    client, newsroom
):
    response = page(client, "statement", newsroom["withdrawn"].pk)

    html = response.content.decode()
    assert response.status_code == 410
    assert "The speaker was misidentified." in html
    assert "was retracted" in html
    assert re.search(r"retracted on <time datetime=\"[^\"]+\">\d{1,2} \w+ \d{4}", html)
    assert "recall its ambassador" not in html
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_or_malformed_address_is_a_404(client, newsroom):
    known = newsroom["quote"].pk
    for address in (
        "/r/statement/999999/",
        "/r/statement/0/",
        "/r/statement/abc/",
        "/r/statement/²/",
        "/r/statement/" + "9" * 40 + "/",
        f"/r/relation/{known}/",
        f"/r/Statement/{known}/",
        f"/r/statements/{known}/",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "We remain committed" not in response.content.decode()


def test_a_record_never_verified_has_no_page(client, reporter, fact_checker):
    speaker = v.actor(reporter, fact_checker, name="Jane Draft")
    draft = factories.StatementFactory(
        created_by=reporter, speaker=speaker, text="A draft, never public."
    )
    workflow.submit(draft, by=reporter)

    response = page(client, "statement", draft.pk)

    assert response.status_code == 404
    assert "never public" not in response.content.decode()


def test_a_pending_edit_is_not_shown_until_it_is_verified(
    client, newsroom, reporter, fact_checker
):
    talks = newsroom["talks"]
    v.edit(talks, by=reporter, title="Talks collapse in Luanda")

    before = page(client, "event", talks.pk).content.decode()
    workflow.submit(talks, by=reporter)
    workflow.correct(talks, by=fact_checker, note="The talks collapsed.")
    after = page(client, "event", talks.pk).content.decode()

    assert "Talks resume in Luanda" in before
    assert "collapse" not in before
    assert "<h1>Talks collapse in Luanda</h1>" in after
    assert "The talks collapsed." in after


def queries_for(client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_page_is_one_query_however_many_passages_and_corrections(
    client, newsroom, reporter, fact_checker
):
    few = queries_for(client, f"/r/statement/{newsroom['quote'].pk}/")
    busy = newsroom["quote"]
    for number in range(4):
        factories.CitationFactory(
            created_by=reporter,
            source=newsroom["wire"],
            statement=busy,
            passage="We remain committed to dialogue",
        )
        correct(busy, author=reporter, checker=fact_checker, note=f"Fix {number}.")
    many = queries_for(client, f"/r/statement/{busy.pk}/")

    html = client.get(f"/r/statement/{busy.pk}/").content.decode()
    assert html.count('<li class="passage') == 5
    assert html.count('class="log-entry correction"') == 5
    # The published row, and nothing else.
    assert len(few) == len(many) == 1
    assert "factfile_publishedrecord" in many[0]


def test_a_page_is_cached_until_the_record_changes(
    client, newsroom, reporter, fact_checker
):
    path = f"/r/event/{newsroom['talks'].pk}/"
    first = client.get(path)

    assert "public" in first["Cache-Control"]
    assert "max-age=" in first["Cache-Control"]
    assert "script-src 'self'" in first["Content-Security-Policy"]
    assert first["Last-Modified"]
    row = PublishedRecord.objects.get(resource="event", record_id=newsroom["talks"].pk)
    assert first["ETag"] == f'"r{row.seq}"'
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    correct(
        newsroom["talks"], author=reporter, checker=fact_checker, note="Place fixed."
    )
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_only_get_and_head(client, newsroom):
    path = f"/r/statement/{newsroom['quote'].pk}/"

    head = client.head(path)

    assert head.status_code == 200
    assert head.content == b""
    assert client.post(path).status_code == 405
    assert client.put(path).status_code == 405


def test_what_an_editor_typed_is_text_not_markup(client, reporter, fact_checker):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    speaker = v.actor(reporter, fact_checker, name=f"A {hostile}")
    quote = v.statement(
        reporter,
        fact_checker,
        speaker=speaker,
        text=f"Words {hostile}",
        passage="We remain committed to dialogue",
    )
    correct(quote, author=reporter, checker=fact_checker, note=f"Note {hostile}")

    html = page(client, "statement", quote.pk).content.decode()

    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_front_page_and_the_log_link_to_record_pages(client, newsroom):
    front = client.get("/").content.decode()
    log = client.get("/corrections/").content.decode()

    quote, talks = newsroom["quote"].pk, newsroom["talks"].pk
    withdrawn = newsroom["withdrawn"].pk
    assert f'href="/r/statement/{quote}/"' in front
    assert f'href="/r/event/{talks}/"' in front
    assert f'href="/r/statement/{withdrawn}/"' in front
    assert f'href="/r/statement/{quote}/"' in log
    assert f'href="/r/statement/{withdrawn}/"' in log
    for href in set(re.findall(r'href="(/r/[^"]+)"', front + log)):
        assert client.get(href).status_code in (200, 410), href


def test_a_copied_citation_carries_the_permalink_and_its_correction(
    client, newsroom, settings
):
    quote = newsroom["quote"]
    styles = client.get(f"/api/v1/statements/{quote.pk}/citation/").json()["styles"]
    permalink = f"{settings.FACTFILE_PUBLIC_URL}/r/statement/{quote.pk}/"
    note = editorial.PublicNote.for_record(quote).get()
    day = f"{note.created_at.day} {note.created_at:%B %Y}"

    assert styles["text"].endswith(f"Verified record, corrected on {day}: {permalink}")
    assert f"[Verified record, corrected on {day}]({permalink})" in styles["markdown"]
    assert (
        f'href="{permalink}">Verified record, corrected on {day}</a>'
        in (styles["html"])
    )
    assert styles["csl-json"][0]["URL"] == permalink
    assert f"corrected on {day}" in styles["csl-json"][0]["note"]
    # The permalink is this fact file's own page of the record.
    assert page(client, "statement", quote.pk).status_code == 200
    never_corrected = client.get(
        f"/api/v1/events/{newsroom['talks'].pk}/citation/"
    ).json()["styles"]
    assert "corrected on" not in never_corrected["text"]
    assert never_corrected["text"].endswith(f"/r/event/{newsroom['talks'].pk}/")


def test_a_merged_duplicate_redirects_to_the_surviving_record(
    client, newsroom, reporter, fact_checker
):
    survivor = newsroom["quote"].speaker
    duplicate = v.actor(reporter, fact_checker, name="P. Kagame")
    merge = ActorMerge.objects.create(
        created_by=reporter,
        updated_by=reporter,
        duplicate=duplicate,
        survivor=survivor,
        reason="The same person, entered twice.",
    )
    workflow.submit(merge, by=reporter)
    workflow.verify(merge, by=fact_checker)

    response = page(client, "actor", duplicate.pk)

    assert response.status_code == 301
    assert response["Location"] == f"/r/actor/{survivor.pk}/"
    assert page(client, "actor", survivor.pk).status_code == 200
