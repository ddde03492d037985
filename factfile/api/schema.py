"""The OpenAPI schema's view: the schema with a strong ETag, for caches."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: answers ``If-None-Match`` with a 304."""

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()  # type: ignore[attr-defined]
        # The schema depends on the code only: its bytes are its version.
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        etag = f'"{digest}"'
        response["ETag"] = etag
        patch_cache_control(
            response, public=True, max_age=settings.FACTFILE_API_MAX_AGE
        )
        return get_conditional_response(request, etag=etag, response=response)
