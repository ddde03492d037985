"""The editorial workflow as the admin offers it: transitions, the worklist
filters and the bulk actions, each calling ``factfile.workflow``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html

from factfile import review, workflow
from factfile.editorial import EditorialRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.admin import EditorialAdmin


# The worklist's "recently verified" reaches back this far.
RECENTLY_VERIFIED = datetime.timedelta(days=14)


# Transitions ---------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """A workflow transition as the admin offers it."""

    name: str
    label: str
    permission: str
    done: str
    text_label: str = ""

    def run(
        self,
        record: EditorialRecord,
        *,
        by: User,
        text: str = "",
        along: bool = False,
        also: list[EditorialRecord] = (),  # type: ignore[assignment]
    ) -> None:
        """Run the transition; ``along``: verify what the record needs with it.

        Only the change page verifies along, where the checker sees the list
        of what goes with the record; a bulk action verifies what was ticked.
        """
        if self.name == "verify" and along:
            review.verify_with_what_it_needs(record, by=by, also=also)
            return
        run: dict[str, Callable[[], Any]] = {
            "submit": lambda: workflow.submit(record, by=by),
            "send_back": lambda: workflow.send_back(record, by=by, comment=text),
            # What the record needs and is waiting for review goes with it.
            "verify": lambda: workflow.verify(record, by=by),
            "correct": lambda: workflow.correct(record, by=by, note=text),
            "retract": lambda: workflow.retract(record, by=by, reason=text),
        }
        run[self.name]()


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition("submit", "Submit for review", "change", "submitted for review"),
        Transition(
            "send_back",
            "Send back",
            "verify",
            "sent back to its author",
            text_label="What needs to change",
        ),
        Transition("verify", "Verify", "verify", "verified"),
        Transition(
            "correct",
            "Verify as a correction",
            "verify",
            "verified as a correction",
            text_label="Public correction note",
        ),
        Transition(
            "retract", "Retract", "retract", "retracted", text_label="Public reason"
        ),
    )
}


def change_url(record: Any, site: admin.AdminSite) -> str | None:
    """The admin page of ``record``, or None if this admin has none."""
    if record is None or record.pk is None or not site.is_registered(type(record)):
        return None
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[record.pk],
        current_app=site.name,
    )


def problem_html(problem: str, site: admin.AdminSite) -> str:
    """A refusal as the admin shows it: escaped, with a link to the blocking record."""
    url = change_url(getattr(problem, "record", None), site)
    if url is None:
        return conditional_escape(problem)
    record = problem.record  # type: ignore[attr-defined]
    return format_html(
        '{} <a href="{}" class="blocking-record">Open {} {}</a>',
        problem,
        url,
        record._meta.verbose_name,
        record.pk,
    )


# List filters --------------------------------------------------------------


class WorklistFilter(admin.SimpleListFilter):
    """The lists an editor works from."""

    title = "worklist"
    parameter_name = "worklist"
    # Every list takes ?worklist=sent_back and =assigned (the index links
    # to them); lists that show them as buttons name them here.
    conversation: tuple[tuple[str, str], ...] = ()

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("mine", "My drafts"),
            *self.conversation,
            ("review", "Waiting for my review"),
            ("verified", "Recently verified"),
            ("pending", "Pending edits of public records"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet | None:
        value = self.value()
        if value == "mine":
            return queryset.drafts_of(request.user)
        if value == "sent_back":
            return review.sent_back(queryset.filter(created_by=request.user))
        if value == "assigned":
            return review.assigned_to(queryset.in_review(), request.user)
        if value == "review":
            return queryset.awaiting_review_by(request.user)
        if value == "verified":
            since = timezone.now() - RECENTLY_VERIFIED
            return queryset.verified().filter(verified_at__gte=since)
        if value == "pending":
            return queryset.with_pending_edit()
        return queryset


class ReviewWorklistFilter(WorklistFilter):
    """The worklists of records reviewed from their passages, with the conversation."""

    conversation = (("sent_back", "Sent back to me"), ("assigned", "Assigned to me"))


# Bulk actions --------------------------------------------------------------


def _bulk(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet, name: str
) -> TemplateResponse | None:
    return modeladmin.run_bulk_transition(request, queryset, TRANSITIONS[name])


@admin.action(description="Submit selected for review", permissions=["submit"])
def submit_selected(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    return _bulk(modeladmin, request, queryset, "submit")


@admin.action(description="Send selected back to their authors", permissions=["verify"])
def send_back_selected(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    return _bulk(modeladmin, request, queryset, "send_back")


@admin.action(description="Verify selected", permissions=["verify"])
def verify_selected(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    return _bulk(modeladmin, request, queryset, "verify")


@admin.action(
    description="Retract selected, with a public reason", permissions=["retract"]
)
def retract_selected(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    return _bulk(modeladmin, request, queryset, "retract")


@admin.action(description="Delete selected drafts that were never public")
def delete_drafts(
    modeladmin: EditorialAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    public = list(queryset.filter(verified_version__isnull=False)[:10])
    if public:
        names = ", ".join(f"“{record}”" for record in public)
        modeladmin.message_user(
            request,
            f"Nothing was deleted: {names} ha{'ve' if len(public) > 1 else 's'} been "
            "public and can never be deleted. Retract a public record instead.",
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)
