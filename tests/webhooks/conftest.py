"""Settings for webhook tests: receivers on the loopback address, quick retries."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):  # type: ignore[no-untyped-def]
    # Only these tests let receivers be on the loopback address.
    settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE = True
    settings.FACTFILE_WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.FACTFILE_WEBHOOK_TIMEOUT_SECONDS = 2
    settings.FACTFILE_WEBHOOK_WORKERS = 4
