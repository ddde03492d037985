"""The README's quick start works as written: every command of its shell blocks.

``make run`` serves until stopped: it is started, must answer within a
time limit, and is then stopped. ``make test`` is run on a small part of the
suite (``PYTEST_ARGS``), not the whole of it again from inside itself. Both
use a fresh SQLite database in a temporary folder and a free port.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks.commands import free_port

ROOT = Path(__file__).resolve().parents[2]
# Long enough for migrating and seeding a new database on a busy machine.
SERVER_START_SECONDS = 240
# A part of the suite that is quick and does not run this test again.
SMALL_PART = "tests/factfile/test_folding.py -q"

pytestmark = pytest.mark.once


def quick_start_commands() -> list[str]:
    """Each command line of the shell blocks under the README's "Quick start"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|shell)\n(.*?)```", section, re.DOTALL)
    lines = [line.split(" #", 1)[0].strip() for b in blocks for line in b.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture
def fresh_env(tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS"}
        and not k.startswith("PYTEST_")
    }
    return {**env, "FACTFILE_DATA_DIR": str(tmp_path / "var")}


def test_the_quick_start_names_make_run_and_make_test():
    commands = quick_start_commands()

    assert [c.split()[:2] for c in commands] == [["make", "run"], ["make", "test"]]


@pytest.mark.parametrize("command", quick_start_commands())
def test_each_quick_start_command_works_as_written(command, fresh_env, tmp_path):
    if command.split()[:2] == ["make", "run"]:
        port = free_port()
        server = subprocess.Popen(
            [*command.split(), f"PORT={port}"],
            cwd=ROOT,
            env=fresh_env,
            stdin=subprocess.DEVNULL,
            stdout=(tmp_path / "run.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while time.monotonic() < deadline and server.poll() is None:
                if answers(f"http://127.0.0.1:{port}/api/v1/"):
                    break
                time.sleep(1)
            log = (tmp_path / "run.log").read_text()
            assert server.poll() is None, log
            for path in ("/", "/api/v1/", "/lookup/?q=Kagame", "/admin/login/"):
                assert answers(f"http://127.0.0.1:{port}{path}"), (path, log)
            assert "demo.reporter" in log
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        return
    result = subprocess.run(
        command.split(),
        cwd=ROOT,
        env={**fresh_env, "PYTEST_ARGS": SMALL_PART, "TEST_WORKERS": "0"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
