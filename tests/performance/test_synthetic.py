"""The synthetic fact file: the same for a seed, published as verifying would."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from benchmarks.synthetic.loading import load
from events.models import Actor, Citation, Event, Statement
from factfile import representation, republishing
from factfile.editorial import PublicNote, Status
from factfile.lookup import indexing
from factfile.lookup.models import LookupEntry, LookupName
from factfile.published.models import ChangeEntry, PublicationCounter, PublishedRecord
from sources.anchoring import locate
from sources.models import Source

pytestmark = pytest.mark.django_db

STATEMENTS = 120


def fingerprint() -> str:
    """A digest of every public row and of the editorial statements and sources."""
    digest = hashlib.sha256()
    for row in PublishedRecord.objects.order_by("resource", "record_id"):
        digest.update(
            json.dumps(
                [
                    row.resource,
                    row.record_id,
                    row.version,
                    row.seq,
                    row.data,
                    row.retracted_at.isoformat() if row.retracted_at else None,
                    sorted(row.links.values_list("relation", "value")),
                ],
                sort_keys=True,
            ).encode()
        )
    for entry in ChangeEntry.objects.order_by("seq").values_list(
        "seq", "action", "resource", "record_id", "version", "note"
    ):
        digest.update(repr(entry).encode())
    for values in Statement.objects.order_by("pk").values_list(
        "pk", "status", "version", "verified_version", "text", "said_on", "speaker_id"
    ):
        digest.update(repr(values).encode())
    for values in Source.objects.order_by("pk").values_list("pk", "text_sha256"):
        digest.update(repr(values).encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_fact_file():
    load(statements=STATEMENTS, seed=7)
    first = fingerprint()
    load(statements=STATEMENTS, seed=7, replace=True)
    assert fingerprint() == first
    load(statements=STATEMENTS, seed=8, replace=True)
    assert fingerprint() != first


def test_sizes_follow_the_number_of_statements():
    load(statements=2_000, seed=3)
    assert Statement.objects.count() == 2_000
    assert Event.objects.count() == 400
    assert 150 <= Source.objects.count() <= 250
    assert Actor.objects.count() == 12
    per_statement = Citation.objects.filter(statement__isnull=False).values("statement")
    counts = {row["n"] for row in per_statement.annotate(n=Count("id"))}
    assert counts <= {1, 2, 3}
    assert 1 in counts
    assert len(counts) > 1


def test_a_mix_of_statuses_with_pending_edits_corrections_and_retractions():
    load(statements=2_000, seed=3)
    statements = Statement.objects
    assert statements.filter(status=Status.VERIFIED).count() > 1_600
    assert statements.with_pending_edit().exists()
    assert statements.filter(status=Status.RETRACTED).exists()
    assert statements.filter(verified_version__isnull=True).exists()
    assert PublicNote.objects.filter(kind=PublicNote.Kind.CORRECTION).exists()
    retracted = PublishedRecord.objects.filter(retracted_at__isnull=False)
    assert retracted.count() == statements.filter(status=Status.RETRACTED).count()
    unpublished = statements.filter(verified_version__isnull=True).values("pk")
    assert not PublishedRecord.objects.filter(
        resource="statement", record_id__in=unpublished
    ).exists()


def test_actors_have_two_to_four_aliases_some_with_accents():
    load(statements=STATEMENTS, seed=5)
    for actor in Actor.objects.prefetch_related("aliases"):
        assert 2 <= len(actor.aliases.all()) <= 4
    names = [actor.name for actor in Actor.objects.all()]
    assert any(not name.isascii() for name in names)


def test_every_citation_resolves_where_it_says():
    load(statements=STATEMENTS, seed=5)
    for citation in Citation.objects.select_related("source"):
        anchor = locate(citation.source.full_text, citation.passage)
        assert (anchor.start, anchor.end) == (citation.start, citation.end)
        assert citation.prefix == anchor.prefix
        assert citation.suffix == anchor.suffix
        assert not citation.is_broken


def test_the_published_layer_is_what_republish_builds():
    load(statements=STATEMENTS, seed=11)
    for row in PublishedRecord.objects.prefetch_related("links"):
        record = representation.model_for(row.resource)._base_manager.get(
            pk=row.record_id
        )
        built = representation.build(record)
        assert row.data == built.data, (row.resource, row.record_id)
        assert row.version == built.version
        for name, value in built.columns.items():
            assert getattr(row, name) == value, (row.resource, row.record_id, name)
        links = sorted((link.relation, link.value) for link in row.links.all())
        assert links == built.links, (row.resource, row.record_id)
    report = republishing.republish()
    assert report.changed == 0


def lookup_index() -> tuple[list[tuple], list[tuple]]:
    entries = LookupEntry.objects.order_by("published_id").values_list(
        "published_id", "kind", "body", "names", "context", "sort_date"
    )
    names = LookupName.objects.order_by("entry_id", "word").values_list(
        "entry_id", "word"
    )
    return list(entries), list(names)


def test_the_lookup_index_is_what_reindexing_builds():
    load(statements=STATEMENTS, seed=11)
    loaded = lookup_index()
    assert loaded[0]
    indexing.rebuild()
    assert lookup_index() == loaded


def test_a_fact_file_with_records_is_not_replaced_without_asking():
    load(statements=20, seed=1)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_synthetic", statements=20)


def test_chunks_give_the_same_fact_file_in_any_number_of_processes():
    # Two chunks of 1,000 statements: written by one process, then by two.
    load(statements=2_000, seed=4, workers=1, chunk_statements=1_000)
    serial = fingerprint()
    load(statements=2_000, seed=4, workers=2, chunk_statements=1_000, replace=True)
    assert fingerprint() == serial


def test_the_change_feed_ends_at_each_published_rows_sequence_number():
    load(statements=2_000, seed=6, chunk_statements=1_000)
    last = {}
    times = []
    for seq, at, resource, record_id in ChangeEntry.objects.order_by("seq").values_list(
        "seq", "at", "resource", "record_id"
    ):
        last[resource, record_id] = seq
        times.append(at)
    published = {
        (resource, record_id): seq
        for resource, record_id, seq in PublishedRecord.objects.values_list(
            "resource", "record_id", "seq"
        )
    }
    assert published == last
    assert PublicationCounter.objects.get().last_seq == max(last.values())
    # Changes are numbered in the order they happened, across chunks too.
    assert times == sorted(times)
