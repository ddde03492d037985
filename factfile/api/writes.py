"""The only writes of the API: a tool's story usage and its webhook subscriptions.

Each needs an API key that was given that one permission (``writes_usage``,
``manages_webhooks``); a key sees and changes only its own stories and
subscriptions. Every other endpoint stays read-only for every key.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import (
    NotAuthenticated,
    NotFound,
    ParseError,
    PermissionDenied,
    ValidationError,
)
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factfile import usage
from factfile.api.authentication import (
    AnonymousRateThrottle,
    ApiKeyAuthentication,
    ApiKeyRateThrottle,
)
from factfile.api.keys import ApiKey
from factfile.api.parameters import whole_number
from factfile.timestamps import rfc3339_or_none
from factfile.webhooks import delivery
from factfile.webhooks.models import Subscription

# A story's list of ids or a subscription fits in far less.
MAX_BODY_BYTES = 64 * 1024


class BoundedJSONParser(BaseParser):
    """JSON bodies of at most ``MAX_BODY_BYTES``, with errors as one-line 400s."""

    media_type = "application/json"

    def parse(
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> Any:
        data = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_BODY_BYTES:
            raise ParseError(f"The body is over {MAX_BODY_BYTES} bytes.")
        try:
            return json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError, UnicodeDecodeError):
            raise ParseError("The body is not valid JSON in UTF-8.") from None


class KeyWriteView(APIView):
    """An endpoint a key with one permission may write to; nobody else."""

    permission_flag: ClassVar[str]
    authentication_classes: ClassVar[list[type]] = [ApiKeyAuthentication]
    permission_classes: ClassVar[list[type]] = []
    throttle_classes: ClassVar[list[type]] = [AnonymousRateThrottle, ApiKeyRateThrottle]
    renderer_classes: ClassVar[list[type]] = [JSONRenderer]
    parser_classes: ClassVar[list[type]] = [BoundedJSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "OPTIONS":
            return
        if not isinstance(request.auth, ApiKey):
            raise NotAuthenticated("Send an API key: Authorization: Api-Key <key>.")
        if not getattr(request.auth, self.permission_flag):
            raise PermissionDenied(
                "This API key may not do this; ask the newsroom for the permission."
            )
        writes_a_body = request.method in ("PUT", "POST")
        if writes_a_body and not isinstance(request.data, dict):
            raise ValidationError({"detail": ["Send a JSON object."]})

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        # A key's own data: never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    @property
    def key(self) -> ApiKey:
        return self.request.auth  # type: ignore[return-value]

    def body(self) -> dict[str, Any]:
        return self.request.data  # type: ignore[return-value]


def story_json(story: usage.Story) -> dict[str, Any]:
    return {
        "url": story.url,
        "records": usage.record_ids(story),
        "updated_at": rfc3339_or_none(story.updated_at),
    }


class UsageView(KeyWriteView):
    """Which records a story cites: PUT replaces the list, GET reads it back.

    ``{"url": "https://news.example/story", "records": ["statement:12",
    "event:3"]}``. The same PUT twice gives the same list; an unknown or
    malformed id is a 400 that lists them, and nothing is changed.
    """

    permission_flag = "writes_usage"
    http_method_names: ClassVar[list[str]] = ["get", "put", "head", "options"]

    @extend_schema(
        parameters=[OpenApiParameter("url", str, required=True)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        unknown = set(request.query_params) - {"url"}
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        try:
            url = usage.clean_story_url(request.query_params.get("url"))
        except usage.UsageError as refused:
            raise ValidationError(refused.problems) from None
        story = self.key.stories.filter(url=url).first()
        if story is None:
            raise NotFound("This key registered no story at this address.")
        return Response(story_json(story))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request: Request) -> Response:
        data = self.body()
        extra = set(data) - {"url", "records"}
        if extra:
            raise ValidationError({name: ["Unknown field."] for name in sorted(extra)})
        try:
            story = usage.register_story(
                key=self.key, url=data.get("url"), records=data.get("records")
            )
        except usage.UsageError as refused:
            raise ValidationError(refused.problems) from None
        return Response(story_json(story))


def subscription_json(
    subscription: Subscription, *, secret: bool = False
) -> dict[str, Any]:
    shown = {
        "id": subscription.pk,
        "url": subscription.url,
        "scope": subscription.scope,
        "last_seq": subscription.last_seq,
        "health": subscription.health,
        "last_error": subscription.last_error,
        "created_at": rfc3339_or_none(subscription.created_at),
    }
    if secret:
        shown["secret"] = subscription.secret
    return shown


class WebhookListView(KeyWriteView):
    """The key's subscriptions; POST subscribes a receiver and shows its secret once.

    ``{"url": "https://tool.example/hook", "scope": "all" | "used",
    "after": <seq>}``; ``after`` defaults to the latest change, so a new
    receiver gets what happens from now on.
    """

    permission_flag = "manages_webhooks"
    http_method_names: ClassVar[list[str]] = ["get", "post", "head", "options"]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        found = self.key.subscriptions.filter(ended_at__isnull=True).order_by("pk")
        return Response({"results": [subscription_json(s) for s in found]})

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request) -> Response:
        data = self.body()
        extra = set(data) - {"url", "scope", "after"}
        if extra:
            raise ValidationError({name: ["Unknown field."] for name in sorted(extra)})
        url = data.get("url")
        if problem := delivery.url_problem(url):
            raise ValidationError({"url": [problem]})
        scope = data.get("scope", Subscription.Scope.ALL)
        if scope not in Subscription.Scope.values:
            raise ValidationError({"scope": ['"all" or "used".']})
        latest = delivery.latest_seq()
        after = data.get("after", latest)
        if (
            not isinstance(after, int)
            or isinstance(after, bool)
            or not 0 <= after <= latest
        ):
            raise ValidationError({"after": [f"A change number from 0 to {latest}."]})
        with transaction.atomic():
            # Locks the key's row, so that two requests cannot both pass
            # the limit.
            ApiKey.objects.select_for_update().get(pk=self.key.pk)
            limit = settings.FACTFILE_WEBHOOKS_PER_KEY
            if self.key.subscriptions.filter(ended_at__isnull=True).count() >= limit:
                raise ValidationError(
                    {"url": [f"A key has at most {limit} subscriptions."]}
                )
            subscription = Subscription.objects.create(
                api_key=self.key, url=url.strip(), scope=scope, last_seq=after
            )
        return Response(
            subscription_json(subscription, secret=True),
            status=status.HTTP_201_CREATED,
        )


class WebhookDetailView(KeyWriteView):
    """One of the key's subscriptions; DELETE ends it (its log is kept)."""

    permission_flag = "manages_webhooks"
    http_method_names: ClassVar[list[str]] = ["get", "delete", "head", "options"]

    def subscription(self, pk: str) -> Subscription:
        number = whole_number(pk)
        found = (
            self.key.subscriptions.filter(pk=number, ended_at__isnull=True).first()
            if number is not None
            else None
        )
        if found is None:
            raise NotFound("This key has no subscription with this id.")
        return found

    @extend_schema(operation_id="webhooks_detail", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: str) -> Response:
        return Response(subscription_json(self.subscription(pk)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str) -> Response:
        found = self.subscription(pk)
        found.ended_at = timezone.now()
        found.save(update_fields=["ended_at"])
        return Response(status=status.HTTP_204_NO_CONTENT)
