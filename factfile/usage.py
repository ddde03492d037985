"""Which published stories use which records of the fact file.

A publishing tool registers a story by its URL with the list of records it
cites (``statement:12``, ``event:3``); a writer on the lookup page adds the
record they copy to the story they named. When a record is corrected or
retracted, the editor sees the stories affected before confirming, and the
webhooks of the tools that registered them say which of their stories to
update. Only records of the published layer can be registered: an id the
public has never seen is unknown, exactly as the public API says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from factfile.addresses import as_uri, problem_with
from factfile.published.models import PublishedRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

    from factfile.api.keys import ApiKey

STORY_URL_LENGTH = 2000
_RECORD_ID = re.compile(r"([a-z]{1,16}):([0-9]{1,18})")
# How a record is named in usage, webhooks and the editor's pages.
RecordKey = tuple[str, int]


class UsageError(Exception):
    """Usage was refused; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))


class StoryQuerySet(models.QuerySet):
    def using_record(self, resource: str, record_id: int) -> StoryQuerySet:
        """The stories that cite the record, the latest registered first."""
        return (
            self.filter(uses__resource=resource, uses__record_id=record_id)
            .select_related("api_key", "registered_by")
            .order_by(models.F("updated_at").desc(), models.F("pk").desc())
        )

    def using_any(self, keys: Iterable[RecordKey]) -> StoryQuerySet:
        """The stories that cite at least one of the records ``keys``."""
        uses = StoryUse.objects.filter(matching(keys), story=models.OuterRef("pk"))
        return (
            self.filter(models.Exists(uses))
            .select_related("api_key", "registered_by")
            .order_by(models.F("updated_at").desc(), models.F("pk").desc())
        )


class Story(models.Model):
    """A published story, by its URL, and who registered what it cites.

    A publishing tool's stories belong to its API key: each key keeps its
    own list for a URL. Stories registered from the lookup page have no key.
    """

    url = models.CharField(
        max_length=STORY_URL_LENGTH, help_text="The story's public address."
    )
    api_key = models.ForeignKey(
        "factfile.ApiKey",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        help_text="The publishing tool that registered it; empty from the lookup.",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The writer who last added a record from the lookup page.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "url"], name="story_key_url_unique"
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=models.Q(api_key__isnull=True),
                name="story_newsroom_url_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def registered_through(self) -> str:
        """Who keeps this story's list: a tool's key or the lookup page."""
        if self.api_key_id is not None:
            return f"API key {self.api_key}"
        return "the lookup page"


class StoryUse(models.Model):
    """One record a story cites."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="uses")
    resource = models.CharField(max_length=16, help_text="statement, event, ...")
    record_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "resource", "record_id"], name="story_use_unique"
            ),
        ]
        indexes = [
            # Which stories use a record: the editor's pages and webhooks.
            models.Index(fields=["resource", "record_id"], name="story_use_record"),
        ]

    def __str__(self) -> str:
        return f"{self.story} uses {self.resource}:{self.record_id}"


def matching(keys: Iterable[RecordKey]) -> models.Q:
    """Rows whose ``resource`` and ``record_id`` are among ``keys``."""
    by_resource: dict[str, list[int]] = {}
    for resource, record_id in keys:
        by_resource.setdefault(resource, []).append(record_id)
    condition = models.Q(pk__in=[])
    for resource, ids in sorted(by_resource.items()):
        condition |= models.Q(resource=resource, record_id__in=ids)
    return condition


# How many stories the editor's pages list; the count says if there are more.
SHOWN_STORIES = 100


def stories_using(keys: Iterable[RecordKey]) -> tuple[list[Story], int]:
    """The stories citing any of ``keys``: the first ``SHOWN_STORIES``, and how many."""
    found = Story.objects.using_any(list(keys))
    shown = list(found[:SHOWN_STORIES])
    total = len(shown) if len(shown) < SHOWN_STORIES else found.count()
    return shown, total


# Reading what a client sends -------------------------------------------------


def clean_story_url(url: object) -> str:
    """The story's address as stored, or UsageError saying what is wrong."""
    if not isinstance(url, str) or not url.strip():
        raise UsageError({"url": ["Give the story's address, http:// or https://."]})
    url = url.strip()
    if len(url) > STORY_URL_LENGTH:
        raise UsageError({"url": [f"At most {STORY_URL_LENGTH} characters."]})
    if problem := problem_with(url):
        raise UsageError({"url": [problem]})
    return as_uri(url)


