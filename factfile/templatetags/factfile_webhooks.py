"""The admin index's count of webhook subscriptions whose retries stopped."""

from __future__ import annotations

from django import template

from factfile.webhooks.models import Subscription

register = template.Library()


@register.simple_tag
def failing_webhooks() -> int:
    """How many active subscriptions are marked failing: an editor decides."""
    return Subscription.objects.failing().count()
