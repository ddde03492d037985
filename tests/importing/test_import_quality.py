"""The suggestions stay at least as good as measured against the gold files."""

from __future__ import annotations

import pytest

from benchmarks.import_quality import gold_files, run

# What the importer reached when these floors were set: precision, recall.
FLOORS = {
    "quotes": (33 / 33, 33 / 33),
    "speakers": (26 / 26, 26 / 29),
    "dates": (50 / 50, 50 / 50),
    "events": (42 / 42, 42 / 42),
    "new actors": (68 / 70, 68 / 131),
}


@pytest.fixture(scope="module")
def measured():  # type: ignore[no-untyped-def]
    return run(gold_files(), verbose=False)


def test_every_seed_article_and_test_article_has_a_gold_file():
    names = {path.stem for path in gold_files()}
    assert len([name for name in names if name.startswith("seed_")]) == 5
    assert {
        "en_wire_lake_kivu",
        "fr_depeche_bukavu",
        "en_wire_walikale",
        "fr_depeche_uvira",
    } <= names


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_quality_does_not_fall_below_the_floor(measured, measure):
    precision, recall = FLOORS[measure]
    tally = measured[measure]
    assert tally.precision >= precision - 1e-9, f"{measure} precision fell"
    assert tally.recall >= recall - 1e-9, f"{measure} recall fell"
