"""What a writer sees of one result, from its published JSON alone."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from events.names import as_of
from factfile.addresses import as_uri
from factfile.lookup.models import Kind
from factfile.lookup.search import Hit
from sources.citing import human_date

# Labels and order of the copy buttons.
STYLES = {
    "text": "Plain text",
    "markdown": "Markdown",
    "html": "HTML",
    "csl-json": "CSL-JSON",
    "claim-review": "ClaimReview",
}
API_PATHS = {
    Kind.STATEMENT: "statements",
    Kind.EVENT: "events",
    Kind.ACTOR: "actors",
    Kind.SOURCE: "sources",
}


def record_page(kind: str, record_id: int) -> str:
    """The path of a record's public page (``/r/<kind>/<id>/``)."""
    head, tail = _record_page_parts(kind, get_script_prefix())
    return f"{head}{int(record_id)}{tail}"


@functools.lru_cache(maxsize=64)
def _record_page_parts(kind: str, script_prefix: str) -> tuple[str, str]:
    # Reversed once per kind (and prefix, which reverse() reads itself):
    # twenty reverses made a tenth of a lookup's time.
    head, _, tail = reverse("record", args=[kind, 0]).rpartition("0")
    return head, tail


def first_source(data: dict[str, Any]) -> dict[str, Any] | None:
    """The source a citation points to: the first supporting passage's."""
    citations = [c for c in data.get("citations") or [] if c.get("source")]
    supporting = [c for c in citations if c.get("stance") != "disputes"]
    chosen = (supporting or citations or [None])[0]
    return chosen["source"] if chosen else None


@dataclass
class Result:
    kind: str
    id: int
    rank: float
    headline: str
    detail: str = ""
    paraphrase: bool = False
    speaker: str = ""
    speaker_title: str = ""
    date: str = ""
    source: dict[str, Any] | None = None
    corrections: list[dict[str, str]] = field(default_factory=list)
    claim: dict[str, str] | None = None
    aliases: list[str] = field(default_factory=list)
    styles: dict[str, Any] = field(default_factory=dict)
    relations: list[str] = field(default_factory=list)
    notice: str = ""
    translation: dict[str, str] | None = None
    missing: list[str] = field(default_factory=list)
    # (name, label, text) of the parts of an actor or a source a writer copies.
    parts: list[tuple[str, str, str]] = field(default_factory=list)
    # An actor's title on the day its name and title are copied for.
    title_on: dict[str, str] | None = None
    # A retracted record's day ("on") and public reason: shown struck out,
    # with nothing to copy.
    retracted: dict[str, str] | None = None

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def page(self) -> str:
        """The record's public page: as published, with its corrections."""
        return record_page(self.kind, self.id)

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def claim_review(self) -> dict[str, Any] | None:
        """The schema.org ClaimReview, when the statement has a claim assessment."""
        return self.styles.get("claim-review")

    @property
    def api_url(self) -> str:
        return f"/api/v1/{API_PATHS[Kind(self.kind)]}/{self.id}/"

    def copies(self) -> list[tuple[str, str, str]]:
        """(style, label, text to copy) for each style or part of this result."""
        out = []
        for style, label in STYLES.items():
            if style not in self.styles:
                continue
            value = self.styles[style]
            if not isinstance(value, str):
                # The text json.dumps(value, ensure_ascii=False, indent=2)
                # writes, in a tenth of the time.
                value = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
            out.append((style, label, value))
        return out + self.parts

    def display(self) -> dict[str, Any]:
        """The fields the page shows, for clients that draw results themselves."""
        return {
            "kind_label": self.kind_label,
            "headline": self.headline,
            "detail": self.detail,
            "paraphrase": self.paraphrase,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "date": self.date,
            "source": self.source,
            "corrections": self.corrections,
            "claim": self.claim,
            "aliases": self.aliases,
            "relations": self.relations,
            "notice": self.notice,
            "translation": self.translation,
            "missing": self.missing,
            "title_on": self.title_on,
            "retracted": self.retracted,
            "page": self.page,
        }


def relation_notes(data: dict[str, Any]) -> list[str]:
    """“Contradicted by X: “...”” for each relation, seen before copying."""
    relations = [
        *(data.get("relations") or []),
        *(data.get("statement_relations") or []),
    ]
    notes = []
    for relation in relations:
        other = relation.get("record") or {}
        who = f"{other['speaker']}: " if other.get("speaker") else ""
        label = str(relation.get("label", ""))
        notes.append(f"{label[:1].upper()}{label[1:]} {who}“{other.get('text', '')}”")
    return notes


