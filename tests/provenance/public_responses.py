"""Every response the public can get from the fact file, to look for words in."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from rest_framework.test import APIClient

from factfile.published.models import PublishedRecord

LISTS = ("statements", "events", "actors", "sources", "citations")
# Records with a detail URL of their own; relations and translations are
# served inside the statements and events they belong to, and in the feed.
DETAILS = {
    "statement": "statements",
    "event": "events",
    "actor": "actors",
    "source": "sources",
    "citation": "citations",
}
CITABLE = ("statement", "event")


def body_of(api: APIClient, url: str) -> str:
    """The decoded body of a GET, streamed or not; never a server error."""
    response = api.get(url)
    assert response.status_code < 500, (url, response.status_code)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return body.decode()


def all_pages(api: APIClient, url: str) -> dict[str, str]:
    """Every page of a list or of the change feed, following ``next``."""
    bodies: dict[str, str] = {}
    while url and url not in bodies:
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)
        bodies[url] = response.content.decode()
        url = response.json().get("next") or ""
    return bodies


def every_public_response(
    api: APIClient, *, queries: Iterable[str] = (), page_size: int = 3
) -> dict[str, str]:
    """Lists (all pages), details, citations, record pages, the feed, the
    front page and the corrections log, exports and lookups.

    A small page size walks the pages of lists and feed; ``queries`` are
    sent to the API's ``q``, the lookup API and the lookup page, which echo
    them: give them in lower case and look for words in their own case.
    """
    bodies: dict[str, str] = {}
    for name in LISTS:
        bodies |= all_pages(api, f"/api/v1/{name}/?page_size={page_size}")
    bodies |= all_pages(api, f"/api/v1/changes/?after=0&page_size={page_size}")
    for chosen in ("jsonl", "csv"):
        url = f"/api/v1/export/?format={chosen}"
        bodies[url] = body_of(api, url)
    rows = PublishedRecord.objects.filter(resource__in=DETAILS).order_by(
        "resource", "record_id"
    )
    for resource, record_id in rows.values_list("resource", "record_id"):
        url = f"/api/v1/{DETAILS[resource]}/{record_id}/"
        bodies[url] = body_of(api, url)
        if resource in CITABLE:
            bodies[f"{url}citation/"] = body_of(api, f"{url}citation/")
        # The record's public page, the permalink citations carry.
        page = f"/r/{resource}/{record_id}/"
        bodies[page] = body_of(api, page)
    for url in ("/", "/corrections/", "/corrections/feed/"):
        bodies[url] = body_of(api, url)
    # The status of every record, as a story's script and badge ask for it.
    keys = [
        f"{resource}:{record_id}"
        for resource, record_id in rows.values_list("resource", "record_id")
    ]
    for start in range(0, len(keys), 100):
        url = f"/api/v1/status/?ids={','.join(keys[start : start + 100])}"
        bodies[url] = body_of(api, url)
    for key in keys:
        url = f"/api/v1/status/badge.svg?id={key}"
        bodies[url] = body_of(api, url)
    bodies["/lookup/"] = body_of(api, "/lookup/")
    for words in queries:
        q = quote(words)
        for url in (
            f"/api/v1/statements/?q={q}",
            f"/api/v1/events/?q={q}",
            f"/api/v1/lookup/?q={q}",
            f"/lookup/?q={q}",
        ):
            bodies[url] = body_of(api, url)
    return bodies


def where_found(bodies: dict[str, str], words: Iterable[str]) -> list[tuple[str, str]]:
    """(url, words) for every response that contains any of ``words``."""
    return [
        (url, word) for url, body in bodies.items() for word in words if word in body
    ]
