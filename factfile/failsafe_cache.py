"""A Redis cache that a Redis outage only slows down.

Django's own Redis backend raises when Redis cannot be reached, so an outage
of the cache would become a 500 on every page that reads it (the API's
throttles, cached pages). Here a read from an unreachable Redis is a miss
and a write is dropped, with a warning in the log at most every few seconds:
the public API keeps answering from the database. Sessions live in the
database (``SESSION_ENGINE``), so nobody is logged out either.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Only failures of the connection are absorbed: a wrong use of the cache
# (a bad value, a missing key on incr) still raises.
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNAVAILABLE: tuple[type[BaseException], ...] = (
        RedisConnectionError,
        RedisTimeoutError,
        OSError,
    )
except ImportError:  # pragma: no cover - the backend needs redis anyway
    UNAVAILABLE = (OSError,)

WARN_EVERY = 10.0


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, degrading to a cache that misses while Redis is down."""

    _last_warning = 0.0

    def _unavailable(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        if now - FailSafeRedisCache._last_warning >= WARN_EVERY:
            FailSafeRedisCache._last_warning = now
            logger.warning(
                "Cache unavailable (%s on %s); serving without it",
                type(error).__name__,
                operation,
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            self._unavailable("get", error)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            self._unavailable("get_many", error)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            self._unavailable("has_key", error)
            return False

    def set(self, key: Any, value: Any, *args: Any, **kwargs: Any) -> None:
        try:
            super().set(key, value, *args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable("set", error)

    def add(self, key: Any, value: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().add(key, value, *args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable("add", error)
            return False

    def set_many(self, data: Any, *args: Any, **kwargs: Any) -> list[Any]:
        try:
            return super().set_many(data, *args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable("set_many", error)
            return list(data)

    def touch(self, key: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().touch(key, *args, **kwargs)
        except UNAVAILABLE as error:
            self._unavailable("touch", error)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            self._unavailable("delete", error)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as error:
            self._unavailable("delete_many", error)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            self._unavailable("incr", error)
            # As for a key that is not there: the caller handles a miss.
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def clear(self) -> None:
        try:
            super().clear()
        except UNAVAILABLE as error:
            self._unavailable("clear", error)
