"""The public front page, the corrections and retractions log, and its Atom feed.

Everything here reads the published layer only, like the API: a draft or an
unverified edit cannot appear, and a retracted record's words are not shown,
not even in the older entries of the log.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import condition, require_safe

from factfile.lookup.results import Result, present
from factfile.lookup.search import Hit
from factfile.published.models import Action, ChangeEntry, PublishedRecord

LATEST = 5
LOG_ON_FRONT_PAGE = 10
LOG_PAGE = 50
# ``before`` is a sequence number: ASCII digits, not absurdly many.
_SEQ = re.compile(r"[0-9]{1,18}")
API_LISTS = {
    "statement": "statements",
    "event": "events",
    "actor": "actors",
    "source": "sources",
    "citation": "citations",
}


@dataclass
class LogEntry:
    """One correction or retraction as the log and the feed show it."""

    seq: int
    at: datetime.datetime
    action: str
    resource: str
    record_id: int
    note: str
    headline: str

    @property
    def retracted(self) -> bool:
        return self.action == Action.RETRACTED

    @property
    def label(self) -> str:
        return f"{self.resource.capitalize()} {self.record_id}"

    @property
    def url(self) -> str:
        """The record's public page (410 with the reason once retracted).

        A part retracted on its own (a relation, a translation) has no page:
        its entry links to the API.
        """
        if self.resource in API_LISTS:
            return reverse("record", args=[self.resource, self.record_id])
        return self.api_url

    @property
    def api_url(self) -> str:
        """The record's address in the API."""
        return (
            f"/api/v1/{API_LISTS.get(self.resource, self.resource)}/{self.record_id}/"
        )


def headline(resource: str, data: dict[str, Any] | None) -> str:
    """A line that says which record an entry is about; empty without its words."""
    if not data:
        return ""
    if resource == "statement":
        speaker = (data.get("speaker") or {}).get("name", "")
        text = str(data.get("text", ""))
        return f"{speaker}: “{text}”" if speaker else f"“{text}”"
    if resource == "citation":
        return f"“{data.get('quote', '')}”"
    return str(data.get("title") or data.get("name") or "")


def corrections_log(*, before: int | None = None, limit: int) -> list[LogEntry]:
    """The newest corrections and retractions, below ``before`` if given."""
    entries = ChangeEntry.objects.corrections()
    if before is not None:
        entries = entries.filter(seq__lt=before)
    rows = entries.for_feed().values(
        "seq", "at", "action", "resource", "record_id", "note", "data", "withdrawn"
    )[:limit]
    return [
        LogEntry(
            seq=row["seq"],
            at=row["at"],
            action=row["action"],
            resource=row["resource"],
            record_id=row["record_id"],
            note=row["note"],
            # A record retracted since keeps its notes in the log, not its words.
            headline="" if row["withdrawn"] else headline(row["resource"], row["data"]),
        )
        for row in rows
    ]


def latest(resource: str) -> list[Result]:
    """The records of one type verified most recently, as the lookup shows them."""
    rows = (
        PublishedRecord.objects.of(resource)
        .live()
        .newest_first()
        .values_list("record_id", "data")[:LATEST]
    )
    return [present(Hit(resource, record_id, 0.0, data)) for record_id, data in rows]


def latest_seq(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """The ETag of a public page: the published layer's last change."""
    seq = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    return f"seq-{seq or 0}"


def public(response: HttpResponse) -> HttpResponse:
    """Cache headers of the public pages, as the API's."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.FACTFILE_API_MAX_AGE,
        stale_while_revalidate=settings.FACTFILE_API_STALE_WHILE_REVALIDATE,
    )
    return response


@require_safe
@condition(etag_func=latest_seq)
def front_page(request: HttpRequest) -> HttpResponse:
    """What the fact file is, a search box, the latest records and the log."""
    log = corrections_log(limit=LOG_ON_FRONT_PAGE + 1)
    context = {
        "newsroom": settings.FACTFILE_NEWSROOM,
        "statements": latest("statement"),
        "events": latest("event"),
        "log": log[:LOG_ON_FRONT_PAGE],
        "more": len(log) > LOG_ON_FRONT_PAGE,
    }
    return public(render(request, "front/front.html", context))


@require_safe
@condition(etag_func=latest_seq)
def corrections(request: HttpRequest) -> HttpResponse:
    """The whole log, a page at a time, newest first (``?before=<seq>``)."""
    before = request.GET.get("before")
    unknown = set(request.GET) - {"before"}
    if unknown or (before is not None and not _SEQ.fullmatch(before)):
        return HttpResponseBadRequest(
            "The only parameter is before=<sequence number>.",
            content_type="text/plain; charset=utf-8",
        )
    log = corrections_log(before=int(before) if before else None, limit=LOG_PAGE + 1)
    context = {
        "newsroom": settings.FACTFILE_NEWSROOM,
        "log": log[:LOG_PAGE],
        "next_before": log[LOG_PAGE - 1].seq if len(log) > LOG_PAGE else None,
        "paged": before is not None,
    }
    return public(render(request, "front/corrections.html", context))


class CorrectionsFeed(Feed):
    """The corrections and retractions log as an Atom feed."""

    feed_type = Atom1Feed
    title = "Corrections and retractions"
    subtitle = "Every correction note and retraction reason of the fact file."

    def link(self) -> str:
        return reverse("corrections")

    def items(self) -> list[LogEntry]:
        return corrections_log(limit=LOG_PAGE)

    def item_title(self, item: LogEntry) -> str:
        verb = "retracted" if item.retracted else "corrected"
        return f"{item.label} {verb}"

    def item_description(self, item: LogEntry) -> str:
        # The feed generator escapes this: it is text, not markup.
        return f"{item.note}\n\n{item.headline}".strip()

    def item_link(self, item: LogEntry) -> str:
        return item.url

    def item_guid(self, item: LogEntry) -> str:
        # A record may be corrected many times: one entry per change. The
        # identifier stays the one first given, so that readers do not show
        # every entry again.
        return f"{item.api_url}#change-{item.seq}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: LogEntry) -> datetime.datetime:
        return item.at

    def item_updateddate(self, item: LogEntry) -> datetime.datetime:
        return item.at

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        return public(super().__call__(request, *args, **kwargs))
