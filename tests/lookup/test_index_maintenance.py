"""The lookup index follows the published layer: verify, correct, retract."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from events.models import ActorMerge, Alias
from factfile import workflow
from factfile.lookup.models import LookupEntry
from factfile.lookup.search import search
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db


def ids(text: str) -> list[tuple[str, int]]:
    return [(hit.kind, hit.record_id) for hit in search(text).hits]


def test_a_verified_statement_is_found_at_once(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Zanzibar talks collapsed.")

    assert ids("zanzibar") == [("statement", statement.pk)]


def test_a_draft_is_not_found(reporter):
    factories.StatementFactory(created_by=reporter, text="Quixotic draft words.")

    assert ids("quixotic") == []


def test_a_statement_in_review_is_not_found(reporter, fact_checker):
    statement = factories.StatementFactory(
        created_by=reporter,
        speaker=v.actor(reporter, fact_checker),
        text="Quixotic words in review.",
    )
    workflow.submit(statement, by=reporter)

    assert ids("quixotic") == []


def test_a_pending_edit_is_not_found_until_it_is_verified(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Original wording here.")
    v.edit(statement, by=reporter, text="Pending flamboyant wording.")
    workflow.submit(statement, by=reporter)

    assert ids("flamboyant") == []
    assert ids("original wording") == [("statement", statement.pk)]


def test_a_correction_replaces_the_old_words(reporter, fact_checker):
    statement = v.statement(reporter, fact_checker, text="Talks in Nairobbi failed.")
    v.edit(statement, by=reporter, text="Talks in Nairobi failed.")
    workflow.submit(statement, by=reporter)

    workflow.correct(statement, by=fact_checker, note="Place name misspelled.")

    assert ids('"talks in nairobi"') == [("statement", statement.pk)]
    assert ids("nairobbi") == []


def test_a_retracted_statement_is_still_found_marked_with_its_reason(
    reporter, fact_checker, editor_in_chief
):
    statement = v.statement(reporter, fact_checker, text="Marmalade summit agreed.")
    [live] = search("marmalade").hits
    assert live.retracted_at is None

    workflow.retract(statement, by=editor_in_chief, reason="Wrongly attributed.")

    [hit] = search("marmalade").hits
    assert (hit.kind, hit.record_id) == ("statement", statement.pk)
    assert hit.retracted_at is not None
    assert hit.retraction_reason == "Wrongly attributed."


def test_a_retracted_actor_no_longer_fixes_typos(
    reporter, fact_checker, editor_in_chief
):
    actor = v.actor(reporter, fact_checker, name="Wilhelmina Oyelaran")
    assert ids("Oyelaram") == [("actor", actor.pk)]

    workflow.retract(actor, by=editor_in_chief, reason="Not a real person.")

    assert ids("Oyelaram") == []
    # Typed as it is, the name still finds the actor, marked retracted.
    [hit] = search("Oyelaran").hits
    assert (hit.kind, hit.record_id, hit.retraction_reason) == (
        "actor",
        actor.pk,
        "Not a real person.",
    )


def test_a_new_alias_of_the_speaker_finds_the_statements(reporter, fact_checker):
    speaker = v.actor(reporter, fact_checker, name="Paul Kagame")
    statement = v.statement(
        reporter, fact_checker, speaker=speaker, text="Dialogue remains open."
    )
    assert ids("Kagamé dialogue") == [("statement", statement.pk)]
    # Without the alias, only a closest match, lacking the alias.
    before = search("Kigali-Leader dialogue")
    assert before.closest == ["Kigali-Leader", "dialogue"]
    assert [hit.missing for hit in before.hits] == [["Kigali-Leader"]]

    v.edit(speaker, by=reporter, description="President of Rwanda.")
    Alias.objects.create(actor=speaker, name="Kigali-Leader")
    workflow.submit(speaker, by=reporter)
    workflow.correct(speaker, by=fact_checker, note="Alias added.")

    assert ids("Kigali-Leader dialogue") == [("statement", statement.pk)]
    assert search("Kigali-Leader dialogue").closest == []


def test_reindex_rebuilds_the_same_index(reporter, fact_checker, editor_in_chief):
    kept = v.statement(reporter, fact_checker, text="Kept words stay findable.")
    gone = v.statement(reporter, fact_checker, text="Withdrawn words stay.")
    workflow.retract(gone, by=editor_in_chief, reason="Wrong speaker.")
    before = sorted(LookupEntry.objects.values_list("published_id", "body"))

    call_command("reindex_lookup", stdout=StringIO())

    after = sorted(LookupEntry.objects.values_list("published_id", "body"))
    assert after == before
    assert ids("kept findable") == [("statement", kept.pk)]
    assert ids("withdrawn stay") == [("statement", gone.pk)]


def test_a_merged_duplicate_leaves_the_lookup(reporter, fact_checker):
    survivor = v.actor(reporter, fact_checker, name="Ngozi Abernathy")
    duplicate = v.actor(reporter, fact_checker, name="Ngozi Abernathy (2)")
    assert {hit.record_id for hit in search("Abernathy").hits} == {
        survivor.pk,
        duplicate.pk,
    }
    merge = ActorMerge.objects.create(
        created_by=reporter,
        updated_by=reporter,
        duplicate=duplicate,
        survivor=survivor,
        reason="The same person, entered twice.",
    )
    workflow.submit(merge, by=reporter)
    workflow.verify(merge, by=fact_checker)

    # A pointer to the survivor, not a retraction a writer must be told of.
    assert ids("Abernathy") == [("actor", survivor.pk)]
    assert not LookupEntry.objects.filter(published__record_id=duplicate.pk).exists()
