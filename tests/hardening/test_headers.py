"""Security headers, error responses and CORS on every surface."""

from __future__ import annotations

import contextlib

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.hardening.boom_urls import SECRET_MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):  # type: ignore[no-untyped-def]
    """The production values of the settings that DEBUG off turns on."""
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.ROOT_URLCONF = "tests.hardening.boom_urls"
    return settings


def surfaces(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    paths = {
        "api list": "/api/v1/statements/",
        "api detail 404": "/api/v1/statements/999999/",
        "api unknown path": "/api/v1/nothing-here/",
        "schema": reverse("api-schema"),
        "docs": reverse("api-docs"),
        "admin login": reverse("admin:login"),
        "admin index": reverse("admin:index"),
        "admin changelist": reverse("admin:events_statement_changelist"),
        "page 404": "/no-such-page/",
        "page 500": "/boom/",
        "api 500": "/api/v1/boom/",
        "page 503": "/database-gone/",
        "api 503": "/api/v1/database-gone/",
        "health": "/health/",
    }
    with contextlib.suppress(NoReverseMatch):
        paths["lookup"] = reverse("lookup")
    return paths


def fetch(user, path: str):  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    if user is not None and path.startswith("/admin/") and "login" not in path:
        client.force_login(user)
    return client.get(path, secure=True)


def test_every_surface_sends_the_security_headers(production, editor_in_chief):
    for name, path in surfaces(editor_in_chief).items():
        response = fetch(editor_in_chief, path)
        assert response.status_code < 600, name
        headers = response.headers
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000"), name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        policy = headers["Content-Security-Policy"]
        directives = dict(
            ([*part.split(" ", 1), ""])[:2] for part in policy.split("; ")
        )
        assert directives["script-src"] == "'self'", name
        assert "unsafe-inline" not in directives["script-src"], name
        assert "unsafe-eval" not in policy, name
        assert directives["frame-ancestors"] == "'none'", name
        assert directives["object-src"] == "'none'", name


def test_the_policy_is_enforced_not_report_only(production):
    response = fetch(None, "/api/v1/statements/")
    assert "Content-Security-Policy" in response.headers
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_cookies_are_secure_and_http_only_in_production(production, reporter):
    from tests.factories import PASSWORD

    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": reporter.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf = login_page.cookies.get(django_settings.CSRF_COOKIE_NAME)
    if csrf is not None:
        assert csrf["secure"]


def test_staff_sessions_expire(settings):  # type: ignore[no-untyped-def]
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    # Sessions live in the database, so a cache that goes down logs no one out.
    assert settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )


# Errors ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/boom/", "/database-gone/"])
def test_an_error_page_shows_no_traceback_sql_or_setting(production, path):
    response = fetch(None, path)

    assert response.status_code in (500, 503)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    for leak in (SECRET_MARKER, "Traceback", "SECRET_KEY", "settings", 'File "'):
        assert leak not in body


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/boom/", 500),
        ("/api/v1/database-gone/", 503),
        ("/api/v1/nothing-here/", 404),
        ("/api/v1/statements/999999/", 404),
        ("/api/v1/statements/?bogus=1", 400),
    ],
)
def test_api_errors_are_json_without_internals(production, path, status):
    response = fetch(None, path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body
    text = response.content.decode()
    for leak in (SECRET_MARKER, "Traceback", "SECRET_KEY"):
        assert leak not in text


def test_database_errors_answer_503_with_retry_after(production):
    for path in ("/api/v1/database-gone/", "/database-gone/"):
        response = fetch(None, path)
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert "no-store" in response["Cache-Control"]


def test_404_page_is_the_projects_own(production):
    response = fetch(None, "/no-such-page/")
    assert response.status_code == 404
    assert "Nothing was found at this address." in response.content.decode()


# CORS ------------------------------------------------------------------------


def test_cors_is_open_on_the_api_for_reading_without_credentials(production):
    client = Client()
    response = client.get(
        "/api/v1/statements/", HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}

    preflight = client.options(
        "/api/v1/statements/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/statements/").status_code == 405


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/health/", "/no-such-page/", "/account/two-factor/"]
)
def test_no_cors_outside_the_api(production, path):
    response = Client().get(path, HTTP_ORIGIN="https://elsewhere.example", secure=True)
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Credentials" not in response
