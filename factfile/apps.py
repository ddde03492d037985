from django.apps import AppConfig


class FactfileConfig(AppConfig):
    name = "factfile"
    verbose_name = "Fact file"

    def ready(self) -> None:
        # The API keys' admin lives with the API, apart from factfile/admin.py.
        from factfile.api import admin  # noqa: F401
