"""The app's URLs, plus the baseline the public list is measured against."""

from django.urls import path

from benchmarks.baseline import statements_page
from factfile.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/baseline/statements/", statements_page),
    *app_urlpatterns,
]
