"""A short run of the editorial load test: readers, reporters and checkers at once.

Against a throwaway PostgreSQL: no 5xx, no lost save, no refusal without a
reason, no unverified edit in a public response.
"""

from __future__ import annotations

import argparse

import pytest

from benchmarks.load_editorial import passed, run
from tests.hardening import servers

pytestmark = pytest.mark.postgres


def test_a_short_editorial_load_loses_nothing_and_leaks_nothing(collected_static):
    with servers.throwaway_postgres() as database:
        result = run(
            argparse.Namespace(
                duration=30,
                readers=3,
                editors=3,
                checkers=2,
                workers=2,
                pool=3,
                database_url=database.url("postgres"),
                static_root=str(collected_static),
            )
        )

    assert result["server_errors"] == 0, result["server_error_samples"]
    assert result["lost_edits"] == []
    assert result["unverified_in_public"] == []
    assert result["saves_unexplained"] == []
    assert result["saves_accepted"] > 0
    assert result["corrections"] > 0
    assert passed(result)
