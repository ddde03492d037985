"""The title an editor would give an event, made from its sentence.

The subject of the verb's clause, the verb in the past tense, and its
object up to the clause's end, with date phrases and words left dangling
taken out: "Rwanda severed diplomatic relations with Belgium", « La
Belgique a suspendu sa coopération ». A title an editor would not write
(a clause cut out of a sentence, a pronoun for subject, too long) is left
empty, and the sentence is shown instead.
"""

from __future__ import annotations

import bisect
import re

from events.suggesting.dating import DateMention

_SUBJECT_ADVERBS = re.compile(
    r"\s+(?:also|since|now|already|reportedly|jointly|formally|officially|"
    r"finally|even|first|strongly|immediately|then|later|subsequently|"
    r"separately|again|has|have|had|a|ont|avait|avaient)$"
)
PAST_VERB = (
    r"(?:\w+ed|held|met|took|said|made|sent|cut|gave|told|won|lost|went|came|"
    r"left|fled|broke|spoke|(?:a|ont|avait|avaient)\s+\w+[éiu]e?s?)\b"
)
# Where a headline's object ends: a clause break, or "and" before a second
# verb ("... with Belgium and ordered ..."), not "the DRC and Rwanda".
_OBJECT_END = re.compile(
    r",|;|:|\.(?=\s|$)|\s(?:while|after|as|amid|over|due to|because|"
    rf"accusing|saying|which|who|alors|après|tandis)\s|\s(?:and|et)\s+(?={PAST_VERB})"
    r"|[\"“«]"
)
_MAX_TITLE_WORDS = 12
_INTRODUCED_ACRONYM = re.compile(
    r"(?:[A-ZÀ-Ý][\w’'\-]*\s+"
    r"(?:(?:of|for|the|and(?!\s+the\b)|de|du|des|la|d['’])\s+)*)*"
    r"[A-ZÀ-Ý][\w’'\-]*\s+\((?P<acronym>[A-Z][A-Za-z0-9]{1,9})\)"
)


# Auxiliaries of a plural subject, for the verb's past tense.
_PLURAL_AUX = {"have", "ont", "avaient", "auraient", "se sont", "s'étaient"}
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


def past_tense(verb: str, aux: str, plural: bool) -> str:
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


def is_plural(aux: str, subject: str) -> bool:
    """Whether the verb's subject is plural, as its auxiliary or words say."""
    return aux in _PLURAL_AUX or bool(
        re.search(r"\s(?:and|et)\s|^(?:both|two|three|several|many)\b", subject, re.I)
        or re.search(r"\b[a-z]+[^s]s$", subject)
    )


def clean_subject(text: str, span: tuple[int, int], dates: list[DateMention]) -> str:
    subject = without_dates(text, *span, dates)
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


def without_dates(text: str, start: int, end: int, dates: list[DateMention]) -> str:
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


def object_end_after(text: str, verb_end: int, end: int) -> int:
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


def headline(subject: str, present: str, obj: str) -> str:
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
