"""Settings come from the environment, strictly, with a safe local default."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': db['ENGINE'], "
    "'name': str(db['NAME']), 'host': db.get('HOST'), "
    "'hosts': s.ALLOWED_HOSTS, 'key': s.SECRET_KEY}))"
)


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean |= {"DJANGO_SETTINGS_MODULE": "factfile.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def settings_from(**env: str) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_is_debug_on_sqlite_under_var():
    values = settings_from()
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "var" / "factfile.sqlite3")


def test_database_url_selects_postgresql():
    values = settings_from(DATABASE_URL="postgres://newsroom@db.internal:5432/factfile")
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["host"], values["name"]) == ("db.internal", "factfile")


def test_production_settings_come_from_the_environment():
    values = settings_from(
        DEBUG="false", SECRET_KEY="k" * 50, ALLOWED_HOSTS="facts.example"
    )
    assert values["debug"] is False
    assert values["hosts"] == ["facts.example"]
    assert values["key"] == "k" * 50


@pytest.mark.parametrize(
    ("env", "error"),
    [
        (
            {"DEBUG": "false", "ALLOWED_HOSTS": "facts.example"},
            "SECRET_KEY must be set",
        ),
        ({"DEBUG": "false", "SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DATABASE_CONN_MAX_AGE": "ten"}, "DATABASE_CONN_MAX_AGE must be an integer"),
    ],
)
def test_bad_or_missing_settings_fail_loudly(env, error):
    result = load_settings(**env)
    assert result.returncode != 0
    assert error in result.stderr
