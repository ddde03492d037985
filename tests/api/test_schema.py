"""The OpenAPI schema, the offline docs, and the API checked against its schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_every_endpoint(client):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/statements/",
        "/api/v1/statements/{id}/",
        "/api/v1/statements/{id}/citation/",
        "/api/v1/events/",
        "/api/v1/actors/",
        "/api/v1/sources/",
        "/api/v1/citations/",
        "/api/v1/changes/",
        "/api/v1/export/",
    } <= set(schema["paths"])
    assert all(set(ops) <= {"get", "parameters"} for ops in schema["paths"].values())


def test_docs_load_everything_from_this_server(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page
    assert "https://" not in page


@pytest.fixture(autouse=True)
def _downloads_not_limited(settings):  # type: ignore[no-untyped-def]
    # Schemathesis leaves the exports it fetched open; a server closes every
    # response, so it never runs out of download slots that way.
    settings.FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS = 10**6


@pytest.fixture
def wsgi_app():
    """The real WSGI app, keeping the test's database connection open."""
    # Django's test client does the same: the handler would otherwise close
    # the connection that holds the test transaction after each request.
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in signals:
        signal.connect(close_old_connections)


def test_api_never_fails_and_matches_its_schema(factfile, wsgi_app):
    api = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 12
    statuses = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            # The WSGI client does not decode compressed bodies.
            response = case.call(headers={"Accept-Encoding": "identity"})
            statuses.append(response.status_code)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        check()

    assert {200, 400} <= set(statuses)
