"""The workflow buttons of an editorial record's admin, and the review queue.

The change page offers the transitions its viewer may take, with what blocks
them, the records verified along, the conversation and the assignment; each
button, bulk action and transition URL calls ``factfile.workflow``, and
permissions are checked on the server whatever the page showed.
"""

from __future__ import annotations

from typing import Any

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
from django.utils.html import format_html

from factfile import editorial, review, usage, workflow
from factfile.admin_forms import conflict_message
from factfile.admin_transitions import TRANSITIONS, Transition, change_url, problem_html
from factfile.editorial import EditConflict, EditorialRecord, Status, WorkflowError
from factfile.representation import resource_of

# The name of the change form's workflow buttons; the value is the transition.
WORKFLOW_BUTTON = "_workflow"


class WorkflowButtonsAdmin:
    """Transition buttons and bulk transitions, for ``EditorialAdmin``."""

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
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
        # Named before the transition, with what the record was read with;
        # no transition changes what a record's name is made of.
        name = str(obj)
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
            done = f"The {self.opts.verbose_name} “{name}” was {transition.done}."
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


def queue_view(request: HttpRequest) -> HttpResponse:
    """Open the next record in the user's queue, or say the queue is empty."""
    record = review.next_in_queue(request.user)
    url = change_url(record, admin.site)
    if url is None:
        messages.info(request, "Your queue is empty: nothing waits for your review.")
        return HttpResponseRedirect(reverse("admin:index"))
    return HttpResponseRedirect(url)
