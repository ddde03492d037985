"""Routes of the public API, version 1."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from factfile.api import root, status, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("statements", views.StatementViewSet, basename="statement")
router.register("events", views.EventViewSet, basename="event")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("sources", views.SourceViewSet, basename="source")
router.register("citations", views.CitationViewSet, basename="citation")

app_name = "api"
urlpatterns = [
    path("", root.ApiRootView.as_view(), name="root"),
    path("changes/", views.ChangeFeedView.as_view(), name="changes"),
    path("status/", status.StatusView.as_view(), name="status"),
    path("status/badge.svg", status.BadgeView.as_view(), name="status-badge"),
    path("export/", views.ExportView.as_view(), name="export"),
    path(
        "export/manifest/", views.ExportManifestView.as_view(), name="export-manifest"
    ),
    path("", include(router.urls)),
]
