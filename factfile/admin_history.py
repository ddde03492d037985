"""The History page of an editorial record, as ``factfile.history`` tells it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from factfile.history import version_changes


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's History page, with labels, display values and sentences."""

    object_history_template = "admin/factfile/object_history.html"
    object_history_list_template = "admin/factfile/object_history_list.html"

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> QuerySet:
        # Only the users: names of related records are read once per model
        # by factfile.history. Joining every foreign key would load each
        # related row (a source with its whole text) once per version.
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user"
        )

    def set_history_delta_changes(
        self,
        request: HttpRequest,
        historical_records: Any,
        foreign_keys_are_objs: bool = True,
    ) -> None:
        """Tell what each version on the page did, the oldest one included."""
        versions = list(historical_records)
        older = None
        if versions and versions[-1].history_type != "+":
            older = self._version_before(versions[-1])
        for version, change in zip(
            versions, version_changes(versions, older=older), strict=True
        ):
            version.readable = change

    def _version_before(self, version: Any) -> Any | None:
        """The version just before ``version``, which may be on the next page."""
        pk_name = version.instance_type._meta.pk.attname
        return (
            type(version)
            .objects.filter(**{pk_name: getattr(version, pk_name)})
            .filter(
                Q(history_date__lt=version.history_date)
                | Q(
                    history_date=version.history_date,
                    history_id__lt=version.history_id,
                )
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