def parse_record_ids(values: object) -> list[RecordKey]:
    """``["statement:12", ...]`` as keys, in order, without repeats."""
    limit = settings.FACTFILE_USAGE_MAX_RECORDS
    if not isinstance(values, list):
        raise UsageError({"records": ['A list of ids such as "statement:12".']})
    if len(values) > limit:
        raise UsageError({"records": [f"At most {limit} records per story."]})
    keys: dict[RecordKey, None] = {}
    malformed = []
    for value in values:
        match = _RECORD_ID.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            malformed.append(value if isinstance(value, str) else repr(value))
            continue
        keys[(match[1], int(match[2]))] = None
    if malformed:
        shown = ", ".join(str(item)[:40] for item in malformed[:20])
        raise UsageError({"records": [f'Not an id such as "statement:12": {shown}.']})
    return list(keys)


def unknown_records(keys: list[RecordKey]) -> list[RecordKey]:
    """The keys no published record (live or retracted) carries."""
    if not keys:
        return []
    known = set(
        PublishedRecord.objects.filter(matching(keys)).values_list(
            "resource", "record_id"
        )
    )
    return [key for key in keys if key not in known]


def as_id(key: RecordKey) -> str:
    return f"{key[0]}:{key[1]}"


def record_ids(story: Story) -> list[str]:
    """The records ``story`` cites, as ids, in a stable order."""
    uses = story.uses.order_by("resource", "record_id")
    return [as_id((use.resource, use.record_id)) for use in uses]


def _checked(keys: list[RecordKey]) -> None:
    if unknown := unknown_records(keys):
        raise UsageError(
            {
                "records": [
                    "No published record has these ids: "
                    + ", ".join(as_id(key) for key in unknown)
                    + ". Nothing was changed."
                ]
            }
        )


# Writing ----------------------------------------------------------------------


@transaction.atomic
def register_story(*, key: ApiKey, url: object, records: object) -> Story:
    """Make ``records`` the list of what the key's story at ``url`` cites.

    The same request twice leaves the same list: the list is replaced, not
    added to. Every id is checked first; one unknown id changes nothing.
    """
    clean_url = clean_story_url(url)
    keys = parse_record_ids(records)
    _checked(keys)
    now = timezone.now()
    story, created = Story.objects.select_for_update().get_or_create(
        api_key=key, url=clean_url, defaults={"created_at": now, "updated_at": now}
    )
    wanted = set(keys)
    current = {(use.resource, use.record_id): use.pk for use in story.uses.all()}
    gone = [pk for key_, pk in current.items() if key_ not in wanted]
    if gone:
        StoryUse.objects.filter(pk__in=gone).delete()
    StoryUse.objects.bulk_create(
        [
            StoryUse(story=story, resource=resource, record_id=record_id)
            for resource, record_id in keys
            if (resource, record_id) not in current
        ]
    )
    if not created:
        story.updated_at = now
        story.save(update_fields=["updated_at"])
    return story


@transaction.atomic
def add_to_story(*, by: User, url: object, record: object) -> Story:
    """Add one record to a newsroom story, as a writer copies it for that story."""
    clean_url = clean_story_url(url)
    keys = parse_record_ids([record])
    _checked(keys)
    now = timezone.now()
    story, _ = Story.objects.select_for_update().get_or_create(
        api_key=None, url=clean_url, defaults={"created_at": now}
    )
    StoryUse.objects.get_or_create(
        story=story, resource=keys[0][0], record_id=keys[0][1]
    )
    if story.uses.count() > settings.FACTFILE_USAGE_MAX_RECORDS:
        raise UsageError(
            {
                "records": [
                    f"At most {settings.FACTFILE_USAGE_MAX_RECORDS} records per story."
                ]
            }
        )
    story.registered_by = by
    story.updated_at = now
    story.save(update_fields=["registered_by", "updated_at"])
    return story
