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


def is_preflight(request: HttpRequest) -> bool:
    """A browser's CORS preflight: OPTIONS naming the method it means to use."""
    return (
        request.method == "OPTIONS"
        and "HTTP_ORIGIN" in request.META
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
    )


class PublicApiCorsMiddleware:
    """CORS headers on ``/api/`` responses; nothing elsewhere, no credentials.

    It also marks every ``/api/`` error ``no-store``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if is_preflight(request):
            # Answered here, before any view reads the query: the Fetch
            # standard needs a 2xx, whatever the URL's parameters are.
            response = HttpResponse(status=204)
        else:
            response = self.get_response(request)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        if response.status_code >= 400:
            # Whoever answered (a view, routing, a handler), an API error is
            # never stored by a cache.
            response["Cache-Control"] = "no-store"
        return response
