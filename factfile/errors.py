"""Error responses: JSON for the API, plain pages elsewhere, never a traceback.

These handlers run when something has already gone wrong, perhaps with the
database gone: they render templates without a request context, so they
touch neither the database nor the session.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist

from factfile.timeouts import PUBLIC_PREFIX

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do this.",
    404: "Nothing was found at this address.",
    500: "Something went wrong on our side. It has been logged.",
    503: "The fact file is unavailable for a moment. Please try again shortly.",
}


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot answer now (down, timed out)."""
    return isinstance(error, OperationalError | InterfaceError)


def error_response(request: HttpRequest, status: int) -> HttpResponse:
    """The response for ``status``: JSON under ``/api/``, a plain page elsewhere."""
    message = MESSAGES[status]
    if request.path.startswith(PUBLIC_PREFIX):
        response: HttpResponse = JsonResponse(
            {"detail": message, "status": status}, status=status
        )
    else:
        try:
            body = loader.get_template(f"{status}.html").render({"message": message})
        except TemplateDoesNotExist:
            body = f"<!doctype html><title>{status}</title><h1>{message}</h1>"
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(settings.FACTFILE_RETRY_AFTER)
    # An error is never stored by a cache: the next request may succeed.
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it is still current.
    error = sys.exc_info()[1]
    return error_response(request, 503 if is_database_unavailable(error) else 500)
