"""The admin of sources: where the facts come from, with their full text."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest

from factfile.admin import EditorialAdmin, WorklistFilter, status_label
from sources.models import Source


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
        ("Internal", {"fields": ("notes",)}),
    )

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
