"""Fixtures of the tests that deploy the app as an operator would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.servers import manage, production_env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """STATIC_ROOT after ``collectstatic`` with the production settings."""
    root = tmp_path_factory.mktemp("static")
    manage(
        "collectstatic",
        "--noinput",
        env=production_env(STATIC_ROOT=str(root)),
        timeout=600,
    )
    return root
