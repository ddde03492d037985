"""The article desk: the text with its marks, each suggestion decided in place."""

from __future__ import annotations

import hypothesis
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import strategies as st

import events.admin_suggestions  # noqa: F401 -- registers the desk
import sources.admin_import  # noqa: F401 -- registers the import pages
from events import desk as desk_rules
from events.models import Participant, Statement
from events.suggesting.records import Suggestion
from factfile.editorial import Status, WorkflowError
from sources.importing.importer import import_file
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ARTICLE = (
    "KIGALI -- Rwanda on Monday severed its diplomatic relations with Belgium.\n"
    '"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe '
    "said.\n"
    '"Nobody can say what happens next," a diplomat said.\n'
)


def article_with_quotes(count: int) -> str:
    lines = ["GOMA -- The talks in Luanda went on for a second day on Tuesday."]
    for n in range(count):
        lines.append(
            f'"Point {n} is settled," Foreign Minister Olivier Nduhungirehe said.'
        )
        lines.append(f"Rwanda on Monday summoned envoy number {n} of Belgium.")
    return "\n".join(lines) + "\n"


@pytest.fixture
def logged_in(client, reporter):  # type: ignore[no-untyped-def]
    client.login(username=reporter.username, password=PASSWORD)
    return client


@pytest.fixture
def imported(reporter):  # type: ignore[no-untyped-def]
    return import_file("wire.txt", ARTICLE.encode(), by=reporter).source


def desk(source) -> str:  # type: ignore[no-untyped-def]
    return reverse("admin:events_desk", args=[source.pk])


def quote(source, words):  # type: ignore[no-untyped-def]
    return Suggestion.objects.get(
        import_record__source=source, kind="quote", passage__contains=words
    )


def test_the_desk_marks_every_suggestion_and_citation_in_the_text(logged_in, imported):
    page = logged_in.get(desk(imported)).content.decode()
    lectured = quote(imported, "lectured")
    assert f'data-target="s-{lectured.pk}"' in page
    assert 'class="k-quote also-citation st-pending"' in page
    assert "k-event" in page
    assert "k-date" in page
    # The legend says what each mark means, not by colour alone.
    assert "solid underline" in page
    assert "dashed underline" in page
    assert "Keys:" in page
    assert f'id="s-{lectured.pk}"' in page
    # The cards are in text order: the event first, then the quotes.
    assert page.index('class="card k-event') < page.index('class="card k-quote')


def test_hostile_text_is_escaped_in_the_article_and_the_cards(logged_in, reporter):
    text = '<script>alert(1)</script> "<img src=x onerror=alert(2)>," the mayor said.\n'
    source = import_file("x.txt", text.encode(), by=reporter).source
    hostile = '"><script>alert(3)</script>'
    Suggestion.objects.filter(import_record__source=source).update(
        speaker_title=hostile, speaker_name=hostile
    )
    page = logged_in.get(desk(source)).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<script>alert(3)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(3)' in page


def test_the_desk_is_reachable_from_everywhere_a_reporter_looks(logged_in, imported):
    url = desk(imported)
    record = imported.import_record
    for page in (
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[imported.pk]),
        reverse("admin:sources_importrecord_changelist"),
        reverse("admin:sources_importrecord_change", args=[record.pk]),
    ):
        assert f'href="{url}"' in logged_in.get(page).content.decode(), page


def test_the_import_record_shows_its_suggestions_readable(logged_in, imported):
    record = imported.import_record
    page = logged_in.get(
        reverse("admin:sources_importrecord_change", args=[record.pk])
    ).content.decode()
    assert "We will not be lectured by anyone" in page
    assert "Olivier Nduhungirehe" in page
    assert '"titles"' not in page  # no raw JSON


