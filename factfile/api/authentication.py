"""API keys for publishing tools, and the rate limits that tell them apart."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from factfile.api.keys import ApiKey
from factfile.security import client_ip

KEYWORD = "Api-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``; no header means an anonymous client."""

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _, raw = header.partition(" ")
        if keyword != KEYWORD:
            return None
        key = ApiKey.objects.active().matching(raw.strip()).first()
        if key is None:
            raise AuthenticationFailed("Unknown or revoked API key.")
        # A key identifies a tool, not a newsroom user: the client stays
        # anonymous and the key only raises its rate limit.
        return AnonymousUser(), key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class AnonymousRateThrottle(SimpleRateThrottle):
    """Clients without a key, counted by address."""

    scope = "anonymous"

    def get_rate(self) -> str:
        return settings.FACTFILE_API_ANONYMOUS_RATE

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {
            "scope": self.scope,
            # The address as the trusted proxies report it, read by the same
            # rule as the login lockout's.
            "ident": client_ip(request),
        }


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Publishing tools, counted by key, with a higher limit."""

    scope = "api_key"

    def get_rate(self) -> str:
        return settings.FACTFILE_API_KEY_RATE

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Describe API keys in the OpenAPI schema; anonymous access stays allowed."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": f"`{KEYWORD} <key>`, for higher rate limits.",
        }
