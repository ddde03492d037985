"""The small published fact file of the front page's tests, for record pages."""

from tests.front.conftest import newsroom  # noqa: F401
