"""Find the direct quotes of an article, in every style newsrooms use.

“…” and "…" (English), « … » with or without inner spaces (French), „…“ and
„…" (Dutch, German), ‘…’ and '…' (British and Dutch papers: a single mark
opens a quote only at the start of a word and closes it only at the end of
one, so "don't", "zo'n" and "Kagame's" stay words); a quote nested inside
another is part of it. A quote stays within its paragraph, except that an
opening mark left open at the end of a paragraph whose next paragraph opens
with a mark again is the newsroom way of running a quote on: the quote runs
to the end of its paragraph and the next one continues it. Very short quoted
words ("disproportionate") and titles ("the report “Voices From The
Lake”") are not proposed as statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.suggesting.spans import Taken

MIN_WORDS = 4
# Opening mark -> the marks that may close it.
_CLOSERS = {
    "\u201c": ("\u201d", '"'),
    "\u201e": ("\u201c", "\u201d", '"'),
    "\u00ab": ("\u00bb",),
    '"': ('"', "\u201d"),
}
_OPENER = re.compile(
    "[" + "".join(_CLOSERS) + "]"
    # A single mark opens a quote at the start of a word, not "'s" or "'t".
    r"|(?<![\w'\u2018\u2019])['\u2018](?=[^\W_])(?!(?:s|t|n|em)\b)"
)
_CLOSER = {
    opener: re.compile("[" + "".join(closers) + "]")
    for opener, closers in _CLOSERS.items()
}
# A single mark closes at the end of a word or of a sentence's punctuation.
_SINGLE_CLOSER = re.compile(r"(?<=[^\s'\u2018\u2019])['\u2019](?![^\W_])")
_CLOSER["'"] = _CLOSER["\u2018"] = _SINGLE_CLOSER
# Quoted titles: every word capitalised, after a word that introduces one.
_TITLE_BEFORE = re.compile(
    r"\b(?:book|film|movie|report|song|album|play|series|programme|program|"
    r"operation|campaign|article|documentary|novel|titled|entitled|called|named|"
    r"dubbed|livre|rapport|chanson|opération|intitulée?|baptisée?|boek|rapport|"
    r"lied|operatie|getiteld|genaamd)\s*[,:]?\s*$",
    re.I,
)
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-zà-ÿ][\w'’\-]{3,}")
_GUILLEMET = re.compile("[\u00ab\u00bb]")
_SPACE = " \u00a0\u202f\u2009\t"
# A word: no word of an article is longer than this, and a bound keeps
# counting them linear however the quote is written.
_WORD = re.compile(r"[^\W_]{1,100}(?:['’\-][^\W_]{1,100}){0,20}")


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` bound the words inside the marks."""

    start: int
    end: int
    text: str
    open_at: int  # offset of the opening mark
    close_at: int  # offset just after the closing mark
    paragraph: tuple[int, int]
    # No closing mark before the paragraph's end: the next paragraph goes on.
    open_ended: bool = False
    # False for a statement reported without quotation marks.
    marks: bool = True

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


