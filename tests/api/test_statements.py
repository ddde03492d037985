import pytest

from factfile import workflow
from factfile.published.models import PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db

URL = "/api/v1/statements/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_list_is_newest_first_with_the_published_json(api, factfile):
    response = api.get(URL)

    assert ids(response) == [factfile["second"].pk, factfile["first"].pk]
    first = response.json()["results"][1]
    assert first["speaker"]["name"] == "Paul Kagame"
    assert first["api_url"] == f"{URL}{factfile['first'].pk}/"


def test_detail_by_stable_id(api, factfile):
    response = api.get(f"{URL}{factfile['first'].pk}/")

    assert response.status_code == 200
    assert response.json()["text"] == "We remain committed to dialogue."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speaker={kagame}", ["first"]),
        ("actor={belgium}", ["first"]),
        ("about={belgium}", ["first"]),
        ("source={daily}", ["second"]),
        ("publisher=Wire Service", ["first"]),
        ("kind=paraphrase", ["second"]),
        ("channel=press_conference", ["first"]),
        ("language=fr", ["second"]),
        ("said_after=2025-03-18", ["second"]),
        ("said_before=2025-03-17", ["first"]),
        ("q=PREVOT regrets", ["second"]),
        ("q=prévot", ["second"]),
        ("q=nobody", []),
        ("ordering=date", ["first", "second"]),
        ("ordering=id", ["first", "second"]),
        ("ordering=-changed", ["second", "first"]),
    ],
)
def test_filters(api, factfile, query, expected):
    filled = query.format(**{name: record.pk for name, record in factfile.items()})

    assert ids(api.get(f"{URL}?{filled}")) == [factfile[name].pk for name in expected]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("speakr=1", "speakr"),
        ("speaker=abc", "speaker"),
        ("speaker=99999999999999999999999", "speaker"),
        ("said_after=17/03/2025", "said_after"),
        ("kind=rumour", "kind"),
        ("page_size=201", "page_size"),
        ("page_size=0", "page_size"),
        ("ordering=speaker", "ordering"),
        ("cursor=garbage", "cursor"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api, factfile, query, parameter):
    response = api.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert parameter in response.json()


def test_pages_follow_the_next_link_without_overlap(
    api, reporter, fact_checker, factfile
):
    seen = []
    url = f"{URL}?page_size=1&ordering=date"
    while url:
        body = api.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]

    assert seen == [factfile["first"].pk, factfile["second"].pk]


def test_unknown_id_is_404(api, factfile):
    assert api.get(f"{URL}999999/").status_code == 404
    assert api.get(f"{URL}99999999999999999999999999/").status_code == 404
    assert api.get(f"{URL}abc/").status_code == 404


def test_retracted_statement_is_410_with_reason_and_date(
    api, factfile, editor_in_chief
):
    statement = factfile["first"]
    workflow.retract(statement, by=editor_in_chief, reason="Misattributed quote.")

    response = api.get(f"{URL}{statement.pk}/")

    assert response.status_code == 410
    assert response.json()["reason"] == "Misattributed quote."
    assert response.json()["retracted_at"]
    assert statement.pk not in ids(api.get(URL))


def test_draft_statement_is_404(api, reporter):
    from tests.factories import StatementFactory

    draft = StatementFactory(created_by=reporter)

    assert api.get(f"{URL}{draft.pk}/").status_code == 404


@pytest.mark.parametrize("style", ["text", "markdown", "html", "csl-json"])
def test_citation_in_each_style(api, factfile, style):
    response = api.get(f"{URL}{factfile['first'].pk}/citation/?style={style}")

    assert response.status_code == 200
    assert response.json()["style"] == style
    assert response.json()["citation"]


def test_citation_with_unknown_style_is_400(api, factfile):
    response = api.get(f"{URL}{factfile['first'].pk}/citation/?style=apa")

    assert response.status_code == 400
    assert "style" in response.json()


def test_event_citation_and_filters(api, factfile):
    talks = factfile["talks"]
    response = api.get(f"/api/v1/events/{talks.pk}/citation/?style=text")

    assert response.json()["citation"].startswith("Talks resume in Luanda")
    assert ids(api.get(f"/api/v1/events/?about={factfile['belgium'].pk}")) == [talks.pk]
    assert ids(api.get(f"/api/v1/events/?actor={factfile['kagame'].pk}")) == [talks.pk]
    assert ids(api.get("/api/v1/events/?starts_after=2025-03-21")) == []
    assert ids(api.get("/api/v1/events/?q=luanda")) == [talks.pk]


def test_actors_sources_citations_lists(api, factfile):
    assert ids(api.get("/api/v1/actors/?kind=state")) == [factfile["belgium"].pk]
    assert ids(api.get("/api/v1/sources/?publisher=Wire Service")) == [
        factfile["wire"].pk
    ]
    citations = api.get(f"/api/v1/citations/?statement={factfile['first'].pk}")
    assert len(ids(citations)) == 1
    assert ids(api.get("/api/v1/citations/?stance=disputes")) == []


@pytest.mark.parametrize(
    "resource", ["statements", "events", "actors", "sources", "citations"]
)
def test_every_list_serves_the_stored_json_with_its_url(
    api, factfile, reporter, fact_checker, resource
):
    # Quotes, back-slashes, accents and non-Latin text survive the page being
    # assembled from the stored JSON text.
    v.statement(
        reporter,
        fact_checker,
        speaker=factfile["kagame"],
        text='He said: "Ni \\ ibihe" — déjà vu, 平和, \u2028 end.',
        said_on="2025-03-19",
    )
    names = {"statements": "statement", "events": "event", "actors": "actor"}
    kind = names.get(resource, resource.removesuffix("s"))
    stored = {
        row.record_id: row.data for row in PublishedRecord.objects.of(kind).live()
    }

    response = api.get(f"/api/v1/{resource}/", {"page_size": 200})

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["next"] is None
    assert {item["id"]: item for item in body["results"]} == {
        pk: {**data, "api_url": f"/api/v1/{resource}/{pk}/"}
        for pk, data in stored.items()
    }


def test_the_next_link_of_an_assembled_page_is_valid_json(api, factfile):
    first = api.get(URL, {"page_size": 1}).json()
    second = api.get(first["next"]).json()

    assert [first["results"][0]["id"], second["results"][0]["id"]] == [
        factfile["second"].pk,
        factfile["first"].pk,
    ]
    assert second["next"] is None


@pytest.mark.parametrize("query", ["said_before=2030-01-01", "said_after=0001-01-01"])
def test_date_bounds_leave_out_undated_statements(
    api, factfile, reporter, fact_checker, query
):
    undated = v.statement(
        reporter,
        fact_checker,
        speaker=factfile["kagame"],
        said_on=None,
        said_on_precision="unknown",
    )
    everything = ids(api.get(URL))

    bounded = api.get(f"{URL}?{query}")

    assert undated.pk in everything
    assert ids(bounded) == [factfile["second"].pk, factfile["first"].pk]
