"""The importer's work grows linearly with the text, on every hostile shape.

Work is counted, not timed (``tests/importing/work.py`` says how; the
benchmark ``benchmarks/import_hostile.py`` does the timing): each shape of
``benchmarks.import_hostile.INPUTS`` is imported through ``import_file`` at
n, 2n and 4n characters, and every count may grow by at most ``MAX_RATIO``
when the text doubles; a quadratic stage multiplies its count by 4.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.db import connection

from benchmarks.import_hostile import INPUTS
from events.suggesting import names
from sources.importing.importer import Result, import_file
from tests.importing.work import CountedPattern, Work, counting

pytestmark = pytest.mark.django_db

SIZES = (20_000, 40_000, 80_000)
MAX_RATIO = 2.3


def measure(shape: str, size: int, user: Any) -> tuple[Work, str]:
    extension, generate = INPUTS[shape]
    data = generate(size).encode("utf-8")
    work = Work()

    # Counted as they run: Django's query log keeps only the last 9,000.
    def count_query(execute, *args):  # type: ignore[no-untyped-def]
        work.queries += 1
        return execute(*args)

    with connection.execute_wrapper(count_query), counting(work):
        outcome = import_file(f"{size}.{extension}", data, by=user)
    return work, outcome.result


def growth(works: list[Work]) -> dict[str, float]:
    """The largest factor by which each count grew when the text doubled."""
    return {
        what: max(
            larger.counts()[what] / max(smaller.counts()[what], 1)
            for smaller, larger in itertools.pairwise(works)
        )
        for what in works[0].counts()
    }


@pytest.mark.parametrize("shape", list(INPUTS))
def test_work_grows_linearly_with_the_text(reporter, shape):
    measured = [measure(shape, size, reporter) for size in SIZES]

    works = [work for work, _ in measured]
    assert {result for _, result in measured} <= {Result.CREATED, Result.ERROR}
    assert len({result for _, result in measured}) == 1, measured
    for what, factor in growth(works).items():
        assert factor <= MAX_RATIO, (
            f"{shape}: {what} grew {factor:.1f} times when the text doubled "
            f"({[work.counts()[what] for work in works]}); most: "
            f"{works[-1].most(what)}"
        )


# The count itself: it must see what a quadratic stage does.


def regex_work(pattern: re.Pattern[str], text: str) -> float:
    work = Work()
    CountedPattern(pattern, work).findall(text)
    return work.regex


def test_the_count_sees_a_pattern_that_reads_a_word_from_each_of_its_letters():
    # How titles were found before they were bounded: "[a-z]+" read one
    # long word to its end from each of its letters, then found no space.
    before = re.compile(
        r"(?P<title>(?:(?:[A-Z][\w\-]+|[a-z]+)[ \t\u00a0]+)?(?:President))"
    )
    assert regex_work(before, "x" * 2_000) / regex_work(before, "x" * 1_000) > 3.9
    now = names._TITLED
    assert regex_work(now, "x" * 20_000) / regex_work(now, "x" * 10_000) < 2.1


def test_the_count_takes_a_run_that_matches_whole_as_linear():
    run = re.compile(r"\s+")
    assert regex_work(run, "a " * 2_000) / regex_work(run, "a " * 1_000) < 2.1


def _pairs(items: list[int]) -> int:
    return sum(1 for a in items for b in items if a < b)


def test_the_count_sees_a_loop_inside_a_loop():
    works = []
    for size in (100, 200):
        work = Work()
        with counting(work, [__name__]):
            _pairs(list(range(size)))
        works.append(work)
    assert growth(works)["lines"] > 3.9
