"""The whole published layer as JSON Lines or CSV, streamed in constant memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from factfile.published.models import PublishedRecord

FORMATS = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}
COLUMNS = [
    "type",
    "id",
    "version",
    "seq",
    "changed_at",
    "retracted_at",
    "retraction_reason",
    "data",
]
CHUNK_SIZE = 500


def exported_rows() -> Iterator[dict[str, Any]]:
    """Every published record and tombstone; a tombstone carries no content."""
    rows = (
        PublishedRecord.objects.order_by("resource", "record_id")
        .values_list(
            "resource",
            "record_id",
            "version",
            "seq",
            "changed_at",
            "retracted_at",
            "retraction_reason",
            "data",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for values in rows:
        row = dict(zip(COLUMNS, values, strict=True))
        if row["retracted_at"] is not None:
            row["data"] = None
        yield row


def as_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


class _Line:
    """A file-like object whose ``write`` hands back the line it was given."""

    def write(self, value: str) -> str:
        return value


def as_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for row in rows:
        cells = dict(row)
        for name in ("changed_at", "retracted_at"):
            cells[name] = cells[name].isoformat() if cells[name] else ""
        cells["data"] = (
            json.dumps(cells["data"], ensure_ascii=False) if cells["data"] else ""
        )
        yield writer.writerow([cells[name] for name in COLUMNS])


def export(format: str) -> Iterator[str]:
    """The published layer in ``format`` (jsonl or csv), line by line."""
    render = as_jsonl if format == "jsonl" else as_csv
    return render(exported_rows())
