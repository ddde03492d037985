"""The admin index's counts of what waits for the person looking at it."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q

from factfile.conversation import Assignment
from factfile.editorial import Status
from factfile.review import editorial_models

register = template.Library()


@register.simple_tag(takes_context=True)
def my_worklists(context: Any) -> list[dict[str, Any]]:
    """For each kind of record: how many were sent back to me, assigned to me.

    One query per kind of record, whatever the number of rows.
    """
    user = context["request"].user
    rows = []
    for model in editorial_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        assigned = Assignment.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            assignee=user,
        )
        counts = model._base_manager.aggregate(
            sent_back=Count(
                "pk",
                filter=Q(status=Status.DRAFT, created_by=user) & ~Q(review_comment=""),
            ),
            assigned=Count("pk", filter=Q(Exists(assigned), status=Status.IN_REVIEW)),
        )
        if counts["sent_back"] or counts["assigned"]:
            rows.append(
                {
                    "name": opts.verbose_name_plural,
                    "url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                    **counts,
                }
            )
    return rows
