"""The method and a browser's CORS preflight are decided before the query."""

import pytest

pytestmark = pytest.mark.django_db

PREFLIGHT = {
    "HTTP_ORIGIN": "https://publisher.example",
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET",
    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "authorization",
}

QUERIED = [
    "/api/v1/actors/?q=x",
    "/api/v1/statements/?speaker=1&said_after=2025-01-01",
    "/api/v1/statements/1/citation/?style=markdown",
    "/api/v1/statements/1/citation/?style=nope",
    "/api/v1/changes/?after=0",
    "/api/v1/export/?format=csv",
    "/api/v1/export/?format=xml",
    "/api/v1/lookup/?q=Kagame",
    "/api/v1/actors/?unknown=1",
]


@pytest.mark.parametrize("url", QUERIED)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_with_allow_whatever_the_query(api, url, method):
    response = getattr(api, method)(url, {})

    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", QUERIED)
def test_a_browsers_preflight_with_authorization_is_answered(api, url):
    response = api.options(url, **PREFLIGHT)

    assert 200 <= response.status_code < 300
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_outside_the_api_gets_no_cors(api):
    response = api.options("/lookup/?q=x", **PREFLIGHT)

    assert "Access-Control-Allow-Origin" not in response


def test_the_filtered_list_answers_the_request_that_follows(api, factfile):
    speaker = factfile["first"].speaker_id
    response = api.get(
        f"/api/v1/statements/?speaker={speaker}",
        HTTP_ORIGIN="https://publisher.example",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert len(response.json()["results"]) == 1
