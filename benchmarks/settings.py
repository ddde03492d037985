"""Settings of the app under benchmark: the app's own, plus the baseline view."""

from factfile.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
