"""Production settings: refused without real secrets, and ``check --deploy`` passes."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.commands import run_manage as manage
from tests.ci import IN_CI

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_")}
    # The test suite's own switches are no part of a deployment.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "factfile.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "facts.example",
    }
    env |= overrides
    return {k: v for k, v in env.items() if v is not None}


@pytest.mark.once
def test_check_deploy_passes_at_warning_level_with_production_settings(
    collected_static,
):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(STATIC_ROOT=str(collected_static)),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # Only the checks listed, with their reasons, in settings.py are silenced.
    assert "(1 silenced)" in result.stdout


@pytest.mark.once
def test_check_deploy_passes_with_hsts_preload_and_nothing_silenced(collected_static):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(
            SECURE_HSTS_PRELOAD="true", STATIC_ROOT=str(collected_static)
        ),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "(0 silenced)" in result.stdout


def test_check_deploy_fails_until_static_files_are_collected(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "ERROR",
        env=production_env(STATIC_ROOT=str(tmp_path)),
    )

    assert result.returncode != 0
    assert "factfile.E001" in result.stderr
    assert "collectstatic" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be a real secret"),
        (
            {"SECRET_KEY": "insecure-development-key-do-not-use-in-production" * 2},
            "SECRET_KEY must be a real secret",
        ),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the hosts"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_and_hosts(overrides, error):
    result = manage("check", env=production_env(**overrides))

    assert result.returncode != 0
    assert error in result.stderr


def test_production_turns_on_https_hsts_and_secure_cookies():
    show = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.FACTFILE_REQUIRE_2FA]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", show],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    hsts, redirect, session, csrf, two_factor = json.loads(result.stdout)
    assert hsts >= 31536000
    assert redirect
    assert session
    assert csrf
    assert two_factor


@pytest.mark.once
def test_declared_dependencies_have_no_known_vulnerability(tmp_path):
    """pip-audit on the dependencies pyproject.toml declares; needs PyPI."""
    audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent))
    if audit is None:
        message = "pip-audit is not installed: install the dev extra"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    requirements = tmp_path / "requirements.txt"
    freeze = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    )
    requirements.write_text(freeze.stdout)
    result = subprocess.run(
        [
            audit,
            "--requirement",
            str(requirements),
            "--no-deps",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0 and "No known vulnerabilities" not in result.stdout:
        unreachable = (
            "ConnectionError" in result.stderr or "Max retries" in result.stderr
        )
        if unreachable and not IN_CI:
            pytest.skip("PyPI's vulnerability service cannot be reached")
    assert result.returncode == 0, result.stdout + result.stderr
