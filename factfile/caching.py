"""Public responses kept in the shared cache, keyed by the published layer's state.

Every key carries the sequence number of the last change-feed entry: a
publication, correction or retraction takes the next number, so every entry
cached before it becomes unreachable at once, on every app server, with no
purge to send. A cached response is served only after the view has
authenticated the client, counted it against its rate limit and checked the
query parameters, so caching changes the cost of a request, never who may
make it or how often.

The cache failing (Redis down or slow) is a miss: the response is built from
the database as if nothing was cached.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseBase
from rest_framework.request import Request

from factfile.published.models import ChangeEntry

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-response"


def latest_seq() -> int:
    """The sequence number of the last change written to the published layer."""
    return (
        ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )


def response_key(seq: int, path: str, media_type: str) -> str:
    digest = hashlib.sha256(f"{path}|{media_type}".encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{seq}:{digest}"


def _cache() -> Any:
    return caches[settings.FACTFILE_RESPONSE_CACHE]


def _get(key: str) -> Any:
    try:
        return _cache().get(key)
    except Exception:  # the cache is an optimisation: never fail a request on it
        logger.warning("Response cache unavailable; answering from the database.")
        return None


def _set(key: str, value: Any, timeout: int) -> None:
    try:
        _cache().set(key, value, timeout)
    except Exception:
        logger.warning("Response cache unavailable; the response was not kept.")


class CachedPublicResponseMixin:
    """Serve a GET from the shared cache when the published layer has not changed.

    Mixed into the public API's views, in front of their own ``initial`` and
    ``finalize_response``: the view still authenticates, throttles and
    validates; only the handler's work (queries, serialising, rendering) is
    skipped on a hit.
    """

    version_seen: tuple[int, Any] | None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._cache_key = None
        timeout = settings.FACTFILE_RESPONSE_CACHE_SECONDS
        if timeout <= 0 or request.method not in ("GET", "HEAD"):
            return
        media_type = getattr(request, "accepted_media_type", "") or ""
        self._cache_key = response_key(
            latest_seq(), request.get_full_path(), media_type
        )
        cached = _get(self._cache_key)
        if cached is None:
            return
        content, content_type, version_seen = cached
        self.version_seen = version_seen

        def serve_cached(*args: Any, **kwargs: Any) -> HttpResponse:
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response

        # The handler is looked up after initial(): this one answers instead.
        setattr(self, request.method.lower(), serve_cached)
        self._cache_key = None

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        key = getattr(self, "_cache_key", None)
        if key is None or response.status_code != 200 or response.streaming:
            return response
        version_seen = self.version_seen
        timeout = settings.FACTFILE_RESPONSE_CACHE_SECONDS

        def keep(rendered: HttpResponseBase) -> None:
            _set(
                key,
                (rendered.content, rendered["Content-Type"], version_seen),
                timeout,
            )

        if hasattr(response, "add_post_render_callback") and not getattr(
            response, "is_rendered", True
        ):
            response.add_post_render_callback(keep)
        else:
            keep(response)
        return response
