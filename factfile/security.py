"""Who is asking: the client address as the trusted proxies report it, and the
login lockout that counts failures by it."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, read through ``FACTFILE_NUM_PROXIES`` trusted proxies.

    Each trusted proxy appends the address it received from to
    X-Forwarded-For, so the client is the entry that the outermost trusted
    proxy wrote; anything further left was sent by the client and is ignored.
    With no trusted proxy the header is not read at all: the client is the
    socket's peer. The login lockout and the API's rate limits both key on
    this address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FACTFILE_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for web logins; a login with no request is not one.

    ``manage.py`` commands and the test client authenticate without a
    request: there is no address to lock out, so the check is skipped and
    the password is still checked by the next backend.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None = None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
