"""API keys for publishing tools: higher rate limits, never stored in clear."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone

KEY_PREFIX_LENGTH = 8


def key_hash(raw: str) -> str:
    """The SHA-256 of a key, in hex; keys are long and random, so no salt is needed."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)

    def matching(self, raw: str) -> ApiKeyQuerySet:
        """The key ``raw`` names, looked up by prefix and checked by hash."""
        if "\x00" in raw:  # no key holds one, and PostgreSQL refuses it in text
            return self.none()
        prefix = raw.partition(".")[0]
        return self.filter(prefix=prefix, hashed_key=key_hash(raw))


class ApiKey(models.Model):
    """A key a publishing tool sends as ``Authorization: Api-Key <key>``."""

    name = models.CharField(
        max_length=200, help_text="Who uses it: the tool or partner."
    )
    prefix = models.CharField(
        max_length=KEY_PREFIX_LENGTH,
        unique=True,
        editable=False,
        help_text="The first characters of the key, to recognise it.",
    )
    hashed_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A revoked key is refused."
    )
    # Every key reads; these are the only writes a key can be allowed, each
    # on its own, and neither opens any other endpoint to writing.
    writes_usage = models.BooleanField(
        default=False,
        help_text="May register which stories use which records (PUT /api/v1/usage/).",
    )
    manages_webhooks = models.BooleanField(
        default=False,
        help_text="May subscribe receivers to changes (/api/v1/webhooks/).",
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(
        cls, *, name: str, writes_usage: bool = False, manages_webhooks: bool = False
    ) -> tuple[ApiKey, str]:
        """Create a key; the clear key is returned once and never stored."""
        key = cls(
            name=name, writes_usage=writes_usage, manages_webhooks=manages_webhooks
        )
        raw = key.set_new_secret()
        key.save()
        return key, raw

    def set_new_secret(self) -> str:
        """Give this key a fresh secret and return it in clear, for showing once."""
        self.prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        raw = f"{self.prefix}.{secrets.token_urlsafe(32)}"
        self.hashed_key = key_hash(raw)
        return raw

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
