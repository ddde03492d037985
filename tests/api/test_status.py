"""/api/v1/status/ and its badge: the state of the records a story cites."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factfile import editorial, workflow
from factfile.published.status import BadKeys, Key, parse_keys
from tests import verified as v
from tests.front.conftest import correct

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    """Three quotes a story uses: one as published, one corrected, one retracted."""
    kagame = v.actor(reporter, fact_checker, name="Paul Kagame")
    kept = v.statement(reporter, fact_checker, speaker=kagame, text="Kept words.")
    fixed = v.statement(reporter, fact_checker, speaker=kagame, text="Fixed words.")
    gone = v.statement(reporter, fact_checker, speaker=kagame, text="Gone words.")
    correct(
        fixed,
        author=reporter,
        checker=fact_checker,
        note="The date was 17 March.",
        speaker_title="President",
    )
    workflow.retract(gone, by=editor_in_chief, reason="The quote was misattributed.")
    return {"kept": kept, "fixed": fixed, "gone": gone, "speaker": kagame}


def test_each_record_has_its_state_in_the_order_asked(client, story, settings):
    kept, fixed, gone = story["kept"].pk, story["fixed"].pk, story["gone"].pk
    ids = f"statement:{gone},statement:{kept},actor:{story['speaker'].pk},"
    ids += f"statement:{fixed},event:987654,statement:{kept}"

    response = client.get("/api/v1/status/", {"ids": ids})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [
        f"statement:{gone}",
        f"statement:{kept}",
        f"actor:{story['speaker'].pk}",
        f"statement:{fixed}",
        "event:987654",
    ]
    by_id = {r["id"]: r for r in results}
    assert by_id[f"statement:{kept}"] == {
        "id": f"statement:{kept}",
        "state": "published",
        "url": f"{settings.FACTFILE_PUBLIC_URL}/r/statement/{kept}/",
        "version": story["kept"].verified_version,
    }
    corrected = by_id[f"statement:{fixed}"]
    note = editorial.PublicNote.for_record(story["fixed"]).get()
    assert corrected["state"] == "corrected"
    assert corrected["note"] == "The date was 17 March."
    assert corrected["corrected_on"] == note.created_at.date().isoformat()
    retracted = by_id[f"statement:{gone}"]
    assert retracted["state"] == "retracted"
    assert retracted["reason"] == "The quote was misattributed."
    assert retracted["retracted_on"]
    assert retracted["url"].endswith(f"/r/statement/{gone}/")
    assert client.get(f"/r/statement/{gone}/").status_code == 410
    assert "Gone words" not in response.content.decode()
    assert by_id["event:987654"] == {"id": "event:987654", "state": "unknown"}


def test_a_draft_is_unknown(client, reporter, fact_checker):
    from tests import factories

    speaker = v.actor(reporter, fact_checker)
    draft = factories.StatementFactory(created_by=reporter, speaker=speaker)

    response = client.get("/api/v1/status/", {"ids": f"statement:{draft.pk}"})

    assert response.json()["results"] == [
        {"id": f"statement:{draft.pk}", "state": "unknown"}
    ]


def test_one_query_for_one_id_or_a_hundred(client, story, settings):
    settings.FACTFILE_RESPONSE_CACHE_SECONDS = 0
    one = f"statement:{story['kept'].pk}"
    many = ",".join([one, *(f"event:{n}" for n in range(1, 100))])

    counts = []
    for ids in (one, many):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/status/", {"ids": ids}).status_code == 200
        counts.append(
            [
                q["sql"]
                for q in captured.captured_queries
                if "publishedrecord" in q["sql"]
            ]
        )

    # The states and the latest change come from one query, whatever the ids.
    assert [len(c) for c in counts] == [1, 1]


def test_cached_with_an_etag_until_a_state_changes(
    client, story, reporter, fact_checker
):
    url = f"/api/v1/status/?ids=statement:{story['kept'].pk}"
    first = client.get(url)

    assert "public" in first["Cache-Control"]
    assert first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    correct(story["kept"], author=reporter, checker=fact_checker, note="Fixed.")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["results"][0]["state"] == "corrected"


@pytest.mark.parametrize(
    "ids",
    [
        "",
        "statement",
        "statement:",
        "statement:0",
        "statement:012",
        "statement:-1",
        "statement:1.5",
        "statement:²",
        "Statement:1",
        "relation:1",
        "statement:1,",
        ",statement:1",
        "statement:1 ,event:2",
        "statement:1;event:2",
        "statement:" + "9" * 19,
        "<script>alert(1)</script>",
        ",".join(f"event:{n}" for n in range(1, 102)),
    ],
)
def test_malformed_or_too_many_ids_are_a_400_that_says_why(client, ids):
    response = client.get("/api/v1/status/", {"ids": ids})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["ids"][0]
    assert "\n" not in message
    assert "<script>" not in response.content.decode()


def test_missing_repeated_or_unknown_parameters_are_a_400(client):
    assert client.get("/api/v1/status/").status_code == 400
    assert client.get("/api/v1/status/?ids=event:1&ids=event:2").status_code == 400
    assert client.get("/api/v1/status/?ids=event:1&id=event:2").status_code == 400


def test_a_hundred_ids_are_allowed(client):
    ids = ",".join(f"event:{n}" for n in range(1, 101))

    response = client.get("/api/v1/status/", {"ids": ids})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_parser_reads_ids_or_refuses_them_in_one_line(raw):
    try:
        keys = parse_keys(raw)
    except BadKeys as error:
        message = str(error)
    else:
        message = ""
    assert "\n" not in message
    if message:
        return
    assert all(isinstance(key, Key) and key.record_id >= 1 for key in keys)
    assert ",".join(map(str, keys)) == ",".join(dict.fromkeys(raw.split(",")))


def test_the_api_is_open_to_other_origins(client, story):
    response = client.get(
        f"/api/v1/status/?ids=statement:{story['kept'].pk}",
        HTTP_ORIGIN="https://news.example",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def badge_text(response) -> str:  # type: ignore[no-untyped-def]
    tree = ET.fromstring(response.content)
    return " ".join(t.text or "" for t in tree.iter(f"{SVG}text"))


def test_the_badge_is_an_svg_of_the_state(client, story):
    kept = client.get(f"/api/v1/status/badge.svg?id=statement:{story['kept'].pk}")
    fixed = client.get(f"/api/v1/status/badge.svg?id=statement:{story['fixed'].pk}")
    gone = client.get(f"/api/v1/status/badge.svg?id=statement:{story['gone'].pk}")
    unknown = client.get("/api/v1/status/badge.svg?id=event:999999")

    for response in (kept, fixed, gone, unknown):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert response["ETag"]
        assert "<script" not in response.content.decode()
    assert badge_text(kept) == "fact file verified"
    assert badge_text(fixed).startswith("fact file corrected ")
    assert badge_text(gone).startswith("fact file retracted ")
    assert badge_text(unknown) == "fact file not in the fact file"


def test_the_badge_answers_an_image_request_and_refuses_a_bad_id(client):
    accept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"

    image = client.get("/api/v1/status/badge.svg?id=event:1", HTTP_ACCEPT=accept)
    json = client.get("/api/v1/status/badge.svg?id=event:1", HTTP_ACCEPT="text/html")
    bad = client.get("/api/v1/status/badge.svg?id=<b>x</b>", HTTP_ACCEPT=accept)
    two = client.get("/api/v1/status/badge.svg?id=event:1,event:2")

    assert image.status_code == json.status_code == 200
    assert image["Content-Type"].startswith("image/svg+xml")
    assert bad.status_code == two.status_code == 400
    assert bad["Content-Type"].startswith("application/json")
    assert "<b>" not in bad.content.decode()


def test_the_badge_escapes_what_it_writes():
    from factfile.api.status import badge

    svg = badge("fact <file>", 'say "&" </text><script>', "#000")

    tree = ET.fromstring(svg)
    assert [t.text for t in tree.iter(f"{SVG}text")] == [
        "fact <file>",
        'say "&" </text><script>',
    ]
    assert tree.find(f"{SVG}script") is None
