"""French is first-class; other languages import without failing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from events.models import Statement
from events.suggesting.records import Suggestion
from sources.importing.importer import import_file
from sources.importing.language import detect_language

pytestmark = pytest.mark.django_db
ARTICLES = Path(__file__).parent / "articles"


def test_a_spanish_article_is_stored_with_its_language(reporter):
    data = (ARTICLES / "es_nota_goma.txt").read_bytes()
    outcome = import_file("es_nota_goma.txt", data, by=reporter)
    assert outcome.result == "created"
    source = outcome.source
    assert source.full_text == data.decode("utf-8")
    assert source.language == "es"
    assert source.import_record.detected_language == "es"
    # The quote is proposed; nothing in the text names its speaker in a way
    # the importer reads, so it waits for an editor.
    quote = Suggestion.objects.get(kind="quote")
    assert quote.passage.startswith("Los vuelos humanitarios")
    assert quote.actor is None
    assert not Statement.objects.exists()


def test_a_french_dispatch_gets_speakers_and_dates(reporter):
    data = (ARTICLES / "fr_depeche_bukavu.txt").read_bytes()
    outcome = import_file(
        "fr.txt", data, by=reporter, published_on=datetime.date(2025, 2, 24)
    )
    assert outcome.source.language == "fr"
    speakers = list(
        Statement.objects.order_by("citations__start").values_list(
            "speaker__name", flat=True
        )
    )
    assert speakers == [
        "Jean-Jacques Purusi",
        "Jean-Jacques Purusi",
        "Ndeye Khady Lo",
        "Raïssa Malu",
        "Raïssa Malu",
    ]
    veille = Suggestion.objects.get(kind="date", passage="la veille")
    assert (veille.date, veille.date_precision) == (datetime.date(2025, 2, 23), "day")
    # The caption's date is not the story's.
    assert not Suggestion.objects.filter(kind="date", passage__contains="14 février")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The minister said on Monday that the talks would resume in Luanda.", "en"),
        (
            "Le ministre a déclaré lundi que les discussions reprendraient à Luanda.",
            "fr",
        ),
        ("", ""),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language
