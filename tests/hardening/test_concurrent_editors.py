"""Editors saving at the same moment, through a served app: never a 5xx.

Each editor is a real HTTP client with its own session, posting the admin's
own change form; the saves are released together. Run on the embedded
default (an SQLite file) and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load_editorial import Browser, Stats, forms_of
from tests.hardening.servers import (
    app_server,
    manage,
    production_env,
    throwaway_postgres,
)

pytestmark = pytest.mark.once

EDITORS = 12
WORKERS = 8

SET_UP = """
import json
from factfile.roles import REPORTER
from benchmarks.load_editorial import PASSWORD
from tests.factories import ActorFactory, StatementFactory, UserFactory
editors = [
    UserFactory(username=f"editor{n}", role=REPORTER, password=PASSWORD)
    for n in range(12)
]
speaker = ActorFactory(created_by=editors[0], name="A speaker")
print(json.dumps([
    StatementFactory(created_by=editor, speaker=speaker, text=f"Words {n}.").pk
    for n, editor in enumerate(editors)
]))
"""

VERSIONS = """
import json
from events.models import Statement
print(json.dumps({s.text.split(" [")[0]: [s.version, s.text]
                  for s in Statement.objects.all()}))
"""


@contextlib.contextmanager
def served(
    backend: str, folder: Path, static: Path
) -> Iterator[tuple[str, dict[str, str], list[int]]]:
    """The app with production settings on a fresh database of ``backend``."""
    with contextlib.ExitStack() as stack:
        env = production_env(FACTFILE_DATA_DIR=str(folder), STATIC_ROOT=str(static))
        if backend == "postgresql":
            postgres = stack.enter_context(throwaway_postgres())
            postgres.create_database()
            env["DATABASE_URL"] = postgres.url()
        manage("migrate", "--noinput", env=env)
        ids = json.loads(manage("shell", "--no-imports", "-c", SET_UP, env=env))
        url = stack.enter_context(app_server(env, workers=WORKERS))
        yield url, env, ids


def change_path(pk: int) -> str:
    return f"/admin/events/statement/{pk}/change/"


def edited_form(browser: Browser, pk: int, words: str) -> dict[str, list[str]]:
    """The statement's change form as the browser loaded it, with new words."""
    page = browser.request(change_path(pk))
    assert page.status == 200, page.status
    form = next(f for f in forms_of(page.body) if f["id"] == "statement_form")
    data: dict[str, list[str]] = {}
    for key, value in form["fields"]:
        data.setdefault(key, []).append(
            f"{value} [{words}]" if key == "text" else value
        )
    return data


def save_together(
    browsers: list[Browser], pks: list[int], forms: list[dict[str, list[str]]]
) -> list[str]:
    """Post every form at the same moment; say how each save ended."""
    barrier = threading.Barrier(len(browsers))
    outcomes: list[str] = [""] * len(browsers)

    def save(index: int) -> None:
        barrier.wait()
        browser = browsers[index]
        answer = browser.request(change_path(pks[index]), forms[index])
        if answer.status == 302:
            answer = browser.request(answer.location)
        if answer.status >= 500:
            outcomes[index] = f"server error {answer.status}"
        elif "Your changes were not saved" in answer.body:
            outcomes[index] = "conflict"
        elif "was changed successfully" in answer.body:
            outcomes[index] = "saved"
        else:
            outcomes[index] = f"unexplained {answer.status}"

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_editors_saving_at_once_are_all_saved_or_told_of_the_conflict(
    backend, tmp_path, collected_static
):
    with served(backend, tmp_path, collected_static) as (url, env, ids):
        stats = Stats()
        browsers = [Browser(url, stats) for _ in range(EDITORS)]
        for number, browser in enumerate(browsers):
            browser.log_in(f"editor{number}")

        # Eight editors, eight different statements, one moment.
        mine = ids[:WORKERS]
        forms = [
            edited_form(b, pk, f"by editor{n}")
            for n, (b, pk) in enumerate(zip(browsers, mine, strict=False))
        ]
        apart = save_together(browsers[:WORKERS], mine, forms)

        # Twelve editors, one statement, loaded at the same version.
        shared = ids[-1]
        forms = [
            edited_form(b, shared, f"same by editor{n}") for n, b in enumerate(browsers)
        ]
        together = save_together(browsers, [shared] * EDITORS, forms)

        stored = json.loads(manage("shell", "--no-imports", "-c", VERSIONS, env=env))

    assert stats.server_errors == []
    assert apart == ["saved"] * WORKERS
    for number in range(WORKERS):
        version, text = stored[f"Words {number}."]
        assert version == 2
        assert text.endswith(f"[by editor{number}]")
    assert sorted(together) == ["conflict"] * (EDITORS - 1) + ["saved"]
    version, text = stored["Words 11."]
    assert version == 2
    assert text.endswith(f"[same by editor{together.index('saved')}]")
