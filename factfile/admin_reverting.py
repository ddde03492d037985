"""The history of an editorial record in its admin, and reverting to a version.

A revert brings back an old version's content, never its workflow state:
the status, the version and who changed and verified the record stay as
they are, and the four-eyes rule applies to the revert like any edit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import Http404, HttpResponseRedirect

from factfile import review
from factfile.admin_forms import conflict_message
from factfile.editorial import EditConflict, EditorialRecord
from factfile.history import part_changes

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


class RevertingHistoryAdmin:
    """History with the record's part changes and comments, for ``EditorialAdmin``."""

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
