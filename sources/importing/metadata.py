"""Propose a source's metadata from its file; an editor confirms it.

Each proposal says where it was found. Some lines of an article are not the
story: a photo caption with its credit, page furniture ("Share this
Article", "2 Min Read"). A date in a caption or quoted inside the story is
never proposed as the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factfile.addresses import problem_with
from sources.importing.datewords import find_absolute, parse_published
from sources.importing.reading import Article, ImportRefused
from sources.importing.records import Candidate, DateCandidate, Proposals

# Credits that mark a line as a photo caption.
# Spaces bounded, as everywhere in the importer's patterns: a line of a
# million spaces is read once, not from each of its positions.
_CREDIT = re.compile(
    r"(?:\b(?:REUTERS|AFP|AP|EPA|ANADOLU|XINHUA|GETTY)\b\s{0,10}/"
    r"|\bFile Photo\b|\bGetty Images\b|\bAP Photo\b|\(Photo(?: by)?\b"
    r"|\bPhoto\s{0,10}:|\bPhoto(?:\s{1,10}d'archive)?\s{0,10}(?:AFP|Reuters)\b"
    r"|\bCrédit(?: photo)?\s{0,10}:|\bIllustration\s{0,10}:|\bPHOTO\s{0,10}/)",
    re.IGNORECASE,
)
# "Published 17 March 2025, updated 18 March": a line that gives more dates
# than this is not a publication line, and they are not all offered to an
# editor to choose from.
MAX_DATES_A_LINE = 10
# A caption is a line or two under a photo; a paragraph longer than this that
# names a photographer is part of the story (and is not searched for credits
# each time a caption is looked for).
MAX_CAPTION_CHARS = 2_000
_FURNITURE = re.compile(
    r"^(?:\d+\s+min(?:ute)?s?\s+read|share this article|leave a comment|"
    r"read more|advertisement|partager(?: cet article)?|lire aussi.*|publicité|"
    r"sign up.*|subscribe.*|related:?.*)$",
    re.IGNORECASE,
)
# "KIGALI -- ", "GOMA, Democratic Republic of Congo, March 3 (Reuters) - ",
# "PARIS (AFP) - ", "KINSHASA, 24 janvier (AFP) — ".
DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{2,40}?)"
    r"(?P<rest>(?:,\s*[^\n()\-—–]{2,60}?)?)"
    r"\s*(?:\((?P<agency>[A-Za-z. ]{2,20})\))?\s*(?:--|—|–|-)\s)"
)
_PUBLISHED_LINE = re.compile(
    r"^(?:published|posted|updated|publié|mis à jour|date)"
    r"\s*(?:on|le|:)?\s*(?P<date>.+)$",
    re.IGNORECASE,
)
_BY_LINE = re.compile(r"^(?:by|par)\s+(?P<name>[^\n]{3,120})$", re.IGNORECASE)
_NAME_LINE = re.compile(
    r"^(?:[A-ZÀ-Ý][a-zà-ÿ'\-]+|[A-Z]\.)(?:\s+(?:[A-ZÀ-Ý][a-zà-ÿ'\-]+|[A-Z]\.|de|van|von|da|du|le|la)){1,3}$"
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    number: int


# The metadata, the captions and the story all read the lines of one text.
@lru_cache(maxsize=1)
def lines_of(text: str) -> list[Line]:
    """The non-empty lines of ``text`` with their offsets, stripped."""
    found = []
    position = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        stripped = raw.strip()
        if stripped:
            start = position + raw.index(stripped)
            found.append(Line(start, start + len(stripped), stripped, number))
        position += len(raw)
    return found


def is_caption(line: str) -> bool:
    """Whether a line is a photo caption: it carries a photo credit."""
    return len(line) <= MAX_CAPTION_CHARS and bool(_CREDIT.search(line))


def is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the caption lines of ``text``, which are not part of the story."""
    return [(line.start, line.end) for line in lines_of(text) if is_caption(line.text)]


def find_dateline(text: str) -> tuple[Line, re.Match[str]] | None:
    """The first story line that opens with a dateline, within the first lines."""
    for line in lines_of(text)[:8]:
        if is_caption(line.text):
            continue
        match = DATELINE.match(line.text)
        if match and not match["place"].strip().isdigit():
            return line, match
    return None


