"""The benchmark tooling as an app, for ``manage.py generate_synthetic``."""

from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = "benchmarks"
