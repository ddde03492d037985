"""The admin of sources: where the facts come from, with their full text."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

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


# The importer registers its own admin pages.
from sources import admin_import  # noqa: E402, F401