def test_query_count_does_not_grow_with_the_suggestions(client, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    for name in ("Rwanda", "Belgium"):
        factories.ActorFactory(name=name, kind="state", status=Status.VERIFIED)
    few = import_file("few.txt", article_with_quotes(2).encode(), by=reporter).source
    many = import_file("many.txt", article_with_quotes(12).encode(), by=reporter).source
    made = Suggestion.objects.filter(import_record__source=many)
    assert made.filter(kind="quote").count() == 12
    assert made.filter(kind="event").count() == 12
    assert Participant.objects.filter(event__suggestions__in=made).count() == 24
    counts = []
    for source in (few, many):
        client.get(desk(source))  # sessions and permissions warmed alike
        # The query log keeps only the last 9,000: empty it, so that the
        # count is of this request whatever the imports before it ran.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(desk(source)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] > 5  # the page's own queries were counted


def test_accept_saves_the_edits_on_the_card_first(logged_in, imported, reporter):
    lectured = quote(imported, "lectured")
    other = factories.ActorFactory(name="Yolande Makolo", status=Status.VERIFIED)
    prefix = f"s{lectured.pk}"
    response = logged_in.post(
        desk(imported),
        {
            "suggestion": lectured.pk,
            "action": "accept",
            f"{prefix}-speaker": "Yolande Makolo",
            f"{prefix}-speaker_id": "",
            f"{prefix}-speaker_title": "Government spokesperson",
            f"{prefix}-kind": "quote",
            f"{prefix}-channel": "press_conference",
            f"{prefix}-date": "2025-03",
            f"{prefix}-new_kind": "person",
        },
    )
    assert response.status_code == 302
    lectured.refresh_from_db()
    assert lectured.state == Suggestion.State.ACCEPTED
    statement = lectured.statement
    assert statement.speaker == other
    assert statement.speaker_title == "Government spokesperson"
    assert statement.channel == "press_conference"
    assert (str(statement.said_on), statement.said_on_precision) == (
        "2025-03-01",
        "month",
    )
    assert statement.status == Status.DRAFT


def test_a_new_actor_is_made_with_name_and_title_apart(logged_in, imported):
    nobody = quote(imported, "Nobody can say")
    assert nobody.actor is None
    prefix = f"s{nobody.pk}"
    logged_in.post(
        desk(imported),
        {
            "suggestion": nobody.pk,
            "action": "accept",
            f"{prefix}-speaker": "",
            f"{prefix}-new_name": "Thérèse Kayikwamba Wagner",
            f"{prefix}-new_title": "Foreign Minister of the DRC",
            f"{prefix}-new_kind": "person",
            f"{prefix}-kind": "quote",
            f"{prefix}-channel": "unknown",
            f"{prefix}-date": "",
        },
    )
    nobody.refresh_from_db()
    assert nobody.state == Suggestion.State.ACCEPTED
    actor = nobody.statement.speaker
    assert actor.name == "Thérèse Kayikwamba Wagner"
    assert actor.description == "Foreign Minister of the DRC"
    assert actor.status == Status.DRAFT
    assert nobody.statement.speaker_title == "Foreign Minister of the DRC"


def test_an_unknown_speaker_keeps_the_edits_and_says_why(logged_in, imported):
    nobody = quote(imported, "Nobody can say")
    prefix = f"s{nobody.pk}"
    response = logged_in.post(
        desk(imported),
        {
            "suggestion": nobody.pk,
            "action": "accept",
            f"{prefix}-speaker": "Nobody In Particular",
            f"{prefix}-speaker_title": "A title I typed",
            f"{prefix}-new_kind": "person",
            f"{prefix}-kind": "paraphrase",
            f"{prefix}-channel": "interview",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "No actor is called “Nobody In Particular”" in page
    assert 'value="A title I typed"' in page
    nobody.refresh_from_db()
    assert nobody.state == Suggestion.State.PENDING


def test_discard_deletes_the_never_public_drafts(logged_in, imported):
    lectured = quote(imported, "lectured")
    statement_id = lectured.statement_id
    response = logged_in.post(
        desk(imported), {"suggestion": lectured.pk, "action": "discard"}
    )
    assert response.status_code == 302
    lectured.refresh_from_db()
    assert lectured.state == Suggestion.State.DISCARDED
    assert not Statement.objects.filter(pk=statement_id).exists()


def test_an_event_is_edited_in_place_with_its_participants(logged_in, imported):
    event_suggestion = Suggestion.objects.get(
        import_record__source=imported, kind="event"
    )
    event = event_suggestion.event
    belgium = factories.ActorFactory(
        name="Belgium", kind="state", status=Status.VERIFIED
    )
    parts = list(event.participants.all())
    prefix = f"s{event_suggestion.pk}"
    data = {
        "suggestion": event_suggestion.pk,
        "action": "save",
        f"{prefix}-title": "Rwanda cuts ties with Belgium",
        f"{prefix}-kind": "diplomatic",
        f"{prefix}-date": "2025-03-17",
        f"{prefix}-add_actor": "Belgium",
        f"{prefix}-add_role": "target",
    }
    for part in parts:
        data[f"{prefix}-role_{part.pk}"] = "initiator"
    response = logged_in.post(desk(imported), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Rwanda cuts ties with Belgium"
    assert str(event.starts_on) == "2025-03-17"
    roles = set(event.participants.values_list("actor__name", "role"))
    assert ("Belgium", "target") in roles
    assert Participant.objects.filter(event=event, actor=belgium).exists()


def test_selected_words_become_a_new_quote(logged_in, imported):
    text = imported.full_text
    words = "severed its diplomatic relations"
    start = text.index(words)
    response = logged_in.post(
        desk(imported),
        {
            "action": "propose_quote",
            "new-passage": words,
            "new-start": start,
            "new-end": start + len(words),
        },
    )
    assert response.status_code == 302
    made = Suggestion.objects.get(import_record__source=imported, passage=words)
    assert (made.kind, made.start, made.state) == ("quote", start, "pending")


def test_pasted_words_are_found_without_offsets(logged_in, imported):
    response = logged_in.post(
        desk(imported),
        {"action": "propose_event", "new-passage": "Rwanda on Monday severed its"},
    )
    assert response.status_code == 302
    made = Suggestion.objects.filter(
        import_record__source=imported, kind="event"
    ).latest("pk")
    assert made.event.status == Status.DRAFT
    assert made.citation.start == imported.full_text.index("Rwanda on Monday")


@pytest.mark.parametrize(
    "data",
    [
        {"action": "propose_quote", "new-passage": "words that are not there"},
        {"action": "propose_quote", "new-passage": "x" * 20_000},
        {"action": "propose_quote", "new-passage": "said", "new-start": "-4"},
        {"action": "propose_quote", "new-passage": "said", "new-start": "99999999999"},
        {"action": "explode"},
        {"action": "save", "suggestion": "²"},
        {"action": "save", "suggestion": "1" * 40},
        {"action": "accept"},
    ],
)
def test_hostile_posts_never_get_a_5xx(logged_in, imported, data):
    response = logged_in.post(desk(imported), data)
    # Offsets that do not hold the words are ignored and the words looked
    # for: "said" is in the text, so that one is proposed (302).
    assert response.status_code in (302, 400, 404)


def test_a_suggestion_of_another_source_is_not_found_here(
    logged_in, imported, reporter
):
    other = import_file(
        "other.txt", ARTICLE.replace("Monday", "Friday").encode(), by=reporter
    )
    theirs = quote(other.source, "lectured")
    response = logged_in.post(
        desk(imported), {"suggestion": theirs.pk, "action": "discard"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Suggestion.State.PENDING


def test_someone_without_the_statement_permissions_cannot_open_the_desk(
    client, imported
):
    visitor = factories.UserFactory(username="visitor")
    client.login(username=visitor.username, password=PASSWORD)
    assert client.get(desk(imported)).status_code == 403


def test_a_viewer_sees_the_desk_but_cannot_decide(client, imported):
    viewer = factories.UserFactory(username="viewer")
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_statement", "view_source"])
    )
    client.login(username=viewer.username, password=PASSWORD)
    assert client.get(desk(imported)).status_code == 200
    lectured = quote(imported, "lectured")
    response = client.post(
        desk(imported), {"suggestion": lectured.pk, "action": "discard"}
    )
    assert response.status_code == 403


def test_a_missing_source_is_a_404(logged_in):
    assert logged_in.get(reverse("admin:events_desk", args=[999999])).status_code == 404


def test_the_metadata_is_confirmed_on_the_desk(logged_in, imported):
    response = logged_in.post(
        desk(imported),
        {
            "action": "confirm",
            "meta-title": "Rwanda severs ties with Belgium",
            "meta-authors": "",
            "meta-publisher": "Lakes Wire",
            "meta-published": "other",
            "meta-other_date": "2025-03-18",
        },
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.title == "Rwanda severs ties with Belgium"
    assert imported.publisher == "Lakes Wire"
    assert str(imported.published_on) == "2025-03-18"
    assert imported.import_record.is_confirmed


def test_two_initiators_set_on_the_desk_stay_after_accepting(logged_in, reporter):
    for name in ("Rwanda", "Belgium"):
        factories.ActorFactory(name=name, kind="state", status=Status.VERIFIED)
    imported = import_file("w.txt", ARTICLE.encode(), by=reporter).source
    event_suggestion = Suggestion.objects.get(
        import_record__source=imported, kind="event"
    )
    event = event_suggestion.event
    assert event.participants.exists()
    prefix = f"s{event_suggestion.pk}"
    data = {
        "suggestion": event_suggestion.pk,
        "action": "accept",
        f"{prefix}-title": event.title,
        f"{prefix}-kind": event.kind,
        f"{prefix}-date": "",
        f"{prefix}-add_actor": "Belgium",
        f"{prefix}-add_role": "initiator",
    }
    for part in event.participants.all():
        data[f"{prefix}-role_{part.pk}"] = "initiator"
    assert logged_in.post(desk(imported), data).status_code == 302
    roles = set(event.participants.values_list("actor__name", "role"))
    assert roles == {("Rwanda", "initiator"), ("Belgium", "initiator")}


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(
    st.text(min_size=1, max_size=200),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=20),
)
def test_runs_cover_the_text_once_with_what_covers_them(text, pairs):
    marked = [
        desk_rules.Span(min(a, b), max(a, b), "quote", "pending", "Q", "s-1", "")
        for a, b in pairs
        if min(a, b) < max(a, b) <= len(text)
    ]
    runs = desk_rules.segments(text, marked)
    assert "".join(text[run.start : run.end] for run in runs) == text
    for run in runs:
        covering = {s for s in marked if s.start <= run.start and run.end <= s.end}
        assert set(run.spans) == covering


@pytest.mark.parametrize(
    ("passage", "start", "end"),
    [("", None, None), ("   ", 0, 3), ("a" * 6000, None, None), ("zzz", 0, 3)],
)
def test_a_passage_not_in_the_text_is_refused_in_words(passage, start, end):
    with pytest.raises(WorkflowError):
        desk_rules.find_passage(
            "Rwanda on Monday severed its ties.", passage, start, end
        )


def test_an_unnamed_source_is_not_proposed_as_a_new_actor(logged_in, reporter):
    source = import_file(
        "u.txt", b'"We are leaving tonight," a resident said.\n', by=reporter
    ).source
    resident = quote(source, "leaving tonight")
    Suggestion.objects.filter(pk=resident.pk).update(
        anonymous=True, speaker_name="a resident"
    )
    page = logged_in.get(desk(source)).content.decode()
    assert f'name="s{resident.pk}-new_name" value=' not in page


def test_a_source_entered_by_hand_has_a_desk_too(logged_in, reporter):
    citation = factories.CitationFactory(created_by=reporter)
    source = citation.source
    page = logged_in.get(desk(source)).content.decode()
    assert f'data-target="c-{citation.pk}"' in page
    assert "No suggestions for this article" in page
    response = logged_in.post(
        desk(source),
        {"action": "propose_quote", "new-passage": "talks would resume"},
    )
    assert response.status_code == 302
    made = Suggestion.objects.get(import_record__source=source)
    assert (made.kind, made.passage) == ("quote", "talks would resume")
    assert made.import_record.imported_by == reporter


def test_a_quote_already_in_the_fact_file_becomes_another_citation(logged_in, reporter):
    speaker = factories.ActorFactory(
        name="Olivier Nduhungirehe", status=Status.VERIFIED
    )
    first = import_file("first.txt", ARTICLE.encode(), by=reporter).source
    lectured = quote(first, "lectured")
    lectured.actor = speaker
    lectured.save()
    logged_in.post(desk(first), {"suggestion": lectured.pk, "action": "accept"})
    lectured.refresh_from_db()
    said = lectured.statement
    assert said is not None

    second_outlet = ARTICLE.replace("KIGALI --", "KIGALI (Other Wire) --")
    second = import_file("second.txt", second_outlet.encode(), by=reporter).source
    again = quote(second, "lectured")
    assert again.repeats == said
    page = logged_in.get(desk(second)).content.decode()
    assert "another citation of" in page
    prefix = f"s{again.pk}"
    response = logged_in.post(
        desk(second),
        {
            "suggestion": again.pk,
            "action": "accept",
            f"{prefix}-speaker": speaker.name,
            f"{prefix}-speaker_id": speaker.pk,
            f"{prefix}-speaker_title": "",
            f"{prefix}-kind": "quote",
            f"{prefix}-channel": "unknown",
            f"{prefix}-date": "",
            f"{prefix}-new_kind": "person",
        },
    )
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.state == Suggestion.State.ACCEPTED
    assert Statement.objects.filter(text__contains="lectured").count() == 1
    assert again.citation.statement == said
    assert again.citation.source == second
