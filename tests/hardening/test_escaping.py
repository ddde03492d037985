"""Stored markup and scripts come out escaped everywhere they are shown.

Every free-text field of every record holds a script, an event handler and
a closing script tag; the admin, the lookup page and every citation style
show them as text.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Alias, Role, Statement
from factfile import workflow
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "Zanzi <script>alert('x')</script><img src=x onerror=alert(1)> "
    "\"q\" & 'a' [l](javascript:alert(1))"
)
# What must never appear in a rendered page: the payload as live markup.
LIVE = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<img src=x onerror", re.IGNORECASE),
    re.compile(r"</script><img", re.IGNORECASE),
    re.compile(r"href=\"?javascript:", re.IGNORECASE),
]
PASSAGE = "We remain committed to dialogue"
FULL_TEXT = (
    f"{PAYLOAD}. The ministry said talks would resume. "
    f'"{PASSAGE}," the spokesperson said. {PAYLOAD}'
)


def assert_inert(text: str, where: str) -> None:
    for pattern in LIVE:
        assert not pattern.search(text), f"{pattern.pattern} live in {where}"


@pytest.fixture
def hostile(reporter, fact_checker, editor_in_chief):  # type: ignore[no-untyped-def]
    """Verified records with the payload in every field an editor can type."""
    source = v.source(
        reporter,
        fact_checker,
        title=f"Title {PAYLOAD}",
        publisher=f"Publisher {PAYLOAD}",
        authors=f"Author {PAYLOAD}",
        full_text=FULL_TEXT,
        notes=f"Notes {PAYLOAD}",
        standing_note=f"Standing {PAYLOAD}",
    )
    speaker = factories.ActorFactory(
        created_by=reporter, name=f"Speaker {PAYLOAD}", description=f"About {PAYLOAD}"
    )
    Alias.objects.create(actor=speaker, name=f"Alias {PAYLOAD}")
    Role.objects.create(actor=speaker, title=f"Role {PAYLOAD}")
    speaker = v.verified(speaker, author=reporter, checker=fact_checker)
    statement = v.statement(
        reporter,
        fact_checker,
        speaker=speaker,
        cited=source,
        passage=PASSAGE,
        text=f"Zanzi words {PAYLOAD}",
        speaker_title=f"Minister {PAYLOAD}",
        claim_rating=Statement.Rating.FALSE,
        claim_reasoning=f"Reasoning {PAYLOAD}",
    )
    event = v.event(
        reporter,
        fact_checker,
        cited=source,
        title=f"Zanzi event {PAYLOAD}",
        description=f"Description {PAYLOAD}",
        place_name=f"Place {PAYLOAD}",
    )
    v.edit(statement, by=reporter, text=f"Zanzi corrected words {PAYLOAD}")
    workflow.submit(statement, by=reporter)
    workflow.correct(statement, by=fact_checker, note=f"Correction {PAYLOAD}")
    retracted = v.statement(reporter, fact_checker, speaker=speaker, cited=source)
    workflow.retract(retracted, by=editor_in_chief, reason=f"Reason {PAYLOAD}")
    return {
        "source": source,
        "actor": speaker,
        "statement": statement,
        "event": event,
        "citation": statement.citations.get(),
        "retracted": retracted,
    }


def test_the_admin_shows_stored_markup_as_text(hostile, editor_in_chief):
    client = Client()
    client.force_login(editor_in_chief)
    pages = []
    for record in hostile.values():
        opts = record._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [
            reverse(f"{prefix}_changelist"),
            reverse(f"{prefix}_changelist") + "?q=Zanzi",
            reverse(f"{prefix}_change", args=[record.pk]),
            reverse(f"{prefix}_history", args=[record.pk]),
        ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert_inert(body, url)
    change = client.get(
        reverse("admin:events_statement_change", args=[hostile["statement"].pk])
    ).content.decode()
    assert "&lt;script&gt;alert(" in change


def test_every_citation_style_escapes_stored_markup(hostile):
    client = Client()
    for kind in ("statement", "event"):
        record = hostile[kind]
        styles = client.get(f"/api/v1/{kind}s/{record.pk}/citation/").json()["styles"]
        assert set(styles) >= {"text", "markdown", "html", "csl-json"}
        assert_inert(styles["html"], f"{kind} html")
        assert "&lt;script&gt;" in styles["html"]
        # Markdown renderers pass raw HTML through: the stored text must be
        # escaped, so that a CommonMark renderer that allows raw HTML still
        # produces inert HTML.
        markdown = styles["markdown"]
        assert "<script>" not in markdown
        assert "[l](javascript:" not in markdown
        rendered = render_commonmark(markdown)
        assert_inert(rendered, f"{kind} markdown rendered")


def test_json_ld_cannot_close_its_script_tag(hostile):
    from django.utils.html import json_script

    data = Client().get(f"/api/v1/statements/{hostile['statement'].pk}/").json()
    for value in _strings(data):
        if "<script" in value:
            embedded = json_script(value, "probe")
            inner = embedded.split(">", 1)[1].rsplit("</script>", 1)[0]
            assert "</script" not in inner.lower()
            assert "<" not in inner


def test_the_lookup_page_shows_stored_markup_as_text(hostile):
    url = reverse("lookup")
    client = Client()
    for query in ("Zanzi", "Zanzi words", "Zanzi event", "<script>", "Speaker"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        body = response.content.decode()
        assert_inert(body, f"lookup ?q={query}")
        # The only script elements are the page's own and JSON data blocks.
        for tag in re.findall(r"<script[^>]*>", body):
            assert re.fullmatch(
                r'<script src="[^"<>]+" defer>'
                r'|<script id="[\w-]+" type="application/json">',
                tag,
            ), tag
    found = client.get(url, {"q": "Zanzi"}).content.decode()
    assert "Zanzi" in found


def test_api_json_keeps_the_text_exact(hostile):
    """JSON carries the stored text unchanged; escaping is the renderer's job."""
    body = Client().get(f"/api/v1/events/{hostile['event'].pk}/").content.decode()
    assert PAYLOAD in json.loads(body)["title"] or PAYLOAD in json.dumps(
        json.loads(body), ensure_ascii=False
    )


def render_commonmark(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(text)


def _strings(value):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
