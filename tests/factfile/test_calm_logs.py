"""Calm logs and one-line configuration errors, seen as an operator sees them.

Each test runs the app's own entry points in a subprocess, so that the
logging configuration and the error handling are the real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HINTS = {
    "DEBUG": "DEBUG=true or DEBUG=false",
    "SECRET_KEY": "random string of 50 characters",
    "ALLOWED_HOSTS": "ALLOWED_HOSTS=facts.example",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "LOG_LEVEL"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factfile.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        (
            {"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "f.example"},
            "SECRET_KEY",
        ),
        ({"DEBUG": "false", "ALLOWED_HOSTS": "f.example"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "k" * 60}, "ALLOWED_HOSTS"),
        ({"DATABASE_CONN_MAX_AGE": "ten"}, "DATABASE_CONN_MAX_AGE"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable_and_the_fix(env, variable):
    result = run(["manage.py", "check"], **env)

    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")
    assert HINTS.get(variable, "") in lines[0]


def test_the_wsgi_entry_point_says_the_same_in_one_line():
    result = run(["-c", "import factfile.wsgi"], DEBUG="maybe")

    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: DEBUG must be true or false, not 'maybe': "
        "set DEBUG=true or DEBUG=false"
    )


# A 404 through the whole stack, and a 403 through Django's own handling of
# PermissionDenied, with the logging configuration of the settings.
REQUESTS = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import Client, RequestFactory
import logging

logging.getLogger("django").info("one line, once")
Client().get("/no-such-page/")
try:
    raise PermissionDenied("not yours")
except PermissionDenied as error:
    response_for_exception(RequestFactory().get("/admin/secret/"), error)
try:
    raise ValueError("real fault")
except ValueError:
    logging.getLogger("django.request").exception("boom")
"""


def test_each_line_is_logged_once_and_expected_errors_without_a_traceback():
    result = run(["-c", REQUESTS], ALLOWED_HOSTS="testserver")
    log = result.stderr

    assert result.returncode == 0, log
    assert log.count("one line, once") == 1
    assert log.count("Not Found: /no-such-page/") == 1
    assert log.count("Forbidden (Permission denied): /admin/secret/") == 1
    assert "PermissionDenied" not in log
    # A real fault keeps its traceback.
    assert log.count("Traceback") == 1
    assert "ValueError: real fault" in log
