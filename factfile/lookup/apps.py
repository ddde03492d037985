from django.apps import AppConfig


class LookupConfig(AppConfig):
    name = "factfile.lookup"
    label = "lookup"
    verbose_name = "Citation lookup"
