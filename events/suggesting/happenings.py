"""Find the sentences of an article that report something that happened.

A sentence is proposed as an event when it reports, in the past, one of the
actions newsrooms record: relations severed, sanctions announced, a
resolution adopted, a town captured, an ambassador summoned, cooperation
suspended, troops withdrawn or deployed, a meeting held, a call for
something; in French « a rompu », « a suspendu », « a adopté », « s'est
emparé de », « a convoqué »... A verb inside a direct quote, negated, in the
passive or in the future is not an event: it is what someone said, or what
did not (yet) happen. The proposal carries an editor-style title, the kind,
the date of the sentence's own clause, a known place and who did it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from events.suggesting.actions import (
    ACTIONS,
    AGREEMENT,
    AUX_EN,
    DEPLOYMENT,
    DIPLOMATIC,
    MILITARY,
    OTHER,
    RESOLUTION,
    Action,
)
from events.suggesting.dating import DateMention
from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.places import find_place
from events.suggesting.quotes import Quote, paragraphs
from events.suggesting.spans import Taken

# Where any action's verb starts: one pass over a sentence tells which of
# the actions can match in it, instead of fifty passes, one per action.
_ANY_VERB = re.compile(
    r"\b(?=" + "|".join(action.verb.pattern for action in ACTIONS) + ")", re.I
)

# Headline verbs for the words that differ from the action's default.
_PLURAL_AUX = {"have", "ont", "avaient", "auraient", "se sont", "s'étaient"}

# Participles that report an event in a clause of their own: "A similar
# deal, signed on 3 March 2023, collapsed"; "Deployed in December 2023, the
# SADC mission ...".
_PARTICIPLE_AFTER = re.compile(
    r"(?P<subject>[^,]{3,80}),\s+(?P<verb>signed|deployed|adopted|captured)\s+"
    r"(?:on|in|at)\b"
)
_PARTICIPLE_LEAD = re.compile(
    r"(?P<verb>Deployed|Signed|Adopted|Captured|Founded|Created)\s+(?:on|in)\b"
    r"[^,]{2,60},\s+(?P<subject>(?:the\s+)?(?:[A-ZÀ-Ý][\w\-]*\s+){0,4}[a-z]+)\b"
)
_ANNOUNCED_THAT = re.compile(
    rf"\b{AUX_EN}announced that (?:it|they|the \w+) (?:was|were|had|is|are)\s+"
    r"(?P<verb>suspending|withdrawing|ending|cutting|severing|recalling|"
    r"closing|deploying)\b"
)
_GERUND_PAST = {
    "suspending": "suspended", "withdrawing": "withdrew", "ending": "ended",
    "cutting": "cut", "severing": "severed", "recalling": "recalled",
    "closing": "closed", "deploying": "deployed",
}  # fmt: skip
_GERUND_KIND = {"withdrawing": DEPLOYMENT, "deploying": DEPLOYMENT}
_BOMBS = re.compile(
    r"(?P<subject>\b(?:at least\s+)?(?:\w+\s+)?(?:bombs?|shells?|missiles?|rockets?|"
    r"drones?))\s+(?P<verb>landed|hit|struck|fell)\b",
    re.I,
)

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
# Words that open a clause whose subject comes after them.
_SUBORDINATE = re.compile(
    r"^.*\b(?:that|after|as|when|while|because|since|où|que|qu['’]|lorsque|"
    r"après que|alors que|tandis que|dat|nadat|toen|omdat|terwijl|waarna)\s+",
    re.I,
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:on|in|at|for|after|before|since|with|during|according|as|following|"
    r"under|by|from|amid|despite|although|while|meanwhile|however|likewise|"
    r"previously|last|earlier|later|this|in turn|for its part|for his part|"
    r"for her part|selon|après|avant|depuis|pendant|lors|dans|en|"
    r"along with|together with|in turn|then|"
    r"cependant|toutefois|par ailleurs|de son côté|pour sa part)\b",
    re.I,
)
_DATE_ONLY = re.compile(
    r"^(?:previously|earlier|later|then|on|in|at|le|la|en|dès|since|"
    r"\s|,|\(|\))*$",
    re.I,
)
_SUBJECT_ADVERBS = re.compile(
    r"\s+(?:also|since|now|already|reportedly|jointly|formally|officially|"
    r"finally|even|first|strongly|immediately|then|later|subsequently|"
    r"separately|again|has|have|had|a|ont|avait|avaient)$"
)
_PAST = (
    r"(?:\w+ed|held|met|took|said|made|sent|cut|gave|told|won|lost|went|came|"
    r"left|fled|broke|spoke|(?:a|ont|avait|avaient)\s+\w+[éiu]e?s?)\b"
)
# Where a headline's object ends: a clause break, or "and" before a second
# verb ("... with Belgium and ordered ..."), not "the DRC and Rwanda".
_OBJECT_END = re.compile(
    r",|;|:|\.(?=\s|$)|\s(?:while|after|as|amid|over|due to|because|"
    rf"accusing|saying|which|who|alors|après|tandis)\s|\s(?:and|et)\s+(?={_PAST})"
    r"|[\"“«]"
)
_MAX_TITLE_WORDS = 12
_INTRODUCED_ACRONYM = re.compile(
    r"(?:[A-ZÀ-Ý][\w’'\-]*\s+"
    r"(?:(?:of|for|the|and(?!\s+the\b)|de|du|des|la|d['’])\s+)*)*"
    r"[A-ZÀ-Ý][\w’'\-]*\s+\((?P<acronym>[A-Z][A-Za-z0-9]{1,9})\)"
)
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


@dataclass(frozen=True)
class EventProposal:
    """A sentence that reports an event, and the draft event it suggests."""

    start: int
    end: int
    verb_start: int
    verb_end: int
    kind: str
    title: str
    subject: tuple[int, int] | None
    object_end: int
    date: DateMention | None
    place: str = ""
    place_country: str = ""

    @property
    def sentence(self) -> tuple[int, int]:
        return (self.start, self.end)


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


def find_events(
    text: str,
    *,
    skip: list[tuple[int, int]],
    quotes: list[Quote],
    dates: list[DateMention],
    limit: int | None = None,
) -> list[EventProposal]:
    """The sentences of ``text`` that report an event, one proposal each.

    With a ``limit``, the text is read until that many are found.
    """
    quoted = _Quoted(sorted((q.open_at, q.close_at) for q in quotes))
    date_starts = [mention.start for mention in dates]
    proposals = []
    for start, end in sentences(text, skip):
        if end - start > MAX_SENTENCE_CHARS:
            continue  # not a sentence an article writes
        # Only the quotes and dates near the sentence: a long text stays
        # linear. Quotes stay within a paragraph, so none starts far before.
        near = quoted.after(start - 5000)
        if near.holds(start, end):
            continue
        local = dates[
            bisect.bisect_left(date_starts, start) : bisect.bisect_left(
                date_starts, end
            )
        ]
        proposal = _event_in(text, start, end, near, local)
        if proposal is not None:
            proposals.append(proposal)
            if len(proposals) == limit:
                break
    return proposals


class _Quoted:
    """The quotes of a text that open after ``floor``: is a position in one?

    Quotes do not overlap, so the last one opening before a position is the
    only one that can hold it.
    """

    def __init__(
        self,
        spans: list[tuple[int, int]],
        floor: int = 0,
        opens: list[int] | None = None,
    ) -> None:
        self.spans = spans
        self.opens = [a for a, _ in spans] if opens is None else opens
        self.floor = floor

    def _last_before(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.opens, position) - 1
        if index < 0 or self.spans[index][0] < self.floor:
            return None
        return self.spans[index]

    def holds(self, start: int, end: int) -> bool:
        """Whether one quote holds all of ``[start, end)``."""
        span = self._last_before(start)
        return span is not None and end <= span[1]

    def __contains__(self, position: int) -> bool:
        span = self._last_before(position)
        return span is not None and position < span[1]

    def after(self, floor: int) -> _Quoted:
        """Only the quotes opening at or after ``floor``."""
        return _Quoted(self.spans, max(self.floor, floor), self.opens)


def _inside(position: int, quoted: _Quoted) -> bool:
    return position in quoted


def _event_in(
    text: str,
    start: int,
    end: int,
    quoted: _Quoted,
    dates: list[DateMention],
) -> EventProposal | None:
    sentence = text[start:end]
    if _HYPOTHETICAL.match(sentence) and _FUTURE_ANYWHERE.search(sentence):
        return None  # what would happen if: no event
    for special in (_participle_lead, _participle_after, _announced_that, _bombs):
        if found := special(text, start, end, dates, quoted):
            return found
    best: tuple[int, Action, re.Match[str]] | None = None
    verbs = [match.start() for match in _ANY_VERB.finditer(text, start, end)]
    for action in ACTIONS:
        if not any(action.verb.match(text, verb, end) for verb in verbs):
            continue  # its verb is not in the sentence
        for match in action.pattern.finditer(sentence):
            verb_at = start + match.start()
            if _inside(verb_at, quoted) or _inside(start + match.start("verb"), quoted):
                continue
            before = max(match.start() - _BEFORE_VERB, 0)
            if action.language == "nl" and _NEGATED_NL.search(sentence):
                continue  # "… opende de grens niet": Dutch says it anywhere
            if (
                _NEGATED.search(sentence, before, match.start())
                or _PASSIVE.search(sentence, before, match.start())
                or _MODAL.search(sentence, before, match.start())
            ):
                continue
            if best is None or match.start() < best[2].start():
                best = (match.start(), action, match)
            break
    if best is None:
        return None
    _, action, match = best
    verb_start, verb_end = start + match.start(), start + match.end()
    verb = match["verb"]
    aux = (match.groupdict().get("aux") or "").lower().replace("’", "'")
    middle = match.groupdict().get("middle")
    subject = _subject(text, start, verb_start, dates)
    subject_text = _clean_subject(text, subject, dates) if subject else ""
    plural = aux in _PLURAL_AUX or bool(
        re.search(
            r"\s(?:and|et)\s|^(?:both|two|three|several|many)\b", subject_text, re.I
        )
        or re.search(r"\b[a-z]+[^s]s$", subject_text)
    )
    past = _past(verb, aux, plural)
    object_end = _object_end(text, verb_end, end)
    obj = _without_dates(text, verb_end, object_end, dates)
    if middle is not None:
        # "CNL heeft … aangevochten": the Dutch perfect keeps its order.
        inner = start + match.start("middle")
        between = _without_dates(text, inner, inner + len(middle), dates)
        past = " ".join(part for part in (aux, between, verb) if part)
    title = _title(subject_text, past, obj)
    return EventProposal(
        start=start,
        end=end,
        verb_start=verb_start,
        verb_end=verb_end,
        kind=action.kind,
        title=title,
        subject=subject,
        object_end=object_end,
        date=_date_of(text, start, end, subject, verb_start, object_end, dates, quoted),
        **_place(text, verb_end, object_end),
    )


# A headline in the past tense says what happened: "Rwanda severed …",
# « La Belgique a suspendu … ». English participles after "has" become the
# simple past; a French pluperfect becomes the passé composé.
_PAST_OF_PARTICIPLE = {
    "taken control of": "took control of", "taken over": "took over",
    "broken off": "broke off", "withdrawn": "withdrew", "overrun": "overran",
    "been blacklisted": "was blacklisted",
}  # fmt: skip
_FRENCH_AUX = {
    "a": "a", "ont": "ont", "avait": "a", "avaient": "ont", "s'est": "s'est",
    "se sont": "se sont", "s'était": "s'est", "s'étaient": "se sont",
}  # fmt: skip
_DAY_OR_ADVERB_FR = re.compile(
    r"\s+(?:hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|aussi|"
    r"également|finalement)\b",
    re.I,
)


def _past(verb: str, aux: str, plural: bool) -> str:
    """The verb of a title in the past tense, as the sentence has it."""
    verb = " ".join(verb.split())
    lowered = verb.lower()
    if aux in _FRENCH_AUX:
        return f"{_FRENCH_AUX[aux]} {_DAY_OR_ADVERB_FR.sub('', verb)}"
    if lowered.startswith("been placed on"):
        return ("were " if plural else "was ") + verb[len("been ") :]
    if lowered in _PAST_OF_PARTICIPLE:
        past = _PAST_OF_PARTICIPLE[lowered]
        return past.replace("was", "were") if plural else past
    return verb


def _subject(
    text: str, start: int, verb_start: int, dates: list[DateMention]
) -> tuple[int, int] | None:
    """The noun phrase the verb's clause opens with, as a span of ``text``."""
    # Clause boundaries: commas, dashes of a dateline, subordinating words.
    pieces = []
    position = start
    for match in re.finditer(r",|\s--\s|\s—\s|\s–\s", text[start:verb_start]):
        pieces.append((position, start + match.start()))
        position = start + match.end()
    pieces.append((position, verb_start))
    for piece_start, piece_end in reversed(pieces):
        words = _without_dates(text, piece_start, piece_end, dates)
        if not words.strip() or _DATE_ONLY.match(words):
            continue
        # "the SADC confirmed its decision ... and ordered": the subject of
        # the first verb is the subject of the second.
        piece = text[piece_start:piece_end]
        if re.search(r"\s(?:and|et)\s*$", piece):
            first_verb = re.search(rf"\s{_PAST}", piece)
            if first_verb is None:
                return None
            piece_end = piece_start + first_verb.start()
        lead = _SUBORDINATE.match(text[piece_start:piece_end])
        if lead is not None:
            piece_start += lead.end()
        elif words.strip().startswith("(") or _LEADING_ADVERBIAL.match(words.strip()):
            continue
        if re.match(r"(?:and|et)\s", text[piece_start:piece_end]):
            piece_start = piece_start + 4
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end <= piece_start:
            return None
        if len(text[piece_start:piece_end].split()) > 12:
            return None
        return piece_start, piece_end
    return None


