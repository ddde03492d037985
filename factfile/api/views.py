"""The public read-only API: every view reads the published layer and nothing else."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Any, ClassVar

from django.conf import settings
from django.db import router
from django.db.models import Func, Subquery, TextField
from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    MethodNotAllowed,
    NotFound,
    ValidationError,
)
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factfile import exporting
from factfile.api import downloads, filters, templates
from factfile.api.authentication import (
    AnonymousRateThrottle,
    ApiKeyAuthentication,
    ApiKeyRateThrottle,
)
from factfile.api.pagination import (
    KEYS,
    ChangeFeedPagination,
    KeysetPagination,
    compile_now,
    compiled,
)
from factfile.api.parameters import whole_number
from factfile.api.serializers import ChangeEntrySerializer, PublishedSerializer
from factfile.caching import CachedPublicResponseMixin
from factfile.published import export
from factfile.published.models import (
    ChangeEntry,
    PublishedQuerySet,
    PublishedRecord,
    stored_text,
)
from factfile.timestamps import rfc3339, rfc3339_or_none

# Only a record or a page is cached; every error (a 410 included) is no-store.
SAFE_STATUSES = {status.HTTP_200_OK}


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This record was retracted."
    default_code = "retracted"

    def __init__(self, row: PublishedRecord) -> None:
        super().__init__(f"This {row.resource} was retracted.")
        # Set after the base class, which would turn every value into text.
        self.detail = {
            "detail": self.detail,
            "type": row.resource,
            "id": row.record_id,
            "reason": row.retraction_reason,
            "retracted_at": rfc3339_or_none(row.retracted_at),
        }


class MovedPermanently(APIException):
    """A merged duplicate's id: the record lives on under the survivor's id."""

    status_code = status.HTTP_301_MOVED_PERMANENTLY
    default_code = "merged"

    def __init__(self, row: PublishedRecord, location: str) -> None:
        self.location = location
        target = row.data["merged_into"]
        super().__init__(
            f"This {row.resource} was merged into {target['type']} {target['id']}."
        )
        self.detail = {
            "detail": self.detail,
            "type": target["type"],
            "id": int(target["id"]),
            "location": location,
        }


def reject_unknown_parameters(request: Request, known: set[str]) -> None:
    # django-filter ignores parameters it does not know, so a typo would
    # silently return the unfiltered list.
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        allowed = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown query parameter; known: {allowed}."] for name in unknown}
        )
    # A parameter given twice would be read as its last value, silently
    # dropping the first: say so instead.
    repeated = sorted(
        name for name, values in request.query_params.lists() if len(values) > 1
    )
    if repeated:
        raise ValidationError(
            {name: ["Given more than once; give it once."] for name in repeated}
        )


def latest_changes() -> Any:
    """Change entries, the latest first: where the latest change is read."""
    return ChangeEntry.objects.order_by("-seq")


def latest_change() -> tuple[int, Any]:
    """The last sequence number of the published layer, and when it was written."""
    entry = latest_changes().values_list("seq", "at").first()
    return entry or (0, None)


class UTCText(Func):
    """A time as ISO text in UTC without an offset, whatever the session's style."""

    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "to_char(%(expressions)s AT TIME ZONE 'UTC', "
            """'YYYY-MM-DD"T"HH24:MI:SS.US')"""
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        extra.setdefault("template", "CAST(%(expressions)s AS TEXT)")
        return super().as_sql(compiler, connection, **extra)


def latest_change_columns() -> dict[str, Subquery]:
    """``latest_change()`` as columns of a page's query, for ``values()``.

    The ETag and Last-Modified then come from the same snapshot as the page,
    without a query of their own. The database computes each subquery once
    but returns it on every row: the time comes as text in UTC without an
    offset, read once from the first row by ``latest_change_of``.
    """
    latest = latest_changes()
    return {
        "latest_seq": Subquery(latest.values("seq")[:1]),
        "latest_at": Subquery(latest.annotate(text=UTCText("at")).values("text")[:1]),
    }


def latest_change_of(rows: list[dict[str, Any]]) -> tuple[int, Any] | None:
    """The latest change read with a page (``latest_change_columns()``)."""
    if not rows or rows[0]["latest_seq"] is None:
        return None
    at = datetime.datetime.fromisoformat(rows[0]["latest_at"])
    return rows[0]["latest_seq"], at.replace(tzinfo=datetime.UTC)


