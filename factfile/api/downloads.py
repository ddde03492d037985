"""Export files sent over HTTP: validators, byte ranges and a per-process limit.

The file goes out as a ``FileResponse`` (gunicorn sends it with
``sendfile``); headers are parsed by Werkzeug's HTTP helpers. At most
``FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS`` downloads are sent by a process at
once, so slow readers can never take every thread of a worker.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from werkzeug.http import parse_if_range_header, parse_range_header

from factfile.exporting import ExportFile, ExportNotReady
from factfile.published import export


class DownloadSlots:
    """How many downloads this process is sending, within the setting's limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.taken = 0

    def take(self) -> bool:
        with self._lock:
            if self.taken >= settings.FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS:
                return False
            self.taken += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.taken -= 1


slots = DownloadSlots()


class DownloadFull(Exception):
    """Every download slot of this process is taken."""


class _Slice(io.FileIO):
    """Bytes ``start`` to ``stop`` of a file; its slot is given back on close."""

    def __init__(
        self, path: str, start: int, stop: int, on_close: Callable[[], None]
    ) -> None:
        super().__init__(path, "rb")
        self.seek(start)
        self._left = stop - start
        self._on_close: Callable[[], None] | None = on_close

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        data = super().read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        try:
            super().close()
        finally:
            on_close, self._on_close = self._on_close, None
            if on_close is not None:
                on_close()


def _range_of(request: HttpRequest, file: ExportFile) -> tuple[int, int] | None:
    """The one byte range asked for, if any; ``(0, 0)`` when it cannot be met.

    As RFC 9110 allows, a malformed Range, another unit, several ranges or
    an If-Range that no longer matches are ignored: the whole file is sent.
    """
    wanted = parse_range_header(request.headers.get("Range"))
    if wanted is None or wanted.units != "bytes" or len(wanted.ranges) != 1:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None:
        condition = parse_if_range_header(if_range)
        if condition.date is not None:
            matches = int(condition.date.timestamp()) == int(file.built_at.timestamp())
        else:
            matches = f'"{condition.etag}"' == file.etag
        if not matches:
            return None
    return wanted.range_for_length(file.size) or (0, 0)


def _headers(response: HttpResponseBase, file: ExportFile) -> None:
    response["ETag"] = file.etag
    response["Last-Modified"] = http_date(file.built_at.timestamp())
    response["Accept-Ranges"] = "bytes"
    response["X-Factfile-Rows"] = str(file.rows)
    response["X-Factfile-Last-Seq"] = str(file.last_seq)
    response["X-Factfile-Sha256"] = file.sha256
    patch_cache_control(response, public=True, max_age=settings.FACTFILE_API_MAX_AGE)


def file_response(request: HttpRequest, file: ExportFile) -> HttpResponseBase:
    """The file, a range of it, a 304, 412 or 416, as the request's headers ask.

    Raise ``DownloadFull`` when a body would be sent and every slot is taken,
    ``ExportNotReady`` when the file is gone.
    """
    conditional = get_conditional_response(
        request, etag=file.etag, last_modified=int(file.built_at.timestamp())
    )
    if conditional is not None:
        _headers(conditional, file)
        return conditional
    span = _range_of(request, file)
    if span == (0, 0):
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{file.size}"
        _headers(refused, file)
        return refused
    start, stop = span or (0, file.size)
    response: Any
    if request.method == "HEAD":
        response = HttpResponse(content_type=export.FORMATS[file.format])
    else:
        if not slots.take():
            raise DownloadFull
        try:
            body = _Slice(str(file.path), start, stop, slots.give_back)
        except FileNotFoundError:
            # Pruned by two newer builds since the manifest was read.
            slots.give_back()
            raise ExportNotReady from None
        response = FileResponse(
            body,
            as_attachment=True,
            filename=file.name,
            content_type=export.FORMATS[file.format],
        )
    response["Content-Length"] = str(stop - start)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    if span is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{stop - 1}/{file.size}"
    _headers(response, file)
    return response
