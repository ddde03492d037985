"""The best match is ranked even when more records match than are ranked.

On PostgreSQL at most ``CANDIDATES`` matches are ranked; here the bound is
lowered so that the common words, and even the common words with the name,
match more records than it. The record that holds the rare name in its own
words, published last (so that a scan meets it last), must still lead.
"""

from __future__ import annotations

import pytest
from django.db import connection

from factfile.lookup import postgresql as lookup_postgresql
from factfile.lookup.search import search
from tests import verified as v

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(reporter, fact_checker):  # type: ignore[no-untyped-def]
    quenneville = v.actor(reporter, fact_checker, name="Zorislav Quenneville")
    others = v.actor(reporter, fact_checker, name="Amara Osei")
    for number in range(6):
        v.statement(
            reporter,
            fact_checker,
            speaker=others,
            text=f"The harbour plan needs money, part {number}.",
        )
    for number in range(6):
        v.statement(
            reporter,
            fact_checker,
            speaker=quenneville,
            text=f"The harbour plan needs patience, part {number}.",
        )
    return v.statement(
        reporter,
        fact_checker,
        speaker=quenneville,
        text="Quenneville will not sign the harbour plan.",
    )


def test_the_rare_name_in_the_records_own_words_leads(archive, monkeypatch):
    unbounded = search("harbour plan Quenneville", limit=50).hits
    assert len(unbounded) == 7
    assert (unbounded[0].kind, unbounded[0].record_id) == ("statement", archive.pk)

    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", 3)
    if connection.vendor == "postgresql":
        # SQLite's FTS5 ranks every match; PostgreSQL at most CANDIDATES,
        # fewer than the common words alone, or with the name, match.
        assert len(search("harbour plan", limit=50).hits) == 3
    bounded = search("harbour plan Quenneville", limit=50).hits

    assert (bounded[0].kind, bounded[0].record_id) == ("statement", archive.pk)
    assert [h.rank for h in bounded] == sorted((h.rank for h in bounded), reverse=True)
