"""The lookup page notes which story a writer copies for (same origin, CSRF)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from factfile.usage import Story, StoryUse
from tests import verified as v

pytestmark = pytest.mark.django_db

STORY = "https://news.example/2025/03/talks"


def test_a_logged_in_writer_adds_the_copied_record_to_the_story(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker)
    event = v.event(reporter, fact_checker)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    page = client.get(reverse("lookup"))
    token = page.context["csrf_token"]

    for record in (f"statement:{statement.pk}", f"event:{event.pk}"):
        answer = client.post(
            reverse("lookup-usage"),
            {"url": STORY, "record": record},
            HTTP_X_CSRFTOKEN=str(token),
        )
        assert answer.status_code == 200

    assert b'id="story-url"' in page.content
    assert answer.json()["records"] == [
        f"event:{event.pk}",
        f"statement:{statement.pk}",
    ]
    story = Story.objects.get()
    assert story.api_key is None
    assert story.registered_by == reporter


def test_without_a_login_or_the_csrf_token_nothing_is_noted(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker)
    body = {"url": STORY, "record": f"statement:{statement.pk}"}
    # Without CSRF checks, so that the login check is what refuses.
    anonymous = Client()
    writer = Client(enforce_csrf_checks=True)
    writer.force_login(reporter)

    page = anonymous.get(reverse("lookup"))
    refused_anonymous = anonymous.post(
        reverse("lookup-usage"),
        body,
        HTTP_X_CSRFTOKEN=anonymous.cookies.get("csrftoken", ""),
    )
    forged = writer.post(reverse("lookup-usage"), body)

    assert b'id="story-url"' not in page.content
    assert refused_anonymous.status_code == 403
    assert "Log in" in refused_anonymous.json()["error"]
    assert forged.status_code == 403
    assert not StoryUse.objects.exists()


@pytest.mark.parametrize(
    ("url", "record"),
    [
        ("javascript:alert(1)", "statement:1"),
        (STORY, "statement:999999"),
        (STORY, "statement"),
        ("", ""),
    ],
)
def test_bad_input_is_a_one_line_400(reporter, url, record):
    client = Client()
    client.force_login(reporter)

    answer = client.post(reverse("lookup-usage"), {"url": url, "record": record})

    assert answer.status_code == 400
    assert "\n" not in answer.json()["error"]
    assert not Story.objects.exists()
