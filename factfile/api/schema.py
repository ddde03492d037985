"""The OpenAPI schema's view: the schema with a strong ETag, for caches."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request

from factfile.api import records
from factfile.api.parameters import MAX_ID
from factfile.published.status import KEYS_PATTERN, ONE_KEY_PATTERN


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: answers ``If-None-Match`` with a 304."""

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()  # type: ignore[attr-defined]
        # The schema depends on the code only: its bytes are its version.
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        etag = f'"{digest}"'
        response["ETag"] = etag
        patch_cache_control(
            response, public=True, max_age=settings.FACTFILE_API_MAX_AGE
        )
        return get_conditional_response(request, etag=etag, response=response)


# Making the generated schema exact ------------------------------------------

ERROR = {
    "type": "object",
    "description": "Why the request failed: ``detail``, or a list of messages "
    "for each query parameter at fault.",
    "properties": {"detail": {"type": "string"}, "status": {"type": "integer"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
RETRACTED = {
    "type": "object",
    "description": "A retracted record: what it was and why it was retracted.",
    "properties": {
        "detail": {"type": "string"},
        "type": {"type": "string"},
        "id": {"type": "integer", "minimum": 1},
        "reason": {"type": "string"},
        "retracted_at": {"type": "string", "format": "date-time", "nullable": True},
    },
    "required": ["detail", "type", "id", "reason", "retracted_at"],
}


# The lookup's kinds, comma-separated; spaces and empty items are ignored.
_KIND = r"\s*(statement|event|actor|source)?\s*"
LOOKUP_KINDS = rf"^{_KIND}(,{_KIND})*$"


def _json(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}
        },
    }


def _filter_parameters(path: str) -> dict[str, Any]:
    """The filters of the list at ``path``: name to its exact schema."""
    from django_filters import CharFilter, ChoiceFilter, DateFilter

    from factfile.api import filters

    filtersets = {
        "/api/v1/statements/": filters.StatementFilter,
        "/api/v1/events/": filters.EventFilter,
        "/api/v1/actors/": filters.ActorFilter,
        "/api/v1/sources/": filters.SourceFilter,
        "/api/v1/citations/": filters.CitationFilter,
    }
    filterset = filtersets.get(path)
    if filterset is None:
        return {}
    exact: dict[str, Any] = {}
    for name, item in filterset.base_filters.items():
        if isinstance(item, filters.IdFilter):
            exact[name] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        elif isinstance(item, ChoiceFilter):
            choices = item.extra["choices"]
            choices = choices() if callable(choices) else choices
            exact[name] = {"type": "string", "enum": [value for value, _ in choices]}
        elif isinstance(item, DateFilter):
            exact[name] = {"type": "string", "format": "date"}
        elif isinstance(item, CharFilter) and item.extra.get("max_length"):
            exact[name] = {"type": "string", "maxLength": item.extra["max_length"]}
    return exact


def exact_schema(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing: what the server accepts and answers."""
    from factfile.lookup.forms import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS

    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR
    components["Retracted"] = RETRACTED
    components.update(records.components())
    for path, operations in result["paths"].items():
        exact = _filter_parameters(path)
        if path == "/api/v1/lookup/":
            exact |= {
                "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                "page_size": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                },
                "speaker": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                "actor": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                "source": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                "date_from": {"type": "string", "format": "date"},
                "date_to": {"type": "string", "format": "date"},
                "on": {"type": "string", "format": "date"},
                # Words to look up: something other than spaces.
                "q": {"type": "string", "pattern": r"\S", "maxLength": MAX_QUERY_CHARS},
                "kind": {"type": "string", "pattern": LOOKUP_KINDS},
            }
        if path == "/api/v1/status/":
            exact["ids"] = {"type": "string", "pattern": KEYS_PATTERN}
        if path == "/api/v1/status/badge.svg":
            exact["id"] = {"type": "string", "pattern": ONE_KEY_PATTERN}
        for method, operation in operations.items():
            if method != "get":
                continue
            parameters = operation.setdefault("parameters", [])
            for parameter in parameters:
                name = parameter["name"]
                if parameter["in"] == "path" and name == "id":
                    parameter["schema"] = {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_ID,
                    }
                elif name in exact:
                    parameter["schema"] = exact[name]
                if name in exact and name not in (
                    "q",
                    "page",
                    "page_size",
                    "ids",
                    "id",
                ):
                    # An empty filter means no filter, as a form left blank.
                    parameter["allowEmptyValue"] = True
                if path == "/api/v1/lookup/" and name == "q":
                    parameter["required"] = True
            responses = operation["responses"]
            found = records.response_component(path)
            if found is not None:
                responses["200"] = _json(found, "The answer.") | {
                    "description": responses.get("200", {}).get("description")
                    or "The answer."
                }
            if parameters:
                responses["400"] = _json("Error", "A query parameter is wrong.")
            if "{id}" in path:
                responses["404"] = _json("Error", "No public record has this id.")
                responses["410"] = _json("Retracted", "The record was retracted.")
            responses["429"] = _json("Error", "Too many requests; see Retry-After.")
            if path == "/api/v1/export/":
                responses["503"] = _json(
                    "Error", "The export is being rebuilt or busy; see Retry-After."
                )
    return result
