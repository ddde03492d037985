"""Admin pages of the importer: upload articles, see what each import proposed.

Registered here rather than in ``sources/admin.py``; that module imports this
one so that the admin site picks it up.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from sources.importing.importer import Result, import_file
from sources.importing.reading import FORMATS
from sources.importing.records import ImportRecord


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(FORMATS)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        help_text="Plain text (.txt), HTML (.html) or JSON (.json) articles."
    )
    published_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Confirm a publication date now, if you know it, so relative "
        "dates (“on Monday”) are resolved at once.",
    )


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "source_link",
        "file_format",
        "imported_by",
        "imported_at",
    ]
    list_select_related = ["source", "imported_by"]
    list_filter = ["file_format"]
    search_fields = ["file_name", "source__title"]
    readonly_fields = [
        "source",
        "file_name",
        "file_format",
        "file_sha256",
        "file_size",
        "detected_language",
        "imported_by",
        "imported_at",
        "confirmed_by",
        "confirmed_at",
        "proposals_display",
    ]
    exclude = ["proposals"]
    show_full_result_count = False

    def get_urls(self) -> list[Any]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="sources_importrecord_upload",
        )
        return [upload, *super().get_urls()]

    # The import records follow the permissions on sources: whoever may add
    # a source may import one.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("sources.view_source")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sources.view_source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # records are made by importing, on the upload page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "upload_url": reverse("admin:sources_importrecord_upload"),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="Source")
    def source_link(self, record: ImportRecord) -> str:
        url = reverse("admin:sources_source_change", args=[record.source_id])
        return format_html('<a href="{}">{}</a>', url, record.source.title[:80])

    @admin.display(description="Proposals")
    def proposals_display(self, record: ImportRecord) -> str:
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>",
            json.dumps(record.proposals, ensure_ascii=False, indent=2),
        )

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("sources.add_source"):
            messages.error(request, "You do not have permission to import sources.")
            return HttpResponseRedirect(reverse("admin:index"))
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            outcomes = [
                import_file(
                    upload.name,
                    upload.read(),
                    by=request.user,
                    published_on=form.cleaned_data["published_on"],
                )
                for upload in form.cleaned_data["files"]
            ]
            for outcome in outcomes:
                level = {
                    Result.CREATED: messages.SUCCESS,
                    Result.SKIPPED: messages.WARNING,
                    Result.ERROR: messages.ERROR,
                }[outcome.result]
                messages.add_message(request, level, str(outcome))
            return HttpResponseRedirect(
                reverse("admin:sources_importrecord_changelist")
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "sources/import_upload.html", context)
