"""Fixity: hashes of source texts and anchors, check_fixity, archive links."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from events.fixity import check_fixity
from events.models import Citation
from factfile.published.models import PublishedRecord
from sources.models import Source, text_hash
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

TEXT = (
    "KIGALI -- The ministry said on Monday that talks would resume. "
    '"We remain committed to dialogue," the spokesperson said. '
    "Officials gave no further details."
)


@pytest.fixture
def cited(reporter):  # type: ignore[no-untyped-def]
    source = factories.SourceFactory(created_by=reporter, full_text=TEXT)
    statement = factories.StatementFactory(created_by=reporter)
    citations = {
        passage: Citation.objects.create(
            created_by=reporter,
            updated_by=reporter,
            source=source,
            statement=statement,
            passage=passage,
        )
        for passage in (
            "We remain committed to dialogue",
            "talks would resume",
            "Officials gave no further details",
        )
    }
    return source, citations


def edit_text_without_reanchoring(source, text):  # type: ignore[no-untyped-def]
    source.refresh_from_db()
    source.full_text = text
    source.save()


def test_hashes_of_the_text_as_captured_and_as_anchored(cited):
    source, citations = cited
    assert source.captured_sha256 == source.text_sha256 == text_hash(TEXT)
    for citation in citations.values():
        assert citation.anchored_sha256 == text_hash(TEXT)
    assert check_fixity().clean


def test_check_fixity_after_a_source_text_edit(cited):
    source, citations = cited
    edited = ("UPDATED: " + TEXT).replace("talks would resume", "talks were off")
    edit_text_without_reanchoring(source, edited)

    report = check_fixity()

    assert [s.pk for s in report.changed_sources] == [source.pk]
    states = {f.citation_id: f for f in report.citations}
    moved = states[citations["We remain committed to dialogue"].pk]
    assert moved.state == "moved"
    assert moved.now[0] == edited.index("We remain committed")
    assert states[citations["talks would resume"].pk].state == "broken"
    assert states[citations["Officials gave no further details"].pk].state == "moved"
    source.refresh_from_db()
    assert source.captured_sha256 == text_hash(TEXT)
    assert source.text_sha256 == text_hash(edited)


def test_an_edit_after_the_passages_leaves_anchors_holding(cited):
    source, citations = cited
    edit_text_without_reanchoring(source, TEXT + " More later.")
    report = check_fixity()
    assert {f.state for f in report.citations} == {"holds"}
    assert len(report.citations) == len(citations)


def test_reanchoring_clears_the_citations_but_not_the_captured_hash(cited):
    source, _ = cited
    edit_text_without_reanchoring(source, "UPDATED: " + TEXT)
    source.reanchor_citations()
    report = check_fixity()
    assert report.citations == []
    assert [s.pk for s in report.changed_sources] == [source.pk]


def test_command_reports_in_text_and_json_and_can_fail(cited):
    source, _ = cited
    edit_text_without_reanchoring(
        source, TEXT.replace("talks would resume", "talks were off")
    )
    out = StringIO()
    call_command("check_fixity", stdout=out)
    text = out.getvalue()
    assert f"source {source.pk}" in text
    assert "anchor broke" in text
    assert (
        "0 source(s) altered outside the app, 1 changed since capture; "
        "2 anchor(s) moved, 1 broke, 0 hold." in text
    )

    out = StringIO()
    call_command("check_fixity", "--json", f"--source={source.pk}", stdout=out)
    data = json.loads(out.getvalue())
    assert data["changed_sources"][0]["captured_sha256"] == text_hash(TEXT)
    assert sorted(c["state"] for c in data["citations"]) == [
        "broken",
        "moved",
        "moved",
    ]

    with pytest.raises(CommandError, match="moved or broke"):
        call_command("check_fixity", "--fail-on-broken", stdout=StringIO())


def test_clean_fact_file_says_so():
    out = StringIO()
    call_command("check_fixity", "--fail-on-broken", stdout=out)
    assert "intact" in out.getvalue()


def test_citation_styles_include_the_archive_link(reporter, fact_checker):
    archive = "https://web.archive.example/2025/news.example/articles/1"
    source = v.source(reporter, fact_checker, archive_url=archive)
    statement = v.statement(reporter, fact_checker, cited=source)
    styles = PublishedRecord.objects.get(
        resource="statement", record_id=statement.pk
    ).data["citation_styles"]
    assert f"(archived at {archive})." in styles["text"]
    assert f"[archived]({archive})" in styles["markdown"]
    assert f'<a href="{archive}">archived</a>' in styles["html"]
    assert styles["csl-json"][0]["archive_location"] == archive


def test_citation_loaded_without_a_hash_is_reported_only_if_it_moved(cited):
    source, citations = cited
    Citation.objects.update(anchored_sha256="")
    assert check_fixity().clean
    edit_text_without_reanchoring(source, "UPDATED: " + TEXT)
    Citation.objects.update(anchored_sha256="")
    states = {f.state for f in check_fixity().citations}
    assert states == {"moved"}
    assert len(check_fixity().citations) == len(citations)


def alter_behind_the_app(source, text):  # type: ignore[no-untyped-def]
    """Change the stored text with SQL, as a bad restore or a damaged disk would."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Source._meta.db_table} SET full_text = %s WHERE id = %s",
            [text, source.pk],
        )


@pytest.mark.parametrize(
    "altered",
    [
        TEXT.replace("talks would resume", "talks were off"),
        # One character, same length: what a flipped bit looks like.
        TEXT.replace("Monday", "Sunday"),
        TEXT.replace("ministry", "ministère"),
    ],
)
def test_a_text_altered_behind_the_app_is_found_by_hashing_the_stored_text(
    cited, altered
):
    source, _ = cited
    alter_behind_the_app(source, altered)
    source.refresh_from_db()
    # Every recorded hash still agrees: only the text itself tells.
    assert source.text_sha256 == source.captured_sha256 == text_hash(TEXT)

    report = check_fixity()

    assert not report.clean
    [found] = report.altered_sources
    assert found.source_id == source.pk
    assert found.recorded_sha256 == text_hash(TEXT)
    assert found.stored_sha256 == text_hash(altered)
    assert [s.pk for s in report.changed_sources] == [source.pk]


def test_citations_of_an_altered_text_are_looked_up_in_the_stored_text(cited):
    source, citations = cited
    alter_behind_the_app(source, TEXT.replace("talks would resume", "talks were off"))

    states = {f.citation_id: f.state for f in check_fixity().citations}

    assert states == {
        citations["We remain committed to dialogue"].pk: "moved",
        citations["talks would resume"].pk: "broken",
        citations["Officials gave no further details"].pk: "moved",
    }


def test_the_command_names_an_altered_text_and_fails_on_it(cited):
    source, _ = cited
    alter_behind_the_app(source, TEXT + " Appended by hand.")

    out = StringIO()
    call_command("check_fixity", stdout=out)
    assert f"source {source.pk}" in out.getvalue()
    assert "altered outside the app" in out.getvalue()
    assert "Every source and anchor is intact" not in out.getvalue()
    data = StringIO()
    call_command("check_fixity", "--json", stdout=data)
    assert json.loads(data.getvalue())["altered_sources"][0]["id"] == source.pk
    with pytest.raises(CommandError, match="altered outside the app"):
        call_command("check_fixity", "--fail-on-broken", stdout=StringIO())


def test_texts_in_any_script_hash_the_same_in_the_database_and_in_python(reporter):
    for text in ("Prévot à Kinshasa", "Ntwari · «Twese» — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇷🇼", ""):
        factories.SourceFactory(created_by=reporter, full_text=text)

    assert check_fixity().clean
