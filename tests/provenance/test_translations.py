"""Statements in their original language, with translations of their own."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from events.models import Translation
from factfile import workflow
from factfile.editorial import WorkflowError
from factfile.published.models import PublishedRecord
from tests import verified as v
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db

ORIGINAL = "La Belgique regrette la décision du Rwanda."
ENGLISH = "Belgium regrets Rwanda's decision."


def published(pk: int) -> dict:
    return PublishedRecord.objects.get(resource="statement", record_id=pk).data


@pytest.fixture
def french(reporter, fact_checker):  # type: ignore[no-untyped-def]
    source = v.source(
        reporter,
        fact_checker,
        full_text=f"« {ORIGINAL} », a déclaré le ministre.",
        title="Le ministre réagit",
        publisher="Le Quotidien",
        language="fr",
    )
    speaker = v.actor(reporter, fact_checker, name="Maxime Prévot")
    return v.statement(
        reporter,
        fact_checker,
        speaker=speaker,
        cited=source,
        passage=ORIGINAL,
        text=ORIGINAL,
        language="fr",
    )


def translate(statement, author, **fields):  # type: ignore[no-untyped-def]
    return Translation.objects.create(
        created_by=author,
        updated_by=author,
        statement=statement,
        **{"language": "en", "text": ENGLISH, **fields},
    )


def verify(record, *, author, checker):  # type: ignore[no-untyped-def]
    workflow.submit(record, by=author)
    workflow.verify(record, by=checker)
    return record


def test_statement_keeps_its_original_and_lists_its_translation(
    french, reporter, fact_checker
):
    translation = verify(
        translate(french, reporter, translator="Ana Lopes"),
        author=reporter,
        checker=fact_checker,
    )
    data = published(french.pk)
    assert (data["text"], data["language"]) == (ORIGINAL, "fr")
    assert data["translations"] == [
        {
            "type": "translation",
            "id": translation.pk,
            "language": "en",
            "text": ENGLISH,
            "kind": "newsroom",
            "translator": "Ana Lopes",
            "translated_by": "the newsroom's translation by Ana Lopes",
        }
    ]


def test_unverified_translation_is_not_public(french, reporter):
    workflow.submit(translate(french, reporter), by=reporter)
    assert published(french.pk)["translations"] == []
    body = APIClient().get("/api/v1/statements/?q=regrets").json()
    assert body["results"] == []


def test_author_cannot_verify_own_translation(french, fact_checker):
    translation = translate(french, fact_checker)
    workflow.submit(translation, by=fact_checker)
    with pytest.raises(WorkflowError, match="someone else"):
        workflow.verify(translation, by=fact_checker)


@pytest.mark.parametrize(
    "words", ["regrets Rwanda", "regrette la decision", "Belgique regrette"]
)
def test_statement_is_found_by_either_text(french, reporter, fact_checker, words):
    verify(translate(french, reporter), author=reporter, checker=fact_checker)
    body = APIClient().get("/api/v1/statements/", {"q": words}).json()
    assert [item["id"] for item in body["results"]] == [french.pk]


def test_citation_renders_the_original_with_whose_translation(
    french, reporter, fact_checker
):
    verify(
        translate(
            french, reporter, kind="official", translator="the Belgian foreign ministry"
        ),
        author=reporter,
        checker=fact_checker,
    )
    styles = published(french.pk)["citation_styles"]
    assert (
        f"“{ORIGINAL}” [English, official translation by the Belgian foreign "
        f"ministry: “{ENGLISH}”]"
    ) in styles["text"]
    assert "\\[English, official translation" in styles["markdown"]
    assert '<span class="translation">[English, official' in styles["html"]
    assert ENGLISH in styles["csl-json"][0]["note"]


def test_newsroom_translation_is_credited_to_the_newsroom(
    french, reporter, fact_checker
):
    verify(translate(french, reporter), author=reporter, checker=fact_checker)
    text = published(french.pk)["citation_styles"]["text"]
    assert f"[English, the newsroom's translation: “{ENGLISH}”]" in text


def test_official_translation_names_its_translator(french, reporter):
    translation = Translation(
        created_by=reporter,
        updated_by=reporter,
        statement=french,
        language="en",
        text=ENGLISH,
        kind="official",
    )
    with pytest.raises(ValidationError, match="whose official translation"):
        translation.full_clean()
    translation.kind = "newsroom"
    translation.language = "fr"
    with pytest.raises(ValidationError, match="already in this language"):
        translation.full_clean()


def test_translation_added_in_the_admin_leaves_the_statement_verified(french, reporter):
    client = client_for(reporter)
    data = form_data(client, french)
    data |= {
        "translations-TOTAL_FORMS": "1",
        "translations-0-language": "en",
        "translations-0-kind": "newsroom",
        "translations-0-text": ENGLISH,
    }
    response = client.post(change_url(french), data)
    assert response.status_code == 302
    french.refresh_from_db()
    assert french.status == "verified"
    assert french.translations.get().text == ENGLISH
