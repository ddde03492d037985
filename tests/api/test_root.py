"""The API root lists every resource, the schema and docs, and the last change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from factfile.published.models import ChangeEntry
from tests import verified as v

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_resource_with_a_url_that_answers(api, factfile):
    response = api.get("/api/v1/")

    body = response.json()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert set(body["resources"]) >= {
        "statements",
        "events",
        "actors",
        "sources",
        "citations",
        "changes",
        "lookup",
    }
    for name in ("statements", "events", "actors", "sources", "citations", "changes"):
        url = body["resources"][name]["url"]
        assert url.startswith("/api/v1/")
        assert api.get(url).status_code == 200, name
    assert body["schema"] == "/api/schema/"
    assert body["docs"] == "/api/docs/"
    assert api.get(body["schema"]).status_code == 200


def test_the_root_names_the_change_feeds_last_sequence_number(
    api, factfile, reporter, fact_checker
):
    latest = ChangeEntry.objects.order_by("-seq").first()
    before = api.get("/api/v1/").json()["changes"]

    v.actor(reporter, fact_checker, name="Félix Tshisekedi")
    after = api.get("/api/v1/").json()["changes"]

    assert before["last_seq"] == latest.seq
    assert before["url"] == "/api/v1/changes/"
    assert after["last_seq"] > before["last_seq"]
    feed = api.get(f"/api/v1/changes/?after={before['last_seq']}").json()
    assert feed["last_seq"] == after["last_seq"]


def test_an_empty_fact_file_has_last_sequence_number_zero(api):
    body = api.get("/api/v1/").json()

    assert body["changes"]["last_seq"] == 0
    assert body["changes"]["last_changed_at"] is None


def test_the_root_is_cacheable_like_the_other_public_endpoints(api, factfile):
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/")
    latest = ChangeEntry.objects.order_by("-seq").first()

    assert len(queries) == 1
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["Last-Modified"] == http_date(latest.at.timestamp())
    assert response["Access-Control-Allow-Origin"] == "*"
    again = api.get("/api/v1/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_root_is_read_only(api, method):
    assert getattr(api, method)("/api/v1/").status_code == 405


def test_an_unknown_parameter_is_refused(api):
    response = api.get("/api/v1/?limit=5")

    assert response.status_code == 400
    assert "limit" in response.json()
