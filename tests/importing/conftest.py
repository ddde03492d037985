"""Fixtures of the importing tests: a real HTTP server serving articles."""

from tests.importing.article_server import article_server, loopback_allowed

__all__ = ["article_server", "loopback_allowed"]