def _clean_subject(text: str, span: tuple[int, int], dates: list[DateMention]) -> str:
    subject = _without_dates(text, *span, dates)
    # Headlines use the short form the text introduces: "the European Union
    # (EU)" -> "EU".
    subject = _INTRODUCED_ACRONYM.sub(r"\g<acronym>", subject)
    subject = re.sub(r"\s*\([A-Za-z0-9.\-]{2,12}\)", "", subject)
    subject = re.sub(r"\s+(?:on|in|at|le|la|en)\s*$", "", subject.strip())
    previous = None
    while previous != subject:
        previous = subject
        subject = _SUBJECT_ADVERBS.sub("", subject).strip()
    subject = re.sub(r"^(?:the|The)\s+", "", subject)
    return " ".join(subject.split())


def _without_dates(text: str, start: int, end: int, dates: list[DateMention]) -> str:
    """``text[start:end]`` with its date phrases (and their prepositions) removed."""
    # Date phrases do not overlap and come in order: only those ending after
    # ``start`` and starting before ``end`` are visited.
    pieces = list(text[start:end])
    first = bisect.bisect_right(dates, start, key=lambda mention: mention.end)
    for mention in dates[first:]:
        if mention.start >= end:
            break
        for index in range(max(mention.start, start), min(mention.end, end)):
            pieces[index - start] = " "
    words = "".join(pieces)
    words = re.sub(
        r"\b(?:on|in|at|since|le|en|depuis|dès|of)\s+(?=\s*(?:,|$|\s{2,}))", " ", words
    )
    return " ".join(words.split())


