"""Thin serializers: the published JSON as stored, plus a link to itself."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factfile.published.models import ChangeEntry, PublishedRecord
from factfile.timestamps import rfc3339


class TimestampField(serializers.DateTimeField):
    """A time written as every public output writes it (``rfc3339()``)."""

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        return value if isinstance(value, str) else rfc3339(value)


class PublishedSerializer(serializers.Serializer):
    """A published record: its stored JSON with ``api_url``; no database access.

    The declared fields are those every record has, for the schema; the
    response is the whole stored representation.
    """

    type = serializers.CharField(read_only=True)
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    verified_at = TimestampField(read_only=True)
    corrections = serializers.ListField(child=serializers.DictField(), read_only=True)
    api_url = serializers.CharField(read_only=True)

    def to_representation(self, row: PublishedRecord) -> dict[str, Any]:
        url = reverse(f"api:{row.resource}-detail", args=[row.record_id])
        return {**row.data, "api_url": url}


class ChangeEntrySerializer(serializers.ModelSerializer):
    """One entry of the change feed; ``data`` is the record as published."""

    type = serializers.CharField(source="resource")
    id = serializers.IntegerField(source="record_id")
    at = TimestampField(read_only=True)
    data = serializers.SerializerMethodField()

    class Meta:
        model = ChangeEntry
        fields = ["seq", "at", "action", "type", "id", "version", "note", "data"]

    @extend_schema_field({"type": "object", "nullable": True})
    def get_data(self, entry: ChangeEntry) -> dict[str, Any] | None:
        # ``withdrawn`` comes from ChangeEntryQuerySet.for_feed(): no query here.
        return None if getattr(entry, "withdrawn", False) else entry.data
