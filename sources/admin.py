"""The admin of sources: where the facts come from, with their full text."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from factfile.admin import EditorialAdmin, status_label
from factfile.admin_transitions import WorklistFilter
from sources.models import Source

STANDING = "Corrected or withdrawn by its publisher"


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = (
        "title",
        "kind",
        "publisher",
        "published_on",
        "language",
        status_label,
        "updated_by",
        "updated_at",
        "desk_link",
    )
    list_select_related = ("updated_by",)
    list_filter = (
        WorklistFilter,
        "status",
        "kind",
        "language",
        ("published_on", admin.DateFieldListFilter),
        "standing",
    )
    search_fields = ("title", "publisher", "authors", "url")
    autocomplete_fields = ("derived_from",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "sources/source_change_list.html"
    change_form_template = "sources/source_change_form.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "kind",
                    "publisher",
                    "authors",
                    "url",
                    ("published_on", "published_on_precision"),
                    "language",
                    "accessed_on",
                    "archive_url",
                    "derived_from",
                )
            },
        ),
        ("Text", {"fields": ("full_text",)}),
        (STANDING, {"fields": ("standing", "standing_note", "standing_since")}),
        ("Internal", {"fields": ("notes",)}),
    )

    @admin.display(description="Desk")
    def desk_link(self, source: Source) -> str:
        return format_html(
            '<a href="{}" class="desk-link">Desk</a>', admin_import.desk_url(source.pk)
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        extra_context = {**(extra_context or {})}
        if request.user.has_perm("sources.add_source"):
            extra_context["upload_url"] = reverse("admin:sources_importrecord_upload")
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        if re.fullmatch(r"[0-9]{1,18}", object_id):
            extra_context["desk_url"] = admin_import.desk_url(int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fieldsets = super().get_fieldsets(request, obj)
        # A source is entered as its publisher has it now; a later
        # correction or withdrawal is an edit, verified like any other.
        return [f for f in fieldsets if obj is not None or f[0] != STANDING]

    def save_related(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if change and "full_text" in form.changed_data:
            source = form.instance
            broken = source.reanchor_citations()
            total = source.citations.count()
            if total:
                level = messages.WARNING if broken else messages.INFO
                self.message_user(
                    request,
                    f"The text changed: {total} citation(s) re-anchored, "
                    f"{broken} no longer found in it.",
                    level,
                )


# The importer registers its own admin pages.
from sources import admin_import  # noqa: E402
