"""Anchoring passages in the seed texts, with the differences a copy brings."""

from pathlib import Path

import pytest

from sources.anchoring import PassageNotFound, fold, locate

SEEDS = Path(__file__).resolve().parents[2] / "sources" / "seed_articles"
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed(prefix: str) -> str:
    folder = SEEDS if SEEDS.exists() else SHARED_SEEDS
    (path,) = folder.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_exact_passage_resolves_to_its_offsets():
    text = seed("000")
    passage = "This is disproportionate and shows that when we disagree with Rwanda"
    anchor = locate(text, passage)
    assert text[anchor.start : anchor.end] == passage
    assert anchor.prefix == text[anchor.start - 32 : anchor.start]
    assert anchor.suffix == text[anchor.end : anchor.end + 32]


def test_straight_quotes_match_curly_ones():
    text = seed("003")  # The source has “without preconditions”.
    anchor = locate(text, 'Congolese territory "without preconditions"')
    assert (
        text[anchor.start : anchor.end] == "Congolese territory “without preconditions”"
    )


def test_curly_apostrophe_matches_straight_one():
    text = seed("001")  # The source has Rwanda’s with a curly apostrophe.
    anchor = locate(text, "have established Rwanda's support for the M23")
    assert "Rwanda’s" in text[anchor.start : anchor.end]


def test_dashes_fold_together():
    text = seed("002")  # "China–Rwanda relations" with an en dash.
    anchor = locate(text, "See China-Rwanda relations")
    assert text[anchor.start : anchor.end] == "See China–Rwanda relations"


def test_runs_of_white_space_and_line_breaks_fold():
    text = seed("000")
    passage = 'effective   immediately,"\n the Rwandan foreign\tministry said'
    anchor = locate(text, passage)
    assert text[anchor.start : anchor.end] == (
        'effective immediately," the Rwandan foreign ministry said'
    )


def test_first_letter_case_is_forgiven():
    text = seed("000")
    anchor = locate(text, "Belgium will take similar measures")
    assert text[anchor.start : anchor.end] == "Belgium will take similar measures"
    anchor = locate(text, "In response, Belgium described")
    lowered = locate(text, "in response, Belgium described")
    assert (lowered.start, lowered.end) == (anchor.start, anchor.end)


def test_case_elsewhere_in_the_passage_is_not_forgiven():
    with pytest.raises(PassageNotFound):
        locate(seed("000"), "in response, belgium described")


def test_a_changed_word_is_not_forgiven():
    with pytest.raises(PassageNotFound, match="does not occur"):
        locate(seed("000"), "This is excessive and shows that when we disagree")


def test_empty_passage_is_refused():
    with pytest.raises(PassageNotFound, match="empty"):
        locate(seed("000"), "  \n ")


def test_context_chooses_between_repeated_passages():
    text = seed("000")
    assert text.count("the statement said") == 2
    second = text.rindex("the statement said")
    anchor = locate(
        text,
        "the statement said",
        prefix=text[second - 32 : second],
        suffix=text[second + 18 : second + 50],
    )
    assert anchor.start == second


def test_nearest_occurrence_wins_when_context_is_gone():
    text = "said. A said. B said. C"
    assert locate(text, "said", near=14).start == 16


def test_offsets_survive_an_edit_before_the_passage():
    text = seed("004")
    passage = "address the root causes of the conflict once and for all"
    before = locate(text, passage)
    edited = "Editor's note: updated.\n\n" + text
    after = locate(edited, passage, prefix=before.prefix, suffix=before.suffix)
    assert edited[after.start : after.end] == passage
    assert after.start == before.start + len("Editor's note: updated.\n\n")


def test_fold_maps_every_char_back_to_the_original():
    folded, offsets = fold("a\u2014b  “c”")
    assert folded == 'a-b "c"'
    assert [offsets[i] for i in range(len(folded))] == [0, 1, 2, 3, 5, 6, 7]
