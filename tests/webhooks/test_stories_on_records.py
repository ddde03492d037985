"""Editors see the stories that use a record, at a constant cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Citation
from factfile.api.keys import ApiKey
from factfile.usage import register_story
from tests import verified as v

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_change_page_costs_the_same_for_one_story_or_ten(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)
    key, _ = ApiKey.issue(name="CMS", writes_usage=True)
    page = reverse("admin:events_statement_change", args=[statement.pk])
    client = logged_in(editor_in_chief)
    counts = []
    for stories in (1, 10):
        for number in range(stories):
            register_story(
                key=key,
                url=f"https://news.example/{number}",
                records=[f"statement:{statement.pk}"],
            )
        client.get(page)  # caches warmed
        with CaptureQueriesContext(connection) as queries:
            shown = client.get(page).content.decode()
        counts.append(len(queries))
        assert shown.count('class="story-url"') == stories

    assert counts[0] == counts[1]


def test_the_retraction_page_lists_stories_of_what_goes_with_the_record(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker)
    citation = Citation.objects.get(statement=statement)
    key, _ = ApiKey.issue(name="CMS", writes_usage=True)
    register_story(
        key=key,
        url="https://news.example/cites-the-passage",
        records=[f"citation:{citation.pk}"],
    )
    unrelated = v.statement(reporter, fact_checker, text="Another thing.")
    register_story(
        key=key,
        url="https://news.example/unrelated",
        records=[f"statement:{unrelated.pk}"],
    )

    shown = (
        logged_in(editor_in_chief)
        .get(reverse("admin:events_statement_retract", args=[statement.pk]))
        .content.decode()
    )

    assert "https://news.example/cites-the-passage" in shown
    assert "https://news.example/unrelated" not in shown
    assert "The retraction reaches 1 story" in shown
