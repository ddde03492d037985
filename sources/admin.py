"""The admin of sources: where the facts come from, with their full text."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest

from factfile.admin import EditorialAdmin, WorklistFilter, status_label
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
from sources import admin_import  # noqa: E402, F401
