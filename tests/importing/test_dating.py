"""Dates resolved against the publication date, keeping their precision."""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.dating import find_dates

MONDAY = datetime.date(2025, 3, 17)


def resolve(text: str, published: datetime.date | None) -> list[tuple[str, str, str]]:
    return [
        (m.phrase, m.iso, str(m.precision))
        for m in find_dates(text, published_on=published, language="en")
    ]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        # A Monday story's "on Monday" is that day, not the Monday before.
        (MONDAY, "Rwanda on Monday cut ties.", ("Monday", "2025-03-17", "day")),
        (MONDAY, "Talks were held on Friday.", ("Friday", "2025-03-14", "day")),
        (MONDAY, "Talks are scheduled for Tuesday.", ("Tuesday", "2025-03-18", "day")),
        (MONDAY, "He spoke last Monday.", ("last Monday", "2025-03-10", "day")),
        # "in February" is a month, not a day.
        (MONDAY, "In February, Rwanda cut aid.", ("In February", "2025-02", "month")),
        (MONDAY, "It began in December.", ("in December", "2024-12", "month")),
        (MONDAY, "It happened on February 21.", ("February 21", "2025-02-21", "day")),
        (MONDAY, "the war of 1994 ended", ("of 1994", "1994", "year")),
        (MONDAY, "Deployed in December 2023.", ("December 2023", "2023-12", "month")),
        (MONDAY, "signed on 1 July 1962", ("1 July 1962", "1962-07-01", "day")),
        (MONDAY, "Last week, SADC left.", ("Last week", "2025-03", "month")),
        (MONDAY, "Yesterday it rained.", ("Yesterday", "2025-03-16", "day")),
    ],
)
def test_english_phrases(published, text, expected):
    assert resolve(text, published) == [expected]


def test_week_boundary_on_a_monday():
    # The Sunday before a Monday is last week's; "earlier in the week" is today.
    sunday = find_dates("It fell on Sunday.", published_on=MONDAY)[0]
    assert sunday.date == datetime.date(2025, 3, 16)


def test_last_week_across_a_month_keeps_only_the_year():
    tuesday = datetime.date(2025, 3, 4)  # last week: 24 February to 2 March
    (mention,) = find_dates("Last week, the talks failed.", published_on=tuesday)
    assert (mention.iso, mention.precision) == ("2025", "year")
    assert mention.range == (datetime.date(2025, 2, 24), datetime.date(2025, 3, 2))


def test_last_week_across_a_year_is_left_unresolved():
    wednesday = datetime.date(2025, 1, 8)  # last week: 30 December to 5 January
    (mention,) = find_dates("Last week, the talks failed.", published_on=wednesday)
    assert (mention.date, mention.precision) == (None, "unknown")
    assert mention.phrase == "Last week"


def test_month_and_day_across_the_year_boundary():
    january = datetime.date(2025, 1, 3)
    assert resolve("It was signed on December 30.", january) == [
        ("December 30", "2024-12-30", "day")
    ]
    assert resolve("Talks began in December.", january) == [
        ("in December", "2024-12", "month")
    ]
    assert resolve("Last month, talks began.", january) == [
        ("Last month", "2024-12", "month")
    ]
    assert resolve("Last year, talks began.", january) == [
        ("Last year", "2024", "year")
    ]


def test_earlier_in_the_week():
    saturday = datetime.date(2025, 2, 22)
    assert resolve("Earlier in the week, Rwanda acted.", saturday) == [
        ("Earlier in the week", "2025-02", "month")
    ]


def test_french_phrases():
    friday = datetime.date(2025, 1, 31)
    found = [
        (m.phrase, m.iso, str(m.precision))
        for m in find_dates(
            "Le ministre a parlé lundi. Le 24 janvier, puis la veille du sommet. "
            "Le mois dernier, la semaine dernière et en février 2024.",
            published_on=friday,
            language="fr",
        )
    ]
    assert found == [
        ("lundi", "2025-01-27", "day"),
        ("24 janvier", "2025-01-24", "day"),
        ("la veille", "2025-01-23", "day"),
        ("Le mois dernier", "2024-12", "month"),
        ("la semaine dernière", "2025-01", "month"),
        ("février 2024", "2024-02", "month"),
    ]


def test_without_a_publication_date_relative_phrases_stay_unresolved():
    found = find_dates(
        "On Monday, in February, and on 21 February 2025.", published_on=None
    )
    assert [(m.phrase, m.iso, str(m.precision)) for m in found] == [
        ("Monday", "", "unknown"),
        ("in February", "", "unknown"),
        ("21 February 2025", "2025-02-21", "day"),
    ]
    assert "needs the publication date" in found[0].rule
