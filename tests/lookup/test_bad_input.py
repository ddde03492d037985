"""Odd or hostile queries are read safely: never a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factfile.lookup.search import QueryError, Term, fts5_match, parse, search

URL = "/api/v1/lookup/"
MALFORMED = [
    '"',
    "rwanda\x00belgium",
    "0\x00",
    '"unbalanced quote',
    'two "quotes" "',
    "-",
    "- -",
    "--",
    "-rwanda",
    "OR",
    "rwanda OR",
    "OR rwanda",
    "rwanda OR OR belgium",
    "NEAR(rwanda belgium)",
    "rwanda AND belgium NOT congo",
    "rwanda*",
    "^rwanda",
    "body:rwanda",
    "{body names}: rwanda",
    "rwanda & belgium | !congo <-> goma",
    "'; DROP TABLE lookup_lookupentry; --",
    "()",
    "(((",
    "\\",
    "%",
    "_",
    "\x00",
    "🙂",
    "ǅ ß ﬁ Ⅻ",
    "رواندا",
    "a" * 300,
    " ".join(["word"] * 16),
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_queries_never_fail(seeded, api, text):
    response = api.get(URL, {"q": text})

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "q" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "１２", "1" * 30, "-1", " 7"])
def test_an_id_filter_of_other_digits_is_refused_not_a_500(seeded, client, value):
    # Superscripts, Arabic-Indic and full-width digits pass str.isdigit().
    response = client.get("/lookup/", {"q": "rwanda", "speaker": value})

    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_malformed_query_on_the_page_gets_a_message(seeded, client):
    response = client.get("/lookup/", {"q": "-rwanda"})

    assert response.status_code == 400
    assert "cannot only exclude" in response.content.decode()


@pytest.mark.django_db
def test_very_long_input_gets_a_clear_400(api):
    response = api.get(URL, {"q": "rwanda " * 1000})

    assert response.status_code == 400
    assert "characters" in response.json()["q"][0]


def test_unbalanced_quote_runs_to_the_end():
    query = parse('rwanda "no military')

    assert query.groups == [[Term("rwanda")], [Term("no military", phrase=True)]]


def test_or_joins_neighbours_and_dashes_exclude():
    query = parse("goma OR bukavu -kigali - rwanda")

    assert query.groups == [[Term("goma"), Term("bukavu")], [Term("rwanda")]]
    assert query.excluded == [Term("kigali")]


def test_fts5_operators_in_words_stay_words():
    match = fts5_match(parse('NEAR(a b) body:x "c"" d'))

    assert match == '("NEAR(a") AND ("b)") AND ("body:x") AND ("c") AND ("d")'


def test_only_exclusions_or_too_many_words_are_refused():
    with pytest.raises(QueryError):
        parse("-rwanda -belgium")
    with pytest.raises(QueryError):
        parse(" ".join(["word"] * 17))


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=80))
def test_any_text_is_searched_or_refused_with_a_message(text):
    try:
        page = search(text)
    except QueryError as error:
        # Refused: one short line that says why, for the writer to read.
        message = str(error)
        assert message.strip()
        assert "\n" not in message
        assert len(message) <= 200
    else:
        # Searched: a page of at most the default page size of live records.
        assert len(page.hits) <= 20
        assert all(hit.data["type"] == hit.kind for hit in page.hits)
