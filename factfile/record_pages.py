"""Public record pages: ``/r/<type>/<id>/``, the permalink every citation carries.

A page shows one record as the published layer holds it, with its cited
passages and its correction notes; nothing else is read, so a draft or an
unverified edit cannot appear. A retracted record answers 410 with its reason
and date and none of its words; an id never published answers 404; a
duplicate merged into another record redirects to the surviving one.

One query per page: the published row. Its change-feed sequence number is the
ETag and the time of that change is Last-Modified, so a cache revalidates a
page without the page being rendered again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from factfile.addresses import as_uri
from factfile.api.parameters import whole_number
from factfile.dates import PartialDate
from factfile.front import public
from factfile.published.models import PublishedRecord

# The record types with a page, and what a page calls them.
RECORD_TYPES = {
    "statement": "Statement",
    "event": "Event",
    "actor": "Actor",
    "source": "Source",
    "citation": "Citation",
}
API_LISTS = {
    "statement": "statements",
    "event": "events",
    "actor": "actors",
    "source": "sources",
    "citation": "citations",
}
SOURCE_STANDING = {
    "corrected": "Corrected by its publisher",
    "withdrawn": "Withdrawn by its publisher",
}


def page_path(resource: str, record_id: int) -> str:
    """The path of a record's public page."""
    return reverse("record", args=[resource, record_id])


def day(value: str | None) -> str:
    """A partial ISO date as people write it: ``17 March 2025``, ``March 2025``."""
    try:
        partial = PartialDate.parse(value)
    except ValueError:
        return ""
    return str(partial) if partial.date else ""


def label(value: object) -> str:
    """A stored choice (``press_statement``) as words (``Press statement``)."""
    words = str(value or "").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def linked(summary: dict[str, Any] | None, text_field: str = "name") -> dict | None:
    """An embedded record as a link: its words, or that it was retracted."""
    if not summary or summary.get("type") not in RECORD_TYPES:
        return None
    retracted = bool(summary.get("retracted"))
    text = "" if retracted else str(summary.get(text_field) or "")
    return {
        "url": page_path(summary["type"], summary["id"]),
        "text": text or f"{RECORD_TYPES[summary['type']]} {summary['id']}",
        "retracted": retracted,
    }


def passage(citation: dict[str, Any]) -> dict[str, Any]:
    """A citation as the page shows it: the passage in its context, its source."""
    source = citation.get("source") or {}
    return {
        "id": citation.get("id"),
        "url": page_path("citation", citation["id"]) if citation.get("id") else "",
        "disputes": citation.get("stance") == "disputes",
        "prefix": citation.get("prefix") or "",
        "quote": citation.get("quote") or "",
        "suffix": citation.get("suffix") or "",
        "broken": bool(citation.get("is_broken")),
        "source": source_facts(source),
    }


def source_facts(source: dict[str, Any]) -> dict[str, Any]:
    """What a page says of a source: title, publisher, date and addresses."""
    return {
        "link": linked(source, "title"),
        "publisher": source.get("publisher") or "",
        "published_on": day(source.get("published_on")),
        # Only an http(s) address is ever linked.
        "url": as_uri(source.get("url")),
        "archive_url": as_uri(source.get("archive_url")),
        "standing": SOURCE_STANDING.get(source.get("standing") or "", ""),
        "standing_note": source.get("standing_note") or "",
    }


def corrections(data: dict[str, Any]) -> list[dict[str, str]]:
    """The record's correction notes, the latest first, with their days."""
    notes = [
        {"note": str(c.get("note") or ""), "date": str(c.get("date") or "")}
        for c in data.get("corrections") or []
    ]
    notes.sort(key=lambda c: c["date"], reverse=True)
    return [{**c, "day": day(c["date"])} for c in notes]


def _statement(data: dict[str, Any]) -> dict[str, Any]:
    then = data.get("speaker_as_of") or {}
    claim = data.get("claim") or None
    return {
        "text": data.get("text") or "",
        "paraphrase": data.get("kind") == "paraphrase",
        "speaker": linked(data.get("speaker")),
        "speaker_name": then.get("name") or "",
        "speaker_title": data.get("speaker_title") or then.get("title") or "",
        "on_behalf_of": linked(data.get("on_behalf_of")),
        "said_on": day(data.get("said_on")) or "Date unknown",
        "channel": label(data.get("channel")),
        "language": data.get("language") or "",
        "about": [x for x in map(linked, data.get("about") or []) if x],
        "event": linked(data.get("event"), "title"),
        "attribution_chain": data.get("attribution_chain") or "",
        "claim": {
            "rating": label(claim.get("rating")),
            "reasoning": claim.get("reasoning") or "",
        }
        if claim and claim.get("rating")
        else None,
        "translations": [
            {
                "language": t.get("language") or "",
                "text": t.get("text") or "",
                "by": t.get("translated_by") or "",
            }
            for t in data.get("translations") or []
            if t.get("text")
        ],
        "relations": _relations(data.get("relations")),
    }


