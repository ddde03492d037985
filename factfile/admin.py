"""Admin base classes for the editorial records: workflow, locking, history.

Every button and bulk action here calls a transition of ``factfile.workflow``;
the admin never writes a status itself. Permissions are checked on the
server for every transition URL, whatever the page showed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from factfile import editorial, review, usage, workflow
from factfile.admin_forms import (
    EditorialForm,
    EditorialInlineFormSet,
    LoadedAutocompleteSelect,
    conflict_message,
)
from factfile.admin_history import ReadableHistoryAdmin
from factfile.admin_people import people_named
from factfile.admin_transitions import (
    TRANSITIONS,
    Transition,
    change_url,
    delete_drafts,
    problem_html,
    retract_selected,
    send_back_selected,
    submit_selected,
    verify_selected,
)
from factfile.editorial import EditConflict, EditorialRecord, Status, WorkflowError
from factfile.history import part_changes
from factfile.paginators import EstimatedCountPaginator
from factfile.representation import resource_of

if TYPE_CHECKING:
    pass

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
# Copied from the current row when an old version is brought back: a revert
# changes the content, never the workflow state.
WORKFLOW_ATTNAMES = (
    "status",
    "version",
    "verified_version",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
    "verified_by_id",
    "verified_at",
    "review_comment",
)
# The name of the change form's workflow buttons; the value is the transition.
WORKFLOW_BUTTON = "_workflow"
# The label of a row's checkbox, by language.
_CHECKBOX_LABELS: dict[str, str] = {}


# Admin classes -------------------------------------------------------------


class EditorialAdmin(ReadableHistoryAdmin):
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

    # Workflow buttons --------------------------------------------------

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/retract/",
                self.admin_site.admin_view(self.retract_view),
                name="{}_{}_retract".format(*info),
            ),
            *super().get_urls(),
        ]

    def workflow_context(
        self, request: HttpRequest, obj: EditorialRecord
    ) -> dict[str, Any]:
        info = self.opts.app_label, self.opts.model_name
        offered = workflow.allowed_actions(obj, request.user)
        actions = [
            {
                "transition": TRANSITIONS[name],
                "url": reverse(
                    "admin:{}_{}_workflow".format(*info),
                    args=[obj.pk, name],
                    current_app=self.admin_site.name,
                ),
            }
            for name in offered
        ]
        problems: list[str] = []
        along: list[dict[str, Any]] = []
        if "verify" in offered:
            plan = review.plan_verification(obj, request.user)
            problems = review.remaining_problems(plan, request.user)
            along = [
                {
                    "record": record,
                    "kind": record._meta.verbose_name,
                    "url": change_url(record, self.admin_site),
                    "status": record.get_status_display().lower(),
                }
                for record in plan.along
            ]
        elif "correct" in offered:
            problems = workflow.verification_problems(obj, request.user)
        reviewing = obj.status == Status.IN_REVIEW and self._has(request, "verify")
        assignment = (
            review.Assignment.objects.of(obj).select_related("assignee").first()
        )
        retraction = None
        if obj.status == Status.RETRACTED:
            retraction = (
                editorial.PublicNote.for_record(obj)
                .filter(kind=editorial.PublicNote.Kind.RETRACTION)
                .select_related("created_by")
                .order_by("created_at", "id")
                .last()
            )
        stories, stories_total = usage.stories_using([(resource_of(obj), obj.pk)])
        return {
            "actions": actions,
            # The stories a correction or retraction of this record reaches.
            "stories": stories,
            "stories_total": stories_total,
            "problems": [problem_html(p, self.admin_site) for p in problems],
            "along": along,
            # The buttons submit the change form itself, so that unsaved
            # changes are saved first, as one change, never thrown away.
            "in_form": self.has_change_permission(request, obj),
            "comments": list(review.Comment.objects.of(obj).select_related("author")),
            "assignment": assignment,
            "checkers": review.checkers_for(obj) if reviewing else [],
            "passages": self.review_passages(request, obj),
            "beside": self.review_beside(request, obj) if "verify" in offered else [],
            "pending": review.pending_changes(obj) if obj.has_pending_edit else [],
            "retraction": retraction,
            "queue_url": reverse("review_queue_next"),
        }

    def review_passages(self, request: HttpRequest, obj: EditorialRecord) -> list[Any]:
        """The cited passages a checker reads beside the record; none by default."""
        return []

    def review_beside(self, request: HttpRequest, obj: EditorialRecord) -> list[Any]:
        """Other records from the same article the checker may verify with it."""
        return []

    def response_change(
        self, request: HttpRequest, obj: EditorialRecord
    ) -> HttpResponse:
        action = request.POST.get(WORKFLOW_BUTTON)
        if action is None:
            return super().response_change(request, obj)
        saved = getattr(obj, "_factfile_saved", False)
        if saved:
            self.message_user(
                request,
                f"Your changes were saved first, as version {obj.version}.",
                messages.SUCCESS,
            )
        record = self.get_object(request, str(obj.pk))
        page = change_url(record, self.admin_site) or request.path
        if action == "comment":
            return self.add_comment(request, record, page)
        if request.POST.get(f"{WORKFLOW_BUTTON}_text_comment", "").strip():
            # A comment typed before pressing another button is kept too.
            self.add_comment(request, record, page)
        if action == "assign":
            return self.assign(request, record, page)
        if action == "retract" and self._has(request, "retract"):
            # A retraction is confirmed on a page of its own that lists
            # everything retracted with the record.
            return HttpResponseRedirect(self.retract_url(record))
        return self.run_transition(request, record, action)

    def add_comment(
        self, request: HttpRequest, record: EditorialRecord, page: str
    ) -> HttpResponse:
        try:
            review.add_comment(
                record,
                by=request.user,
                text=request.POST.get(f"{WORKFLOW_BUTTON}_text_comment", ""),
            )
        except WorkflowError as refused:
            self.message_user(request, " ".join(refused.reasons), messages.ERROR)
        else:
            self.message_user(request, "Your comment was added.", messages.SUCCESS)
        return HttpResponseRedirect(page + "#conversation")

    def assign(
        self, request: HttpRequest, record: EditorialRecord, page: str
    ) -> HttpResponse:
        if not self._has(request, "verify"):
            raise PermissionDenied("Only those who verify assign records.")
        chosen = request.POST.get("_assign_to", "")
        checkers = {str(user.pk): user for user in review.checkers_for(record)}
        if chosen and chosen not in checkers:
            self.message_user(request, "Choose a fact-checker.", messages.ERROR)
            return HttpResponseRedirect(page)
        try:
            review.assign(record, to=checkers.get(chosen), by=request.user)
        except WorkflowError as refused:
            self.message_user(request, " ".join(refused.reasons), messages.ERROR)
        else:
            who = checkers.get(chosen)
            self.message_user(
                request,
                f"Assigned to {who}." if who else "Nobody is assigned now.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(page)

    def retract_url(self, record: EditorialRecord) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_retract",
            args=[record.pk],
            current_app=self.admin_site.name,
        )

    def retract_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm a retraction: what goes with the record, and the public reason."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.")
        if not self._has(request, "retract"):
            raise PermissionDenied(
                "You do not have permission to retract "
                f"{self.opts.verbose_name_plural}."
            )
        page = change_url(record, self.admin_site) or request.path
        reason = ""
        if request.method == "POST":
            reason = request.POST.get("reason", "")
            try:
                workflow.retract(record, by=request.user, reason=reason)
            except (WorkflowError, EditConflict) as refused:
                for text in getattr(refused, "reasons", None) or [str(refused)]:
                    self.message_user(
                        request,
                        format_html(
                            "Not retracted: {}", problem_html(text, self.admin_site)
                        ),
                        messages.ERROR,
                    )
            else:
                self.message_user(
                    request,
                    f"The {self.opts.verbose_name} “{record}” was retracted.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(page)
        with_it = [
            {
                "record": part,
                "kind": part._meta.verbose_name,
                "url": change_url(part, self.admin_site),
            }
            for part in workflow.supporting(record)
        ]
        stories, stories_total = usage.stories_using(
            [(resource_of(r), r.pk) for r in (record, *workflow.supporting(record))]
        )
        return TemplateResponse(
            request,
            "admin/factfile/retract_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Retract {self.opts.verbose_name} “{record}”",
                "opts": self.opts,
                "original": record,
                "with_it": with_it,
                "stories": stories,
                "stories_total": stories_total,
                "problems": [
                    problem_html(p, self.admin_site)
                    for p in record.retraction_problems()
                ]
                if record.is_public
                else ["Only a record that has been public can be retracted."],
                "reason": reason,
                "change_url": page,
            },
        )

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: EditorialRecord | None = None,
    ) -> HttpResponse:
        action = TRANSITIONS.get(request.POST.get(WORKFLOW_BUTTON, ""))
        if request.method == "POST" and action is not None:
            # The form came back with errors: nothing was saved, and the
            # transition waits until the changes can be.
            self.message_user(
                request,
                f"Nothing was saved and nothing was {action.done}: correct the "
                f"errors below, then press “{action.label}” again.",
                messages.ERROR,
            )
        if obj is not None and obj.pk is not None:
            context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_view(
        self, request: HttpRequest, object_id: str, action: str
    ) -> HttpResponse:
        """Run one transition from a change-page button; POST only."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        transition = TRANSITIONS.get(action)
        if transition is None:
            raise Http404(f"No transition {action!r}.")
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.")
        if not self._has(request, transition.permission):
            raise PermissionDenied(
                f"You do not have permission to {transition.label.lower()} "
                f"{self.opts.verbose_name_plural}."
            )
        try:
            loaded = int(request.POST.get("version", ""))
        except ValueError:
            loaded = None
        page = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        if loaded is not None and loaded != obj.version:
            # The button was on a page showing an older version: acting on
            # the newer one would verify what the editor never saw.
            current_version = obj.version
            obj.loaded_version = loaded
            obj.version = current_version
            self.message_user(
                request, conflict_message(EditConflict(obj, obj)), messages.ERROR
            )
            return HttpResponseRedirect(page)
        return self.run_transition(request, obj, action, text_field="text")

    def run_transition(
        self,
        request: HttpRequest,
        obj: EditorialRecord,
        action: str,
        *,
        text_field: str = "",
    ) -> HttpResponse:
        """Run the transition ``action`` on ``obj``, say how it went, show the page."""
        transition = TRANSITIONS.get(action)
        page = change_url(obj, self.admin_site) or request.path
        if transition is None or not self._has(request, transition.permission):
            self.message_user(
                request, f"There is no “{action}” you may take here.", messages.ERROR
            )
            return HttpResponseRedirect(page)
        text = request.POST.get(text_field or f"{WORKFLOW_BUTTON}_text_{action}", "")
        if action == "correct" and not text_field:
            # The note drafted with the edit, as the verifier left it.
            text = request.POST.get("correction_note", "")
        try:
            transition.run(
                obj,
                by=request.user,
                text=text,
                along=True,
                also=self.chosen_along(request, obj) if action == "verify" else [],
            )
        except WorkflowError as refused:
            for reason in refused.reasons:
                self.message_user(
                    request,
                    format_html(
                        "Not {}: {}",
                        transition.done,
                        problem_html(reason, self.admin_site),
                    ),
                    messages.ERROR,
                )
        except EditConflict as conflict:
            self.message_user(request, conflict_message(conflict), messages.ERROR)
        else:
            done = f"The {self.opts.verbose_name} “{obj}” was {transition.done}."
            if action in ("verify", "send_back", "correct"):
                done = format_html(
                    '{} <a class="button next-in-queue" href="{}">Next in my queue</a>',
                    done,
                    reverse("review_queue_next"),
                )
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(page)

    def chosen_along(
        self, request: HttpRequest, obj: EditorialRecord
    ) -> list[EditorialRecord]:
        """The other records waiting for review that the checker ticked to verify."""
        return []

    def run_bulk_transition(
        self, request: HttpRequest, queryset: QuerySet, transition: Transition
    ) -> TemplateResponse | None:
        """Run a transition on each selected record, asking first for any text."""
        text = request.POST.get("workflow_text", "")
        if transition.text_label and "workflow_confirm" not in request.POST:
            return TemplateResponse(
                request,
                "admin/factfile/workflow_bulk.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"{transition.label}: {self.opts.verbose_name_plural}",
                    "opts": self.opts,
                    "queryset": queryset,
                    "transition": transition,
                    "action_name": request.POST.get("action", ""),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        done = 0
        for record in queryset:
            try:
                with transaction.atomic():
                    transition.run(record, by=request.user, text=text)
            except (WorkflowError, EditConflict) as refused:
                reasons = getattr(refused, "reasons", None) or [str(refused)]
                self.message_user(
                    request,
                    f"“{record}” was not {transition.done}: {' '.join(reasons)}",
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            names = (
                self.opts.verbose_name if done == 1 else self.opts.verbose_name_plural
            )
            self.message_user(
                request, f"{done} {names} {transition.done}.", messages.SUCCESS
            )
        return None

    # History -----------------------------------------------------------

    def history_view(
        self,
        request: HttpRequest,
        object_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.")
        parts = part_changes(record)
        comments = list(review.Comment.objects.of(record).select_related("author"))
        context = {
            "part_changes": parts,
            "comments": comments,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.")
        if request.method == "POST" and not self.has_change_permission(
            request, current
        ):
            raise PermissionDenied("You may not change this record.")
        request._factfile_revert_of = current  # type: ignore[attr-defined]
        context = {
            "current": current,
            "public_version": current.verified_version if current.is_public else None,
            **(extra_context or {}),
        }
        try:
            return super().history_form_view(request, object_id, version_id, context)
        except EditConflict as conflict:
            self.message_user(request, conflict_message(conflict), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        current = getattr(request, "_factfile_revert_of", None)
        if current is not None and not self.has_change_permission(request, current):
            return True
        return super().revert_disabled(request, obj)

    def get_form(
        self, request: HttpRequest, obj: EditorialRecord | None = None, **kwargs: Any
    ) -> Any:
        current = getattr(request, "_factfile_revert_of", None)
        if (
            current is not None
            and obj is not None
            and obj is not current
            and getattr(obj, "_reverted_from", None) is None
        ):
            # The historical version supplies the content; the workflow state
            # and the version the editor is working from are the current ones.
            reverted_from = obj.version
            for attname in WORKFLOW_ATTNAMES:
                setattr(obj, attname, getattr(current, attname))
            obj.loaded_version = current.version
            obj._reverted_from = reverted_from  # type: ignore[attr-defined]
        return super().get_form(request, obj, **kwargs)


class EditorialInline(admin.StackedInline):
    """Editorial records edited under their parent, e.g. citations of a statement."""

    form = EditorialForm
    formset = EditorialInlineFormSet
    # Per row, the formset refuses deleting a record that was ever public.
    extra = 0

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = LoadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def queue_view(request: HttpRequest) -> HttpResponse:
    """Open the next record in the user's queue, or say the queue is empty."""
    record = review.next_in_queue(request.user)
    url = change_url(record, admin.site)
    if url is None:
        messages.info(request, "Your queue is empty: nothing waits for your review.")
        return HttpResponseRedirect(reverse("admin:index"))
    return HttpResponseRedirect(url)


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
