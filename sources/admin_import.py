"""Admin pages of the importer: upload articles, see what each import proposed.

Registered here rather than in ``sources/admin.py``; that module imports this
one so that the admin site picks it up.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
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
from django.utils.text import slugify

from factfile.addresses import problem_with, validate_http_url
from factfile.admin_people import PeopleByName
from factfile.dates import PartialDate, Precision, format_human
from factfile.editorial import WorkflowError
from sources.importing.fetching import FetchRefused, fetch, parse_url
from sources.importing.importer import (
    Outcome,
    Result,
    confirm_metadata,
    import_file,
)
from sources.importing.reading import FORMATS, max_import_bytes
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(FORMATS)})
        )
        # An empty file gets its own line in the summary from the importer;
        # refusing it here would refuse the whole batch.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [
            super(MultipleFileField, self).clean(item, initial) for item in files
        ]
        return [upload for upload in cleaned if upload]


class UploadForm(forms.Form):
    """Articles from wherever they are: files, pasted text, or a web address."""

    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="Plain text (.txt), HTML (.html) or JSON (.json) articles; "
        "choose several at once if you like.",
    )
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="Web address",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
        help_text="The article's page: fetched now, from public addresses only.",
    )
    text = forms.CharField(
        required=False,
        label="Pasted text",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The article's text, as copied from the page.",
    )
    text_title = forms.CharField(
        required=False, max_length=500, label="Title of the pasted text"
    )
    text_outlet = forms.CharField(
        required=False, max_length=200, label="Outlet of the pasted text"
    )
    text_url = forms.CharField(
        required=False,
        max_length=2000,
        label="Address of the pasted text",
        validators=[validate_http_url],
    )
    published_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Confirm a publication date now, if you know it, so relative "
        "dates (“on Monday”) are resolved at once.",
    )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "").strip()
        if url:
            if problem := problem_with(url):
                raise ValidationError(problem)
            try:
                parse_url(url)
            except FetchRefused as refused:
                raise ValidationError(str(refused)) from None
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = data.get("text", "")
        if not (data.get("files") or data.get("url") or text.strip()):
            raise ValidationError(
                "Give the article: choose files, paste its text, or give its address."
            )
        if "\x00" in text:
            self.add_error("text", "The text contains NUL characters: paste text only.")
        return data

    def jobs(self) -> list[Job]:
        """One job per article given, each importing on its own."""
        data = self.cleaned_data
        jobs: list[Job] = [Job(upload.name, upload=upload) for upload in data["files"]]
        if data["text"].strip():
            jobs.append(Job(_pasted_name(data["text_title"]), pasted=_pasted(data)))
        if data["url"]:
            jobs.append(Job(data["url"][:200], url=data["url"]))
        return jobs


@dataclass
class Job:
    """One article of an import: a file, pasted text (as JSON) or an address."""

    name: str
    upload: Any = None
    pasted: bytes = b""
    url: str = ""


def _pasted_name(title: str) -> str:
    return f"pasted-{slugify(title)[:60] or 'text'}.json"


def _pasted(data: dict[str, Any]) -> bytes:
    """Pasted text and its fields, as the JSON an article file may be."""
    article = {
        "body": data["text"],
        "title": data["text_title"].strip(),
        "publisher": data["text_outlet"].strip(),
        "url": data["text_url"].strip(),
        "published": (data["published_on"].isoformat() if data["published_on"] else ""),
    }
    return json.dumps({k: v for k, v in article.items() if v}).encode()


class ConfirmMetadataForm(forms.Form):
    """The metadata an editor confirms for an imported source, from the proposals."""

    title = forms.CharField(max_length=500)
    authors = forms.CharField(
        max_length=500,
        required=False,
        help_text="Names as in the byline, separated by semicolons.",
    )
    publisher = forms.CharField(max_length=200, required=False)
    published = forms.ChoiceField(
        label="Publication date",
        widget=forms.RadioSelect,
        help_text="Pick the date the article was published; a caption, a photo "
        "credit or a date quoted in the story is not it.",
    )
    other_date = forms.CharField(
        required=False,
        max_length=10,
        label="Another date",
        help_text="YYYY-MM-DD, YYYY-MM or YYYY, when none of the candidates is right.",
    )

    KEEP, OTHER = "keep", "other"

    def __init__(self, record: ImportRecord, *args: Any, **kwargs: Any) -> None:
        source = record.source
        proposals = record.proposals
        kwargs.setdefault(
            "initial",
            {
                "title": source.title,
                "authors": source.authors or _first(proposals.get("bylines", [])),
                "publisher": source.publisher
                or _first(proposals.get("publishers", [])),
            },
        )
        super().__init__(*args, **kwargs)
        self.candidates = list(proposals.get("published_on", []))
        current = format_human(source.published_on, source.published_on_precision)
        choices = [
            (
                str(index),
                f"{candidate['date']} ({candidate['precision']}), found in "
                f"{candidate['where']}: “{candidate['excerpt'][:80]}”",
            )
            for index, candidate in enumerate(self.candidates)
        ]
        choices.append((self.OTHER, "Another date (below)"))
        choices.append((self.KEEP, f"Leave it as it is ({current})"))
        self.fields["published"].choices = choices
        self.fields["published"].initial = "0" if self.candidates else self.KEEP
        for name, key in (
            ("title", "titles"),
            ("authors", "bylines"),
            ("publisher", "publishers"),
        ):
            found = proposals.get(key, [])
            if found:
                self.fields[name].help_text = "Proposed: " + "; ".join(
                    f"“{c['value'][:80]}” ({c['where']})" for c in found
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("published")
        date = None
        if choice == self.OTHER:
            try:
                date = PartialDate.parse(data.get("other_date"))
            except ValueError as error:
                self.add_error("other_date", str(error))
                return data
            if date.date is None:
                self.add_error("other_date", "Give the date, or pick a candidate.")
        elif choice not in (None, self.KEEP):
            date = PartialDate.parse(self.candidates[int(choice)]["date"])
        data["published_on"] = date
        return data


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


def _first(candidates: list[dict[str, str]]) -> str:
    return candidates[0]["value"] if candidates else ""


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