class StoredJSON:
    """A response body assembled from JSON already stored: rendered as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class PublishedJSONRenderer(JSONRenderer):
    """JSON; a page assembled from the published layer's stored text passes through.

    Everything else (details, errors, the change feed) is rendered as usual.
    """

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, StoredJSON):
            return data.text.encode()
        return super().render(data, accepted_media_type, renderer_context)


def with_url(stored: str, url: str) -> str:
    """A stored JSON object's text with ``api_url`` added as its last key."""
    return f'{stored.rstrip()[:-1]}, "api_url": "{url}"}}'


def detail_url_parts(resource: str) -> tuple[str, str]:
    """The detail URL of a record type, split around the id."""
    head, _, tail = reverse(f"api:{resource}-detail", args=[9]).rpartition("9")
    return head, tail


class PublicAPIMixin(CachedPublicResponseMixin):
    """Settings shared by every public view: read-only, throttled, cacheable."""

    authentication_classes: ClassVar[list[type]] = [ApiKeyAuthentication]
    permission_classes: ClassVar[list[type]] = [AllowAny]
    throttle_classes: ClassVar[list[type]] = [AnonymousRateThrottle, ApiKeyRateThrottle]
    renderer_classes: ClassVar[list[type]] = [
        PublishedJSONRenderer,
        BrowsableAPIRenderer,
    ]
    http_method_names: ClassVar[list[str]] = ["get", "head", "options"]
    # The sequence number and time a response reflects; views that serve one
    # record set it from that record, the others use the latest change.
    version_seen: tuple[int, Any] | None = None

    def known_parameters(self) -> set[str]:
        return {"format"}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The method is decided first: a POST with a query string is a 405,
        # never a 400 about its parameters.
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method != "OPTIONS":
            reject_unknown_parameters(request, self.known_parameters())

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if response.status_code >= 400:
            # Errors, whatever the method, are never stored by a cache.
            patch_cache_control(response, no_store=True)
            return response
        if request.method not in ("GET", "HEAD") or "ETag" in response:
            # A view that set validators of its own (an export file) keeps them.
            return response
        if response.status_code not in SAFE_STATUSES:
            patch_cache_control(response, no_store=True)
            return response
        seq, changed_at = self.version_seen or latest_change()
        renderer = getattr(request, "accepted_renderer", None)
        fingerprint = (
            f"{seq}|{request.get_full_path()}|{getattr(renderer, 'format', '')}"
        )
        etag = f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
        response["ETag"] = etag
        if changed_at is not None:
            response["Last-Modified"] = http_date(changed_at.timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=settings.FACTFILE_API_MAX_AGE,
            stale_while_revalidate=settings.FACTFILE_API_STALE_WHILE_REVALIDATE,
        )
        conditional = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(changed_at.timestamp()) if changed_at else None,
            response=response,
        )
        if conditional is not response:
            for header in ("Cache-Control", "Vary"):
                if header in response:
                    conditional[header] = response[header]
        return conditional