def _object_end(text: str, verb_end: int, end: int) -> int:
    match = _OBJECT_END.search(text, verb_end, end)
    stop = match.start() if match else end
    # "adopted a resolution that strongly condemned ...": the relative clause
    # is not the headline; "demanded that Rwanda withdraw" is.
    relative = re.search(r"\s(?:that|which|qui)\s", text[verb_end:stop])
    if relative and text[verb_end : verb_end + relative.start()].strip():
        stop = verb_end + relative.start()
    return stop


# Words a title does not end with, and pairs a removed date leaves behind.
_DANGLING = {"on", "in", "at", "of", "from", "to", "de", "du", "à", "au", "en", "le",
             "la", "dans", "the", "a"}  # fmt: skip
_DANGLING_PAIRS = ({"de", "du", "from", "between"}, {"à", "au", "to", "and", "et"})


def _word_before(text: str, end: int) -> tuple[int, str] | None:
    """The word ending at ``end`` and where the space before it starts.

    None when no space comes before the word. Read from the end, so that
    taking words off a long title one by one stays linear.
    """
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    space = start
    while space > 0 and text[space - 1].isspace():
        space -= 1
    if space == start or start == end:
        return None
    return space, text[start:end].lower()


def _without_dangling(obj: str) -> str:
    """``obj`` without the prepositions and articles left at its end."""
    end = len(obj)
    while last := _word_before(obj, end):
        space, word = last
        before = _word_before(obj, space)
        if before and before[1] in _DANGLING_PAIRS[0] and word in _DANGLING_PAIRS[1]:
            end = before[0]
        elif word in _DANGLING:
            end = space
        else:
            break
    return obj[:end]


