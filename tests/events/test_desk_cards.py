"""The desk's cards share their fields and options, and the page stays the same.

``events.admin_desk_forms.QuickForm``: the cards that are only shown share
one copy of their form's fields (Django copies them for every form), their
selects write each choice list once, and their hidden inputs are written
directly. Whole desks, with hostile text, known and unknown speakers,
events with participants, decided cards and a card posted back with errors,
must come out byte for byte as with a copy of the fields per card and
Django's hidden inputs (the CSRF tokens aside, which differ on every page).
"""

from __future__ import annotations

import re

import pytest

import events.admin_suggestions  # noqa: F401 -- registers the desk
from events import admin_desk_forms
from events.admin_desk_forms import QuickHiddenInput, QuoteForm
from events.suggesting.records import Suggestion
from factfile.editorial import Status
from sources.importing.importer import import_file
from tests import factories
from tests.events.test_desk import ARTICLE, article_with_quotes, desk
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = "\"><script>alert(3)</script> & 'x'"


def without_tokens(body: bytes) -> str:
    return re.sub(r'value="[^"]{64}"', "", body.decode())


def both_ways(monkeypatch, fetch) -> tuple[str, str]:
    """(the page with shared fields, the page with a copy of the fields per card)."""
    shared = without_tokens(fetch())
    monkeypatch.setattr(admin_desk_forms, "SHARED", False)
    own = without_tokens(fetch())
    monkeypatch.setattr(admin_desk_forms, "SHARED", True)
    return shared, own


@pytest.fixture
def logged_in(client, reporter):  # type: ignore[no-untyped-def]
    client.login(username=reporter.username, password=PASSWORD)
    return client


@pytest.fixture
def sources(reporter):  # type: ignore[no-untyped-def]
    for name in ("Rwanda", "Belgium", "Olivier Nduhungirehe"):
        factories.ActorFactory(name=name, kind="state", status=Status.VERIFIED)
    wire = import_file("wire.txt", ARTICLE.encode(), by=reporter).source
    many = import_file("many.txt", article_with_quotes(6).encode(), by=reporter).source
    text = f'"<img src=x onerror=alert(2)>," the mayor {HOSTILE} said.\n'
    hostile = import_file("x.txt", text.encode(), by=reporter).source
    Suggestion.objects.filter(import_record__source=hostile).update(
        speaker_title=HOSTILE, speaker_name=HOSTILE
    )
    return {"wire": wire, "many": many, "hostile": hostile}


def test_every_desk_is_the_same_with_shared_fields(monkeypatch, logged_in, sources):
    shown = ""
    for name, source in sources.items():
        shared, own = both_ways(
            monkeypatch, lambda source=source: logged_in.get(desk(source)).content
        )
        assert shared == own, name
        shown += shared
    # The pages hold what the cards' branches write.
    for part in (
        'class="participant"',
        'type="hidden" name="s',
        " selected>",
        "&quot;&gt;&lt;script&gt;alert(3)",
        'class="new-actor" open',
    ):
        assert part in shown, part
    assert "<script>alert(3)" not in shown


def test_a_decided_card_and_a_card_posted_back_are_the_same(
    monkeypatch, logged_in, sources
):
    source = sources["wire"]
    quotes = Suggestion.objects.filter(import_record__source=source, kind="quote")
    decided = quotes.first()
    decided.state = Suggestion.State.DISCARDED
    decided.save(update_fields=["state"])
    pending = quotes.filter(state=Suggestion.State.PENDING).first()
    prefix = f"s{pending.pk}"
    data = {
        "suggestion": pending.pk,
        "action": "accept",
        f"{prefix}-speaker": "Nobody of that name",
        f"{prefix}-speaker_id": "",
        f"{prefix}-speaker_title": HOSTILE,
        f"{prefix}-kind": "quote",
        f"{prefix}-channel": "unknown",
        f"{prefix}-new_kind": "person",
        f"{prefix}-date": "2025-03",
    }

    def post() -> bytes:
        response = logged_in.post(desk(source), data)
        # Refused, and the desk shown again with the card's errors.
        assert response.status_code == 400
        return response.content

    shared, own = both_ways(monkeypatch, post)
    assert "errorlist" in shared
    assert shared == own
    shared, own = both_ways(monkeypatch, lambda: logged_in.get(desk(source)).content)
    assert shared == own


def test_the_cards_share_their_fields_and_a_posted_card_has_its_own(logged_in, sources):
    response = logged_in.get(desk(sources["many"]))
    quotes = [
        card["form"]
        for card in response.context["cards"]
        if isinstance(card["form"], QuoteForm)
    ]
    assert len(quotes) > 2
    first, second = quotes[0], quotes[1]
    assert first.fields is not second.fields
    assert first.fields["kind"] is second.fields["kind"]
    assert isinstance(first.fields["speaker_id"].widget, QuickHiddenInput)
    # What a card shows is its own, whatever the others show.
    assert first["date"].value() != second["date"].value() or (
        first.prefix != second.prefix
    )
    posted = QuoteForm({"s1-kind": "quote"}, prefix="s1")
    assert posted.fields["kind"] is not first.fields["kind"]
    assert QuoteForm.base_fields["kind"] is not first.fields["kind"]
