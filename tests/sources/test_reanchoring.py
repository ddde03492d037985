"""Editing a source's text re-anchors every citation into it."""

import pytest

from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_citations_follow_their_passage_when_the_text_moves(reporter):
    source = SourceFactory(created_by=reporter)
    citation = CitationFactory(created_by=reporter, source=source)
    old_start = citation.start

    source.full_text = "UPDATE: a paragraph was added.\n\n" + source.full_text
    source.save()
    assert source.reanchor_citations() == 0

    citation.refresh_from_db()
    assert citation.start == old_start + len("UPDATE: a paragraph was added.\n\n")
    assert citation.quoted_text == "We remain committed to dialogue"
    assert not citation.is_broken


def test_a_citation_whose_passage_was_cut_is_broken_and_says_why(reporter):
    source = SourceFactory(created_by=reporter)
    citation = CitationFactory(created_by=reporter, source=source)

    source.full_text = "KIGALI -- The ministry said on Monday that talks would resume."
    source.save()
    assert source.reanchor_citations() == 1

    citation.refresh_from_db()
    assert citation.is_broken
    assert "does not occur in the source text" in citation.broken_reason
    assert (citation.start, citation.end) == (None, None)
    assert citation.quoted_text == citation.passage


def test_the_text_hash_follows_the_text(reporter):
    source = SourceFactory(created_by=reporter, full_text="One.")
    first = source.text_sha256
    source.full_text = "Two."
    source.save()
    assert source.text_sha256 != first
    assert len(first) == 64
    assert type(source).objects.with_text_hash("Two.").get() == source