# Words a subject an editor would write does not begin with: a clause cut
# out of a sentence ("Once they've …", "Which captures …"), a pronoun.
_FRAGMENT_START = {
    "which", "who", "whom", "whose", "that", "once", "when", "while", "because",
    "if", "although", "though", "as", "after", "before", "since", "until",
    "unless", "and", "but", "or", "so", "then", "they", "he", "she", "it", "we",
    "i", "you", "this", "these", "those", "there", "where", "qui", "que", "qu",
    "dont", "lorsque", "quand", "si", "et", "mais", "ou", "donc", "il", "elle",
    "ils", "elles", "nous", "vous", "on", "ce", "cela", "où", "die", "dat", "wat",
    "wie", "waar", "als", "omdat", "wanneer", "toen", "terwijl", "nadat", "en",
    "maar", "hij", "zij", "ze", "het", "wij", "presenter", "présentatrice",
    "présentateur", "correspondent",
}  # fmt: skip
_TITLE_DANGLING = _DANGLING | {
    "an", "and", "or", "but", "by", "for", "with", "as", "that", "which", "who",
    "les", "l", "un", "une", "des", "aux", "et", "ou", "que", "qui", "sur", "par",
    "pour", "avec", "het", "een", "van", "op", "aan", "met", "voor", "door",
}  # fmt: skip
_TITLE_LIMIT = 14


