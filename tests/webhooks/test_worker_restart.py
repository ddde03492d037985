"""``deliver_webhooks`` as a process: killed mid-delivery, it loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from benchmarks.commands import ROOT
from factfile.api.keys import ApiKey
from factfile.published.models import ChangeEntry
from factfile.webhooks.models import Subscription
from tests import verified as v
from tests.webhooks.receiver import receiver

# The worker process reads what the test committed.
# Serialized rollback gives the tests that follow the migrated data back.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data"),
]


def worker_env(folder: Path) -> dict[str, str]:
    """The environment of a worker that reads this test's database."""
    env = {
        **os.environ,
        "FACTFILE_WEBHOOK_ALLOW_PRIVATE": "true",
        "FACTFILE_WEBHOOK_BATCH": "1",
        "FACTFILE_WEBHOOK_TIMEOUT_SECONDS": "2",
        "FACTFILE_WEBHOOK_RETRY_BASE_SECONDS": "0",
    }
    if connection.vendor == "sqlite":
        # The test database lives in memory: the worker gets a copy on disk.
        env.pop("DATABASE_URL", None)
        env["FACTFILE_DATA_DIR"] = str(folder)
        target = sqlite3.connect(folder / "factfile.sqlite3")
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
    else:
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
            f"{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return env


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "deliver_webhooks", "--poll", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_delivery_loses_nothing(reporter, fact_checker, tmp_path):
    in_flight = threading.Event()
    release = threading.Event()
    blocked: list[int] = []

    with receiver() as hook:
        for number in range(5):
            v.actor(reporter, fact_checker, name=f"Actor {number}")
        seqs = list(ChangeEntry.objects.order_by("seq").values_list("seq", flat=True))
        key, _ = ApiKey.issue(name="CMS", manages_webhooks=True)
        Subscription.objects.create(api_key=key, url=hook.url)
        third = seqs[2]

        def answer(n: int, got: object) -> int:
            if got.seqs == [third] and not blocked:  # type: ignore[attr-defined]
                blocked.append(n)
                in_flight.set()
                release.wait(30)
            return 200

        hook.answer = answer
        env = worker_env(tmp_path)
        first = start_worker(env)
        try:
            assert in_flight.wait(90), (
                first.stderr.read().decode() if first.poll() else ""
            )
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        release.set()

        second = start_worker(env)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if hook.received and hook.received[-1].seqs == [seqs[-1]]:
                    break
                time.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            stopped = second.wait(20)

    received = [seq for got in hook.received for seq in got.seqs]
    # The delivery in flight when the worker died was never acknowledged:
    # the next worker sends it again, then goes on in order.
    assert received == [*seqs[:3], third, *seqs[3:]]
    assert stopped == 0
