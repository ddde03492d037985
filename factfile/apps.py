from django.apps import AppConfig


class FactfileConfig(AppConfig):
    name = "factfile"
    verbose_name = "Fact file"