def first_translation(data: dict[str, Any]) -> dict[str, str] | None:
    """The translation shown beside the original: English, official first."""
    translations = [t for t in data.get("translations") or [] if t.get("text")]
    if not translations:
        return None
    chosen = min(
        translations,
        key=lambda t: (t.get("language") != "en", t.get("kind") != "official"),
    )
    return {
        "language": chosen.get("language", ""),
        "text": chosen["text"],
        "translated_by": chosen.get("translated_by", ""),
    }


def source_parts(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A source's outlet, title, date (as far as known) and address, to copy."""
    parts = [
        ("outlet", "Outlet", str(data.get("publisher") or "")),
        ("title", "Title", str(data.get("title") or "")),
        ("date", "Date", human_date(data.get("published_on"))),
        ("url", "URL", as_uri(data.get("url")) or ""),
    ]
    return [part for part in parts if part[2]]


def actor_parts(data: dict[str, Any], day: datetime.date) -> list[tuple[str, str, str]]:
    """An actor's name, and name with the title held on ``day``, to copy.

    Both come from the dated names and roles of the actor's public record:
    the name the actor went by that day.
    """
    then = as_of(data, day)
    parts = [("name", "Name", then["name"])]
    if then["title"]:
        parts.append(
            ("name-title", "Name and title", f"{then['name']}, {then['title']}")
        )
    return [part for part in parts if part[2]]


def retraction(hit: Hit) -> dict[str, str] | None:
    """The day a retracted record was retracted, in words, its reason and page."""
    if hit.retracted_at is None:
        return None
    day = timezone.localdate(hit.retracted_at)
    return {
        "on": human_date(day.isoformat()),
        "date": day.isoformat(),
        "reason": hit.retraction_reason,
        # The record's public page, which says the same (answering 410).
        "page": record_page(hit.kind, hit.record_id),
    }


def present_retracted(hit: Hit) -> Result:
    """A retracted record: that it was found, and when and why it was retracted.

    A retraction takes a record's words off every public response, so none
    of them is shown: not its text or title, not its source, nothing to copy.
    A statement keeps its speaker (a live actor) and the day it was said, so
    that a writer recognises what they may have quoted.
    """
    data = hit.data
    result = Result(
        kind=hit.kind,
        id=hit.record_id,
        rank=round(hit.rank, 6),
        headline="",
        missing=list(hit.missing),
        retracted=retraction(hit),
    )
    if hit.kind == Kind.STATEMENT:
        result.speaker = (data.get("speaker") or {}).get("name", "")
        result.date = human_date(data.get("said_on"))
    elif hit.kind == Kind.EVENT:
        result.date = human_date(data.get("starts_on"))
    return result


def present(hit: Hit, *, day: datetime.date | None = None) -> Result:
    """What the page shows of ``hit``; an actor's title is the one held on
    ``day`` (today unless given)."""
    if hit.retracted_at is not None:
        return present_retracted(hit)
    data = hit.data
    result = Result(
        kind=hit.kind,
        id=hit.record_id,
        rank=round(hit.rank, 6),
        headline="",
        corrections=list(data.get("corrections") or []),
        styles=dict(data.get("citation_styles") or {}),
        relations=relation_notes(data),
        notice=(data.get("notice") or {}).get("text", ""),
        translation=first_translation(data),
        missing=list(hit.missing),
    )
    source = first_source(data)
    if source:
        result.source = {
            "title": source.get("title", ""),
            # The page and its script link only an http(s) address.
            "url": as_uri(source.get("url")),
            "publisher": source.get("publisher", ""),
            "date": human_date(source.get("published_on")),
        }
    if hit.kind == Kind.STATEMENT:
        result.headline = data.get("text", "")
        result.paraphrase = data.get("kind") == "paraphrase"
        result.speaker = (data.get("speaker") or {}).get("name", "")
        result.speaker_title = data.get("speaker_title", "")
        result.date = human_date(data.get("said_on"))
        claim = data.get("claim") or None
        if claim:
            result.claim = {
                "rating": str(claim.get("rating", "")).replace("_", " "),
                "reasoning": claim.get("reasoning", ""),
            }
    elif hit.kind == Kind.EVENT:
        result.headline = data.get("title", "")
        result.detail = data.get("description", "")
        result.date = human_date(data.get("starts_on"))
    elif hit.kind == Kind.ACTOR:
        result.headline = data.get("name", "")
        result.detail = data.get("description", "")
        result.aliases = [alias["name"] for alias in data.get("aliases", [])]
        day = day or timezone.localdate()
        result.parts = actor_parts(data, day)
        title = as_of(data, day)["title"]
        if title:
            result.title_on = {"title": title, "day": human_date(day.isoformat())}
    else:
        result.headline = data.get("title", "")
        result.date = human_date(data.get("published_on"))
        result.source = {
            "title": data.get("title", ""),
            "url": as_uri(data.get("url")),
            "publisher": data.get("publisher", ""),
            "date": result.date,
        }
        result.parts = source_parts(data)
    return result
