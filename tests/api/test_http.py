import pytest

from factfile import workflow
from tests import verified as v

pytestmark = pytest.mark.django_db


def test_etag_and_last_modified_give_304(api, factfile):
    url = "/api/v1/statements/"
    first = api.get(url)

    assert first["ETag"]
    assert first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_publication_changes_the_etag(api, factfile, reporter, fact_checker):
    url = f"/api/v1/statements/{factfile['first'].pk}/"
    before = api.get(url)["ETag"]
    statement = factfile["first"]
    v.edit(statement, by=reporter, text="Changed.")
    workflow.submit(statement, by=reporter)

    assert api.get(url)["ETag"] == before  # a pending edit changes nothing
    workflow.correct(statement, by=fact_checker, note="Changed.")

    response = api.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


def test_cache_control_suits_a_cdn(api, factfile):
    response = api.get("/api/v1/events/")

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "stale-while-revalidate=300"} <= directives


def test_errors_are_not_cached(api, factfile):
    response = api.get("/api/v1/events/?nope=1")

    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]


def test_cors_is_open_for_the_api_only(api, factfile):
    response = api.get("/api/v1/actors/", HTTP_ORIGIN="https://elsewhere.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "ETag" in response["Access-Control-Expose-Headers"]
    admin = api.get("/admin/login/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in admin


@pytest.mark.parametrize(
    "url",
    ["/api/v1/statements/", "/api/v1/statements/1/", "/api/v1/changes/"],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_reading_is_allowed(api, factfile, url, method):
    assert getattr(api, method)(url, {}).status_code == 405


def test_head_and_options_work(api, factfile):
    assert api.head("/api/v1/statements/").status_code == 200
    assert api.options("/api/v1/statements/").status_code == 200


@pytest.mark.django_db
def test_a_parameter_given_twice_is_refused_not_half_read(api):
    response = api.get("/api/v1/statements/?language=fr&language=en")
    assert response.status_code == 400
    assert response.json() == {"language": ["Given more than once; give it once."]}
