from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from factfile import front, health, record_pages, twofactor
from factfile.admin_workflow import queue_view
from factfile.api.schema import SchemaView
from factfile.lookup import story_usage
from factfile.lookup import views as lookup_views
from factfile.lookup.api import LookupView

urlpatterns = [
    path("", front.front_page, name="front"),
    path("corrections/", front.corrections, name="corrections"),
    path("corrections/feed/", front.CorrectionsFeed(), name="corrections-feed"),
    # A record's public page: the permalink every copied citation carries.
    path("r/<str:resource>/<str:record_id>/", record_pages.record_page, name="record"),
    # The next record a checker should review: assigned first, then oldest.
    path(
        "admin/queue/next/",
        admin.site.admin_view(queue_view),
        name="review_queue_next",
    ),
    path("admin/", admin.site.urls),
    path("lookup/", lookup_views.lookup, name="lookup"),
    path("lookup/actors/", lookup_views.actor_options, name="lookup-actors"),
    path("lookup/sources/", lookup_views.source_options, name="lookup-sources"),
    path("lookup/usage/", story_usage.record_usage, name="lookup-usage"),
    path("api/v1/lookup/", LookupView.as_view(), name="lookup-api"),
    path("api/v1/", include("factfile.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its
    # own, so that the Content-Security-Policy needs no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    # Hardening: health check, second factor for staff.
    path("health/", health.health, name="health"),
    path("account/two-factor/", twofactor.verify, name="two-factor-verify"),
    path("account/two-factor/setup/", twofactor.setup, name="two-factor-setup"),
]

# Error pages: JSON under /api/, plain pages elsewhere, 503 while the
# database cannot be reached.
handler400 = "factfile.errors.bad_request"
handler403 = "factfile.errors.permission_denied"
handler404 = "factfile.errors.page_not_found"
handler500 = "factfile.errors.server_error"
