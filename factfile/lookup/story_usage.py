"""Recording, from the lookup page, that a writer copied a record for a story.

Same-origin only: a logged-in member of the newsroom, and Django's CSRF
check (the page sends the token in a header). The story's list grows by the
record copied; see ``factfile.usage``.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from factfile import usage


@require_POST
def record_usage(request: HttpRequest) -> JsonResponse:
    """Add ``record`` (``statement:12``) to the newsroom story at ``url``."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse(
            {"error": "Log in to record which story uses a record."}, status=403
        )
    try:
        story = usage.add_to_story(
            by=request.user,
            url=request.POST.get("url", ""),
            record=request.POST.get("record", ""),
        )
    except usage.UsageError as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    return JsonResponse({"url": story.url, "records": usage.record_ids(story)})
