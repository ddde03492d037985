"""No dead end: closest matches when no record has every word, and the
words of the cited sentence, on either database, with records of our own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factfile.lookup.indexing import cited_sentence
from factfile.lookup.search import search
from tests import verified as v

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Rain fell on the lakeside market all week. Standing beside the fishing "
    "boats at Gisenyi, the president said the border talks would resume soon. "
    "Traders were not convinced."
)


@pytest.fixture
def records(reporter, fact_checker):  # type: ignore[no-untyped-def]
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    article = v.source(reporter, fact_checker, full_text=ARTICLE, title="Lake notes")
    made = {
        "sovereignty": v.statement(
            reporter,
            fact_checker,
            speaker=kagame,
            text="Belgium must respect our sovereignty.",
        ),
        "talks": v.statement(
            reporter,
            fact_checker,
            speaker=kagame,
            text="Dialogue with our neighbours stays open.",
            cited=article,
            passage="the border talks would resume soon",
            kind="paraphrase",
        ),
        "belgium": v.statement(
            reporter,
            fact_checker,
            speaker=prevot,
            text="Belgium will keep its embassy in Kigali open.",
        ),
        "boats": v.statement(
            reporter,
            fact_checker,
            speaker=prevot,
            text="Fishing boats from Gisenyi should cross the lake freely.",
        ),
    }
    return {name: ("statement", item.pk) for name, item in made.items()}


def searches(queries: CaptureQueriesContext) -> int:
    """How many of the queries searched the index."""
    # A tsquery match (PostgreSQL) or an FTS5 one (SQLite).
    index = (" @@ ", "lookup_fts MATCH")
    return sum(any(t in q["sql"] for t in index) for q in queries.captured_queries)


def keys(page) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(hit.kind, hit.record_id) for hit in page.hits]


def test_the_record_with_most_words_comes_first_saying_what_it_lacks(records):
    page = search("Kagame Belgium sovereignty bananas")

    assert page.closest == ["Kagame", "Belgium", "sovereignty", "bananas"]
    assert keys(page)[0] == records["sovereignty"]
    assert page.hits[0].missing == ["bananas"]
    # Then the records holding one word each, every one saying so.
    assert {len(hit.missing) for hit in page.hits[1:]} == {3}


def test_among_equal_counts_the_stronger_name_match_leads(records):
    # "talks" holds Kagame as its speaker's name; "belgium" holds Kigali
    # in its own words only, and "Kagame" nowhere.
    page = search("Kagame Belgium zebra")

    assert keys(page)[0] == records["sovereignty"]
    two_words = [hit for hit in page.hits if len(hit.missing) == 1]
    assert len(two_words) == 1
    one_word = [keys(page)[i] for i, h in enumerate(page.hits) if len(h.missing) == 2]
    assert one_word.index(records["talks"]) < len(one_word)


def test_a_full_match_needs_no_second_search(records):
    with CaptureQueriesContext(connection) as full:
        found = search("Kagame Belgium")
    with CaptureQueriesContext(connection) as fallback:
        closest = search("Kagame bananas")

    assert found.closest == []
    assert keys(found) == [records["sovereignty"]]
    assert all(hit.missing == [] for hit in found.hits)
    assert closest.closest == ["Kagame", "bananas"]
    # The fallback is one search more, only when the first found nothing.
    assert searches(fallback) == searches(full) + 1 == 2


def test_a_single_word_no_record_holds_finds_nothing(records):
    page = search("bananas")

    assert page.hits == []
    assert page.closest == []


def test_words_of_the_cited_sentence_find_the_statement(records):
    # Neither "Gisenyi" nor "president" is in the paraphrase: they stand in
    # the sentence of the cited passage.
    assert keys(search("Gisenyi president")) == [records["talks"]]


def test_passage_words_rank_below_the_records_own_words(records):
    page = search("Gisenyi")

    assert keys(page)[:2] == [records["boats"], records["talks"]]
    assert page.closest == []


@pytest.mark.parametrize(
    ("prefix", "suffix", "sentence"),
    [
        ("week. Standing at ", " soon. Traders", "Standing at the talks soon."),
        ("", "", "the talks"),
        ("Is it? “Yes,” he said: ", "! Then", "“Yes,” he said: the talks!"),
    ],
)
def test_the_cited_sentence_is_cut_at_sentence_ends(prefix, suffix, sentence):
    citation = {"quote": "the talks", "prefix": prefix, "suffix": suffix}

    assert cited_sentence(citation) == sentence
