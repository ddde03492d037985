"""On PostgreSQL, a very common word ranks a bounded set of live matches."""

from __future__ import annotations

import pytest

from factfile.lookup import postgresql as lookup_postgresql
from factfile.lookup.search import Filters, search
from tests.lookup.conftest import postgresql_only

pytestmark = [pytest.mark.django_db, postgresql_only]


def test_only_the_bounded_candidates_are_ranked(seeded, monkeypatch):
    everything = search("Rwanda", limit=50).hits
    assert len(everything) > 3
    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", 3)
    assert len(search("Rwanda", limit=50).hits) == 3


def test_filters_apply_before_the_bound(seeded, monkeypatch):
    kagame = next(
        hit.record_id for hit in search("Kagame", limit=50).hits if hit.kind == "actor"
    )
    filtered = search("Rwanda", filters=Filters(actors=[kagame]), limit=50).hits
    assert filtered
    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", len(filtered))
    bounded = search("Rwanda", filters=Filters(actors=[kagame]), limit=50).hits
    assert {h.record_id for h in bounded} == {h.record_id for h in filtered}


def test_the_bounded_candidates_are_matches_ranked_best_first(seeded, monkeypatch):
    every = {(h.kind, h.record_id) for h in search("Rwanda", limit=500).hits}
    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", 5)
    bounded = search("Rwanda", limit=50).hits
    assert len(bounded) == 5
    assert {(h.kind, h.record_id) for h in bounded} <= every
    assert [h.rank for h in bounded] == sorted((h.rank for h in bounded), reverse=True)


def test_a_phrase_is_checked_within_entries_holding_its_words(seeded, monkeypatch):
    phrase = {(h.kind, h.record_id) for h in search('"talks in Luanda"').hits}
    words = search("talks in Luanda", limit=50).hits
    assert phrase
    # Bounded to the entries holding the three words, the phrase is still
    # found in every one of them that has it.
    monkeypatch.setattr(lookup_postgresql, "EXAMINED", len(words))
    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", len(phrase))
    assert {(h.kind, h.record_id) for h in search('"talks in Luanda"').hits} == phrase
    # Fewer entries looked at, fewer found, and only the phrase.
    monkeypatch.setattr(lookup_postgresql, "EXAMINED", 1)
    fewer = {(h.kind, h.record_id) for h in search('"talks in Luanda"').hits}
    assert len(fewer) <= 1
    assert fewer <= phrase


def test_only_the_examined_entries_are_looked_at(seeded, monkeypatch):
    every = {(h.kind, h.record_id) for h in search("Rwanda", limit=500).hits}
    assert len(every) > 3
    # Candidates to spare: only the entries looked at bound what is found.
    monkeypatch.setattr(lookup_postgresql, "CANDIDATES", len(every))
    monkeypatch.setattr(lookup_postgresql, "EXAMINED", 3)
    examined = {(h.kind, h.record_id) for h in search("Rwanda", limit=500).hits}
    assert len(examined) == 3
    assert examined <= every
