"""The filters' typeahead: bounded answers in a fixed number of queries, and
the same boxes filtering as plain text when no script runs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factfile.lookup import typeahead
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db


def actor_with_alias(reporter, fact_checker, name: str, alias: str):  # type: ignore[no-untyped-def]
    actor = factories.ActorFactory(created_by=reporter, name=name)
    factories.AliasFactory(actor=actor, name=alias)
    return v.verified(actor, author=reporter, checker=fact_checker)


@pytest.fixture
def people(reporter, fact_checker):  # type: ignore[no-untyped-def]
    kagame = actor_with_alias(reporter, fact_checker, "Paul Kagame", "Afande")
    prevot = v.actor(reporter, fact_checker, name="Maxime Prévot")
    gazette = v.source(
        reporter, fact_checker, title="Lakeside gazette", publisher="Kivu Morning"
    )
    said = {
        "kagame_said": v.statement(
            reporter,
            fact_checker,
            speaker=kagame,
            text="Belgium must respect our sovereignty.",
            cited=gazette,
        ),
        "prevot_said": v.statement(
            reporter,
            fact_checker,
            speaker=prevot,
            text="Belgium will keep its embassy open.",
        ),
    }
    return {"kagame": kagame, "prevot": prevot, "gazette": gazette, **said}


def options(client: Client, url: str, q: str) -> list[dict[str, object]]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_actors_by_the_start_of_a_name_or_alias(client, people):
    assert options(client, "/lookup/actors/", "kag") == [
        {"id": people["kagame"].pk, "name": "Paul Kagame", "also": ""}
    ]
    assert options(client, "/lookup/actors/", "paul ka") == [
        {"id": people["kagame"].pk, "name": "Paul Kagame", "also": ""}
    ]
    # An alias finds the actor, and says which name matched.
    assert options(client, "/lookup/actors/", "afan") == [
        {"id": people["kagame"].pk, "name": "Paul Kagame", "also": "Afande"}
    ]
    # Accents do not matter.
    assert [o["name"] for o in options(client, "/lookup/actors/", "PREVO")] == [
        "Maxime Prévot"
    ]
    assert options(client, "/lookup/actors/", "nobody") == []


def test_sources_by_title_or_outlet(client, people):
    found = options(client, "/lookup/sources/", "kivu morn")
    assert [o["id"] for o in found] == [people["gazette"].pk]
    assert found[0]["name"] == "Lakeside gazette"


def searches(queries: CaptureQueriesContext) -> int:
    """The queries made, less the statement timeout a request may set first
    (inside a test's transaction, on every request after a public one)."""
    made = [q["sql"] for q in queries.captured_queries]
    return sum(not sql.startswith("SET statement_timeout") for sql in made)


def test_a_page_of_ten_in_one_query_however_many_match(client, reporter, fact_checker):
    for number in range(typeahead.LIMIT + 3):
        v.actor(reporter, fact_checker, name=f"Mukamana Number{number:02}")
        v.source(reporter, fact_checker, title=f"Mukamana report {number:02}")

    for url, q, found in [
        ("/lookup/actors/", "mukam", typeahead.LIMIT),
        ("/lookup/sources/", "mukamana rep", typeahead.LIMIT),
        ("/lookup/actors/", "mukamana number0", 10),
        ("/lookup/actors/", "mukamana number1", 3),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert len(options(client, url, q)) == found
        assert searches(queries) == 1, (url, q)


@pytest.mark.parametrize(
    "q", ["", "   ", '"""', "x" * 10_000, "\x00kag", "<script>", "a" * 99 + " b", "%"]
)
def test_odd_input_answers_a_list(client, people, q):
    assert isinstance(options(client, "/lookup/actors/", q), list)
    assert isinstance(options(client, "/lookup/sources/", q), list)


def ids_on_page(client: Client, **params: str) -> list[str]:
    response = client.get("/lookup/", params)
    assert response.status_code == 200, response.content
    return [result.dom_id for result in response.context["results"]]


def test_without_script_the_typed_name_filters(client, people):
    kagame = f"statement-{people['kagame_said'].pk}"
    prevot = f"statement-{people['prevot_said'].pk}"
    assert sorted(ids_on_page(client, q="Belgium")) == sorted([kagame, prevot])
    # A name, an alias, or what the operator would take.
    for name in ("Paul Kagame", "kagame", "Afande", 'said:"Paul Kagame"'):
        assert ids_on_page(client, q="Belgium", speaker_name=name) == [kagame]
    assert ids_on_page(client, q="Belgium", source_name="kivu morning") == [kagame]
    # The chosen id wins over the name left in the box.
    assert ids_on_page(
        client, q="Belgium", speaker_name="Kagame", speaker=str(people["prevot"].pk)
    ) == [prevot]


def test_a_name_no_actor_has_says_so(client, people):
    response = client.get("/lookup/", {"q": "Belgium", "speaker_name": "Nobody Here"})
    assert response.status_code == 400
    assert "No actor is called “Nobody Here”" in response.content.decode()
    # The box keeps what was typed.
    assert 'value="Nobody Here"' in response.content.decode()
    response = client.get("/lookup/", {"q": "Belgium", "source_name": "no such"})
    assert response.status_code == 400
    assert "No source has “no such”" in response.content.decode()


def test_the_api_reads_the_names_too(api, people):
    response = api.get("/api/v1/lookup/", {"q": "Belgium", "speaker_name": "Afande"})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [people["kagame_said"].pk]
    response = api.get("/api/v1/lookup/", {"q": "Belgium", "actor_name": "Zzz Qqq"})
    assert response.status_code == 400
    assert "actor_name" in response.json()
