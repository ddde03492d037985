"""Responses assembled from the published layer's stored JSON text.

A page is spliced together from each record's stored text, never parsed and
serialised again; ``PublishedJSONRenderer`` passes it through as it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.urls import reverse
from rest_framework.renderers import JSONRenderer

from factfile.timestamps import rfc3339


class StoredJSON:
    """A response body assembled from JSON already stored: rendered as it is.

    ``text`` is the JSON text, or its UTF-8 bytes.
    """

    __slots__ = ("text",)

    def __init__(self, text: str | bytes) -> None:
        self.text = text


class PublishedJSONRenderer(JSONRenderer):
    """JSON; a page assembled from the published layer's stored text passes through.

    Everything else (details, errors, the change feed) is rendered as usual.
    """

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, StoredJSON):
            text = data.text
            return text if isinstance(text, bytes) else text.encode()
        return super().render(data, accepted_media_type, renderer_context)


def with_url(stored: str, url: str) -> str:
    """A stored JSON object's text with ``api_url`` added as its last key."""
    return f'{stored.rstrip()[:-1]}, "api_url": "{url}"}}'


def detail_url_parts(resource: str) -> tuple[str, str]:
    """The detail URL of a record type, split around the id."""
    head, _, tail = reverse(f"api:{resource}-detail", args=[9]).rpartition("9")
    return head, tail


FEED_COLUMNS = ("seq", "at", "action", "resource", "record_id", "version", "note")
_NAME = re.compile("[a-z_]+")


def feed_entry_json(row: dict[str, Any]) -> str:
    """One change entry as ``ChangeEntrySerializer`` gives it, from stored text."""
    data = "null" if row["withdrawn"] or row["stored"] is None else row["stored"]
    # The action and the type are the layer's own lower-case names; only the
    # note is free text to escape.
    note = json.dumps(row["note"]) if row["note"] else '""'
    at = rfc3339(row["at"])
    return (
        f'{{"seq": {int(row["seq"])}, '
        f'"at": "{at}", '
        f'"action": "{_NAME.fullmatch(row["action"])[0]}", '
        f'"type": "{_NAME.fullmatch(row["resource"])[0]}", '
        f'"id": {int(row["record_id"])}, '
        f'"version": {int(row["version"])}, '
        f'"note": {note}, '
        f'"data": {data}}}'
    )
