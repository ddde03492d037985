from django.apps import AppConfig


class FactfileConfig(AppConfig):
    name = "factfile"
    verbose_name = "Fact file"

    def ready(self) -> None:
        # The API keys' admin lives with the API, apart from factfile/admin.py.
        # Registers the deployment checks of factfile/checks.py.
        from factfile import checks, history_managers  # noqa: F401
        from factfile.api import admin  # noqa: F401
        from factfile.webhooks import admin as webhooks_admin  # noqa: F401

        # Reading a model's history makes its manager class once, not each time.
        history_managers.install()
