"""Models of the project package: the public notes of the editorial workflow."""

from factfile.editorial import PublicNote

__all__ = ["PublicNote"]

# The published layer and the API keys live in their own modules; they are
# imported here so that Django registers them with this app.
from factfile.api.keys import ApiKey
from factfile.conversation import Assignment, Comment, CorrectionDraft
from factfile.published.models import (
    ChangeEntry,
    PublicationCounter,
    PublishedLink,
    PublishedRecord,
)
from factfile.usage import Story, StoryUse
from factfile.webhooks.models import Delivery, Subscription

__all__ += [
    "ApiKey",
    "Assignment",
    "ChangeEntry",
    "Comment",
    "CorrectionDraft",
    "Delivery",
    "PublicationCounter",
    "PublishedLink",
    "PublishedRecord",
    "Story",
    "StoryUse",
    "Subscription",
]
