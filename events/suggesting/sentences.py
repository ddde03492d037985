"""An article's sentences, and whether a verb in one reports a fact.

The text is cut into sentences at full stops, question and exclamation
marks, not after an abbreviation ("Mr.", "U.S.") or an initial, and a
table's cells are sentences of their own. A verb a sentence negates, puts
in the passive, or places after a modal or in the future, and a sentence
that sets a condition, report what did not (yet) happen.
"""

from __future__ import annotations

import re

from events.suggesting.quotes import paragraphs
from events.suggesting.spans import Taken

_SENTENCE_BREAK = re.compile(
    r"[.!?][\"”»’)\]]{0,5}(?:\[\d{1,4}\]){0,5}\s{1,20}(?=[\"“«(]?[A-ZÀ-Ý0-9])"
)
# The word before a sentence break, to tell an abbreviation ("Mr.") from the
# end of a sentence: read from this far back only.
_WORD_BEFORE = 50
_ABBREVIATIONS = {
    "u.s", "u.n", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt",
    "st", "a.i", "d.c", "m", "mme", "mgr", "no", "vs", "inc", "ltd", "co",
    "jr", "sr", "prof", "sen", "rep", "gov", "brig", "e.g", "i.e", "etc",
}  # fmt: skip


def sentences(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text``, table cells split apart."""
    found = []
    skipped = Taken(len(text), skip)
    for para_start, para_end in paragraphs(text):
        if skipped.overlaps(para_start, para_start + 1):
            continue
        line = text[para_start:para_end]
        if line.lstrip().startswith("+") and set(line.strip()) <= set("+-=|: "):
            continue
        cells = [(para_start, para_end)]
        if line.lstrip().startswith("|"):
            cells = [
                (para_start + m.start(), para_start + m.end())
                for m in re.finditer(r"[^|]+", line)
            ]
        for cell_start, cell_end in cells:
            start = cell_start
            for match in _SENTENCE_BREAK.finditer(text, cell_start, cell_end):
                word = re.search(
                    r"([\w.]+)[.!?]$",
                    text[max(start, match.start() - _WORD_BEFORE) : match.start() + 1],
                )
                if word and word[1].rstrip(".").lower() in _ABBREVIATIONS:
                    continue
                if word and re.fullmatch(r"[A-Z]", word[1].rstrip(".")):
                    continue  # an initial
                found.append(_trim(text, start, match.start() + 1))
                start = match.end()
            found.append(_trim(text, start, cell_end))
    return [(a, b) for a, b in found if b - a > 10]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t-•|":
        start += 1
    while end > start and text[end - 1] in " \t|":
        end -= 1
    return start, end


# What comes right before a verb; bounded, so that only the few characters
# before each verb are read (_BEFORE_VERB of them), not its whole sentence.
_NEGATED_NL = re.compile(r"\b(?:niet|geen|nooit|nog niet)\b", re.I)
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|n['’]t|\bn['’]|\bne|\bpas|\bjamais|\byet to|\bfailed to)"
    r"\s{1,10}(?:\w{1,40}\s{1,10})?$",
    re.I,
)
# A modal or future right before the verb: "will remain suspended", "could
# have captured", « pourrait suspendre », "zal … sluiten".
_MODAL = re.compile(
    r"(?:\bwill|\bwould|\bcould|\bmight|\bmay|\bshould|\bshall|\bmust|\bcan|"
    r"['’]ll|['’]d|\bgoing to|\bplans? to|\bplanned to|\bintends? to|"
    r"\bthreaten(?:s|ed)? to|\bexpected to|\bset to|\blikely to|\bwants? to|"
    r"\bready to|\bhopes? to|\bva|\bvont|\bpourrait|\bpourraient|\bdevrait|"
    r"\bdevraient|\bsera|\bseront|\bserait|\bseraient|\baurait|\bauraient|"
    r"\bzal|\bzullen|\bzou|\bzouden|\bkan|\bkunnen|\bwil|\bwilde|\bmoet|"
    r"\bmoest|\bdreigt|\bdreigde|\bwillen|\bmoeten)"
    r"\s{1,10}(?:\w{1,40}\s{1,10}){0,3}$",
    re.I,
)
# A sentence that sets a condition: "If the rebels took Uvira, …".
_HYPOTHETICAL = re.compile(
    r"^[\"“«„]?\s*(?:if|unless|should|were|had|once|until|si|à moins|als|indien|"
    r"mocht|zodra)\b",
    re.I,
)
_FUTURE_ANYWHERE = re.compile(
    r"\b(?:will|would|could|might|va|vont|pourrait|pourraient|sera|seront|"
    r"serait|seraient|aurait|auraient|zal|zullen|zou|zouden)\b",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|be|being|is|are|été|être|sera|seront)\s{1,10}"
    r"(?:\w{1,40}ly\s{1,10}|also\s{1,10}|not\s{1,10})?$",
    re.I,
)
_BEFORE_VERB = 100


def hypothetical(sentence: str) -> bool:
    """Whether ``sentence`` says what would happen if something did."""
    return bool(_HYPOTHETICAL.match(sentence) and _FUTURE_ANYWHERE.search(sentence))


def did_not_happen(sentence: str, verb_at: int, language: str) -> bool:
    """Whether the verb at ``verb_at`` of ``sentence`` is negated, passive, or
    after a modal or the future: something that did not (yet) happen."""
    before = max(verb_at - _BEFORE_VERB, 0)
    if language == "nl" and _NEGATED_NL.search(sentence):
        return True  # "… opende de grens niet": Dutch says it anywhere
    return bool(
        _NEGATED.search(sentence, before, verb_at)
        or _PASSIVE.search(sentence, before, verb_at)
        or _MODAL.search(sentence, before, verb_at)
    )
