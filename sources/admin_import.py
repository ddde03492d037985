"""Admin pages of the importer: upload articles, see what each import proposed.

Registered here rather than in ``sources/admin.py``; that module imports this
one so that the admin site picks it up.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from factfile.admin_people import PeopleByName
from factfile.dates import Precision
from factfile.editorial import WorkflowError
from sources.admin_import_forms import ConfirmMetadataForm, Job, UploadForm
from sources.importing.fetching import FetchRefused, fetch
from sources.importing.importer import Outcome, Result, confirm_metadata, import_file
from sources.importing.reading import max_import_bytes
from sources.importing.records import ImportRecord

logger = logging.getLogger(__name__)

# Where the rows of the import summary go, as each file is done.
ROWS_MARKER = "<!-- import rows -->"
# gunicorn kills a request after 30 s; the slowest file the limits allow (an
# HTML page of 20,000 elements) takes up to about 12 s on a busy 2-core
# machine, so an upload starts no new file once this much time has gone.
DEFAULT_UPLOAD_SECONDS = 10


def upload_seconds() -> float:
    return float(
        getattr(settings, "FACTFILE_IMPORT_UPLOAD_SECONDS", DEFAULT_UPLOAD_SECONDS)
    )


def _summary_row(outcome: Outcome) -> dict[str, Any]:
    """One line of an upload's summary: the file, what happened, where to go next."""
    row: dict[str, Any] = {"outcome": outcome}
    source = outcome.source
    if source is not None:
        row["source_url"] = reverse("admin:sources_source_change", args=[source.pk])
        row["desk_url"] = desk_url(source.pk)
        record = getattr(source, "import_record", None)
        if record is not None:
            row["record_url"] = reverse(
                "admin:sources_importrecord_change", args=[record.pk]
            )
            row["suggestions_url"] = (
                reverse("admin:events_suggestion_changelist")
                + f"?import_record__id__exact={record.pk}"
            )
    return row


def desk_url(source_id: int) -> str:
    """The article desk of a source (a page of the events app, found by name)."""
    return reverse("admin:events_desk", args=[source_id])


PROPOSAL_LABELS = {
    "titles": "Titles",
    "bylines": "Bylines",
    "datelines": "Datelines",
    "publishers": "Publishers",
    "urls": "Addresses",
    "published_on": "Publication dates",
    "captions": "Captions (not the article)",
    "language": "Language",
}


def readable(proposals: dict[str, Any]) -> list[dict[str, Any]]:
    """The proposals as labelled lists of (value, where found), for reading."""
    found = []
    for key, label in PROPOSAL_LABELS.items():
        value = proposals.get(key)
        items = value if isinstance(value, list) else [value] if value else []
        rows = []
        for item in items:
            if not isinstance(item, dict):
                continue
            shown = item.get("value") or item.get("date") or ""
            if item.get("excerpt"):
                shown = f"{shown} — “{str(item['excerpt'])[:120]}”"
            rows.append({"value": str(shown), "where": str(item.get("where", ""))})
        if rows:
            found.append({"label": label, "rows": rows})
    return found


