"""On PostgreSQL, a very common word ranks a bounded set of live matches."""

from __future__ import annotations

import pytest

from factfile.lookup import search as lookup_search
from factfile.lookup.search import Filters, search
from tests.lookup.conftest import postgresql_only

pytestmark = [pytest.mark.django_db, postgresql_only]


def test_only_the_bounded_candidates_are_ranked(seeded, monkeypatch):
    everything = search("Rwanda", limit=50).hits
    assert len(everything) > 3
    monkeypatch.setattr(lookup_search, "CANDIDATES", 3)
    assert len(search("Rwanda", limit=50).hits) == 3


def test_filters_apply_before_the_bound(seeded, monkeypatch):
    kagame = next(
        hit.record_id for hit in search("Kagame", limit=50).hits if hit.kind == "actor"
    )
    filtered = search("Rwanda", filters=Filters(actor=kagame), limit=50).hits
    assert filtered
    monkeypatch.setattr(lookup_search, "CANDIDATES", len(filtered))
    bounded = search("Rwanda", filters=Filters(actor=kagame), limit=50).hits
    assert {h.record_id for h in bounded} == {h.record_id for h in filtered}
