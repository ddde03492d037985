"""The retraction page of an editorial record's admin.

Retracting is confirmed on a page of its own that lists everything retracted
with the record and the stories it reaches, and asks for the public reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from factfile import usage, workflow
from factfile.admin_transitions import change_url, problem_html
from factfile.editorial import EditConflict, EditorialRecord, WorkflowError
from factfile.representation import resource_of


class RetractionAdmin:
    """The retraction confirmation page, for ``EditorialAdmin``."""

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/retract/",
                self.admin_site.admin_view(self.retract_view),
                name="{}_{}_retract".format(*info),
            ),
            *super().get_urls(),
        ]

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
