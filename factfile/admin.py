"""Admin base classes for the editorial records: workflow, locking, history.

``EditorialAdmin`` edits a record under the locking and deletion rules; it
takes its workflow buttons from ``admin_workflow``, its retraction page from
``admin_retraction`` and its history and reverting from ``admin_reverting``.
Every button and bulk action calls a transition of ``factfile.workflow``;
the admin never writes a status itself. Permissions are checked on the
server for every transition URL, whatever the page showed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Media
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirect
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from factfile import review
from factfile.admin_forms import (
    EditorialForm,
    EditorialInlineFormSet,
    LoadedAutocompletes,
    conflict_message,
)
from factfile.admin_history import ReadableHistoryAdmin
from factfile.admin_people import PEOPLE, people_named
from factfile.admin_retraction import RetractionAdmin
from factfile.admin_reverting import RevertingHistoryAdmin
from factfile.admin_transitions import (
    delete_drafts,
    retract_selected,
    send_back_selected,
    submit_selected,
    verify_selected,
)
from factfile.admin_workflow import WorkflowButtonsAdmin
from factfile.editorial import EditConflict, EditorialRecord, Status, WorkflowError
from factfile.paginators import EstimatedCountPaginator

# Shown read-only on every change page; only the workflow writes them.
WORKFLOW_ROWS = (
    ("status", "version", "verified_version"),
    ("created_by", "created_at"),
    ("updated_by", "updated_at"),
    ("verified_by", "verified_at"),
    "review_comment",
)
WORKFLOW_FIELDS = tuple(
    name
    for row in WORKFLOW_ROWS
    for name in (row if isinstance(row, tuple) else (row,))
)
# The label of a row's checkbox, by language.
_CHECKBOX_LABELS: dict[str, str] = {}


# Admin classes -------------------------------------------------------------


def read_people(record: EditorialRecord) -> None:
    """Read the people of a change page's workflow rows in one query.

    Joined to the record's own query instead, three more joins cost
    PostgreSQL more to plan (about 3.7 ms against 0.6) than the queries
    they save.
    """
    people = [
        field
        for field in record._meta.concrete_fields
        if field.many_to_one and field.name in PEOPLE
    ]
    ids = {getattr(record, field.attname) for field in people} - {None}
    if not ids:
        return
    found = people[0].related_model._base_manager.in_bulk(ids)
    for field in people:
        account = found.get(getattr(record, field.attname))
        if account is not None and not field.is_cached(record):
            field.set_cached_value(record, account)


class InlineAdminFormSet(helpers.InlineAdminFormSet):
    """Django's inline of a change page, whose media it reads from one row.

    Django adds up the media of every row and of the template row, building
    each row's fieldsets to do so; the rows are forms of one class with the
    same widgets and fieldsets, so the first says what they all need.
    """

    @property
    def media(self) -> Media:
        media = self.opts.media + self.formset.media
        for row in self:
            return media + row.media
        return media


class EditorialAdmin(
    LoadedAutocompletes,
    WorkflowButtonsAdmin,
    RetractionAdmin,
    RevertingHistoryAdmin,
    ReadableHistoryAdmin,
):
    """The admin of an editorial record: workflow buttons, locking, history.

    Subclasses declare ``fieldsets`` for the content; the workflow fields
    and the hidden loaded version are added here.
    """

    form = EditorialForm
    change_form_template = "admin/factfile/change_form.html"
    change_list_template = "admin/factfile/change_list.html"
    object_history_form_template = "admin/factfile/object_history_form.html"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    # Newest first, by the primary key's index; also orders autocomplete.
    ordering = ("-pk",)
    actions = [submit_selected, send_back_selected, verify_selected, retract_selected]

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj: Any) -> str:
        # The admin's own markup, without rendering a form widget through the
        # template engine for every row (a third of a list page's time), and
        # with the label's translation looked up once per language.
        language = get_language()
        label = _CHECKBOX_LABELS.get(language)
        if label is None:
            label = _CHECKBOX_LABELS[language] = _(
                "Select this object for an action - {}"
            )
        return mark_safe(
            f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
            f'value="{escape(obj.pk)}" class="action-select" '
            f'aria-label="{label.format(conditional_escape(obj))}">'
        )

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> EditorialRecord | None:
        # Read with the chosen record of each autocomplete of the change page.
        queryset = self.get_queryset(request).select_related(
            *self.shown_related(request)
        )
        opts = queryset.model._meta
        field = opts.pk if from_field is None else opts.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: EditorialRecord | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            read_people(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def shown_related(self, request: HttpRequest) -> list[str]:
        """The foreign keys a change page shows in autocompletes."""
        shown = set(self.get_autocomplete_fields(request))
        return [
            field.name
            for field in self.opts.concrete_fields
            if field.many_to_one and field.name in shown
        ]

    # Permissions -------------------------------------------------------

    def _has(self, request: HttpRequest, action: str) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return self._has(request, "change")

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return self._has(request, "verify")

    def has_retract_permission(self, request: HttpRequest) -> bool:
        return self._has(request, "retract")

    def has_change_permission(
        self, request: HttpRequest, obj: EditorialRecord | None = None
    ) -> bool:
        # A retracted record is kept as it was withdrawn.
        if obj is not None and obj.status == Status.RETRACTED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: EditorialRecord | None = None
    ) -> bool:
        # Nothing that has ever been public is deleted (DESIGN.md).
        if obj is not None and obj.verified_version is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Same name, so that Django's confirmation page posts back here.
            actions["delete_selected"] = (
                delete_drafts,
                "delete_selected",
                delete_drafts.short_description,
            )
        return actions

    def delete_model(self, request: HttpRequest, obj: EditorialRecord) -> None:
        if obj.verified_version is not None:
            raise PermissionDenied("A record that has been public is never deleted.")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        if queryset.filter(verified_version__isnull=False).exists():
            raise PermissionDenied("A record that has been public is never deleted.")
        super().delete_queryset(request, queryset)

    # Form layout -------------------------------------------------------

    def get_fieldsets(
        self, request: HttpRequest, obj: EditorialRecord | None = None
    ) -> list[tuple[str | None, dict[str, Any]]]:
        fieldsets = [
            (name, dict(options))
            for name, options in super().get_fieldsets(request, obj)
        ]
        first = fieldsets[0][1]
        first["fields"] = [*first["fields"], "loaded_version"]
        if obj is not None and obj.is_public:
            fieldsets.append(
                (
                    "Public correction note",
                    {
                        "fields": ["correction_note"],
                        "description": "Editing a public record makes a pending "
                        "edit; its note tells readers what was corrected.",
                    },
                )
            )
        if obj is not None:
            rows = people_named(WORKFLOW_ROWS, model=self.model, viewer=request.user)
            fieldsets.append(("Workflow", {"fields": rows}))
        return fieldsets

    def get_readonly_fields(
        self, request: HttpRequest, obj: EditorialRecord | None = None
    ) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + people_named(
            WORKFLOW_FIELDS, model=self.model, viewer=request.user
        )

    def get_inline_formsets(self, *args: Any, **kwargs: Any) -> list[Any]:
        inlines = super().get_inline_formsets(*args, **kwargs)
        for inline in inlines:
            # Only the media differs; the rest of Django's wrapper is kept.
            if type(inline) is helpers.InlineAdminFormSet:
                inline.__class__ = InlineAdminFormSet
        return inlines

    # Saving ------------------------------------------------------------

    def save_model(
        self, request: HttpRequest, obj: EditorialRecord, form: Any, change: bool
    ) -> None:
        obj._history_user = request.user  # type: ignore[attr-defined]
        reverted_from = getattr(obj, "_reverted_from", None)
        if reverted_from is not None:
            obj._change_reason = f"Reverted to version {reverted_from}"  # type: ignore[attr-defined]
        elif not change:
            obj._change_reason = "Created"  # type: ignore[attr-defined]
        if not change or reverted_from is not None:
            obj.mark_changed_by(request.user)
            obj.save()
        # Otherwise the record is saved in save_related, once it is known
        # whether the form or any inline changed at all: a save without
        # changes must not turn a verified record into a pending edit.

    def save_related(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> None:
        record = form.instance
        # Records of their own edited inline (a statement's relations) are
        # verified on their own: adding one does not change the parent.
        parts = [f for f in formsets if getattr(f, "changes_parent", True)]
        content = [name for name in form.changed_data if name != "correction_note"]
        if change and (content or any(f.has_changed() for f in parts)):
            record._change_reason = "Edited"
            record.mark_changed_by(request.user)
            record.save()
            record._factfile_saved = True
        if change and "correction_note" in form.changed_data:
            review.save_correction_draft(
                record, note=form.cleaned_data["correction_note"], by=request.user
            )
        super().save_related(request, form, formsets, change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            if isinstance(instance, EditorialRecord):
                instance.mark_changed_by(request.user)
                instance._history_user = request.user  # type: ignore[attr-defined]
            instance.save()
        formset.save_m2m()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The form refuses a stale version before anything is written; this
        # catches a save that lands between that check and the UPDATE. The
        # admin's own transaction has rolled back the record and its inlines.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            self.message_user(request, conflict_message(conflict), messages.ERROR)
            return HttpResponseRedirect(request.path)
        except WorkflowError as refused:
            for reason in refused.reasons:
                self.message_user(request, reason, messages.ERROR)
            return HttpResponseRedirect(request.path)


class EditorialInline(LoadedAutocompletes, admin.StackedInline):
    """Editorial records edited under their parent, e.g. citations of a statement."""

    form = EditorialForm
    formset = EditorialInlineFormSet
    # Per row, the formset refuses deleting a record that was ever public.
    extra = 0


@admin.display(description="status")
def status_label(record: EditorialRecord) -> str:
    """The status, saying when a public version stays public during an edit."""
    if record.status == Status.DRAFT and record.review_comment:
        return "Sent back"
    if record.has_pending_edit:
        return (
            f"{record.get_status_display()} (edit of public version "
            f"{record.verified_version})"
        )
    return record.get_status_display()


# The admin says which product it is, on every page and in the browser's tab.
admin.site.site_header = "factfile — the newsroom's fact file"
admin.site.site_title = "factfile"

# The admins of accounts, groups, lockouts and devices replace the stock ones.
from factfile import accounts_admin  # noqa: E402, F401
