"""The public read-only API: every view reads the published layer and nothing else."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.db import router
from django.http import HttpResponseBase
from django.urls import reverse
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factfile import exporting
from factfile.api import downloads, filters, templates
from factfile.api.errors import Gone, MovedPermanently, Unavailable
from factfile.api.freshness import (
    latest_change,
    latest_change_columns,
    latest_change_of,
    latest_changes,
)
from factfile.api.pagination import (
    KEYS,
    ChangeFeedPagination,
    KeysetPagination,
    compile_now,
    compiled,
)
from factfile.api.parameters import whole_number
from factfile.api.public import PublicAPIMixin
from factfile.api.serializers import ChangeEntrySerializer, PublishedSerializer
from factfile.api.stored_json import (
    FEED_COLUMNS,
    PublishedJSONRenderer,
    StoredJSON,
    detail_url_parts,
    feed_entry_json,
    with_url,
)
from factfile.published import export
from factfile.published.models import (
    ChangeEntry,
    PublishedQuerySet,
    PublishedRecord,
    stored_text,
)

# Names other modules import from here; each lives in the module named above.
__all__ = [
    "ActorViewSet",
    "ChangeFeedView",
    "CitationViewSet",
    "EventViewSet",
    "ExportManifestView",
    "ExportView",
    "PublicAPIMixin",
    "PublishedJSONRenderer",
    "SourceViewSet",
    "StatementViewSet",
    "StoredJSON",
    "feed_entry_json",
    "latest_change",
    "latest_change_columns",
    "latest_change_of",
    "latest_changes",
]


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
