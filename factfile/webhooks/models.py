"""Webhook subscriptions and their delivery log.

The change feed is the outbox: a subscription keeps the sequence number of
the last change its receiver acknowledged, and the worker sends what comes
after it, in order. Nothing else remembers what is pending, so a worker
that stops (or is killed) loses nothing: the next one starts from the same
number, and a delivery that was in flight is sent again.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from factfile.webhooks.signing import new_secret

URL_LENGTH = 2000
ERROR_LENGTH = 500


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Subscriptions that were not ended by their key holder or an editor."""
        return self.filter(ended_at__isnull=True, api_key__revoked_at__isnull=True)

    def due(self, *, now: datetime.datetime, latest_seq: int) -> SubscriptionQuerySet:
        """Active subscriptions with changes to send and no retry to wait for."""
        return (
            self.active()
            .filter(failing_since__isnull=True)
            .filter(last_seq__lt=latest_seq)
            .filter(
                models.Q(next_attempt_at__isnull=True)
                | models.Q(next_attempt_at__lte=now)
            )
            .filter(
                models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=now)
            )
        )

    def failing(self) -> SubscriptionQuerySet:
        """Subscriptions whose receiver failed for too long: an editor decides."""
        return self.active().filter(failing_since__isnull=False)


class Subscription(models.Model):
    """A receiver URL that gets the changes of the fact file, signed."""

    class Scope(models.TextChoices):
        ALL = "all", "Every change"
        USED = "used", "Changes of records used by the key's stories"

    api_key = models.ForeignKey(
        "factfile.ApiKey",
        on_delete=models.PROTECT,
        related_name="subscriptions",
        help_text="The publishing tool that subscribed.",
    )
    url = models.CharField(
        max_length=URL_LENGTH, help_text="Where deliveries are POSTed: http(s)."
    )
    scope = models.CharField(max_length=8, choices=Scope, default=Scope.ALL)
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        editable=False,
        help_text="Signs every delivery; shown once to the subscriber.",
    )
    last_seq = models.PositiveBigIntegerField(
        default=0,
        help_text="The last change the receiver acknowledged; the next is sent next.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="Ended subscriptions get nothing more."
    )
    attempts = models.PositiveIntegerField(
        default=0, help_text="Failed attempts in a row at the pending delivery."
    )
    first_failed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current run of failures began."
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Retries stopped after failing this long; replay to resume.",
    )
    last_error = models.CharField(max_length=ERROR_LENGTH, blank=True)
    leased_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="A worker is delivering until then; another leaves it alone.",
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(ended_at__isnull=True),
                name="subscription_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.api_key.name if self.api_key_id else '?'})"

    @property
    def health(self) -> str:
        if self.ended_at is not None:
            return "ended"
        if self.failing_since is not None:
            return "failing"
        if self.attempts:
            return "retrying"
        return "ok"


class DeliveryQuerySet(models.QuerySet):
    def newest_first(self) -> DeliveryQuerySet:
        return self.order_by(models.F("attempted_at").desc(), models.F("pk").desc())


class Delivery(models.Model):
    """One attempt at sending changes to a subscription's receiver."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    attempted_at = models.DateTimeField(default=timezone.now)
    first_seq = models.PositiveBigIntegerField(help_text="The first change sent.")
    last_seq = models.PositiveBigIntegerField(help_text="The last change sent.")
    entries = models.PositiveIntegerField(help_text="How many changes it carried.")
    attempt = models.PositiveIntegerField(
        help_text="1 for the first attempt at these changes, 2 for the first retry."
    )
    status_code = models.PositiveIntegerField(
        null=True, blank=True, help_text="The receiver's answer; empty if none came."
    )
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=ERROR_LENGTH, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(
                fields=["subscription", "attempted_at"], name="delivery_by_subscription"
            ),
        ]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else (self.error or f"HTTP {self.status_code}")
        return f"#{self.first_seq}–{self.last_seq} → {outcome}"
