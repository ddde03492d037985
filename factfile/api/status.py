"""``/api/v1/status/``: the state of the records a story cites, and its badge.

Both read ``factfile.published.status`` in one query (two when none of the
ids is public), and are cached, throttled and open to other origins as the
rest of the API. The badge is an SVG image
for a story's ``<noscript>``: its words are escaped as XML text.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factfile.api.views import (
    PublicAPIMixin,
    PublishedJSONRenderer,
    latest_change,
    latest_change_columns,
    latest_change_of,
)
from factfile.published.status import (
    MAX_KEYS,
    BadKeys,
    State,
    parse_keys,
    record_states,
)

IDS_HELP = (
    "The records, comma-separated, each written type:id (statement:12,event:3); "
    f"types: statement, event, actor, source, citation; at most {MAX_KEYS}."
)


def _read(request: Request, name: str, *, limit: int) -> tuple[list[State], Any]:
    """The states of the ids in parameter ``name``, and the change they reflect."""
    raw = request.query_params.get(name)
    if raw is None:
        raise ValidationError({name: [f"Required: {IDS_HELP}"]})
    try:
        keys = parse_keys(raw, limit=limit)
    except BadKeys as error:
        raise ValidationError({name: [str(error)]}) from error
    states, rows = record_states(keys, extra=latest_change_columns())
    return states, latest_change_of(rows) or latest_change()


class StatusView(PublicAPIMixin, APIView):
    """Whether each record is published, corrected, retracted or unknown."""

    renderer_classes: ClassVar[list[type]] = [PublishedJSONRenderer]

    def known_parameters(self) -> set[str]:
        return {"ids", "format"}

    @extend_schema(
        operation_id="record_status",
        summary="The state of the records a story cites",
        parameters=[
            OpenApiParameter(
                "ids", OpenApiTypes.STR, required=True, description=IDS_HELP
            )
        ],
        # The body's exact schema is filled in by the schema hook, as for
        # every public record (factfile/api/schema.py).
        responses={200: OpenApiResponse(description="The state of each record.")},
    )
    def get(self, request: Request) -> Response:
        states, self.version_seen = _read(request, "ids", limit=MAX_KEYS)
        return Response({"results": states})


class SvgRenderer(BaseRenderer):
    """An SVG image, already written."""

    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        return str(data).encode()


class ImageNegotiation(BaseContentNegotiation):
    """The badge is an image whatever the client accepts: an ``<img>`` asks
    for ``image/*`` and a script or a cache may ask for anything."""

    def select_parser(self, request: Request, parsers: list[Any]) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(
        self, request: Request, renderers: list[Any], format_suffix: Any = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


# The state's words and colour on the badge's right side.
COLOURS = {
    "published": "#1a7f37",
    "corrected": "#8a4b00",
    "retracted": "#8f1d1d",
    "unknown": "#5b616b",
}


def _day(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return ""
    return f"{day.day} {day:%b %Y}"


def badge_words(state: State) -> str:
    """What the badge says of one state."""
    if state["state"] == "corrected":
        return f"corrected {_day(state.get('corrected_on', ''))}".strip()
    if state["state"] == "retracted":
        return f"retracted {_day(state.get('retracted_on', ''))}".strip()
    if state["state"] == "published":
        return "verified"
    return "not in the fact file"


def _width(text: str) -> int:
    # About 6.5 pixels a character at 11 px, and a margin on each side.
    return int(len(text) * 6.5) + 12


def badge(label: str, value: str, colour: str) -> str:
    """A two-part badge, label on grey and value on ``colour``, as SVG text."""
    left, right = _width(label), _width(value)
    total = left + right
    label_text, value_text = escape(label), escape(value)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" '
        f'role="img" aria-label="{label_text}: {value_text}">'
        f"<title>{label_text}: {value_text}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="6" y="14">{label_text}</text>'
        f'<text x="{left + 6}" y="14">{value_text}</text>'
        "</g></svg>"
    )


class BadgeView(PublicAPIMixin, APIView):
    """An SVG badge of one record's state, for a story read without script."""

    renderer_classes: ClassVar[list[type]] = [SvgRenderer]
    content_negotiation_class = ImageNegotiation

    def known_parameters(self) -> set[str]:
        return {"id"}

    def handle_exception(self, exc: Exception) -> Response:
        # An error is JSON, as every error of the API: an ``<img>`` shows its
        # alternative text instead.
        self.request.accepted_renderer = PublishedJSONRenderer()
        self.request.accepted_media_type = PublishedJSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="record_status_badge",
        summary="A badge of one record's state (SVG)",
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.STR,
                required=True,
                description="One record, written type:id (statement:12).",
            )
        ],
        responses={
            (200, "image/svg+xml"): OpenApiResponse(
                OpenApiTypes.STR, description="The badge."
            )
        },
    )
    def get(self, request: Request) -> Response:
        (state,), self.version_seen = _read(request, "id", limit=1)
        return Response(badge("fact file", badge_words(state), COLOURS[state["state"]]))
