"""Compressed public API responses: brotli or gzip, as the client accepts.

The API's JSON carries nothing secret (no session, no CSRF token), so
compressing it exposes nothing to BREACH-style attacks; the admin and the
writers' page are left alone. Each encoding is its own representation: its
ETag gets a suffix (``"…-br"``, ``"…-gzip"``), so that a cache never takes one
encoding's validator for another's, and ``If-None-Match`` with either form
still gives a 304. The export files are sent as they are on disk (with
ranges): see ``docs/exports.md``.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from werkzeug.http import parse_accept_header

from factfile.api.middleware import API_PREFIX

COMPRESSIBLE = ("application/json", "application/vnd.oai.openapi", "text/")
ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda body: brotli.compress(body, quality=5),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}
_TAG = re.compile(r'(W/)?"([^"]*?)(?:-(br|gzip))?"')


def chosen_encoding(accept_encoding: str) -> str | None:
    """``br`` or ``gzip``, whichever the client accepts (brotli first), or None."""
    accepted = parse_accept_header(accept_encoding)
    best = max(ENCODERS, key=lambda name: (accepted.quality(name), name == "br"))
    return best if accepted.quality(best) > 0 else None


def tags_for_view(header: str, encoding: str | None) -> str:
    """``If-None-Match`` as the view understands it, for the chosen encoding.

    A tag of the chosen encoding loses its suffix, so that the view's own tag
    matches it; any other tag (another encoding's, or the plain tag when the
    answer will be compressed) is made one that matches nothing.
    """
    if header.strip() == "*":
        return header
    tags = []
    for found in _TAG.finditer(header):
        weak, opaque, suffix = found.groups()
        if suffix == encoding:
            tags.append(f'{weak or ""}"{opaque}"')
        else:
            tags.append(f'{weak or ""}"{opaque}-{suffix or "identity"}-other"')
    return ", ".join(tags)


class CompressPublicApiMiddleware:
    """Compress ``/api/`` responses for clients that accept brotli or gzip."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) or request.path == reverse(
            "api:export"
        ):
            # The export file keeps its own validators and ranges.
            return self.get_response(request)
        encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
        if "HTTP_IF_NONE_MATCH" in request.META:
            request.META["HTTP_IF_NONE_MATCH"] = tags_for_view(
                request.META["HTTP_IF_NONE_MATCH"], encoding
            )
        response = self.get_response(request)
        if response.streaming or response.has_header("Content-Encoding"):
            return response
        if response.status_code not in (200, 304) and response.status_code < 400:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if encoding is None:
            return response
        if response.status_code == 304:
            self._tag(response, encoding)
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        compressed = ENCODERS[encoding](response.content)
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = encoding
        self._tag(response, encoding)
        return response

    @staticmethod
    def _tag(response: HttpResponse, encoding: str) -> None:
        etag = response.get("ETag")
        if etag and etag.endswith('"'):
            response["ETag"] = f'{etag[:-1]}-{encoding}"'