@admin.register(ImportRecord)
class ImportRecordAdmin(PeopleByName, admin.ModelAdmin):
    list_display = [
        "file_name",
        "source_link",
        "desk_link",
        "file_format",
        "imported_by",
        "imported_at",
        "confirmed",
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
        "desk_display",
        "proposals_display",
        "suggestions_display",
    ]
    exclude = ["proposals"]
    show_full_result_count = False

    change_form_template = "sources/importrecord_change_form.html"
    change_list_template = "sources/importrecord_change_list.html"

    def get_urls(self) -> list[Any]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="sources_importrecord_upload",
        )
        confirm = path(
            "<int:pk>/confirm/",
            self.admin_site.admin_view(self.confirm_view),
            name="sources_importrecord_confirm",
        )
        return [upload, confirm, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        record = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if record is not None and request.user.has_perm("sources.change_source"):
            extra_context["confirm_form"] = ConfirmMetadataForm(record)
            extra_context["confirm_url"] = reverse(
                "admin:sources_importrecord_confirm", args=[record.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Apply the metadata the editor confirmed on the record's page."""
        record = ImportRecord.objects.select_related("source").filter(pk=pk).first()
        if record is None:
            raise Http404("No such import.")
        page = reverse("admin:sources_importrecord_change", args=[pk])
        if request.method != "POST":
            return HttpResponseRedirect(page)
        if not request.user.has_perm("sources.change_source"):
            raise PermissionDenied
        form = ConfirmMetadataForm(record, request.POST)
        if form.is_valid():
            date = form.cleaned_data["published_on"]
            try:
                counts = confirm_metadata(
                    record,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    authors=form.cleaned_data["authors"],
                    publisher=form.cleaned_data["publisher"],
                    published_on=date.date if date else None,
                    published_on_precision=(
                        date.precision if date else Precision.UNKNOWN
                    ),
                )
            except (WorkflowError, ValidationError) as error:
                for message in getattr(error, "messages", [str(error)]):
                    messages.error(request, message)
            else:
                redated = counts.get("dates updated", 0)
                messages.success(
                    request,
                    f"Metadata of “{record.source.title[:60]}” confirmed; "
                    f"{redated} dates of pending suggestions updated.",
                )
                return HttpResponseRedirect(page)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Confirm the metadata of {record.file_name}",
            "confirm_form": form,
            "confirm_url": request.path,
            "opts": self.model._meta,
            "original": record,
        }
        return TemplateResponse(
            request, "sources/importrecord_confirm.html", context, status=400
        )

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

    @admin.display(description="Desk")
    def desk_link(self, record: ImportRecord) -> str:
        return format_html(
            '<a href="{}" class="desk-link">Desk</a>', desk_url(record.source_id)
        )

    @admin.display(description="Metadata confirmed", boolean=True)
    def confirmed(self, record: ImportRecord) -> bool:
        return record.is_confirmed

    @admin.display(description="Desk")
    def desk_display(self, record: ImportRecord) -> str:
        return format_html(
            '<a href="{}" class="desk-link">Open the article desk</a>: the text '
            "with its suggestions, to accept, edit or discard them",
            desk_url(record.source_id),
        )

    @admin.display(description="Proposals")
    def proposals_display(self, record: ImportRecord) -> str:
        return render_to_string(
            "sources/import_proposals.html", {"proposals": readable(record.proposals)}
        )

    @admin.display(description="Suggestions")
    def suggestions_display(self, record: ImportRecord) -> str:
        # Suggestions belong to the events app; read through the reverse
        # accessor so that this app imports nothing from it.
        rows = record.suggestions.select_related("actor").order_by("start", "id")  # type: ignore[attr-defined]
        return render_to_string(
            "sources/import_suggestions.html",
            {"suggestions": rows, "desk_url": desk_url(record.source_id)},
        )

    def _import_batch(
        self,
        request: HttpRequest,
        jobs: list[Job],
        *,
        published_on: datetime.date | None,
    ) -> Iterator[str]:
        """The summary page, sent a file at a time as each one is imported.

        The page is rendered once around a marker: what comes before it is
        sent at once, then a row per file as it is done, then the totals.
        """
        context = {
            **self.admin_site.each_context(request),
            "title": "Importing articles",
            "opts": self.model._meta,
            "total": len(jobs),
            "upload_url": request.path,
        }
        page = render_to_string("sources/import_summary.html", context, request)
        head, _ = page.split(ROWS_MARKER, 1)
        yield head
        outcomes = []
        started = time.monotonic()
        for number, job in enumerate(jobs, 1):
            outcome = self._import_job(
                job,
                by=request.user,
                published_on=published_on,
                late=number > 1 and time.monotonic() - started >= upload_seconds(),
            )
            outcomes.append(outcome)
            yield render_to_string(
                "sources/import_summary_row.html",
                {**_summary_row(outcome), "number": number, "total": len(jobs)},
            )
        totals = {
            result: sum(o.result == result for o in outcomes)
            for result in (Result.CREATED, Result.SKIPPED, Result.ERROR)
        }
        page = render_to_string(
            "sources/import_summary.html", {**context, "totals": totals}, request
        )
        yield page.split(ROWS_MARKER, 1)[1]

    def _import_job(
        self,
        job: Job,
        *,
        by: Any,
        published_on: datetime.date | None,
        late: bool,
    ) -> Outcome:
        """One article's outcome; too big or too late, it is not even read."""
        if late:
            return Outcome(
                job.name,
                Result.ERROR,
                f"not imported: this upload already ran {upload_seconds():.0f} s; "
                "import this file in another upload",
            )
        if job.url:
            try:
                page = fetch(job.url)
            except FetchRefused as refused:
                return Outcome(job.name, Result.ERROR, str(refused))
            except Exception as error:
                # The summary is already streaming: a fault met fetching one
                # address is that address's line, not a broken page.
                logger.exception("Fetching %s failed", job.url)
                return Outcome(
                    job.name,
                    Result.ERROR,
                    f"the page could not be fetched ({type(error).__name__})",
                )
            return import_file(
                page.name, page.data, by=by, published_on=published_on, url=page.url
            )
        if job.pasted:
            return import_file(job.name, job.pasted, by=by, published_on=published_on)
        upload = job.upload
        limit = max_import_bytes()
        if upload.size > limit:
            return Outcome(
                upload.name,
                Result.ERROR,
                f"file is {upload.size / 1e6:.1f} MB, over the limit of "
                f"{limit / 1e6:.1f} MB",
            )
        return import_file(upload.name, upload.read(), by=by, published_on=published_on)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("sources.add_source"):
            messages.error(request, "You do not have permission to import sources.")
            return HttpResponseRedirect(reverse("admin:index"))
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return StreamingHttpResponse(
                self._import_batch(
                    request,
                    form.jobs(),
                    published_on=form.cleaned_data["published_on"],
                ),
                content_type="text/html; charset=utf-8",
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "sources/import_upload.html", context)
