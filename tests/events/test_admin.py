"""The admin of actors, statements, events and citations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Actor, Citation, Statement
from factfile import workflow
from factfile.editorial import Status
from tests import factories
from tests.factfile.test_admin_workflow import change_url, client_for, form_data

pytestmark = pytest.mark.django_db


# Lists ---------------------------------------------------------------------


def changelist_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_rows(model_name: str, count: int, user) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        if model_name == "actor":
            actor = factories.ActorFactory(created_by=user)
            factories.AliasFactory(actor=actor)
        elif model_name == "statement":
            statement = factories.StatementFactory(created_by=user)
            statement.about.add(statement.speaker)
        elif model_name == "event":
            event = factories.EventFactory(created_by=user)
            factories.ParticipantFactory(event=event, actor__created_by=user)
        elif model_name == "citation":
            factories.CitationFactory(created_by=user)


@pytest.mark.parametrize("model_name", ["actor", "statement", "event", "citation"])
@pytest.mark.parametrize(
    "query", ["", "?status__exact=draft", "?worklist=mine", "?q=a"]
)
def test_changelist_queries_do_not_grow_with_rows(reporter, model_name, query):
    client = client_for(reporter)
    url = reverse(f"admin:events_{model_name}_changelist") + query
    make_rows(model_name, 1, reporter)
    client.get(url)  # Warm the content-type and permission caches.
    with_one = changelist_queries(client, url)

    make_rows(model_name, 11, reporter)
    with_twelve = changelist_queries(client, url)

    assert with_one == with_twelve


def test_statement_list_filters_by_speaker_date_and_broken_citation(reporter):
    client = client_for(reporter)
    quoted = factories.StatementFactory(created_by=reporter, text="Talks will resume.")
    other = factories.StatementFactory(created_by=reporter, text="No comment.")
    factories.CitationFactory(created_by=reporter, statement=other, passage="Not in it")
    url = reverse("admin:events_statement_changelist")

    by_speaker = client.get(f"{url}?speaker={quoted.speaker_id}")
    broken = client.get(f"{url}?broken=yes")
    by_year = client.get(f"{url}?said_on__year=2025")

    assert list(by_speaker.context["cl"].result_list) == [quoted]
    assert list(broken.context["cl"].result_list) == [other]
    assert set(by_year.context["cl"].result_list) == {quoted, other}
    assert b"Talks will resume." in by_speaker.content


def test_waiting_for_my_review_leaves_out_what_i_created_or_changed(
    reporter, other_reporter, fact_checker
):
    mine = factories.StatementFactory(created_by=fact_checker)
    changed_by_me = factories.StatementFactory(
        created_by=reporter, updated_by=fact_checker
    )
    theirs = factories.StatementFactory(created_by=other_reporter)
    for statement, author in (
        (mine, fact_checker),
        (changed_by_me, reporter),
        (theirs, other_reporter),
    ):
        workflow.submit(statement, by=author)
    statement_url = reverse("admin:events_statement_changelist")

    response = client_for(fact_checker).get(f"{statement_url}?worklist=review")

    assert list(response.context["cl"].result_list) == [theirs]


def test_my_drafts_lists_only_my_drafts(reporter, other_reporter):
    mine = factories.StatementFactory(created_by=reporter)
    factories.StatementFactory(created_by=other_reporter)
    submitted = factories.StatementFactory(created_by=reporter)
    workflow.submit(submitted, by=reporter)

    response = client_for(reporter).get(
        reverse("admin:events_statement_changelist") + "?worklist=mine"
    )

    assert list(response.context["cl"].result_list) == [mine]


def test_broken_citations_list(reporter):
    broken = factories.CitationFactory(created_by=reporter, passage="Never said")
    factories.CitationFactory(created_by=reporter)

    response = client_for(reporter).get(
        reverse("admin:events_citation_changelist") + "?is_broken__exact=1"
    )

    assert list(response.context["cl"].result_list) == [broken]


def test_admin_index_links_to_the_worklists(reporter):
    response = client_for(reporter).get(reverse("admin:index"))

    content = response.content.decode()
    assert "Waiting for my review" in content
    assert reverse("admin:events_statement_changelist") + "?worklist=review" in content
    assert (
        reverse("admin:events_citation_changelist") + "?is_broken__exact=1" in content
    )


# Search --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "aliases", "term"),
    [
        ("Democratic Republic of the Congo", ["DRC", "RDC"], "RDC"),
        ("Jean-Noël Barrot", [], "barrot"),
        ("Maxime Prévot", [], "Prevot"),
        ("Rwanda Defence Force", ["RDF"], "rdf"),
        ("Rwanda", ["Rwandan Republic", "République du Rwanda"], "republique du"),
    ],
)
def test_actor_search_finds_names_and_aliases_ignoring_accents(
    reporter, name, aliases, term
):
    actor = factories.ActorFactory(created_by=reporter, name=name)
    for alias in aliases:
        factories.AliasFactory(actor=actor, name=alias)
    factories.ActorFactory(created_by=reporter, name="Someone Else")

    response = client_for(reporter).get(
        reverse("admin:events_actor_changelist"), {"q": term}
    )

    assert list(response.context["cl"].result_list) == [actor]


def test_actor_autocomplete_finds_aliases(reporter):
    drc = factories.ActorFactory(
        created_by=reporter, name="Democratic Republic of the Congo"
    )
    factories.AliasFactory(actor=drc, name="RDC")

    response = client_for(reporter).get(
        reverse("admin:autocomplete"),
        {
            "term": "rdc",
            "app_label": "events",
            "model_name": "statement",
            "field_name": "speaker",
        },
    )

    assert [r["id"] for r in response.json()["results"]] == [str(drc.pk)]


def test_statement_search_finds_speaker_by_alias(reporter):
    drc = factories.ActorFactory(
        created_by=reporter, name="Democratic Republic of the Congo"
    )
    factories.AliasFactory(actor=drc, name="RDC")
    said = factories.StatementFactory(created_by=reporter, speaker=drc)
    factories.StatementFactory(created_by=reporter, text="Another matter entirely.")
    worded = factories.StatementFactory(
        created_by=reporter, text="The RDC delegation left."
    )

    response = client_for(reporter).get(
        reverse("admin:events_statement_changelist"), {"q": "RDC"}
    )

    assert set(response.context["cl"].result_list) == {said, worded}


# Change pages and inlines --------------------------------------------------


def test_actor_page_edits_aliases_and_roles(reporter):
    actor = factories.ActorFactory(created_by=reporter, name="Maxime Prévot")
    organisation = factories.ActorFactory(created_by=reporter, name="Belgium")
    client = client_for(reporter)
    data = form_data(client, actor)
    data |= {
        "aliases-TOTAL_FORMS": "1",
        "aliases-0-name": "Prevot",
        "roles-TOTAL_FORMS": "1",
        "roles-0-title": "Minister of Foreign Affairs",
        "roles-0-organisation": organisation.pk,
        "roles-0-starts_on": "2025-02-01",
        "roles-0-starts_on_precision": "month",
        "roles-0-ends_on_precision": "unknown",
    }

    response = client.post(change_url(actor), data)

    assert response.status_code == 302, response.context["errors"]
    actor.refresh_from_db()
    assert [a.name for a in actor.aliases.all()] == ["Prevot"]
    assert str(actor.roles.get()) == "Minister of Foreign Affairs, Belgium"
    assert actor.version == 2
    assert actor.updated_by == reporter


def test_event_page_has_participants_relations_and_citations(reporter):
    event = factories.EventFactory(created_by=reporter)

    response = client_for(reporter).get(change_url(event))

    prefixes = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert prefixes == {
        "participants",
        "relations",
        "citations",
        "statement_relations",
    }


def test_citation_inline_shows_whether_the_passage_resolves(reporter):
    statement = factories.StatementFactory(created_by=reporter)
    factories.CitationFactory(created_by=reporter, statement=statement)
    factories.CitationFactory(
        created_by=reporter, statement=statement, passage="Never said"
    )

    response = client_for(reporter).get(change_url(statement))

    content = response.content.decode()
    assert "passage found in the source" in content.lower()
    assert "does not occur in the source text" in content
    assert 'alt="True"' in content
    assert 'alt="False"' in content


def test_reporter_adds_a_statement_with_its_citation_in_one_form(reporter):
    speaker = factories.ActorFactory(created_by=reporter)
    source = factories.SourceFactory(created_by=reporter)
    client = client_for(reporter)
    data = {
        "text": "We remain committed to dialogue.",
        "kind": "quote",
        "speaker": speaker.pk,
        "said_on": "2025-03-17",
        "said_on_precision": "day",
        "channel": "press_statement",
        "language": "en",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": source.pk,
        "citations-0-passage": "we remain  committed to dialogue",
        "citations-0-stance": "supports",
    }

    response = client.post(reverse("admin:events_statement_add"), data)

    assert response.status_code == 302, response.context["errors"]
    statement = Statement.objects.get()
    citation = statement.citations.get()
    assert (statement.created_by, statement.updated_by) == (reporter, reporter)
    assert citation.created_by == reporter
    assert not citation.is_broken
    assert citation.quoted_text == "We remain committed to dialogue"
    assert statement.history.get().history_user == reporter


# Edit conflicts ------------------------------------------------------------


def test_second_save_of_a_statement_is_refused_and_nothing_of_it_is_saved(
    reporter, other_reporter
):
    statement = factories.StatementFactory(created_by=reporter)
    first, second = client_for(reporter), client_for(other_reporter)
    first_form = form_data(first, statement, text="First editor's words.")
    second_form = form_data(second, statement, text="Second editor's words.")

    assert first.post(change_url(statement), first_form).status_code == 302
    refused = second.post(change_url(statement), second_form)

    assert refused.status_code == 200
    content = refused.content.decode()
    assert f"was changed by {reporter} at" in content
    assert "after you opened it (version 1). Your changes were not saved" in content
    assert 'class="reload-link">Reload the current version</a>' in content
    statement.refresh_from_db()
    assert statement.text == "First editor's words."
    assert statement.version == 2
    assert statement.updated_by == reporter


def test_conflicting_citation_change_in_the_inline_is_refused(reporter, other_reporter):
    statement = factories.StatementFactory(created_by=reporter)
    citation = factories.CitationFactory(created_by=reporter, statement=statement)
    first, second = client_for(reporter), client_for(other_reporter)
    first_form = form_data(first, statement, **{"citations-0-stance": "disputes"})
    second_form = form_data(
        second, statement, **{"citations-0-passage": "the spokesperson said"}
    )

    assert first.post(change_url(statement), first_form).status_code == 302
    refused = second.post(change_url(statement), second_form)

    assert refused.status_code == 200
    assert "Your changes were not saved" in refused.content.decode()
    citation.refresh_from_db()
    assert citation.stance == Citation.Stance.DISPUTES
    assert citation.passage == "We remain committed to dialogue"
    assert citation.version == 2


def test_a_stale_inline_refuses_the_whole_save_of_the_parent(reporter, other_reporter):
    statement = factories.StatementFactory(created_by=reporter)
    citation = factories.CitationFactory(created_by=reporter, statement=statement)
    first, second = client_for(reporter), client_for(other_reporter)
    second_form = form_data(
        second, statement, text="Changed text.", **{"citations-0-stance": "disputes"}
    )
    citation.mark_changed_by(reporter)
    citation.passage = "the spokesperson said"
    citation.save()
    del first

    refused = second.post(change_url(statement), second_form)

    assert refused.status_code == 200
    statement.refresh_from_db()
    assert statement.text == "We remain committed to dialogue."
    assert statement.version == 1


def test_conflicting_alias_change_is_refused_with_the_actor(reporter, other_reporter):
    actor = factories.ActorFactory(created_by=reporter)
    first, second = client_for(reporter), client_for(other_reporter)
    aliases = {"aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0"}
    first_form = form_data(first, actor, **aliases, **{"aliases-0-name": "First"})
    second_form = form_data(second, actor, **aliases, **{"aliases-0-name": "Second"})

    assert first.post(change_url(actor), first_form).status_code == 302
    refused = second.post(change_url(actor), second_form)

    assert refused.status_code == 200
    assert [a.name for a in Actor.objects.get(pk=actor.pk).aliases.all()] == ["First"]


def test_a_save_that_loses_the_race_is_rolled_back_with_its_inlines(
    reporter, other_reporter, monkeypatch
):
    """A save landing between the form's check and the UPDATE is refused too."""
    from factfile.admin import EditorialForm

    statement = factories.StatementFactory(created_by=reporter)
    client = client_for(other_reporter)
    data = form_data(
        client,
        statement,
        text="Late words.",
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": factories.SourceFactory(created_by=reporter).pk,
            "citations-0-passage": "the spokesperson said",
            "citations-0-stance": "supports",
        },
    )
    original_clean = EditorialForm.clean

    def clean_then_someone_saves(form):  # type: ignore[no-untyped-def]
        cleaned = original_clean(form)
        if isinstance(form.instance, Statement):
            rival = Statement.objects.get(pk=statement.pk)
            rival.mark_changed_by(reporter)
            rival.text = "Rival words."
            rival.save()
        return cleaned

    monkeypatch.setattr(EditorialForm, "clean", clean_then_someone_saves)
    response = client.post(change_url(statement), data, follow=True)

    assert any(
        "Your changes were not saved" in str(m) for m in response.context["messages"]
    )
    statement.refresh_from_db()
    assert statement.text != "Late words."
    assert not Citation.objects.filter(statement=statement).exists()


def test_retracted_record_is_read_only(reporter, fact_checker, editor_in_chief):
    actor = factories.ActorFactory(created_by=reporter)
    workflow.submit(actor, by=reporter)
    workflow.verify(actor, by=fact_checker)
    workflow.retract(actor, by=editor_in_chief, reason="Duplicate.")

    response = client_for(editor_in_chief).get(change_url(actor))

    assert response.context["has_change_permission"] is False
    assert b"The record is kept and can no longer be changed" in response.content
    actor.refresh_from_db()
    assert actor.status == Status.RETRACTED
