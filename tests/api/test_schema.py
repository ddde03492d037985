"""The OpenAPI schema, the offline docs, and the API checked against its schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import max_response_time
from schemathesis.generation import GenerationMode

pytestmark = pytest.mark.django_db

# Examples per operation and generation mode: enough to reach every
# parameter, few enough to stay well under a minute.
EXAMPLES = 8


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
    # The only writes: a key's story usage and webhook subscriptions.
    writes = {
        "/api/v1/usage/": {"get", "put"},
        "/api/v1/webhooks/": {"get", "post"},
        "/api/v1/webhooks/{id}/": {"get", "delete"},
    }
    for path, ops in schema["paths"].items():
        assert set(ops) - {"parameters"} <= writes.get(path, {"get"}), path


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


def test_api_passes_every_schemathesis_check(factfile, wsgi_app):
    """Positive and negative cases of every operation, with every check."""
    api = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 12
    statuses = []
    failures = []

    for operation in operations:
        modes = [GenerationMode.POSITIVE]
        if operation.path_parameters or operation.query:
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
                derandomize=True,
            )
            def check(case):
                # The WSGI client does not decode compressed bodies.
                headers = {"Accept-Encoding": "identity"}
                if mode is GenerationMode.POSITIVE and case.query:  # noqa: B023
                    # What no schema can say, each a 400 as documented: a
                    # cursor is valid only as a next link wrote it, a name
                    # must be one an actor or source has, and a range must not
                    # end before it starts.
                    case.query.pop("cursor", None)
                    for name in ("speaker_name", "actor_name", "source_name"):
                        case.query.pop(name, None)
                    start, end = case.query.get("date_from"), case.query.get("date_to")
                    if start and end and str(end) < str(start):
                        case.query.pop("date_to")
                response = case.call(headers=headers)
                statuses.append(response.status_code)
                case.validate_response(
                    response, headers=headers, excluded_checks=[max_response_time]
                )

            try:
                check()
            except (Exception, BaseExceptionGroup) as failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")

    assert not failures, "\n\n".join(failures)
    assert {200, 400, 404} <= set(statuses)
