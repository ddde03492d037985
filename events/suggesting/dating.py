"""Find the dates an article mentions and resolve them against its publication.

Relative phrases ("on Monday", "last week", "in February", « lundi »,
« la veille », « le mois dernier ») are resolved by rules that know the
publication date and keep the precision the phrase gives: a weekday is a
day, "in February" a month, "last week" only the month (or year) that holds
the whole week. Absolute dates go through dateparser. Without a confirmed
publication date, relative phrases stay unresolved, with the phrase kept.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from events.suggesting.spans import Taken
from factfile.dates import Precision
from sources.importing.datewords import (
    DAY_MONTH_YEAR,
    MONTH_RE,
    MONTH_YEAR,
    SPACE,
    WEEKDAY_RE,
    WEEKDAYS,
    month_number,
    parse_with_dateparser,
    safe_date,
)

_FUTURE = re.compile(
    r"\b(?:will|would|is due|are due|scheduled|planned|expected|set to|next|"
    r"upcoming|prévu[es]*|doit|doivent|devrait|devraient|va|vont|prochaine?|"
    r"zal|zullen|zou|zouden|gepland|verwacht)\b",
    re.IGNORECASE,
)
_DAY = datetime.timedelta
_NUMBERS = {
    word: number
    for words in (
        "two three four five six seven eight nine ten",
        "deux trois quatre cinq six sept huit neuf dix",
        "twee drie vier vijf zes zeven acht negen tien",
    )
    for number, word in enumerate(words.split(), start=2)
}
# dateparser takes milliseconds a phrase; it only confirms dates the rules
# have read already, so a text's first distinct phrases are enough.
MAX_DATEPARSER_PHRASES = 20
# How far back a date's clause is read for words of the future.
_CONTEXT_CHARS = 60


@dataclass(frozen=True)
class DateMention:
    """A date phrase of the text and what it resolves to."""

    start: int
    end: int
    phrase: str
    date: datetime.date | None
    precision: Precision
    rule: str
    # For phrases that cover several days (a week): the first and last day.
    range: tuple[datetime.date, datetime.date] | None = field(default=None)

    @property
    def iso(self) -> str:
        if self.date is None:
            return ""
        size = {Precision.DAY: 10, Precision.MONTH: 7, Precision.YEAR: 4}[
            self.precision
        ]
        return self.date.isoformat()[:size]


def _week_precision(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.date | None, Precision]:
    """A span of days known only as a whole: to the month or year that holds it."""
    if (first.year, first.month) == (last.year, last.month):
        return first.replace(day=1), Precision.MONTH
    if first.year == last.year:
        return first.replace(month=1, day=1), Precision.YEAR
    return None, Precision.UNKNOWN


def _weekday(
    published: datetime.date, weekday: int, modifier: str, future: bool
) -> datetime.date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if modifier in {"last", "dernier", "passé", "afgelopen", "vorige"}:
        return published - _DAY(days=back or 7)
    if modifier in {"next", "prochain", "komende", "volgende"}:
        return published + _DAY(days=ahead or 7)
    if modifier in {"this", "ce", "deze"}:
        return published - _DAY(days=published.weekday()) + _DAY(days=weekday)
    if future:
        return published + _DAY(days=ahead)
    # News style: a bare weekday is the most recent one, today included.
    return published - _DAY(days=back)


def _month(published: datetime.date, month: int, future: bool) -> datetime.date:
    year = published.year
    if future:
        if month < published.month:
            year += 1
    elif month > published.month:
        year -= 1
    return datetime.date(year, month, 1)


def _nearest_year(
    published: datetime.date, month: int, day: int
) -> datetime.date | None:
    """The day and month in the year that puts it nearest the publication date."""
    candidates = [
        date
        for year in (published.year - 1, published.year, published.year + 1)
        if (date := safe_date(year, month, day))
    ]
    if not candidates:
        return None
    # A lean to the past: stories report what happened more than what is to
    # come, so a day ahead weighs twice a day back ("on 3 March" in a story
    # of September is the March before; "on 3 December", the one after).
    return min(candidates, key=lambda date: _distance((date - published).days))


def _distance(days: int) -> int:
    return 2 * days if days > 0 else -days


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "relative_day",
        re.compile(
            r"\b(?:today|yesterday|tomorrow|this morning|this afternoon|this evening|"
            r"tonight|last night|the day before yesterday|aujourd'hui|aujourd’hui|"
            r"avant-hier|hier|demain|ce matin|cet après-midi|ce soir|ce jour|"
            r"la nuit dernière|cette nuit|vandaag|gisteren(?:avond|middag|ochtend|"
            r"morgen)?|gister(?:avond|middag|ochtend|morgen)|eergisteren|vanochtend|"
            r"vanmorgen|vanmiddag|vanavond|vannacht)\b",
            re.I,
        ),
    ),
    (
        # "two days ago", « il y a trois jours », "vier dagen geleden".
        "days_ago",
        re.compile(
            r"\b(?:(?P<en>\d|two|three|four|five|six|seven|eight|nine|ten)\s{1,3}days\s{1,3}ago"
            r"|il\s{1,3}y\s{1,3}a\s{1,3}(?P<fr>\d|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
            r"\s{1,3}jours"
            r"|(?P<nl>\d|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)\s{1,3}dagen"
            r"\s{1,3}geleden)\b",
            re.I,
        ),
    ),
    (
        "veille",
        re.compile(
            r"\b(?:la veille|le lendemain|the day before|the previous day|"
            r"the next day|the following day)\b",
            re.I,
        ),
    ),
    (
        # A weekend, to the month (or year) that holds its two days.
        "weekend",
        re.compile(
            r"\b(?:(?:last|this|over the|at the|during the|on the) weekend|"
            r"(?:le|ce) week-end(?: dernier| passé)?|"
            r"(?:afgelopen|vorig|voorbije|dit|het voorbije|tijdens het) weekend)\b",
            re.I,
        ),
    ),
    (
        "week",
        re.compile(
            r"\b(?:last week|this week|next week|earlier (?:in |this )?(?:the )?week|"
            r"la semaine (?:dernière|derniere|passée|prochaine)|cette semaine|"
            r"plus tôt (?:dans |cette )?(?:la )?semaine|en début de semaine|"
            r"vorige week|afgelopen week|deze week|volgende week|komende week|"
            r"eerder deze week|begin deze week)\b",
            re.I,
        ),
    ),
    (
        "month_rel",
        re.compile(
            r"\b(?:last month|this month|next month|le mois (?:dernier|passé|prochain)|"
            r"ce mois-ci|vorige maand|afgelopen maand|deze maand|volgende maand|"
            r"komende maand)\b",
            re.I,
        ),
    ),
    (
        "year_rel",
        re.compile(
            r"\b(?:last year|this year|next year|a year ago|"
            r"l'an (?:dernier|passé|prochain)|"
            r"l’an (?:dernier|passé|prochain)|l'année (?:dernière|passée|prochaine)|"
            r"l’année (?:dernière|passée|prochaine)|cette année|il y a un an|"
            r"vorig jaar|afgelopen jaar|dit jaar|volgend jaar|een jaar geleden)\b",
            re.I,
        ),
    ),
    (
        "weekday_day_month",
        re.compile(
            rf"\b(?:{WEEKDAY_RE}),?{SPACE}(?:le{SPACE})?"
            rf"(?:(?P<d1>[0-3]?\d)(?:er)?{SPACE}(?P<m1>{MONTH_RE})"
            rf"|(?P<m2>{MONTH_RE}){SPACE}(?P<d2>[0-3]?\d)\b)"
            rf"(?:,?{SPACE}(?P<year>(?:19|20)\d\d))?",
            re.I,
        ),
    ),
    ("day_month", DAY_MONTH_YEAR),
    ("month_year", MONTH_YEAR),
    (
        "weekday",
        re.compile(
            # Not "every Monday", « chaque lundi », "elke maandag": a habit,
            # no day.
            r"(?<!\bevery )(?<!\beach )(?<!\bchaque )(?<!\belke )(?<!\biedere )"
            rf"\b(?:(?P<mod1>last|next|this|ce|afgelopen|vorige|komende|volgende|"
            rf"deze){SPACE})?(?P<weekday>{WEEKDAY_RE})"
            # "maandagavond", "zondagochtend": the day all the same.
            r"(?:avond|ochtend|middag|nacht|morgen)?"
            rf"(?:{SPACE}(?P<mod2>dernier|prochain|passé))?\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:(?:in|since|by|until|early|late|mid|en|depuis|début|fin|mi|"
            rf"d'ici|jusqu'en|sinds|begin|eind|medio|half|tot)[\s\-]{{1,10}})(?:(?:early|late|mid)[\s\-]{{1,10}})?"
            rf"(?P<month>{MONTH_RE})\b"
            rf"(?!{SPACE}(?:19|20)\d\d)(?!{SPACE}[0-3]?\d\b)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?:in|since|of|by|during|until|from|en|depuis|the|late|early|mid|fin|début)"
            r"[\s\-]{1,10}(?:(?:late|early|mid)[\s\-]{1,10})?(?P<year>(?:19|20)\d\d)\b"
            r"(?!\s{0,10}[-–]\s{0,10}\d)",
            re.I,
        ),
    ),
]
# English weekdays are capitalised; a lower-case "may" or "march" is a word.
_CASE_SENSITIVE_EN = {"weekday", "month"}


def find_dates(
    text: str,
    *,
    published_on: datetime.date | None,
    skip: list[tuple[int, int]] | None = None,
    language: str = "en",
) -> list[DateMention]:
    """Every date phrase of ``text`` outside ``skip`` spans, resolved where possible."""
    taken = Taken(len(text), skip or [])
    mentions: list[DateMention] = []
    confirmed: dict[str, bool] = {}
    for rule, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if taken.overlaps(*span):
                continue
            if rule in _CASE_SENSITIVE_EN and not _cased_ok(match, rule):
                continue
            mention = _resolve(rule, match, text, published_on, language, confirmed)
            if mention is None:
                continue
            taken.add(*span)
            mentions.append(mention)
    mentions.sort(key=lambda mention: mention.start)
    return _resolve_references(mentions, published_on)


def _cased_ok(match: re.Match[str], rule: str) -> bool:
    word = match["weekday"] if rule == "weekday" else match["month"]
    lowered = word.lower().rstrip(".")
    english = lowered in {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }  # fmt: skip
    return not english or word[0].isupper()


def _context_before(text: str, start: int) -> str:
    # Only the last characters can be kept: looking further back for the
    # sentence's start would read the whole text for every date of it.
    floor = max(start - _CONTEXT_CHARS, 0)
    # A quotation mark ends the clause too: the future of quoted words
    # (« dès le mois prochain », a-t-il assuré lundi) is not the reporter's.
    sentence_start = max(text.rfind(mark, floor, start) for mark in '.\n"“”«»„') + 1
    return text[max(sentence_start, floor) : start]


def _confirmed_by_dateparser(
    phrase: str, date: datetime.date | None, language: str, confirmed: dict[str, bool]
) -> bool:
    """Whether dateparser reads ``phrase`` as ``date``; asked once per phrase."""
    if phrase not in confirmed:
        if len(confirmed) >= MAX_DATEPARSER_PHRASES:
            return False
        parsed = parse_with_dateparser(phrase, languages=[language, "en", "fr"])
        confirmed[phrase] = parsed is not None and parsed.date == date
    return confirmed[phrase]


def _resolve(
    rule: str,
    match: re.Match[str],
    text: str,
    published: datetime.date | None,
    language: str,
    confirmed: dict[str, bool],
) -> DateMention | None:
    phrase = match[0]
    start, end = match.span()
    if rule == "year" and phrase[:3].lower() == "the":
        start = match.start("year")
        phrase = match["year"]

    def make(
        date: datetime.date | None,
        precision: Precision,
        why: str,
        span_range: tuple[datetime.date, datetime.date] | None = None,
    ) -> DateMention:
        if date is None:
            precision = Precision.UNKNOWN
        return DateMention(start, end, phrase, date, precision, why, span_range)

    lowered = phrase.lower().replace("’", "'")
    if rule in {"day_month", "weekday_day_month"}:
        day = int(match["d1"] or match["d2"])
        month = month_number(match["m1"] or match["m2"])
        if match["year"]:
            date = safe_date(int(match["year"]), month, day)
            if _confirmed_by_dateparser(phrase, date, language, confirmed):
                return make(date, Precision.DAY, "absolute date (dateparser)")
            return make(date, Precision.DAY, "absolute date")
        if published is None:
            return make(
                None, Precision.UNKNOWN, "day and month: needs the publication date"
            )
        return make(
            _nearest_year(published, month, day), Precision.DAY, "day and month"
        )
    if rule == "month_year":
        date = datetime.date(int(match["year"]), month_number(match["month"]), 1)
        return make(date, Precision.MONTH, "month and year")
    if rule == "year":
        return make(datetime.date(int(match["year"]), 1, 1), Precision.YEAR, "year")
    if rule == "veille":
        # Resolved against the date mentioned before it, in a second pass.
        return make(None, Precision.UNKNOWN, "reference")
    if published is None:
        return make(None, Precision.UNKNOWN, f"{rule}: needs the publication date")
    future = bool(_FUTURE.search(_context_before(text, start)))
    if rule == "relative_day":
        offset = (
            -1 if lowered in {"yesterday", "hier", "last night", "la nuit dernière"}
            or lowered.startswith("gister")
            else -2 if lowered in {
                "eergisteren", "avant-hier", "the day before yesterday"
            }
            else 1 if lowered in {"tomorrow", "demain"}
            else 0
        )  # fmt: skip
        return make(published + _DAY(days=offset), Precision.DAY, "relative day")
    if rule == "days_ago":
        count = match["en"] or match["fr"] or match["nl"]
        days = int(count) if count.isdigit() else _NUMBERS[count.lower()]
        return make(published - _DAY(days=days), Precision.DAY, "days ago")
    if rule == "weekday":
        modifier = (match["mod1"] or match["mod2"] or "").lower()
        weekday = WEEKDAYS[match["weekday"].lower()]
        return make(
            _weekday(published, weekday, modifier, future), Precision.DAY, "weekday"
        )
    if rule == "weekend":
        # The last Saturday before publication; "this weekend" may be today's.
        past = any(
            w in lowered for w in ("last", "derni", "pass", "vorig", "afgelopen")
        )
        saturday = published - _DAY(days=(published.weekday() - 5) % 7)
        if past and saturday >= published:
            saturday -= _DAY(days=7)
        first, last = saturday, saturday + _DAY(days=1)
        date, precision = _week_precision(first, last)
        return make(date, precision, "weekend", (first, last))
    if rule == "week":
        monday = published - _DAY(days=published.weekday())
        if any(w in lowered for w in ("last", "derni", "pass", "vorige", "afgelopen")):
            first, last = monday - _DAY(days=7), monday - _DAY(days=1)
        elif any(w in lowered for w in ("next", "prochaine", "volgende", "komende")):
            first, last = monday + _DAY(days=7), monday + _DAY(days=13)
        elif any(
            w in lowered for w in ("earlier", "plus tôt", "début", "eerder", "begin")
        ):
            first, last = monday, max(monday, published - _DAY(days=1))
        else:
            first, last = monday, monday + _DAY(days=6)
        date, precision = _week_precision(first, last)
        return make(date, precision, "week", (first, last))
    if rule == "month_rel":
        first = published.replace(day=1)
        if any(
            w in lowered for w in ("last", "dernier", "passé", "vorige", "afgelopen")
        ):
            first = (first - _DAY(days=1)).replace(day=1)
        elif any(w in lowered for w in ("next", "prochain", "volgende", "komende")):
            first = (first + _DAY(days=32)).replace(day=1)
        return make(first, Precision.MONTH, "relative month")
    if rule == "year_rel":
        year = published.year
        if any(
            word in lowered
            for word in (
                "last",
                "ago",
                "dernier",
                "passé",
                "il y a",
                "vorig",
                "afgelopen",
                "geleden",
            )
        ):
            year -= 1
        elif "next" in lowered or "prochain" in lowered or "volgend" in lowered:
            year += 1
        return make(datetime.date(year, 1, 1), Precision.YEAR, "relative year")
    if rule == "month":
        month = month_number(match["month"])
        return make(_month(published, month, future), Precision.MONTH, "month")
    return None


def _resolve_references(
    mentions: list[DateMention], published: datetime.date | None
) -> list[DateMention]:
    """Resolve « la veille », "the next day" against the day mentioned before."""
    resolved: list[DateMention] = []
    reference = published
    for mention in mentions:
        if mention.rule == "reference":
            lowered = mention.phrase.lower()
            offset = (
                1
                if (
                    "lendemain" in lowered
                    or "next" in lowered
                    or "following" in lowered
                )
                else -1
            )
            if reference is None:
                mention = DateMention(
                    mention.start, mention.end, mention.phrase, None, Precision.UNKNOWN,
                    "reference: needs a day mentioned before or the publication date",
                )  # fmt: skip
            else:
                mention = DateMention(
                    mention.start, mention.end, mention.phrase,
                    reference + _DAY(days=offset), Precision.DAY, "day before/after",
                )  # fmt: skip
        # Only a day already past is what « la veille » can refer to.
        is_day = mention.date is not None and mention.precision == Precision.DAY
        if is_day and (published is None or mention.date <= published):
            reference = mention.date
        resolved.append(mention)
    return resolved
