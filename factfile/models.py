"""Models of the project package: the public notes of the editorial workflow."""

# ruff: noqa: I001
# The published layer, the review conversation and the API keys live in
# their own modules; they are imported here so that Django registers them
# with this app, in the order they have always been registered in.
from factfile.published.models import (
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
from factfile.conversation import Assignment, Comment, CorrectionDraft
from factfile.editorial import PublicNote
from factfile.api.keys import ApiKey
from factfile.usage import Story, StoryUse
from factfile.webhooks.models import Delivery, Subscription

__all__ = [
    "ApiKey",
    "Assignment",
    "ChangeEntry",
    "Comment",
    "CorrectionDraft",
    "Delivery",
    "PublicNote",
    "PublicationCounter",
    "PublishedLink",
    "PublishedRecord",
    "Story",
    "StoryUse",
    "Subscription",
]
