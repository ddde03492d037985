"""The public API's own errors: a retracted record, a merged one, a pause."""

from __future__ import annotations

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException

from factfile.published.models import PublishedRecord
from factfile.timestamps import rfc3339_or_none


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This record was retracted."
    default_code = "retracted"

    def __init__(self, row: PublishedRecord) -> None:
        super().__init__(f"This {row.resource} was retracted.")
        # Set after the base class, which would turn every value into text.
        self.detail = {
            "detail": self.detail,
            "type": row.resource,
            "id": row.record_id,
            "reason": row.retraction_reason,
            "retracted_at": rfc3339_or_none(row.retracted_at),
        }


class MovedPermanently(APIException):
    """A merged duplicate's id: the record lives on under the survivor's id."""

    status_code = status.HTTP_301_MOVED_PERMANENTLY
    default_code = "merged"

    def __init__(self, row: PublishedRecord, location: str) -> None:
        self.location = location
        target = row.data["merged_into"]
        super().__init__(
            f"This {row.resource} was merged into {target['type']} {target['id']}."
        )
        self.detail = {
            "detail": self.detail,
            "type": target["type"],
            "id": int(target["id"]),
            "location": location,
        }


class Unavailable(APIException):
    """A 503 that says when to try again."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        # DRF answers ``wait`` with a Retry-After header.
        self.wait = settings.FACTFILE_RETRY_AFTER