def _editor_title(title: str) -> str:
    """``title`` if an editor would write it; "" when the sentence says it better."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", title)
    while words and words[-1].lower() in _TITLE_DANGLING:
        cut = title.lower().rfind(words[-1].lower())
        title = title[:cut].rstrip(" ,;:…")
        words.pop()
    if not words or len(words) > _TITLE_LIMIT or not title[:1].isupper():
        return ""
    first = re.split(r"['’]", words[0].lower())[0]
    if first in _FRAGMENT_START or ":" in title or "?" in title:
        return ""
    if title.count('"') % 2 or title.count("«") != title.count("»"):
        return ""
    return title


def _title(subject: str, present: str, obj: str) -> str:
    if not subject:
        return ""  # "Was captured …": the sentence is shown instead
    obj = re.sub(r"\[\d+\]", "", obj).strip(" ,.;:")
    # What a removed date leaves behind: "dans la nuit de lundi à mardi".
    obj = re.sub(r"\s+(?:de|du|from|between)\s+(?:à|au|to|and|et)(?=\s|$)", "", obj)
    obj = _without_dangling(obj)
    words = obj.split()
    if len(words) > _MAX_TITLE_WORDS:
        obj = " ".join(words[:_MAX_TITLE_WORDS]) + "…"
    title = " ".join(part for part in (subject, present, obj) if part)
    # « s'est emparé d' Uvira »: an elided article joins the next word.
    title = re.sub(r"(?<![\w'’])([dl]['’])\s+", r"\1", title)
    return _editor_title((title[:1].upper() + title[1:])[:300])


def _date_of(
    text: str,
    start: int,
    end: int,
    subject: tuple[int, int] | None,
    verb_start: int,
    object_end: int,
    dates: list[DateMention],
    quoted: _Quoted,
) -> DateMention | None:
    """The date of the event's own clause, nearest the verb.

    Leading adverbials count ("On Monday, ..."); a subordinate clause
    before the subject ("After resurfacing in late 2021, ...") and what
    follows the object (", fermées depuis la mi-février") do not.
    """
    lead_end = subject[0] if subject else verb_start
    commas = [start + m.start() for m in re.finditer(",", text[start:lead_end])]
    candidates = []
    for mention in dates:
        if not start <= mention.start < object_end or _inside(mention.start, quoted):
            continue
        if mention.start < lead_end:
            comma = bisect.bisect_left(commas, mention.start)
            clause_start = commas[comma - 1] + 1 if comma else start
            # The clause's first word (after its spaces) opens it or not.
            first = _NOT_SPACE.search(text, clause_start, lead_end)
            if first and _SUBORDINATE_OPENING.match(text, first.start(), lead_end):
                continue
        candidates.append(mention)
    if not candidates:
        return None
    return min(candidates, key=lambda m: abs(m.start - verb_start))


_NOT_SPACE = re.compile(r"\S")
_SUBORDINATE_OPENING = re.compile(
    r"(?:after|before|since|following|despite|although|while|when|"
    r"after|après|avant|depuis)\b|[A-Z]\w+ing\b",
    re.I,
)


def _place(text: str, verb_end: int, object_end: int) -> dict[str, str]:
    found = find_place(text, verb_end, object_end)
    if found is None:
        return {}
    _, name, country = found
    return {"place": name, "place_country": country}


# Constructions the verb table cannot express -------------------------------


def _special(
    text: str,
    start: int,
    end: int,
    verb: re.Match[str],
    offset: int,
    subject: tuple[int, int],
    kind: str,
    present: str,
    dates: list[DateMention],
    quoted: _Quoted,
    object_from: int | None = None,
) -> EventProposal:
    verb_start, verb_end = offset + verb.start("verb"), offset + verb.end("verb")
    object_end = _object_end(text, object_from or verb_end, end)
    subject_text = _clean_subject(text, subject, dates)
    obj = _without_dates(text, object_from or verb_end, object_end, dates)
    date = _date_of(text, start, end, None, verb_start, end, dates, quoted)
    return EventProposal(
        start=start,
        end=end,
        verb_start=verb_start,
        verb_end=verb_end,
        kind=kind,
        title=_title(subject_text, present, obj),
        subject=subject,
        object_end=object_end,
        date=date,
        **_place(text, verb_end, object_end),
    )


_PARTICIPLE_KIND = {
    "signed": AGREEMENT, "deployed": DEPLOYMENT, "adopted": RESOLUTION,
    "captured": MILITARY, "founded": OTHER, "created": OTHER,
}  # fmt: skip


def _participle_lead(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _PARTICIPLE_LEAD.match(text, start, end)
    if match is None:
        return None
    verb = match["verb"].lower()
    subject = (match.start("subject"), match.end("subject"))
    proposal = _special(
        text, start, end, match, 0, subject, _PARTICIPLE_KIND[verb], verb, dates,
        quoted, object_from=match.end("subject"),
    )  # fmt: skip
    object_end = proposal.object_end
    date = _date_of(
        text, start, end, None, start, match.start("subject"), dates, quoted
    )
    return EventProposal(
        **{
            **proposal.__dict__,
            "title": _title(_clean_subject(text, subject, dates), verb, ""),
            "date": date,
            "object_end": object_end,
        }
    )


def _participle_after(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _PARTICIPLE_AFTER.match(text, start, end)
    if match is None or _inside(match.start("verb"), quoted):
        return None
    verb = match["verb"].lower()
    subject = (match.start("subject"), match.end("subject"))
    proposal = _special(
        text, start, end, match, 0, subject, _PARTICIPLE_KIND[verb], verb, dates,
        quoted,
    )  # fmt: skip
    return EventProposal(
        **{
            **proposal.__dict__,
            "title": _title(_clean_subject(text, subject, dates), verb, ""),
        }
    )


def _announced_that(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _ANNOUNCED_THAT.search(text, start, end)
    if match is None or _inside(match.start(), quoted):
        return None
    gerund = match["verb"].lower()
    subject = _subject(text, start, match.start(), dates)
    if subject is None:
        return None
    return _special(
        text, start, end, match, 0, subject, _GERUND_KIND.get(gerund, DIPLOMATIC),
        _GERUND_PAST[gerund], dates, quoted,
    )  # fmt: skip


def _bombs(text, start, end, dates, quoted):  # type: ignore[no-untyped-def]
    match = _BOMBS.search(text, start, end)
    if match is None or _inside(match.start(), quoted):
        return None
    subject = (match.start("subject"), match.end("subject"))
    verb = match["verb"].lower()
    return _special(
        text, start, end, match, 0, subject, MILITARY, verb, dates, quoted,
    )  # fmt: skip