class PublishedViewSet(PublicAPIMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of one record type, by stable id."""

    resource: ClassVar[str]
    default_ordering: ClassVar[str] = "-date"
    serializer_class = PublishedSerializer
    pagination_class = KeysetPagination
    filter_backends: ClassVar[list[type]] = [filters.PublishedFilterBackend]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> PublishedQuerySet:
        return PublishedRecord.objects.of(self.resource).live().for_api()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of records, assembled from their stored JSON text.

        Each record's JSON is read as text and spliced into the page with its
        ``api_url``: nothing is parsed or serialised again in Python. The
        browsable API takes the usual path.
        """
        if not isinstance(request.accepted_renderer, PublishedJSONRenderer):
            return super().list(request, *args, **kwargs)
        if set(request.query_params) & set(self.filterset_class.base_filters):
            rows = self.filtered_page(request)
        else:
            rows = self.unfiltered_page(request)
        self.version_seen = latest_change_of(rows)
        head, tail = detail_url_parts(self.resource)
        items = ",".join(
            with_url(row["stored"], f"{head}{row['record_id']}{tail}") for row in rows
        )
        next_link = json.dumps(self.paginator.next_link())
        return Response(StoredJSON(f'{{"next": {next_link}, "results": [{items}]}}'))

    def unfiltered_page(self, request: Request) -> list[dict[str, Any]]:
        """A page of the list without filters, from its queryset compiled once."""
        using = router.db_for_read(PublishedRecord)
        base = compiled(
            ("list", self.resource),
            using,
            lambda: self.get_queryset().values(
                *KEYS, stored=stored_text(), **latest_change_columns()
            ),
        )
        return self.paginator.paginate_sql(request, self, base=base, using=using)

    def filtered_page(self, request: Request) -> list[dict[str, Any]]:
        """A page of the list with filters, its SQL compiled once per combination.

        The filters' values are checked as django-filter checks them (a bad
        one is a 400 naming it); the SQL is the ORM's, kept per combination
        of filters (``templates``).
        """
        backend = filters.PublishedFilterBackend()
        filterset = backend.get_filterset(request, PublishedRecord.objects.all(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        values = templates.active_values(filterset.form.cleaned_data)
        using = router.db_for_read(PublishedRecord)
        base = self.filtered_sql(filterset, values, using)
        return self.paginator.paginate_sql(request, self, base=base, using=using)

    def filtered_sql(
        self, filterset: Any, values: dict[str, Any], using: str
    ) -> templates.Compiled:
        """The list's SQL with ``values`` for the filters of ``filterset``."""
        return templates.compiled_with(
            ("list", self.resource, using),
            values,
            lambda chosen: self.compile_filtered(filterset, chosen),
        )

    def compile_filtered(
        self, filterset: Any, values: dict[str, Any]
    ) -> templates.Compiled:
        """The list's SQL with ``values``, compiled by the ORM."""
        queryset = templates.filtered(self.get_queryset(), filterset, values)
        sql, params = compile_now(
            queryset.values(*KEYS, stored=stored_text(), **latest_change_columns()),
            KEYS,
        )[0]
        return sql, tuple(params)

    def known_parameters(self) -> set[str]:
        if self.action == "list":
            names = set(self.filterset_class.base_filters)  # type: ignore[attr-defined]
            return names | {"cursor", "page_size", "ordering", "format"}
        if self.action == "citation":
            return {"style", "format"}
        return {"format"}

    def get_object(self) -> PublishedRecord:
        # The route takes ASCII digits only, but any number of them.
        record_id = whole_number(self.kwargs["pk"])
        if record_id is None:
            raise NotFound(f"No published {self.resource} has this id.")
        row = PublishedRecord.objects.of(self.resource).filter(record_id=record_id)
        found = row.first()
        if found is None:
            raise NotFound(f"No published {self.resource} has the id {record_id}.")
        self.version_seen = (found.seq, found.changed_at)
        if found.retracted_at is not None and found.data.get("merged_into"):
            target = found.data["merged_into"]
            raise MovedPermanently(
                found, reverse(f"api:{target['type']}-detail", args=[target["id"]])
            )
        if found.retracted_at is not None:
            raise Gone(found)
        return found

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, MovedPermanently):
            response["Location"] = exc.location
        return response


class CitableViewSet(PublishedViewSet):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "style",
                str,
                enum=["text", "markdown", "html", "csl-json", "claim-review"],
                description="One style; all of them when absent. claim-review "
                "exists for a statement with a claim assessment only.",
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, url_path="citation", filter_backends=[], pagination_class=None)
    def citation(self, request: Request, pk: str) -> Response:
        """Ready-to-paste citations of the record, in one style or all."""
        row = self.get_object()
        styles = row.data.get("citation_styles", {})
        base = {"type": row.resource, "id": row.record_id}
        style = request.query_params.get("style")
        if style is None:
            return Response({**base, "styles": styles})
        if style not in styles:
            raise ValidationError({"style": [f"One of: {', '.join(styles)}."]})
        return Response({**base, "style": style, "citation": styles[style]})


class StatementViewSet(CitableViewSet):
    """Vetted statements: who said what, when, and where it is sourced."""

    resource = "statement"
    filterset_class = filters.StatementFilter


class EventViewSet(CitableViewSet):
    """Vetted events: what happened, who took part, and where it is sourced."""

    resource = "event"
    filterset_class = filters.EventFilter


class ActorViewSet(PublishedViewSet):
    """People, states, bodies and groups that speak or act in the fact file."""

    resource = "actor"
    default_ordering = "id"
    filterset_class = filters.ActorFilter


class SourceViewSet(PublishedViewSet):
    """Where the facts come from; the full text stays in the newsroom."""

    resource = "source"
    filterset_class = filters.SourceFilter


class CitationViewSet(PublishedViewSet):
    """The exact passages of sources that support or dispute an item."""

    resource = "citation"
    default_ordering = "id"
    filterset_class = filters.CitationFilter


FEED_COLUMNS = ("seq", "at", "action", "resource", "record_id", "version", "note")
_NAME = re.compile("[a-z_]+")


def feed_entry_json(row: dict[str, Any]) -> str:
    """One change entry as ``ChangeEntrySerializer`` gives it, from stored text."""
    data = "null" if row["withdrawn"] or row["stored"] is None else row["stored"]
    # The action and the type are the layer's own lower-case names; only the
    # note is free text to escape.
    note = json.dumps(row["note"]) if row["note"] else '""'
    at = rfc3339(row["at"])
    return (
        f'{{"seq": {int(row["seq"])}, '
        f'"at": "{at}", '
        f'"action": "{_NAME.fullmatch(row["action"])[0]}", '
        f'"type": "{_NAME.fullmatch(row["resource"])[0]}", '
        f'"id": {int(row["record_id"])}, '
        f'"version": {int(row["version"])}, '
        f'"note": {note}, '
        f'"data": {data}}}'
    )


class ChangeFeedView(PublicAPIMixin, generics.ListAPIView):
    """Every publication, correction, refresh and retraction, oldest first.

    Start with ``after=0`` and follow ``next``; then poll with
    ``after=<last_seq>``. Replaying the entries rebuilds the published layer.
    """

    serializer_class = ChangeEntrySerializer
    pagination_class = ChangeFeedPagination

    def get_queryset(self) -> Any:
        return ChangeEntry.objects.for_feed()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of the feed, with each record's JSON spliced in as stored."""
        if not isinstance(request.accepted_renderer, PublishedJSONRenderer):
            return super().list(request, *args, **kwargs)
        using = router.db_for_read(ChangeEntry)
        base = compiled(
            ("feed",),
            using,
            lambda: self.get_queryset().values(
                *FEED_COLUMNS,
                "withdrawn",
                stored=stored_text(),
                **latest_change_columns(),
            ),
        )
        rows = self.paginator.paginate_sql(request, base=base, using=using)
        self.version_seen = latest_change_of(rows)
        items = ",".join(feed_entry_json(row) for row in rows)
        next_link = json.dumps(self.paginator.next_link())
        last_seq = int(self.paginator.last_seq)
        return Response(
            StoredJSON(
                f'{{"next": {next_link}, "last_seq": {last_seq}, "results": [{items}]}}'
            )
        )

    def known_parameters(self) -> set[str]:
        return {"after", "page_size", "format"}


class _StreamRenderer(BaseRenderer):
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        # Only errors go through here; the export itself is streamed.
        return JSONRenderer().render(data)


class JsonLinesRenderer(_StreamRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


class CsvRenderer(_StreamRenderer):
    media_type = "text/csv"
    format = "csv"


class ExportView(PublicAPIMixin, APIView):
    """The whole published layer, streamed: ``format=jsonl`` (default) or ``csv``."""

    renderer_classes: ClassVar[list[type]] = [JsonLinesRenderer, CsvRenderer]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        chosen = request.query_params.get("format", "jsonl")
        if chosen not in export.FORMATS:
            if force or request.method not in ("GET", "HEAD"):
                # An error decided before the format (405) is rendered as JSON.
                return JSONRenderer(), "application/json"
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
            raise ValidationError({"format": [f"One of: {', '.join(export.FORMATS)}."]})
        renderer = JsonLinesRenderer() if chosen == "jsonl" else CsvRenderer()
        return renderer, renderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        # An error is a JSON body whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=list(export.FORMATS))],
        responses={
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            (200, "text/csv"): OpenApiTypes.STR,
            (206, "application/x-ndjson"): OpenApiTypes.STR,
            (206, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        """The prebuilt file of the published layer; ``Range`` resumes a download.

        JSON Lines ends with ``{"complete": true, "rows": R, "last_seq": S}``;
        both formats carry ``Content-Length``, ``X-Factfile-Rows``,
        ``X-Factfile-Last-Seq`` and ``X-Factfile-Sha256``.
        """
        try:
            found = exporting.servable_file(request.accepted_renderer.format)
            return downloads.file_response(request, found)
        except exporting.ExportNotReady:
            raise Unavailable("The export is being rebuilt.") from None
        except downloads.DownloadFull:
            raise Unavailable("Too many exports are being downloaded.") from None


class Unavailable(APIException):
    """A 503 that says when to try again."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        # DRF answers ``wait`` with a Retry-After header.
        self.wait = settings.FACTFILE_RETRY_AFTER


class ExportManifestView(PublicAPIMixin, APIView):
    """What the current export files hold: last_seq, rows, sizes and SHA-256."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        try:
            found = exporting.servable_file("jsonl")
        except exporting.ExportNotReady:
            raise Unavailable("The export is being rebuilt.") from None
        manifest = exporting.read_manifest(found.path.parent)
        if manifest is None or manifest.last_seq != found.last_seq:
            raise Unavailable("The export is being rebuilt.")
        self.version_seen = (found.last_seq, found.built_at)
        return Response(exporting.describe(manifest))
