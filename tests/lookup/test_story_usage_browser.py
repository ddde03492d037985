"""In a real browser: the writer names the story once; each copy is noted for it."""

from __future__ import annotations

import pytest
from django.test import Client

from events.seeding import seed_factfile
from factfile.published.models import PublishedRecord
from factfile.usage import Story, StoryUse
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
STORY = "https://news.example/2025/03/talks"
PREVOT = "This is disproportionate"


def test_copying_for_a_named_story_notes_the_record_as_used_by_it(
    live_server, new_page
):
    seed_factfile()
    writer = factories.reporter_user(username="wanda.writer")
    client = Client()
    client.force_login(writer)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + "/lookup/")
    page.fill("#story-url", STORY)
    page.locator("#story-url").dispatch_event("change")
    page.locator("#q").press_sequentially("Prevot disproportionate")
    page.wait_for_url("**q=Prevot+disproportionate*")
    page.wait_for_load_state("networkidle")
    first = page.locator("article.result").first
    first.locator("blockquote", has_text=PREVOT).wait_for()
    first.get_by_role("button", name="Markdown").click()
    page.locator("#status", has_text="Noted as used by").wait_for()
    page.goto(live_server.url + "/lookup/")
    kept = page.input_value("#story-url")

    record = next(
        row
        for row in PublishedRecord.objects.of("statement").live()
        if row.data["text"].startswith(PREVOT)
    )
    assert kept == STORY
    assert Story.objects.get().url == STORY
    assert list(StoryUse.objects.values_list("resource", "record_id")) == [
        ("statement", record.record_id)
    ]
