"""What a delivery carries: the pending changes and the body that sends them.

The changes are read from the feed once per position and shared by every
subscription at that position; each entry is written as the change feed
writes it (its stored JSON spliced in, never parsed), with the stories of
the subscription's key that cite the record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

# The entries are written exactly as the change feed writes them.
from factfile.api.views import feed_entry_json
from factfile.published.models import ChangeEntry, stored_text
from factfile.usage import RecordKey, StoryUse, matching
from factfile.webhooks.models import Subscription

# The change-feed columns a delivery carries, as /api/v1/changes/ gives them.
FEED_COLUMNS = ("seq", "at", "action", "resource", "record_id", "version", "note")


def pending_changes(
    *, scope: str, api_key_id: int, after: int, upto: int
) -> list[dict[str, Any]]:
    entries = ChangeEntry.objects.for_feed().filter(seq__gt=after, seq__lte=upto)
    if scope == Subscription.Scope.USED:
        uses = StoryUse.objects.filter(
            story__api_key_id=api_key_id,
            resource=models.OuterRef("resource"),
            record_id=models.OuterRef("record_id"),
        )
        entries = entries.filter(models.Exists(uses))
    rows = entries.order_by("seq").values(
        *FEED_COLUMNS, "withdrawn", stored=stored_text()
    )
    return list(rows[: settings.FACTFILE_WEBHOOK_BATCH])


def pending_rows(subscription: Subscription, upto: int) -> list[dict[str, Any]]:
    """The next changes to send, oldest first, at most a batch."""
    return pending_changes(
        scope=subscription.scope,
        api_key_id=subscription.api_key_id,
        after=subscription.last_seq,
        upto=upto,
    )


StoryKey = tuple[int, str, int]  # (api key, resource, record id)


def stories_using(
    api_key_ids: Iterable[int], keys: Iterable[RecordKey]
) -> dict[StoryKey, list[str]]:
    """The story addresses each key registered for each record, in one query."""
    api_key_ids, keys = set(api_key_ids), set(keys)
    stories: dict[StoryKey, list[str]] = {}
    if not api_key_ids or not keys:
        return stories
    uses = (
        StoryUse.objects.filter(story__api_key_id__in=api_key_ids)
        .filter(matching(keys))
        .values_list("story__api_key_id", "resource", "record_id", "story__url")
        .order_by("story__url")
    )
    for api_key_id, resource, record_id, url in uses:
        stories.setdefault((api_key_id, resource, record_id), []).append(url)
    return stories


def entries_json(
    rows: list[dict[str, Any]],
    api_key_id: int,
    stories: dict[StoryKey, list[str]],
    cache: dict[int, str] | None = None,
) -> str:
    """The entries of a delivery, each with the key's stories using it.

    Each entry is written as the change feed writes it (its stored JSON
    spliced in, never parsed), with the stories added as its last key.
    ``cache`` keeps each entry's text for the other keys of the round.
    """
    cache = {} if cache is None else cache
    parts = []
    for row in rows:
        if (text := cache.get(row["seq"])) is None:
            text = cache[row["seq"]] = feed_entry_json(row)[:-1]
        used_by = stories.get((api_key_id, row["resource"], row["record_id"]), [])
        parts.append(f'{text}, "stories": {json.dumps(used_by)}}}')
    return ",".join(parts)


def body_head(subscription_id: int, first: int, last: int) -> str:
    return (
        f'{{"subscription": {int(subscription_id)}, '
        f'"first_seq": {int(first)}, "last_seq": {int(last)}, "entries": ['
    )


def payload(subscription: Subscription, rows: list[dict[str, Any]]) -> bytes:
    """The body of a delivery: the changes, each with the key's stories using it."""
    keys = {(row["resource"], row["record_id"]) for row in rows}
    stories = stories_using([subscription.api_key_id], keys)
    entries = entries_json(rows, subscription.api_key_id, stories)
    head = body_head(subscription.pk, rows[0]["seq"], rows[-1]["seq"])
    return f"{head}{entries}]}}".encode()
