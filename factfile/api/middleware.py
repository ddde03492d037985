"""Open the public API to browsers on any origin, for reading only."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Authorization, If-None-Match, If-Modified-Since, Range, If-Range"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, Content-Length, Content-Range, "
        "X-Factfile-Rows, X-Factfile-Last-Seq, X-Factfile-Sha256"
    ),
    "Access-Control-Max-Age": "86400",
}


class PublicApiCorsMiddleware:
    """CORS headers on ``/api/`` responses; nothing elsewhere, no credentials."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            for header, value in CORS_HEADERS.items():
                response[header] = value
        return response
