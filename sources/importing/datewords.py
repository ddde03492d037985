"""Month and weekday names, and absolute dates as articles write them.

English and French are read by the rules here; dateparser reads what they
do not know (numeric forms, other languages), and never a relative phrase:
relative dates need the publication date and are resolved by the suggester.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from factfile.dates import Precision

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "février": 2, "fevr": 2, "févr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8, "août": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12, "décembre": 12,
    # Dutch, where it differs.
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "oktober": 10,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6,
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
}  # fmt: skip

# Full month names only in running text: "may" and "mar" are words too.
_FULL_MONTHS = sorted(
    (
        name
        for name in MONTHS
        if len(name) > 4
        or name in {"mars", "mai", "juin", "june", "july", "juni", "juli"}
    ),
    key=len,
    reverse=True,
)
MONTH_RE = "(?:" + "|".join(_FULL_MONTHS) + r"|(?:jan|feb|aug|sept?|oct|nov|dec)\.?)"
WEEKDAY_RE = "(?:" + "|".join(WEEKDAYS) + ")"

# The white space between the words of a date: bounded, so that a run of a
# million spaces is read once and not from every position in it.
SPACE = r"\s{1,10}"

# "February 21, 2025", "Feb. 21 2025", "21 February 2025", "le 24 janvier 2025",
# "1er mars 2025"; the year is optional here and decided by the caller.
DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:er|st|nd|rd|th)?{SPACE}(?P<m1>{MONTH_RE})"
    rf"|(?P<m2>{MONTH_RE}){SPACE}(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b)"
    rf"(?:,?{SPACE}(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(
    rf"\b(?P<month>{MONTH_RE}){SPACE}(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
# Longer than this, a value is not a publication date: dateparser is not
# asked to read a megabyte.
MAX_DATE_CHARS = 100
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text: where, as written, and what it says."""

    start: int
    end: int
    phrase: str
    date: datetime.date | None
    precision: Precision
    year_given: bool = True


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def find_absolute(text: str) -> list[FoundDate]:
    """Dates written with a day or a month and a year, in the order they occur."""
    found: list[FoundDate] = []
    # A mark per character taken: checking a date against those already
    # found stays constant however many there are.
    taken = bytearray(len(text) + 1)

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    def overlaps(start: int, end: int) -> bool:
        return taken.find(1, start, end) != -1

    for match in ISO_DATE.finditer(text):
        date = safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if date:
            found.append(
                FoundDate(match.start(), match.end(), match[0], date, Precision.DAY)
            )
            take(*match.span())
    for match in DAY_MONTH_YEAR.finditer(text):
        if not match["year"] or overlaps(*match.span()):
            continue
        day = int(match["d1"] or match["d2"])
        month = month_number(match["m1"] or match["m2"])
        date = safe_date(int(match["year"]), month, day)
        if date:
            found.append(
                FoundDate(match.start(), match.end(), match[0], date, Precision.DAY)
            )
            take(*match.span())
    for match in MONTH_YEAR.finditer(text):
        if overlaps(*match.span()):
            continue
        date = datetime.date(int(match["year"]), month_number(match["month"]), 1)
        found.append(
            FoundDate(match.start(), match.end(), match[0], date, Precision.MONTH)
        )
    return sorted(found, key=lambda item: item.start)


def parse_with_dateparser(
    phrase: str, languages: list[str] | None = None
) -> FoundDate | None:
    """Read one absolute date with dateparser; None if it is not one."""
    import dateparser

    parsed = dateparser.parse(
        phrase,
        languages=languages,
        settings={
            "REQUIRE_PARTS": ["year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": False,
        },
    )
    if parsed is None:
        return None
    has_day = bool(re.search(r"\d{1,2}\D+\d{1,2}\D+\d{2,4}|\b[0-3]?\d\b(?!\d)", phrase))
    precision = Precision.DAY if has_day else Precision.MONTH
    date = parsed.date()
    if precision == Precision.MONTH:
        date = date.replace(day=1)
    return FoundDate(0, len(phrase), phrase, date, precision)


def parse_published(value: str) -> tuple[datetime.date, Precision] | None:
    """Read a publication date as metadata gives it: ISO, partial ISO or words."""
    value = value.strip()
    if len(value) > MAX_DATE_CHARS:
        return None
    iso = re.match(r"^((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?$", value)
    if iso:
        year, month, day = iso.groups()
        date = safe_date(int(year), int(month or 1), int(day or 1))
        if date is None:
            return None
        if day:
            return date, Precision.DAY
        return date, Precision.MONTH if month else Precision.YEAR
    found = find_absolute(value)
    if found:
        return found[0].date, found[0].precision  # type: ignore[return-value]
    parsed = parse_with_dateparser(value)
    if parsed and parsed.date:
        return parsed.date, parsed.precision
    return None
