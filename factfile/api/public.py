"""What every public view shares: read-only, throttled, strict, cacheable.

``PublicAPIMixin`` refuses unknown or repeated parameters and gives every
successful GET an ETag and Last-Modified from the change it reflects,
answering a conditional request with a 304.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request

from factfile.api.authentication import (
    AnonymousRateThrottle,
    ApiKeyAuthentication,
    ApiKeyRateThrottle,
)
from factfile.api.freshness import latest_change
from factfile.api.stored_json import PublishedJSONRenderer
from factfile.caching import CachedPublicResponseMixin

# Only a record or a page is cached; every error (a 410 included) is no-store.
SAFE_STATUSES = {status.HTTP_200_OK}


def reject_unknown_parameters(request: Request, known: set[str]) -> None:
    # django-filter ignores parameters it does not know, so a typo would
    # silently return the unfiltered list.
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        allowed = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown query parameter; known: {allowed}."] for name in unknown}
        )
    # A parameter given twice would be read as its last value, silently
    # dropping the first: say so instead.
    repeated = sorted(
        name for name, values in request.query_params.lists() if len(values) > 1
    )
    if repeated:
        raise ValidationError(
            {name: ["Given more than once; give it once."] for name in repeated}
        )


class PublicAPIMixin(CachedPublicResponseMixin):
    """Settings shared by every public view: read-only, throttled, cacheable."""

    authentication_classes: ClassVar[list[type]] = [ApiKeyAuthentication]
    permission_classes: ClassVar[list[type]] = [AllowAny]
    throttle_classes: ClassVar[list[type]] = [AnonymousRateThrottle, ApiKeyRateThrottle]
    renderer_classes: ClassVar[list[type]] = [
        PublishedJSONRenderer,
        BrowsableAPIRenderer,
    ]
    http_method_names: ClassVar[list[str]] = ["get", "head", "options"]
    # The sequence number and time a response reflects; views that serve one
    # record set it from that record, the others use the latest change.
    version_seen: tuple[int, Any] | None = None

    def known_parameters(self) -> set[str]:
        return {"format"}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The method is decided first: a POST with a query string is a 405,
        # never a 400 about its parameters.
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method != "OPTIONS":
            reject_unknown_parameters(request, self.known_parameters())

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if response.status_code >= 400:
            # Errors, whatever the method, are never stored by a cache.
            patch_cache_control(response, no_store=True)
            return response
        if request.method not in ("GET", "HEAD") or "ETag" in response:
            # A view that set validators of its own (an export file) keeps them.
            return response
        if response.status_code not in SAFE_STATUSES:
            patch_cache_control(response, no_store=True)
            return response
        seq, changed_at = self.version_seen or latest_change()
        renderer = getattr(request, "accepted_renderer", None)
        fingerprint = (
            f"{seq}|{request.get_full_path()}|{getattr(renderer, 'format', '')}"
        )
        etag = f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
        response["ETag"] = etag
        if changed_at is not None:
            response["Last-Modified"] = http_date(changed_at.timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=settings.FACTFILE_API_MAX_AGE,
            stale_while_revalidate=settings.FACTFILE_API_STALE_WHILE_REVALIDATE,
        )
        conditional = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(changed_at.timestamp()) if changed_at else None,
            response=response,
        )
        if conditional is not response:
            for header in ("Cache-Control", "Vary"):
                if header in response:
                    conditional[header] = response[header]
        return conditional
