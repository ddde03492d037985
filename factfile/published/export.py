"""The whole published layer as JSON Lines or CSV, row by row in constant memory.

This module is the one place export rows are written: the streamed export
(``export_factfile`` to standard output) and the prebuilt files
(``factfile/exporting.py``) both take their lines from here.

JSON Lines ends with a completeness line, ``{"complete": true, "rows": R,
"last_seq": S}``, written only after the last row was read: an export cut
short (the database gone mid-way) has no such line. CSV has no room for one;
its completeness is its ``Content-Length`` and the manifest of the files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from factfile.published.models import PublishedRecord
from factfile.timestamps import TimestampJSONEncoder, rfc3339

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
    """Every published record and tombstone; a tombstone carries no content.

    One query, so the rows are one snapshot of the layer: the highest
    ``seq`` among them is the last change they reflect.
    """
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


class Tally:
    """Counts the rows passing through it and keeps their highest ``seq``."""

    def __init__(self) -> None:
        self.rows = 0
        self.last_seq = 0

    def count(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            self.rows += 1
            self.last_seq = max(self.last_seq, row["seq"])
            yield row


def jsonl_line(row: dict[str, Any]) -> str:
    return json.dumps(row, cls=TimestampJSONEncoder, ensure_ascii=False) + "\n"


def completeness_line(tally: Tally) -> str:
    """The last line of a JSON Lines export that was read to its end."""
    return (
        json.dumps({"complete": True, "rows": tally.rows, "last_seq": tally.last_seq})
        + "\n"
    )


class _Line:
    """A file-like object whose ``write`` hands back the line it was given."""

    def write(self, value: str) -> str:
        return value


# Every cell quoted, so that a neutralised cell is always read as one string
# (OWASP's CSV injection guidance: a leading quote, inside double quotes).
_CSV = csv.writer(_Line(), quoting=csv.QUOTE_ALL)
CSV_HEADER: str = _CSV.writerow(COLUMNS)
# What makes a spreadsheet read a cell as a formula (or, for tab and carriage
# return, hides such a start).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a leading quote if a spreadsheet would run it as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def csv_line(row: dict[str, Any]) -> str:
    cells = dict(row)
    for name in ("changed_at", "retracted_at"):
        cells[name] = rfc3339(cells[name]) if cells[name] else ""
    cells["data"] = (
        json.dumps(cells["data"], ensure_ascii=False) if cells["data"] else ""
    )
    return _CSV.writerow([spreadsheet_safe(str(cells[name] or "")) for name in COLUMNS])


def as_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    tally = Tally()
    for row in tally.count(rows):
        yield jsonl_line(row)
    yield completeness_line(tally)


def as_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield CSV_HEADER
    for row in rows:
        yield csv_line(row)


def export(format: str) -> Iterator[str]:
    """The published layer in ``format`` (jsonl or csv), line by line."""
    render = as_jsonl if format == "jsonl" else as_csv
    return render(exported_rows())
