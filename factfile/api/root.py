"""The root of the public API: what it offers and where the change feed stands."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factfile.api.views import PublicAPIMixin, latest_change
from factfile.timestamps import rfc3339_or_none

# (name, URL name, what it holds), in the order a newcomer reads them.
RESOURCES = [
    ("statements", "api:statement-list", "Vetted statements: who said what, when."),
    ("events", "api:event-list", "Vetted events: what happened, who took part."),
    ("actors", "api:actor-list", "People, states, bodies and groups."),
    ("sources", "api:source-list", "Where the facts come from."),
    ("citations", "api:citation-list", "The passages that support or dispute items."),
    ("changes", "api:changes", "Every publication, correction and retraction."),
    ("export", "api:export", "The whole published layer as one file."),
    ("export_manifest", "api:export-manifest", "What the export files hold."),
    ("lookup", "lookup-api", "Ranked search over every vetted record."),
]


class ApiRootView(PublicAPIMixin, APIView):
    """Every resource of the API with its URL, the schema, the docs, the last change."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        # Relative URLs, like every ``api_url``: the body does not depend on
        # the Host header, so a shared cache may keep one copy.
        seq, changed_at = latest_change()
        self.version_seen = (seq, changed_at)
        return Response(
            {
                "name": "factfile public API",
                "version": "v1",
                "resources": {
                    name: {"url": reverse(url_name), "description": description}
                    for name, url_name, description in RESOURCES
                },
                "schema": reverse("api-schema"),
                "docs": reverse("api-docs"),
                "changes": {
                    "url": reverse("api:changes"),
                    "last_seq": seq,
                    "last_changed_at": rfc3339_or_none(changed_at),
                },
            }
        )
