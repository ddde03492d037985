"""Every list costs the same number of queries for one row as for a full page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from factfile.published.models import ChangeEntry, PublishedRecord

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/statements/",
    "/api/v1/events/",
    "/api/v1/actors/",
    "/api/v1/sources/",
    "/api/v1/citations/",
    "/api/v1/changes/",
    "/api/v1/statements/?actor={actor}&q=committed&ordering=-changed",
]


def fill(resource, count):
    """Copies of one published record, with their change entries."""
    template = PublishedRecord.objects.filter(resource=resource).first()
    last = PublishedRecord.objects.order_by("-seq").first().seq
    links = list(template.links.values_list("relation", "value"))
    for number in range(1, count + 1):
        row = PublishedRecord.objects.create(
            **{
                f.attname: getattr(template, f.attname)
                for f in PublishedRecord._meta.concrete_fields
                if f.attname not in ("id", "record_id", "seq")
            },
            record_id=10_000 + number,
            seq=last + number,
        )
        ChangeEntry.objects.create(
            seq=row.seq,
            at=row.changed_at,
            action="published",
            resource=resource,
            record_id=row.record_id,
            version=row.version,
            data=row.data,
        )
        row.links.bulk_create(
            [row.links.model(record=row, relation=r, value=v) for r, v in links]
        )


def count_queries(api, url):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_queries_do_not_grow_with_the_page(api, factfile, url):
    url = url.format(actor=factfile["kagame"].pk)
    one = count_queries(api, f"{url}{'&' if '?' in url else '?'}page_size=1")
    for resource in ("statement", "event", "actor", "source", "citation"):
        fill(resource, 200)

    full = f"{url}{'&' if '?' in url else '?'}page_size=200"
    assert count_queries(api, full) == one
    assert len(api.get(full).json()["results"]) == 200


@pytest.mark.parametrize("url", ["/api/v1/statements/", "/api/v1/changes/?after=1"])
def test_a_list_page_and_its_etag_come_from_one_query(api, factfile, url):
    # The page, and the latest change its ETag and Last-Modified name, are
    # read together: one snapshot, one round trip. The change feed reads
    # no more than a list.
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    latest = ChangeEntry.objects.order_by("-seq").first()

    assert response.status_code == 200
    assert len(response.json()["results"]) > 0
    assert len(queries) == 1
    assert api.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert response["Last-Modified"] == http_date(latest.at.timestamp())


def test_an_empty_feed_page_still_names_the_latest_change(api, factfile):
    latest = ChangeEntry.objects.order_by("-seq").first()

    response = api.get(f"/api/v1/changes/?after={latest.seq}")

    assert response.json()["results"] == []
    assert response["Last-Modified"] == http_date(latest.at.timestamp())
    assert (
        api.get(
            f"/api/v1/changes/?after={latest.seq}",
            HTTP_IF_NONE_MATCH=response["ETag"],
        ).status_code
        == 304
    )


def walk(api, url):
    """Every record of a listing, page after page, and the pages' next links."""
    ids, nexts = [], []
    while url:
        body = api.get(url).json()
        # By the URL: the copies ``fill`` makes keep their original's JSON.
        ids += [
            int(item["api_url"].rstrip("/").rpartition("/")[2])
            for item in body["results"]
        ]
        nexts.append(body["next"] is not None)
        url = body["next"]
    return ids, nexts


@pytest.mark.parametrize("ordering", ["-date", "date", "-changed", "changed", "id"])
@pytest.mark.parametrize(
    "resource", ["statements", "events", "actors", "sources", "citations"]
)
def test_unfiltered_lists_page_as_the_filtered_path_does(
    api, factfile, resource, ordering
):
    # Copies share their date: the later keys decide, across page breaks.
    fill(resource.removesuffix("s"), 7)
    base = f"/api/v1/{resource}/?ordering={ordering}&page_size=3"

    unfiltered = walk(api, base)
    # An empty filter takes the ORM's path and filters nothing.
    through_filters = walk(api, base + "&q=")

    assert unfiltered == through_filters
    assert len(unfiltered[0]) == len(set(unfiltered[0])) > 7
    records = PublishedRecord.objects.filter(
        resource=resource.removesuffix("s"), retracted_at__isnull=True
    )
    assert sorted(unfiltered[0]) == sorted(records.values_list("record_id", flat=True))
