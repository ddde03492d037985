"""Print every table, every history row and every public API response as JSON.

Run as ``python -m tests.hardening.snapshot`` against a database; two
databases hold the same fact file when their snapshots are equal.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from factfile.published.models import PublishedRecord  # noqa: E402

RESOURCES = ("statements", "events", "actors", "sources", "citations")


def tables() -> dict[str, list[list[str]]]:
    """Every row of every table, in a stable order."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            rows = [[_text(value) for value in row] for row in cursor.fetchall()]
            found[table] = sorted(rows)
    return found


def _text(value: Any) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return str(value)


def api() -> dict[str, Any]:
    """Every public list page, detail, citation, the change feed and the export."""
    client = Client()
    answers: dict[str, Any] = {}

    def fetch(url: str) -> Any:
        response = client.get(url)
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        answers[url] = [response.status_code, response.get("ETag"), body.decode()]
        return response

    for resource in RESOURCES:
        url: str | None = f"/api/v1/{resource}/?page_size=50"
        while url:
            url = fetch(url).json().get("next")
            if url:
                url = url.split("testserver", 1)[-1]
    for row in PublishedRecord.objects.order_by("resource", "record_id"):
        base = f"/api/v1/{row.resource}s/{row.record_id}/"
        fetch(base)
        if row.resource in ("statement", "event"):
            fetch(f"{base}citation/")
    url = "/api/v1/changes/?after=0"
    while url:
        url = fetch(url).json().get("next")
        if url:
            url = url.split("testserver", 1)[-1]
    fetch("/api/v1/export/?format=jsonl")
    fetch("/api/v1/export/?format=csv")
    return answers


if __name__ == "__main__":
    json.dump({"tables": tables(), "api": api()}, sys.stdout, sort_keys=True)