def _looks_like_title(line: str) -> bool:
    return (
        5 <= len(line) <= 200
        and not line.endswith((".", ":", ";", ","))
        and not is_caption(line)
        and not is_furniture(line)
        and not DATELINE.match(line)
        and len(line.split()) >= 3
    )


def propose(article: Article) -> Proposals:
    """Everything the file suggests about itself, each with where it was found."""
    text = article.text
    lines = lines_of(text)
    titles: list[Candidate] = []
    bylines: list[Candidate] = []
    datelines: list[Candidate] = []
    dates: list[DateCandidate] = []
    captions: list[Candidate] = [
        {"value": line.text, "where": f"line {line.number}"}
        for line in lines[:12]
        if is_caption(line.text)
    ]
    meta, where = article.metadata, article.where
    if meta.get("title"):
        titles.append({"value": meta["title"], "where": where["title"]})
    if meta.get("authors"):
        bylines.append({"value": meta["authors"], "where": where["authors"]})
    if meta.get("dateline"):
        datelines.append({"value": meta["dateline"], "where": where["dateline"]})
    if meta.get("published") and (parsed := parse_published(meta["published"])):
        date, precision = parsed
        dates.append(
            {
                "date": date.isoformat()[: {"day": 10, "month": 7}.get(precision, 4)],
                "precision": str(precision),
                "where": where["published"],
                "excerpt": meta["published"],
            }
        )

    head = [line for line in lines[:12] if not is_caption(line.text)]
    if head and _looks_like_title(head[0].text):
        titles.append(
            {"value": head[0].text, "where": f"first line (line {head[0].number})"}
        )
    for line in head[:10]:
        if by := _BY_LINE.match(line.text):
            bylines.append(
                {"value": by["name"].strip(), "where": f"line {line.number}"}
            )
        elif _NAME_LINE.match(line.text) and line is not head[0]:
            bylines.append(
                {"value": line.text, "where": f"name alone on line {line.number}"}
            )
        if published := _PUBLISHED_LINE.match(line.text):
            dates.extend(
                _date_candidate(found, f"line {line.number}", line.text)
                for found in find_absolute(published["date"])[:MAX_DATES_A_LINE]
            )
    if dateline := find_dateline(text):
        line, match = dateline
        datelines.append(
            {"value": match["dateline"].strip(), "where": f"line {line.number}"}
        )
        dates.extend(
            _date_candidate(found, f"dateline, line {line.number}", line.text)
            for found in _dateline_dates(match["dateline"])
        )
    if not titles:
        story = next((line for line in head if not is_furniture(line.text)), None)
        if story:
            lead = DATELINE.sub("", story.text, count=1)
            first = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
            titles.append(
                {"value": first[:200], "where": "first sentence (no headline found)"}
            )
    proposals: Proposals = {
        "titles": _unique(titles),
        "bylines": _unique(bylines),
        "datelines": datelines,
        "published_on": dates,
        "captions": captions,
    }
    if meta.get("publisher"):
        proposals["publishers"] = [
            {"value": meta["publisher"], "where": where["publisher"]}
        ]
    if meta.get("url"):
        proposals["urls"] = [{"value": checked_url(meta["url"]), "where": where["url"]}]
    return proposals


def checked_url(url: str) -> str:
    """The address a file gives for itself, or ImportRefused saying what is wrong.

    A file is refused rather than imported without its address: the address
    is the one thing that says where the text came from, and a JSON file's
    is stored as given.
    """
    if reason := problem_with(url):
        raise ImportRefused(f"the address it gives, {url[:80]!r}, is refused. {reason}")
    return url


def _dateline_dates(dateline: str) -> list:
    """A dateline's date: with a year as written, else the day and month only."""
    found = find_absolute(dateline)
    if found:
        return found
    return []


def _date_candidate(found, where: str, excerpt: str) -> DateCandidate:  # type: ignore[no-untyped-def]
    iso = found.date.isoformat()
    return {
        "date": iso[: {"day": 10, "month": 7}.get(found.precision, 4)],
        "precision": str(found.precision),
        "where": where,
        "excerpt": excerpt[:200],
    }


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    unique = []
    for candidate in candidates:
        key = candidate["value"].casefold()
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique
