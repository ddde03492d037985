"""Signatures of webhook deliveries, as Stripe signs its events.

Each delivery carries ``Factfile-Signature: t=<unix time>,v1=<hex>``, where
the hex is the HMAC-SHA256, keyed with the subscription's secret, of the
time, a dot and the raw body. The receiver recomputes it over the bytes it
received and refuses a delivery whose time is too old, so that a captured
delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

HEADER = "Factfile-Signature"
SCHEME = "v1"
SECRET_PREFIX = "whsec_"
# What a receiver should accept, in seconds either way of its own clock.
DEFAULT_TOLERANCE = 300


class SignatureError(Exception):
    """A delivery's signature is missing, malformed, wrong or too old."""


def new_secret() -> str:
    """A fresh signing secret for a subscription."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(body: bytes, secret: str, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``timestamp.body`` under ``secret``."""
    signed = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def header_value(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The ``Factfile-Signature`` header for ``body``, signed now by default."""
    at = int(time.time()) if timestamp is None else timestamp
    return f"t={at},{SCHEME}={signature(body, secret, at)}"


def verify(
    body: bytes,
    header: str,
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> int:
    """Check a delivery as a receiver does; return its time or raise SignatureError."""
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isascii() and value.isdigit() and len(value) < 12:
            timestamp = int(value)
        elif name == SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("No timestamp or no v1 signature in the header.")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureError("The timestamp is outside the tolerance.")
    expected = signature(body, secret, timestamp)
    if not any(hmac.compare_digest(expected, found) for found in candidates):
        raise SignatureError("No signature matches the body.")
    return timestamp