# Quotes, events and their sentences all read the paragraphs of one text.
@lru_cache(maxsize=1)
def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text``."""
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            spans.append((position, position + len(body)))
        position += len(line)
    return spans


def find_quotes(
    text: str, *, skip: list[tuple[int, int]] | None = None, min_words: int = MIN_WORDS
) -> list[Quote]:
    """Every top-level quote of ``text`` outside the ``skip`` spans, in order."""
    skipped = Taken(len(text), skip or [])
    quotes: list[Quote] = []
    spans = paragraphs(text)
    for number, (para_start, para_end) in enumerate(spans):
        if skipped.overlaps(para_start, para_start + 1):
            continue
        following = spans[number + 1][0] if number + 1 < len(spans) else None
        runs_on = following is not None and bool(_OPENER.match(text, following))
        quotes.extend(
            quote
            for quote in _quotes_in(text, para_start, para_end, runs_on=runs_on)
            if quote.words >= min_words
            and not _is_title(text, quote)
            and not (min_words >= MIN_WORDS and _is_phrase(text, quote))
        )
    return quotes


# Words that make a clause of a quoted phrase: a verb said, not a name given.
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|be|been|will|would|can|could|must|should|may|might|has|"
    r"have|had|do|does|did|not|no|est|sont|était|sera|va|peut|doit|ont|avait|"
    r"seront|serait|seraient|étaient|soit|sommes|êtes|vont|peuvent|doivent|pourra|"
    r"pourrait|devra|devrait|avons|avez|ai|worden|werd|werden|zullen|kunnen|moeten|"
    # French "a" before its participle ("a dit", "a reçu"); not "a crisis".
    r"a\s+[\w\-]*(?:é|u|it|ait|ert|ort)|"
    # « ne … pas » is a clause through its "ne": "un pas" is a step.
    r"ne|is|zijn|was|waren|wordt|heeft|hebben|zal|kan|moet|niet|geen|"
    r"we|i|you|they|he|she|it|nous|je|vous|ils|elles|il|elle|on|wij|ik|jullie|"
    r"zij|hij)\b|\w+(?:ed|ait|aient)\b",
    re.I,
)
_PHRASE_WORDS = 8


def _is_phrase(text: str, quote: Quote) -> bool:
    """A few quoted words inside the reporter's sentence: "called for a “day of
    dead cities”", « le qualifiant d'“exemple de dialogue” ». Not a statement:
    no clause of its own, lower-case, run into the sentence on both sides."""
    if quote.open_ended or quote.words >= _PHRASE_WORDS or not quote.text[:1].islower():
        return False
    before = text[max(quote.paragraph[0], quote.open_at - 3) : quote.open_at]
    if not re.search(r"[^\W\d_]['’]?\s*$", before):
        return False  # after a colon or a comma, the words may be a statement
    lead = text[max(quote.paragraph[0], quote.open_at - 160) : quote.open_at]
    if re.search(r"\bas\s*$", lead, re.I) or _REPORTED_SPEECH.search(
        lead.rsplit(".", 1)[-1]
    ):
        # "said that Belgium has “a duty to history”", "described it as “…”".
        return False
    return _CLAUSE.search(quote.text) is None


# "said … that", « a déclaré … que », "zei … dat", "said the team would":
# what follows is the speaker's, even a few quoted words of it.
_REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|told|stated|added|wrote|declared|insisted|argued|warned|"
    r"a (?:dit|déclaré|affirmé|indiqué|ajouté|estimé|souligné)|dit|déclare|affirme|"
    r"zei|zegt|verklaarde|schreef|liet)\b[^.!?\"“”«»„]{0,100}"
    # "said the team would carry “…”": reported speech without "that" too.
    r"(?:\b(?:that|que|qu['’]|dat)\b|\s(?:would|will|could|had|has|was|were|is|"
    r"allait|serait|était|avait|zou|zouden|zal|was|had)\s[^.!?\"“”«»„]{0,60})",
    re.I,
)


def _is_title(text: str, quote: Quote) -> bool:
    """A quoted title: every word capitalised, after "the report", « le livre »;
    any words after "titled", « intitulé »; or a report's title in apposition
    ("A report published in April, "Roads That Feed North Kivu", listed …")."""
    window = max(0, quote.open_at - 40)
    if _TITLED.search(text, window, quote.open_at):
        return _CLAUSE.search(quote.text) is None
    if _TITLE_BEFORE.search(text, window, quote.open_at):
        return _LOWER_WORD.search(quote.text) is None
    return _in_apposition_to_a_work(text, quote)


# « un rapport intitulé « … » », "a study entitled "…"": a title in any case.
_TITLED = re.compile(
    r"\b(?:titled|entitled|intitulée?s?|getiteld|sous le titre|under the title|"
    r"met als titel)\s*[,:]?\s*$",
    re.I,
)
# A work a title in apposition names: "A report published last year by the
# planning office, "…",", « Le rapport annuel de Myria, « … », ».
_WORK_BEFORE = re.compile(
    r"\b(?:report|study|survey|book|film|documentary|album|song|novel|play|"
    r"rapport|étude|enquête|livre|documentaire|chanson|roman|pièce|"
    r"verslag|studie|boek|lied|documentaire)\b[^.!?:;\"“”«»„]{0,80},\s*$",
    re.I,
)


def _in_apposition_to_a_work(text: str, quote: Quote) -> bool:
    """A few quoted words between commas right after a report or a book: its title.

    Not a clause (no verb, no pronoun) and no sentence of its own: the
    words a report says are introduced by a verb, not set between commas.
    """
    if quote.open_ended or quote.words > 12:
        return False
    if _CLAUSE.search(quote.text) and _LOWER_WORD.search(quote.text):
        return False  # a clause, unless every word is capitalised as in a title
    if re.search(r"[.!?]\s*$", quote.text):
        return False
    floor = max(quote.paragraph[0], quote.open_at - 120)
    before = text[floor : quote.open_at]
    if _REPORTED_SPEECH.search(before) or not _WORK_BEFORE.search(before):
        return False
    return bool(re.match(r"\s*[,)]", text[quote.close_at : quote.close_at + 4]))


def _quotes_in(text: str, start: int, end: int, *, runs_on: bool) -> list[Quote]:
    found: list[Quote] = []
    closes = _Closes(text, start, end)
    index = start
    while match := _OPENER.search(text, index, end):
        index = match.start()
        close = None if _is_inch_mark(text, index) else closes.after(index)
        if close is None and runs_on and text[index] not in "'\u2018":
            # The quote runs on into the next paragraph: it ends here.
            inner_start, inner_end = index + 1, end
            while inner_start < inner_end and text[inner_start] in _SPACE:
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1] in _SPACE:
                inner_end -= 1
            found.append(
                Quote(
                    start=inner_start,
                    end=inner_end,
                    text=text[inner_start:inner_end],
                    open_at=index,
                    close_at=end,
                    paragraph=(start, end),
                    open_ended=True,
                )
            )
            break
        if close is None:
            index += 1
            continue
        inner_start, inner_end = index + 1, close
        while inner_start < inner_end and text[inner_start] in _SPACE:
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1] in _SPACE:
            inner_end -= 1
        # The comma before "…," he said belongs to the sentence.
        if inner_end > inner_start and text[inner_end - 1] == ",":
            inner_end -= 1
        found.append(
            Quote(
                start=inner_start,
                end=inner_end,
                text=text[inner_start:inner_end],
                open_at=index,
                close_at=close + 1,
                paragraph=(start, end),
            )
        )
        index = close + 1
    return found


def _is_inch_mark(text: str, index: int) -> bool:
    return text[index] == '"' and index > 0 and text[index - 1].isdigit()


class _Closes:
    """Where each opening mark of a paragraph closes, each character read once.

    A mark closes at the first of its closers after it; « at its matching
    », nested « » pairs inside. A mark with no closer after it tells that
    no later mark of its kind has one either, so that search is not redone
    for each of a thousand unclosed marks.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.end = text, end
        self.start = start
        self.unclosed: set[str] = set()
        self.pairs: dict[int, int] | None = None

    def after(self, open_at: int) -> int | None:
        opener = self.text[open_at]
        if opener == "'":
            opener = "\u2018"
        if opener == "\u00ab":
            return self._guillemets().get(open_at)
        if opener in self.unclosed:
            return None
        match = _CLOSER[opener].search(self.text, open_at + 1, self.end)
        if match is None:
            self.unclosed.add(opener)
            return None
        return match.start()

    def _guillemets(self) -> dict[int, int]:
        if self.pairs is None:
            self.pairs, opened = {}, []
            for mark in _GUILLEMET.finditer(self.text, self.start, self.end):
                if mark[0] == "\u00ab":
                    opened.append(mark.start())
                elif opened:
                    self.pairs[opened.pop()] = mark.start()
        return self.pairs