def _relations(relations: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for relation in relations or []:
        other = relation.get("record") or {}
        if other.get("type") not in RECORD_TYPES:
            continue
        out.append(
            {
                "label": label(relation.get("label")),
                "link": linked(
                    {**other, "name": other.get("text") or other.get("title")}
                ),
                "speaker": other.get("speaker") or "",
            }
        )
    return out


def _event(data: dict[str, Any]) -> dict[str, Any]:
    starts, ends = day(data.get("starts_on")), day(data.get("ends_on"))
    when = f"{starts} to {ends}" if starts and ends and starts != ends else starts
    place = ", ".join(
        part for part in (data.get("place_name"), data.get("place_country")) if part
    )
    return {
        "title": data.get("title") or "",
        "kind": label(data.get("kind")),
        "description": data.get("description") or "",
        "when": when or "Date unknown",
        "place": place,
        "participants": [
            {"actor": linked(p.get("actor")), "role": label(p.get("role"))}
            for p in data.get("participants") or []
            if p.get("actor")
        ],
        "related": [
            {"kind": label(r.get("kind")), "event": linked(r.get("event"), "title")}
            for r in data.get("relations") or []
            if r.get("event")
        ],
        "relations": _relations(data.get("statement_relations")),
    }


def _dated(item: dict[str, Any]) -> str:
    starts, ends = day(item.get("starts_on")), day(item.get("ends_on"))
    if starts and ends:
        return f"{starts} to {ends}"
    if starts:
        return f"from {starts}"
    return f"until {ends}" if ends else ""


def _actor(data: dict[str, Any]) -> dict[str, Any]:
    qid = str(data.get("wikidata_id") or "")
    return {
        "name": data.get("name") or "",
        "kind": label(data.get("kind")),
        "description": data.get("description") or "",
        "wikidata_id": qid,
        "wikidata_url": f"https://www.wikidata.org/wiki/{qid}" if qid else "",
        "aliases": [a.get("name") for a in data.get("aliases") or [] if a.get("name")],
        "roles": [
            {
                "title": r.get("title") or "",
                "organisation": linked(r.get("organisation")),
                "when": _dated(r),
            }
            for r in data.get("roles") or []
        ],
        "names": [
            {"name": n.get("name") or "", "when": _dated(n)}
            for n in data.get("names") or []
        ],
    }


def _source(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data.get("title") or "",
        "kind": label(data.get("kind")),
        "authors": ", ".join(str(a) for a in data.get("authors") or []),
        "accessed_on": day(data.get("accessed_on")),
        "language": data.get("language") or "",
        "facts": source_facts(data),
        "derived_from": linked(data.get("derived_from"), "title"),
    }


def _citation(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("statement_id"):
        cites = {"type": "statement", "id": data["statement_id"]}
    elif data.get("event_id"):
        cites = {"type": "event", "id": data["event_id"]}
    else:
        cites = None
    return {"passage": passage(data), "cites": linked(cites)}


SHOWN = {
    "statement": _statement,
    "event": _event,
    "actor": _actor,
    "source": _source,
    "citation": _citation,
}


def headline(resource: str, data: dict[str, Any]) -> str:
    """The page's title: the record's words, shortened."""
    if resource == "statement":
        speaker = (data.get("speaker") or {}).get("name") or ""
        words = str(data.get("text") or "")
        words = words if len(words) <= 80 else words[:79].rsplit(" ", 1)[0] + "…"
        return f"{speaker}: “{words}”" if speaker else f"“{words}”"
    if resource == "citation":
        return f"Citation {data.get('id')}"
    return str(data.get("title") or data.get("name") or "")


def _conditional(
    request: HttpRequest, row: PublishedRecord
) -> tuple[str, datetime.datetime, HttpResponse | None]:
    etag = f'"r{row.seq}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(row.changed_at.timestamp())
    )
    return etag, row.changed_at, response


@require_safe
def record_page(request: HttpRequest, resource: str, record_id: str) -> HttpResponse:
    """A record as published, or 410 with its reason once retracted."""
    number = whole_number(record_id)
    if resource not in RECORD_TYPES or not number:
        raise Http404("No published record has this address.")
    row = (
        PublishedRecord.objects.of(resource)
        .filter(record_id=number)
        .only(
            "resource",
            "record_id",
            "seq",
            "data",
            "changed_at",
            "retracted_at",
            "retraction_reason",
        )
        .first()
    )
    if row is None:
        raise Http404(f"No published {resource} has the id {number}.")
    moved = row.data.get("merged_into") if row.retracted_at else None
    if moved and (moved.get("type"), moved.get("id")) != (resource, number):
        # A duplicate merged into another record: its page is the survivor's.
        return HttpResponsePermanentRedirect(page_path(moved["type"], moved["id"]))
    etag, changed_at, not_modified = _conditional(request, row)
    if not_modified is not None:
        return public(not_modified)
    context: dict[str, Any] = {
        "newsroom": settings.FACTFILE_NEWSROOM,
        "resource": resource,
        "type_label": RECORD_TYPES[resource],
        "record_id": number,
        "api_url": f"/api/v1/{API_LISTS[resource]}/{number}/",
    }
    if row.retracted_at is not None:
        # Not one word of a retracted record: its reason and date only.
        context |= {
            "reason": row.retraction_reason,
            "retracted_at": row.retracted_at,
        }
        response = render(request, "front/record/gone.html", context, status=410)
        # As the API's 410: an error is not cached, so a restored record is
        # public again at once.
        patch_cache_control(response, no_store=True)
        return response
    data = row.data
    context |= {
        "headline": headline(resource, data),
        "record": SHOWN[resource](data),
        "passages": [passage(c) for c in data.get("citations") or [] if c.get("id")],
        "corrections": corrections(data),
        "notice": (data.get("notice") or {}).get("text") or "",
        "verified_on": day(str(data.get("verified_at") or "")[:10]),
        "version": data.get("version"),
        "citation_text": (data.get("citation_styles") or {}).get("text") or "",
    }
    context["body"] = f"front/record/{resource}.html"
    response = render(request, "front/record/page.html", context)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    return public(response)
