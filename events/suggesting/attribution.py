"""Find who a quote is attributed to, only as far as the text supports it.

Patterns read around the quote: "…," X said / said X / X told … / X wrote
on social media / according to X / X said: "…" / …, stating, "…"; French
« … », a déclaré X / a affirmé / a indiqué / selon X / d'après X / pour X /
a-t-il ajouté; Dutch „…", zei X / aldus X / volgens X / liet X weten /
voegde X eraan toe. A pronoun ("he", « elle », "hij") refers to the nearest
person named before whose gender fits (a title says it: "Ms", « la
ministre », "woordvoerster"), and only when no other person could be meant;
a role ("the minister") to the last person named with it; "the statement
said" to whoever issued the statement. A quote with no attribution of its
own continues the quote before it in the same paragraph, or the quote of
the paragraph before that ran on or was attributed there; otherwise the
sentence before it may name the speaker ("Kagame told the crowd:").
Unnamed speakers ("a resident", "a diplomat who asked not to be named")
are anonymous sources for the editor to name or confirm. Anything else is
left for the editor: no speaker is guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.nameindex import NameIndex, fold
from events.suggesting.names import _NOT_NAMES as _NOT_NAMES
from events.suggesting.names import (
    NAME,
    ORG_WORDS,
    PORTFOLIO,
    ROLE_WORDS,
    STATE_WORDS,
    TITLES,
    NameMention,
    split_portfolio,
)
from events.suggesting.quotes import Quote
from events.suggesting.speechwords import (
    ADVERBS,
    ARTICLES,
    FEMALE,
    GENERIC,
    INDEFINITE,
    MALE,
    PARTICIPLES,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    PRONOUNS,
    STATEMENT_WORDS,
    TRAILING_ADVERBS,
    UNNAMED,
    UNNAMED_TAIL,
    VERBS,
)

_TITLE_PREFIX = re.compile(rf"^(?:(?:[A-Z][\w\-]+\s+)?(?:{TITLES})\s+)+(?={NAME})")

_AFTER_INVERTED = re.compile(
    r"^(?:a|avait|ont)-t-(?P<pro>il|elle|ils|elles)\s+\w+"
    r"|^s['’](?:est|était)-(?P<pro3>il|elle)\s+\w+"
    r"|^(?:ajoute|poursuit|explique|précise|insiste|déclare|affirme|estime|souligne|"
    r"dit|assure|lance|martèle|conclut|note|rappelle|raconte|confie|sourit|soupire|"
    r"témoigne|reconnaît|regrette|résume|tranche|avertit|prévient|répond|"
    r"interroge|s['’]indigne|s['’]inquiète|s['’]emporte|"
    # After a quote, any verb inverted with its pronoun attributes it:
    # « …, renchérit-il », « …, déplore-t-elle ».
    r"(?:s['’])?[a-zà-ÿ]{3,20}(?=-t-|-il\b|-elle\b|-ils\b|-elles\b))"
    r"-t?-?(?P<pro2>il|elle|ils|elles)\b"
    # Dutch: "zei hij", "zegt ze", "voegde zij eraan toe".
    r"|^(?:zei|zegt|voegde|vertelde|vertelt|verklaarde|verklaart|benadrukte|"
    r"benadrukt|stelde|stelt|schreef|schrijft|waarschuwde|waarschuwt|antwoordde|"
    r"antwoordt|reageerde|reageert|liet|lacht|lachte|zucht|zuchtte|vervolgt|"
    r"vervolgde|legt|legde|geeft|gaf|meent|meende|vindt|vond|klaagt|klaagde|"
    r"herhaalt|herhaalde|erkent|erkende|bevestigt|bevestigde|beweert|beweerde|"
    r"hoopt|hoopte|vreest|vreesde|vult|vulde)\s+(?P<pro4>hij|zij|ze)\b",
    re.I,
)
_AFTER_ACCORDING = re.compile(
    r"^(?:according to|selon|d['’]après|volgens|aldus|zo zei)\s+"
    r"(?P<who>[^,.;:!?\"“”«»„]{2,120})",
    re.I,
)
_AFTER_SUBJECT_VERB = re.compile(
    rf"^(?P<who>[^,.;:!?\"“”«»]{{1,120}}?)"
    rf"(?:,\s*(?P<appos>[^\"“”«»]{{2,300}}?),)?\s+"
    rf"(?:(?:also|later|further|then|again|had|has|have|has also|had also)\s+)*"
    rf"(?P<verb>{VERBS})\b(?P<tail>[^\"“”«»]*)",
    re.I,
)
# A day said between a speech verb and its subject.
_DAY_WORDS = (
    r"(?:hier|aujourd['’]hui|ce matin|ce soir|lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche|gisteren|vandaag|eergisteren|vanochtend|vanmorgen|vanavond|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|today|yesterday)"
    r"(?:\s+(?:soir|matin|après-midi|avond|ochtend|middag))?"
)
_AFTER_VERB_SUBJECT = re.compile(
    # « nous a dit une commerçante »: the pronoun of whom it was said to.
    rf"^(?:(?:nous|me|m['’]|lui|leur|vous)\s+)?(?P<verb>{VERBS})\s+"
    # A day, then whom it was said to or where, come first in French:
    # « a déclaré hier à l'AFP X », « a écrit mercredi sur Facebook X »,
    # "zei gisteren burgemeester X".
    rf"(?:{_DAY_WORDS}\s+)?"
    # « …, estime pour sa part X », « …, ajoute de son côté X ».
    r"(?:(?:pour sa part|de son côté|quant à lui|quant à elle|lui aussi|elle aussi|"
    r"encore|aussi|également|toutefois|cependant|ook|nog)\s+)?"
    r"(?:(?:à|au|aux|sur|dans|op)\s+(?:l['’]|la\s+|le\s+|les\s+)?[A-Z][\w\-]*\s+)?"
    rf"(?:{_DAY_WORDS}\s+)?"
    rf"(?P<who>[^,.;:!?\"“”«»()]{{2,160}}?)"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:in|on|at|to|during|after|before|lors|dans|à|au|devant|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|who|qui|en|pendant|"
    r"avant|après|tout|sans|sur|"
    # Dutch: "liet X weten", "voegde X eraan toe", "zei X tegen", "zei X op".
    r"weten|toe|eraan|er|tegen|op|tijdens|bij|na|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag|die)\b))",
    re.I,
)
_BEFORE_ACCORDING = re.compile(
    r"(?:according to|selon|d['’]après|volgens)\s+"
    r"(?P<who>[^.;:!?\"“”«»„]{2,200}?)\s*[,:]?\s*$",
    re.I,
)
# « Pour le ministre, “…” »: "pour" opening the sentence names who thinks so.
_BEFORE_POUR = re.compile(
    r"^(?:pour)\s+(?P<who>[^.;:!?\"“”«»„,]{2,120}?)\s*,(?:\s*$|[^\"“”«»„]{0,300}:\s*$"
    # « Pour Marie Dupont, coordinatrice de l'ONG X, « … » ».
    r"|[^.;:!?\"“”«»„,]{2,120},\s*$)",
    re.I,
)
# "Volgens burgemeester Chantal Ilunga is de wijk „…"": a name, then the
# clause the quote finishes.
_BEFORE_ACCORDING_CLAUSE = re.compile(
    r"(?:^|[\s,(])(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après|[Vv]olgens)\s+"
    rf"(?P<who>(?:[a-zà-ÿ][\w\-]{{1,30}}\s+)?{NAME})"
    # Not "according to the Ministry of Health figures …": the name goes on.
    r"\s+(?!(?:of|for|de|du|des|van|voor|pour|d['’])\s)"
    # The verb follows the name: "Volgens X is …", « Selon X est … ».
    r"(?P<rest>(?:ging|kwam|lag|stond|bleef|kon|mocht|mag|wil|wilde|leek|lijkt|"
    r"s['’]agit|s['’]agissait|fallait|devait|pourrait|allait|restait|"
    r"is|zijn|was|waren|heeft|hebben|had|gaat|gaan|moet|moeten|wordt|"
    r"worden|werd|werden|zal|zullen|zou|zouden|kan|kunnen|blijft|blijven|ligt|"
    r"staat|komt|est|sont|était|étaient|sera|serait|reste|faut|va|doit|a|ont)"
    r"\b[^.;:!?\"“”«»„,]{0,200})$"
)
_BEFORE_VERB = re.compile(rf"\b(?P<verb>{VERBS})\b", re.I)
_BEFORE_PARTICIPLE = re.compile(
    rf"\b(?:{PARTICIPLES})\b\s*[,:]?\s*(?:that\s+|que\s+)?$", re.I
)


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to, and what in the text says so."""

    name: str
    kind: str  # person, organisation, state, unknown, anonymous
    title: str
    how: str
    # Where the words attributing the quote are: its date and channel are there.
    where: tuple[int, int] = (0, 0)

    @property
    def anonymous(self) -> bool:
        """An unnamed speaker ("a resident"): ``name`` describes them."""
        return self.kind == ANONYMOUS


ANONYMOUS = "anonymous"


@dataclass
class Context:
    """What the attribution of earlier quotes and the names so far establish."""

    names: list[NameMention]
    last_speaker: Speaker | None = None
    last_person: tuple[int, Speaker] | None = None
    statement_issuer: Speaker | None = None
    # The article's text, for what a rule needs to read around a quote.
    text: str = ""
    # The speaker of the quote just before (None when it had none).
    previous_speaker: Speaker | None = None
    # Who spoke, in order: (where their quote opens, speaker).
    spoken: list[tuple[int, Speaker]] = field(default_factory=list)
    # A person's gender, once a title or a pronoun told it.
    genders: dict[str, str] = field(default_factory=dict)
    # Where the quotes read so far open and close.
    quoted: list[tuple[int, int]] = field(default_factory=list)
    _index: NameIndex | None = field(default=None, repr=False, compare=False)

    _people: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _lower: set[str] | None = field(default=None, repr=False, compare=False)

    @property
    def lower_words(self) -> set[str]:
        """The words the text writes in lower case somewhere ("chirurg")."""
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return self._lower

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex(self.names)
        return self._index

    @property
    def people(self) -> dict[str, str]:
        """Full names of two or three words by their last word and their first.

        "Odette" and "Furaha" both give "Odette Furaha" when the text writes
        it in full once; a word two such names share gives nothing.
        """
        if self._people is None:
            found: dict[str, str] = {}
            shared: set[str] = set()
            for match in _PERSON_LIKE.finditer(self.text):
                words = _person_words(match[0].split())
                folded = [fold(word) for word in words]
                if len(words) < 2 or set(folded) & (_NOT_PERSON | _TITLE_WORDS):
                    continue
                name = " ".join(words)
                for key in {folded[0], folded[-1]}:
                    if found.setdefault(key, name) != name:
                        shared.add(key)
            self._people = {k: v for k, v in found.items() if k not in shared}
        return self._people


_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-zà-ÿ][\w\-]{1,40}")
_SENTENCE_BREAK = re.compile(r"[.!?](?:[\"”»’'])?\s+(?=[A-Z“\"«„‘'À-Ý])")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def sentence_start(text: str, position: int, floor: int) -> int:
    """Where the sentence holding ``position`` starts (not before ``floor``).

    At most ``MAX_SENTENCE_CHARS`` before ``position``: a text with no
    sentence break is not read back to its start for each of its quotes.
    """
    floor = max(floor, position - MAX_SENTENCE_CHARS)
    best = floor
    for match in _SENTENCE_BREAK.finditer(text, floor, position + 1):
        best = match.end()
    return best


def sentence_end(text: str, position: int, ceiling: int) -> int:
    """Where the sentence holding ``position`` ends, at most a sentence's length on."""
    ceiling = min(ceiling, position + MAX_SENTENCE_CHARS)
    match = _SENTENCE_END.search(text, position, ceiling)
    return match.end() if match else ceiling


def attribute(
    text: str, quote: Quote, previous: Quote | None, context: Context
) -> Speaker | None:
    """The speaker of ``quote``, or None when the text does not establish one."""
    para_start, para_end = quote.paragraph
    after_end = sentence_end(text, quote.close_at, para_end)
    after = text[quote.close_at : after_end]
    next_open = re.search(r"[\"“«„]", after)
    if next_open:
        after = after[: next_open.start()]
        after_end = quote.close_at + next_open.start()
    after = after.lstrip(" ,\u00a0\u202f)—–-")
    floor = (
        previous.close_at
        if previous and previous.paragraph == quote.paragraph
        else para_start
    )
    before_start = sentence_start(text, quote.open_at, floor)
    before = text[before_start : quote.open_at]

    speaker = _from_after(after, quote, context) or _from_before(before, quote, context)
    if speaker is not None:
        speaker = replace(speaker, where=(before_start, after_end))
    prior = context.previous_speaker
    bare = not after.strip(" .") and not before.strip()
    same_paragraph = previous is not None and previous.paragraph == quote.paragraph
    if speaker is None and prior is not None and same_paragraph and bare:
        speaker = replace(prior, how="continues the quote before")
    # « …, assure X. Puis, après un silence : « … » »: a few words that name
    # nobody and end on a colon still go on with the same speaker.
    lead = before.strip()
    if (
        speaker is None
        and prior is not None
        and same_paragraph
        and not after.strip(" .")
        and len(lead) <= 80
        and (
            (
                lead.endswith(":")
                and not _BEFORE_VERB.search(lead)
                and not _PRONOUN_WORD.search(lead)
            )
            # « …, assure-t-il, tout en reconnaissant que « … » ».
            or _BEFORE_PARTICIPLE.search(lead)
        )
        and not _someone_else_named(text, before_start, quote.open_at, prior)
    ):
        speaker = replace(prior, how="continues the quote before")
    if (
        speaker is None
        and prior is not None
        and previous is not None
        and not before.strip()
        and text[para_start : quote.open_at].strip() == ""
        and _adjacent(text, previous.paragraph, quote.paragraph)
        and (previous.open_ended or _quote_only(text, quote))
        and not _someone_else_named(text, previous.close_at, quote.open_at, prior)
    ):
        speaker = replace(prior, how="goes on quoting from the paragraph before")
    if speaker is None and bare:
        speaker = _from_sentence_before(text, quote, context)
    if speaker is None and not after.strip(" .") and not before.strip():
        speaker = _introduced_before(text, quote, context)
    label = _LABEL.match(text, para_start)
    if (
        speaker is None
        and label is not None
        and not after.strip(" .")
        and not _BEFORE_VERB.search(text, label.end(), quote.open_at)
        and not _PRONOUN_WORD.search(text, label.end(), quote.open_at)
    ):
        speaker = _from_label(label, quote, context)
    if speaker is None and quote.open_at < text.find("\n"):
        speaker = _interviewee(text, quote, context)
    if speaker is None and ANONYMITY.search(after):
        # "…," said the doctor, who asked not to be named.
        subject = _AFTER_VERB_SUBJECT.match(after) or _AFTER_SUBJECT_VERB.match(after)
        who = subject["who"] if subject else ""
        if unnamed := _unnamed(who, anonymity=True):
            speaker = Speaker(
                unnamed, ANONYMOUS, "", "an unnamed source", (before_start, after_end)
            )
    context.previous_speaker = speaker
    context.quoted.append((quote.open_at, quote.close_at))
    if speaker is not None:
        _remember(speaker, quote, after + " " + before, context)
    return speaker


# "GASTON MULUME (enregistrement) : « … »", "Van Damme: …" in a Q&A or transcript.
_PRONOUN_WORD = re.compile(r"\b(?:he|she|they|il|elle|ils|elles|hij|zij|ze)\b", re.I)
_LABEL = re.compile(
    r"[ \t]*(?P<who>[A-ZÀ-Ý][\w'’\-]{0,40}(?:[ \u00a0][A-ZÀ-Ý][\w'’\-]{0,40}){0,3})"
    r"[ \t]*(?:\([^()\n]{0,60}\))?[ \t\u00a0]*:"
)
_NOT_LABELS = {
    "question", "q", "a", "r", "vraag", "antwoord", "reponse", "answer",
    "correspondent", "correspondant", "correspondante", "presenter", "presentateur",
    "presentatrice", "host", "anchor", "moderator", "reporter", "interviewer",
    "journalist", "journaliste", "journalisten", "presentator", "verslaggever",
}  # fmt: skip


def _from_label(label: re.Match[str], quote: Quote, context: Context) -> Speaker | None:
    who = label["who"]
    if who.isupper():
        who = " ".join(word.capitalize() for word in who.split())
    folded = fold(who).split()
    if len(folded) == 1 and (folded[0] in _TITLE_WORDS or folded[0] in _NOT_LABELS):
        return None
    if set(folded) & (_NOT_PERSON - _TITLE_WORDS):
        return None
    found = _resolve(who, "", quote, context, f"{label[0].strip()} “…”")
    if found is None:
        return None
    return replace(found, where=(label.start(), label.end()))


# The sentence of an interview's introduction that says when it was held.
_INTERVIEW_HELD = re.compile(
    r"[^.\n]{0,200}\b(?:[Ii]nterview|[Ee]ntretien|talked to|spoke to|spoke with|"
    r"spraken|gesprek|rencontrée?|joint|jointe)\b[^.\n]{0,200}"
)
_INTRO_CHARS = 1500
_A_DAY = re.compile(
    rf"\b{_DAY_WORDS}\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|last week|la semaine dernière|vorige week)\b",
    re.I,
)


def _interviewee(text: str, quote: Quote, context: Context) -> Speaker | None:
    """A headline's quote in a Q&A with one person: that person's words.

    The speaker is the one person the answers are labelled with ("Ndayizeye:
    …"); the interview's introduction says when and how it was held.
    """
    people: dict[str, Speaker] = {}
    first_label = len(text)
    for label in re.finditer(r"^" + _LABEL.pattern, text[:20_000], re.M):
        found = _from_label(label, quote, context)
        if found is None:
            continue
        first_label = min(first_label, label.start())
        key = fold(found.name).split()[-1]
        if key not in people or len(found.name) > len(people[key].name):
            people[key] = found
        if len(people) > 1:
            return None  # a transcript of several voices
    if len(people) != 1:
        return None
    (found,) = people.values()
    intro_start = text.find("\n") + 1
    # The sentence that says when, if one does: "We talked to her on Saturday".
    held = [
        match.span()
        for match in _INTERVIEW_HELD.finditer(
            text, intro_start, min(first_label, _INTRO_CHARS)
        )
    ]
    dated = [span for span in held if _A_DAY.search(text, *span)]
    where = (dated or held or [(0, 0)])[0]
    return replace(found, how=f"the person interviewed: {found.how}", where=where)


def _adjacent(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether paragraph ``second`` comes right after paragraph ``first``."""
    return first == second or (
        first[1] <= second[0]
        and second[0] - first[1] < 20
        and not text[first[1] : second[0]].strip()
    )


def _quote_only(text: str, quote: Quote) -> bool:
    """Whether the quote is all its paragraph says."""
    para_start, para_end = quote.paragraph
    return not text[para_start : quote.open_at].strip() and not text[
        quote.close_at : para_end
    ].strip(" .\u00a0")


def _someone_else_named(text: str, start: int, end: int, speaker: Speaker) -> bool:
    """Whether a name other than the speaker's may stand between two quotes."""
    if end - start > MAX_SENTENCE_CHARS:
        return True
    own = set(fold(speaker.name).split()) | set(fold(speaker.title).split())
    between = text[start:end]
    for match in _CAPITAL_WORD.finditer(between):
        word = fold(match[0]).rstrip(".")
        if word in own or word in _TITLE_WORDS or _sentence_initial(between, match):
            continue
        return True
    return False


_CAPITAL_WORD = re.compile(r"(?<![\w\-'’])[A-ZÀ-Ý][\w'’\-]{0,40}\.?")
_TITLE_WORDS = (
    {fold(word) for word in ROLE_WORDS}
    | {fold(word).rstrip(".") for word in re.findall(r"[^|\\?]+", TITLES)}
    | MALE
    | FEMALE
)


def _sentence_initial(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()].rstrip(" \"“”«»„'‘’\u00a0")
    return not before or before[-1] in ".!?:\n"


def _from_sentence_before(text: str, quote: Quote, context: Context) -> Speaker | None:
    """A quote standing alone after "Kagame told the crowd:" or "He said …"."""
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start > para_start:
        prev_end = start
        floor = para_start
    else:
        prev_end = para_start
        while prev_end > 0 and text[prev_end - 1] in " \t\r\n\u00a0":
            prev_end -= 1
        if para_start - prev_end > 20 or prev_end == 0:
            return None
        floor = text.rfind("\n", max(0, prev_end - MAX_SENTENCE_CHARS), prev_end) + 1
    prev_start = sentence_start(text, max(prev_end - 1, floor), floor)
    sentence = text[prev_start:prev_end].rstrip()
    if not sentence or any(mark in sentence for mark in '"“”«»„'):
        return None
    if sentence.endswith(":"):
        found = _from_before(sentence[:-1], quote, context)
        subject = _leading_subject(sentence)
        if found is None and subject:
            found = _resolve(subject, "", quote, context, f"{subject} …:")
    else:
        found = _speech_subject(sentence, quote, context)
        if found is None and start > para_start:
            # Only in the quote's own paragraph: a quote standing alone in
            # the next one may go on with whoever spoke before.
            found = _sole_subject(sentence, quote, context)
    if found is None:
        return None
    return replace(
        found,
        how=f"named in the sentence before: {found.how}",
        where=(prev_start, prev_end),
    )


INTRODUCED_BEFORE = "introduced in the paragraph before"


def _introduced_before(text: str, quote: Quote, context: Context) -> Speaker | None:
    """A quote opening its paragraph after a paragraph about one person.

    "Josée Mbombo verkoopt al twintig jaar rijst. Ze schrijft haar prijzen
    op een bord." then "„…": the paragraph before names that person and
    nobody else, and its last sentence has them, or a pronoun, as subject.
    """
    para_start = quote.paragraph[0]
    if text[para_start : quote.open_at].strip():
        return None
    prev_end = para_start
    while prev_end > max(0, para_start - 20) and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end == 0 or prev_end == para_start:
        return None
    prev_start = (
        text.rfind("\n", max(0, prev_end - 3 * MAX_SENTENCE_CHARS), prev_end) + 1
    )
    if prev_start == 0 and text.find("\n") < prev_end:
        return None  # longer than three sentences: no paragraph to read
    paragraph = text[prev_start:prev_end]
    last = text[sentence_start(text, prev_end - 1, prev_start) : prev_end]
    if _LABEL.match(paragraph) or not last.strip():
        return None
    index = context.index
    named: dict[str, str] = {}
    for mention in index.persons[
        bisect.bisect_left(index.person_starts, prev_start) : index.persons_before(
            prev_end
        )
    ]:
        if not _in_quote(mention.start, context):
            full = _full_name(mention.name, context)
            named.setdefault(fold(full), full)
    for match in _PERSON_LIKE.finditer(paragraph):
        if _in_quote(prev_start + match.start(), context) or match[0].isupper():
            continue
        words = _person_words(match[0].split())
        if words and words[0].lower() in context.lower_words and len(words) >= 3:
            words = words[1:]
        folded = {fold(word) for word in words}
        if len(words) == 1 and fold(words[0]) in context.people:
            full = context.people[fold(words[0])]
        elif len(words) >= 2 and not folded & (_NOT_PERSON | _TITLE_WORDS):
            full = _full_name(" ".join(words), context)
        else:
            continue
        if not any(set(fold(full).split()) & set(key.split()) for key in named):
            named[fold(full)] = full
    if len(named) != 1:
        return None
    ((key, full),) = named.items()
    # Someone else quoted just before: which of the two goes on is unclear.
    floor = prev_start - 2 * MAX_SENTENCE_CHARS
    if any(at >= floor and fold(spoken.name) != key for at, spoken in context.spoken):
        return None
    first = re.findall(r"[\w'’\-]+", fold(last))[:4]
    if not first:
        return None
    pronoun = first[0] if first[0] in PRONOUNS else ""
    if not pronoun and not set(first) & set(key.split()):
        return None
    wanted = PRONOUN_GENDER.get(pronoun, "")
    known = context.genders.get(key, "")
    if known and wanted and known != wanted:
        return None
    # The paragraph before tells who, not when: its dates are not the quote's.
    return Speaker(
        full,
        "person",
        "",
        INTRODUCED_BEFORE,
        (quote.open_at, quote.open_at),
    )


def _sole_subject(sentence: str, quote: Quote, context: Context) -> Speaker | None:
    """ "Odette a vendu la moitié de sa farine. « … »": the one person of it.

    A quote standing alone after a sentence whose subject is a person the
    text has named in full, and which names nobody and nothing else.
    """
    subject = _leading_subject(sentence)
    if not subject or subject.split()[0].lower() in PRONOUNS | _NOT_NAMES:
        return None
    rest = sentence[len(subject) :]
    if _CAPITAL_WORD.search(rest) or _PRONOUN_WORD.search(rest[:1]):
        return None  # someone or something else named: the editor decides
    found = _resolve(subject, "", quote, context, f"{subject} … “…”")
    if found is None or found.kind != "person" or " " not in found.name:
        return None
    if fold(found.name) not in context.index.first_by_folded and (
        context.people.get(fold(found.name).split()[-1]) != found.name
    ):
        return None
    return found


def _speech_subject(sentence: str, quote: Quote, context: Context) -> Speaker | None:
    """The subject of the first speech verb of a sentence: "X said the …"."""
    if match := _BEFORE_ACCORDING.search(sentence.rstrip(" .")):
        return _resolve(match["who"], "", quote, context, match[0].strip())
    verb = _BEFORE_VERB.search(sentence)
    if verb is None or verb["verb"].lower() in {"called", "described", "went on"}:
        return None
    who = _last_subject_chunk(sentence[: verb.start()].strip())
    if not who:
        return None
    return _resolve(who, "", quote, context, f"{who} {verb['verb']} …")


def _remember(speaker: Speaker, quote: Quote, around: str, context: Context) -> None:
    context.last_speaker = speaker
    if speaker.kind in ("person", "unknown", ANONYMOUS):
        context.spoken.append((quote.open_at, speaker))
        del context.spoken[:-20]
    if speaker.anonymous:
        return
    if speaker.kind == "person":
        context.last_person = (quote.start, speaker)
    if gender := _gender_of(speaker.title):
        context.genders.setdefault(fold(speaker.name), gender)
    lowered = around.lower()
    issues_statements = (
        "statement" in lowered
        or "communiqué" in lowered
        or speaker.kind == "organisation"
    )
    if issues_statements and not set(fold(speaker.name).split()) & STATEMENT_WORDS:
        context.statement_issuer = speaker


def _from_after(after: str, quote: Quote, context: Context) -> Speaker | None:
    if not after:
        return None
    if match := _AFTER_INVERTED.match(after):
        pronoun = (
            match["pro"] or match["pro2"] or match["pro3"] or match["pro4"]
        ).lower()
        return _pronoun(pronoun, quote, context, f"« …, {match[0]} »")
    if match := _AFTER_ACCORDING.match(after):
        return _resolve(match["who"], "", quote, context, f"“…,” {match[0]}")
    if match := _AFTER_VERB_SUBJECT.match(after):
        who = match["who"]
        # "…," said a spokesman for the army, John Doe. / a déclaré un
        # responsable de la société civile, Espoir Bulambo.
        named = _NAMED_AFTER.match(after, match.end())
        if named and _DESCRIPTION_START.match(who):
            who = who + named["more"]
            title = who if not named["rank"] else f"{who}, {named['rank'].strip()}"
            return _resolve(
                named["name"],
                title,
                quote,
                context,
                f"“…,” {match['verb']} {who}, {named['name']}",
            )
        if not re.match(r"^(?:that|que|qu'|it|to|in|on)\b", who, re.I):
            return _resolve(who, "", quote, context, f"“…,” {match['verb']} {who}")
    if match := _AFTER_SUBJECT_VERB.match(after):
        return _resolve(
            match["who"],
            match["appos"] or "",
            quote,
            context,
            f"“…,” {match['who']} {match['verb']}",
        )
    return None


_DESCRIPTION_START = re.compile(
    r"(?:an?|the|un|une|le|la|een|de|het)\s|l['’]", re.IGNORECASE
)
# "…," said a spokesman for the army, John Doe. / a déclaré le directeur de
# l'hôpital, le docteur Jean Lokana. / vertelde een bewoonster, Mireille Tshala,
_NAMED_AFTER = re.compile(
    rf"(?P<more>[^,.;:!?\"“”«»„]{{0,80}}?)\s*,\s*"
    rf"(?:(?:le|la|l['’]|the|de|het)\s*)?(?P<rank>(?:{TITLES})\s+)?"
    rf"(?P<name>{NAME})\s*(?:[.;,]|$)"
)


def _from_before(before: str, quote: Quote, context: Context) -> Speaker | None:
    stripped = before.rstrip()
    if not stripped:
        return None
    if match := _BEFORE_POUR.match(stripped):
        return _resolve(match["who"], "", quote, context, f"{match[0].strip()} « … »")
    if (match := _BEFORE_ACCORDING_CLAUSE.search(stripped)) and not re.match(
        NAME, match["rest"]
    ):
        who = match["who"]
        return _resolve(who, "", quote, context, f"{match[0].strip()} “…”")
    if match := _BEFORE_ACCORDING.search(stripped):
        who, title = match["who"], ""
        parts = [part.strip() for part in who.split(",") if part.strip()]
        if len(parts) > 1 and re.fullmatch(NAME, parts[-1]):
            who, title = parts[-1], parts[0]
        return _resolve(who, title, quote, context, f"{match[0].strip()} “…”")
    if _BEFORE_PARTICIPLE.search(stripped):
        subject = _leading_subject(stripped)
        if subject:
            return _resolve(
                subject, "", quote, context, f"{subject} …, {stripped.split()[-1]} “…”"
            )
        return None
    verbs = list(_BEFORE_VERB.finditer(stripped))
    if not verbs:
        if stripped.endswith(":"):
            return _colon_subject(stripped[:-1], quote, context)
        return None
    verb = verbs[-1]
    subject_text = stripped[: verb.start()].strip()
    who = _last_subject_chunk(subject_text)
    found = None
    if who:
        found = _resolve(who, "", quote, context, f"{who} {verb['verb']} … “…”")
    if found is None and len(verbs) > 1:
        # "X said the deal was "a first step" and warned that …": X.
        found = _speech_subject(stripped, quote, context)
    return found


def _colon_subject(clause: str, quote: Quote, context: Context) -> Speaker | None:
    """ "Her neighbour, the tailor John Doe, was milder: “…”": the person named.

    A clause that announces the quote with a colon and no speech verb: the
    person in apposition to its subject, or its subject when it is a person.
    """
    start = sentence_start(clause, len(clause) - 1, 0)
    # "Entretien — Aline Ndayishimiye : « … »": what follows a dash.
    start = max([start, *(m.end() for m in re.finditer(r"\s[—–]\s", clause))])
    parts = [part.strip() for part in clause[start:].split(",")]
    for part in parts[1:-1]:
        found = _resolve(part, "", quote, context, f"{part}, …: “…”")
        if found is not None and found.kind == "person" and " " in found.name:
            return found
    subject = _leading_subject(clause[start:])
    if not subject or subject.split()[0].lower() in PRONOUNS | _NOT_NAMES:
        return None
    found = _resolve(subject, "", quote, context, f"{subject} …: “…”")
    if found is None or found.kind != "person":
        return None
    # Only a person the text has named as one: "In Goma" is not.
    named = fold(found.name) in context.index.first_by_folded or (
        found.name == subject
        and context.people.get(fold(found.name).split()[-1]) == found.name
    )
    if not named and not found.title:
        return None
    return found


def _leading_subject(sentence: str) -> str:
    match = re.match(
        rf"^(?:(?:the|The|Le|La|Les)\s+)?(?:{NAME}|he|she|il|elle|He|She|Il|Elle)",
        sentence,
    )
    return match[0] if match else ""


_OBJECT_PRONOUN = re.compile(
    r"(?:^|\s)(?:nous|me|m['’]|lui|leur|vous|l['’]|ons|me|mij|hem|haar)$", re.I
)
_RELATIVE = re.compile(r"^(?:who|which|that|qui|que|dont|die|dat)\b", re.I)


def _last_subject_chunk(subject: str) -> str:
    # « Un journaliste, qui a requis l'anonymat, nous a décrit … »: the
    # subject, not whom it was said to nor the relative clause.
    subject = _OBJECT_PRONOUN.sub("", subject.strip()).strip()
    chunks = [chunk.strip() for chunk in subject.split(",")]
    for chunk in reversed(chunks):
        if chunk.lower() in ADVERBS or _RELATIVE.match(chunk):
            continue
        if len(chunk.split()) > 10:
            return ""
        return chunk
    return ""


@lru_cache(maxsize=4096)
def _gender_of(title: str) -> str:
    """ "m" or "f" when a title says it ("Ms", « la ministre »), else ""."""
    listed = fold(title).replace("'", " ").replace("’", " ").split()
    words = set(listed)
    if listed and listed[0] != "la":
        # « le ministre de la Défense »: only the article opening the title
        # tells the gender, as in « la ministre ».
        words.discard("la")
    if words & FEMALE:
        return "f"
    if words & MALE:
        return "m"
    return ""


@dataclass(frozen=True)
class _Candidate:
    at: int
    name: str
    kind: str
    title: str
    speaker: Speaker | None = None
    # A name that may be a person's ("Moses Kato and …" opening a sentence):
    # it makes a pronoun ambiguous, but is never chosen.
    doubtful: bool = False


def _candidates(quote: Quote, context: Context, *, wide: bool) -> list[_Candidate]:
    """The people a pronoun before ``quote`` may mean, nearest first, once each.

    Those named in the quote's paragraph and the one before (``wide``: in
    the 1,500 characters before), those who spoke there (named again by
    their surname too), and those a role refers to ("la ministre"); not the
    names inside earlier quotes, which the pronoun's sentence does not mean.
    """
    text = context.text
    para_start = quote.paragraph[0]
    if wide:
        floor = max(quote.open_at - 1500, 0)
    else:
        floor = text.rfind(
            "\n", max(0, para_start - MAX_SENTENCE_CHARS), max(para_start - 1, 0)
        )
        floor = max(floor + 1, quote.open_at - 2 * MAX_SENTENCE_CHARS, 0)
    index = context.index
    first = bisect.bisect_left(index.person_starts, floor)
    found = [
        _Candidate(mention.start, mention.name, "person", mention.title)
        for mention in index.persons[first : index.persons_before(quote.open_at)]
        if not _in_quote(mention.start, context)
    ]
    window = text[floor : quote.open_at]
    by_surname: dict[str, _Candidate] = {}
    for at, speaker in context.spoken:
        if at >= floor:
            found.append(
                _Candidate(at, speaker.name, speaker.kind, speaker.title, speaker)
            )
        surname = fold(speaker.name).split()[-1:]
        if not speaker.anonymous and surname:
            by_surname[surname[0]] = _Candidate(
                at, speaker.name, speaker.kind, speaker.title, speaker
            )
    # Names in the window: a person's surname named before, or a name of
    # two or three capitalised words that is no body, state or place.
    for match in _PERSON_LIKE.finditer(window):
        if _in_quote(floor + match.start(), context):
            continue
        if match[0].isupper():
            continue  # "GOMA, 9 avril 2025 –": a dateline, not a person
        words = fold(match[0]).split()
        last = words[-1]
        if last in by_surname:
            known = by_surname[last]
            found.append(replace(known, at=floor + match.start()))
        elif (mention := index.by_last_word.get(last)) is not None:
            found.append(
                _Candidate(floor + match.start(), mention.name, "person", mention.title)
            )
        elif len(words) == 1 and last in context.people:
            found.append(
                _Candidate(floor + match.start(), context.people[last], "person", "")
            )
        else:
            name = _person_words(match[0].split())
            opens = _sentence_initial(window, match)
            # "Chirurg Koen Vermeulen leidt …": a word the text also writes
            # in lower case opens the sentence, not the name.
            common = bool(name) and name[0].lower() in context.lower_words
            if opens and common and len(name) >= 3:
                name, common = name[1:], False
            _, bare = split_portfolio("", " ".join(name))
            # A name opening its sentence is a name when a clause about it
            # follows ("Jacqueline Uwimana, who heads …", "X said …") or a
            # verb ("Claudine Mukamana has worked …"); not when another name
            # is joined to it ("Moses Kato and Peter Wasswa waited").
            initial = (
                len(name) == len(words)
                and opens
                and not _SUBJECT_AFTER.match(window, match.end())
                and (common or bool(_JOINED.match(window, match.end())))
            )
            appositive = re.match(
                r",|\s+(?:told|said|a dit|zei)\b", window[match.end() :]
            )
            # "the Petite Barrière", "at Goma Port": a place or a thing.
            if _PLACE_BEFORE.search(window, max(0, match.start() - 12), match.start()):
                continue
            alone = (
                appositive and window[: match.start()].rstrip().endswith(",")
            ) or bool(
                _FIRST_NAME_ONLY.match(window, match.end())
                or _NAMED_BEFORE.search(
                    window[max(0, match.start() - 20) : match.start()]
                )
            )
            if (
                bare
                and not set(fold(bare).split()) & _NOT_PERSON
                and (len(bare.split()) >= 2 or alone)
            ):
                found.append(
                    _Candidate(floor + match.start(), bare, "person", "", None, initial)
                )
    for role in _ROLE_MENTION.finditer(window):
        if _in_quote(floor + role.start(), context):
            continue
        mention = index.only_holder_before(
            index.by_title_word.get(fold(role["role"])), floor + role.start()
        )
        if mention is not None:
            found.append(
                _Candidate(floor + role.start(), mention.name, "person", role[0])
            )
    # A doubtful name sharing a word with a sure one is the same person's.
    sure = {
        word
        for candidate in found
        if not candidate.doubtful
        for word in fold(candidate.name).split()
    }
    found = [
        candidate
        for candidate in found
        if not (candidate.doubtful and set(fold(candidate.name).split()) & sure)
    ]
    found.sort(key=lambda candidate: candidate.at, reverse=True)
    once: dict[str, _Candidate] = {}
    for candidate in found:
        key = fold(_full_name(candidate.name, context))
        once.setdefault(key, candidate)
    return list(once.values())


_JOINED = re.compile(r"\s*(?:,|\s(?:and|et|en|&|or|ou|of))\s*[A-ZÀ-Ý]")
_SUBJECT_AFTER = re.compile(
    r",\s*(?:who|qui|die|\d|an?\s|the\s|le\s|la\s|l['’]|un\s|une\s|de\s|een\s)|"
    r"\s+(?:said|says|told|added|explained|a\s+(?:dit|déclaré)|zei|zegt)\b"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:the|at|in|on|from|to|near|across|of|into|à|au|aux|du|des|la|le|les|"
    r"vers|van|bij|naar|op|het|de)\s+$",
    re.I,
)
# "Aline, who fled …", "twelve-year-old Aline", "a teacher named Aline".
_FIRST_NAME_ONLY = re.compile(r",\s*(?:who|qui|die|aged|âgée?|\d)", re.I)
_NAMED_BEFORE = re.compile(r"(?:-old|named|nommée?|genaamd|prénommée?)\s+$", re.I)
_PERSON_LIKE = re.compile(
    r"(?<![\w\-'’])[A-ZÀ-Ý][\w'’\-]{1,40}"
    r"(?:[ \u00a0][A-ZÀ-Ý][\w'’\-]{1,40}){0,2}"
    # "Jan van den Berg", "Charles de Gaulle": particles before the last
    # word only; "… van Caritas" after a full name is where they work.
    r"(?:[ \u00a0](?:de|van|der|den|da|du|le|la|von|ten|ter)"
    r"(?:[ \u00a0](?:de|der|den|la|le))?[ \u00a0][A-ZÀ-Ý][\w'’\-]{1,40})?"
    r"(?![\w\-])"
)
_ORG_FOLDED = {fold(word) for word in ORG_WORDS}
_FUNCTION_WORDS = {
    "on", "in", "at", "of", "to", "for", "with", "by", "from", "and", "or", "that",
    "its", "their", "his", "her", "sur", "dans", "avec", "pour", "par", "et", "ou",
    "op", "met", "voor", "door", "bij", "uit", "en", "naar",
}  # fmt: skip
_ROLES_FOLDED = {fold(word) for word in ROLE_WORDS}
_NOT_PERSON = (
    {fold(word) for word in ORG_WORDS | STATE_WORDS | PORTFOLIO}
    | {
        "lake", "river", "mount", "north", "south", "east", "west", "province",
        "city", "street", "avenue", "airport", "market", "hospital", "school",
        "university", "nord", "sud", "lac", "ville", "rue", "marche", "hopital",
        "ecole", "congo", "rwanda", "burundi", "uganda", "kenya", "tanzania",
        "belgium", "belgique", "belgie", "europe", "africa", "afrique", "january",
        "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "kivu", "the", "le", "la",
        "les", "de", "het", "een",
    }
)  # fmt: skip
# Places, months and the like: not the name of a group either.
_NOT_A_BODY = _NOT_PERSON - _ORG_FOLDED


_ROLE_MENTION = re.compile(
    r"\b(?:the|la|le|l['’]|de|het)\s*(?P<role>"
    + "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
    + r")\b",
    re.I,
)


# A Dutch compound whose last part is a role: "Oppositieleider",
# "UNICEF-woordvoerster", "Partijvoorzitter" are titles, not names.
_ROLE_COMPOUND = re.compile(
    r"\w(?:leider|voorzitter|woordvoerder|woordvoerster|minister|directeur|"
    r"burgemeester|president|secretaris|topman|topvrouw|voorman|kopstuk|chef|"
    r"ambassadeur|gouverneur|commissaris|generaal|kolonel|deskundige|"
    r"onderzoeker|onderzoekster|professor|leader|spokesman|spokeswoman|"
    r"spokesperson)$"
)


def _person_words(words: list[str]) -> list[str]:
    """The words of a name without what leads it: "Twelve-year-old Aline" -> "Aline"."""
    first = 0
    while first < len(words) and (
        fold(words[first]) in _NOT_PERSON | _TITLE_WORDS | _NOT_NAMES
        or words[first].lower().endswith(("-old", "-jarige"))
        or _ROLE_COMPOUND.search(fold(words[first]))
    ):
        first += 1
    return words[first:]


def _in_quote(position: int, context: Context) -> bool:
    index = bisect.bisect_right(context.quoted, (position, 1 << 62)) - 1
    return index >= 0 and position < context.quoted[index][1]


def _pronoun(pronoun: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """The person a pronoun means: the nearest whose gender fits, if no other could."""
    if pronoun in PLURAL_PRONOUNS:
        return None
    wanted = PRONOUN_GENDER.get(pronoun, "")
    if (source := _unnamed_in_sentence_before(quote, context)) is not None:
        return replace(source, how=f"{how}: “{pronoun}” is {source.name}")
    if (subject := _speaker_of_sentence_before(quote, context)) is not None:
        # "His deputy, Father X, said he had counted … “…,” he said.": the
        # one who spoke in the sentence right before.
        known = context.genders.get(fold(subject.name)) or _gender_of(subject.title)
        if not (known and wanted and known != wanted):
            if wanted:
                context.genders.setdefault(fold(subject.name), wanted)
            return replace(
                subject,
                how=f"{how}: “{pronoun}” is {subject.name}, who spoke just before",
            )
    fitting = []
    for wide in (False, True):
        for candidate in _candidates(quote, context, wide=wide):
            known = context.genders.get(fold(candidate.name)) or _gender_of(
                candidate.title
            )
            if known and wanted and known != wanted:
                continue
            fitting.append((candidate, known))
        if fitting:
            break
    if not fitting:
        return _last_speaker_alone(pronoun, quote, context, how)
    chosen, known = fitting[0]
    if chosen.doubtful:
        return None
    own_paragraph = [
        candidate for candidate, _ in fitting if candidate.at >= quote.paragraph[0]
    ]
    # Two people the pronoun may mean: the editor decides. A known gender
    # settles it only when nobody else of that gender, or of none known, is near.
    rivals = [
        candidate
        for candidate, gender in fitting[1:]
        if not known or not gender or gender == known
    ]
    if rivals and own_paragraph != [chosen]:
        return None
    if chosen.speaker is not None:
        found = chosen.speaker
    else:
        full = _full_name(chosen.name, context)
        found = Speaker(full, "person", chosen.title, "")
    if wanted and not found.anonymous:
        context.genders.setdefault(fold(found.name), wanted)
    return replace(found, how=f"{how}: “{pronoun}” is {found.name}")


def _unnamed_in_sentence_before(quote: Quote, context: Context) -> Speaker | None:
    """ "His neighbour, a tailor who did not want her name printed, …. “…,” she
    said.": the unnamed source the sentence before opens with."""
    text = context.text
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start <= para_start or text[start : quote.open_at].strip():
        return None
    prev_start = sentence_start(text, max(start - 2, para_start), para_start)
    sentence = text[prev_start:start]
    anonymity = ANONYMITY.search(sentence)
    if anonymity is None or any(mark in sentence for mark in '"“”«»„'):
        return None
    # The description up to the anonymity clause: "His neighbour, a tailor".
    lead = re.split(r"\b(?:who|qui|die|that)\b", sentence[: anonymity.start()])[0]
    for part in reversed(lead.split(",")):
        if unnamed := _unnamed(part.strip(), anonymity=True):
            if _CAPITAL_WORD.search(part.strip()[1:]):
                return None
            return Speaker(unnamed, ANONYMOUS, "", "an unnamed source")
    return None


def _speaker_of_sentence_before(quote: Quote, context: Context) -> Speaker | None:
    """The person a speech verb has as subject in the sentence before the quote's.

    Only when the quote opens its sentence, in the same paragraph.
    """
    text = context.text
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start <= para_start or text[start : quote.open_at].strip():
        return None
    prev_start = sentence_start(text, max(start - 2, para_start), para_start)
    sentence = text[prev_start:start]
    if any(mark in sentence for mark in '"“”«»„'):
        return None
    verb = _BEFORE_VERB.search(sentence)
    if verb is None or verb["verb"].lower() in {"called", "described", "went on"}:
        return None
    who = _last_subject_chunk(sentence[: verb.start()].strip())
    words = who.lower().split()
    if not words or words[0] in PRONOUNS | PLURAL_PRONOUNS | {"it", "they"}:
        return None
    found = _resolve(who, "", quote, context, f"{who} {verb['verb']} …")
    if found is None or found.kind not in ("person", ANONYMOUS):
        return None
    return found


def _last_speaker_alone(
    pronoun: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    """With nobody named nearby, the last person who spoke, if nobody since."""
    person = context.last_person
    if person is None:
        return None
    index = context.index
    count = index.persons_before(quote.open_at)
    if index.someone_else_since(person[0], person[1].name, count):
        return None
    wanted = PRONOUN_GENDER.get(pronoun, "")
    known = context.genders.get(fold(person[1].name)) or _gender_of(person[1].title)
    if known and wanted and known != wanted:
        return None
    speaker = person[1]
    return replace(speaker, how=f"{how}: “{pronoun}” is {speaker.name}")


def _full_name(name: str, context: Context) -> str:
    """The fullest form of a name the text gives: "Prevot" -> "Maxime Prevot"."""
    fullest = context.index.fullest(name)
    if fullest == name and len(name.split()) == 1:
        return context.people.get(fold(name), name)
    return fullest


def _resolve(
    who: str, appos: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    # "the East African Community (EAC)": the name, not its acronym too.
    who = _without_affiliation(_ACRONYM_TAIL.sub("", who.strip(" ,.;:\u00a0")))
    if not who or len(who.split()) > 10:
        return None
    words_in = who.split()
    while len(words_in) > 1 and (
        words_in[-1].lower() in TRAILING_ADVERBS or words_in[-1].endswith("ly")
    ):
        words_in.pop()
    if len(words_in) > 1 and words_in[0].lower() in PRONOUNS | PLURAL_PRONOUNS | {"it"}:
        words_in.pop(0)
    who = " ".join(words_in)
    lowered = who.lower()
    # « selon lui », "according to her", "volgens hem": the pronoun's person.
    lowered = _OBJECT_FORMS.get(lowered, lowered)
    if lowered in PRONOUNS | PLURAL_PRONOUNS:
        return _pronoun(lowered, quote, context, how)
    if unnamed := _unnamed(who):
        return Speaker(unnamed, ANONYMOUS, "", f"{how}: an unnamed source")
    if _ONE_OF_THEM.match(who):
        # « l'un d'eux », "one of them": unnamed by definition.
        return Speaker(who, ANONYMOUS, "", f"{how}: an unnamed source")
    if again := _unnamed_again(who, quote, context):
        return Speaker(again, ANONYMOUS, "", f"{how}: the unnamed source before")
    bare = ARTICLES.sub("", who)
    # « l'ONG Human Rights Watch », "the NGO Kivu Watch": the name.
    bare = re.sub(r"^(?:ONG|NGO|ngo|ong)\s+(?=[A-ZÀ-Ý])", "", bare)
    bare_folded = fold(bare)
    words = bare_folded.split()
    if not words:
        return None
    head = words[-1]
    if head in STATEMENT_WORDS:
        issuer = context.statement_issuer
        if issuer is None:
            return None
        return Speaker(
            issuer.name,
            issuer.kind,
            issuer.title,
            f"{how}: the {head} is {issuer.name}'s",
        )
    if described := _POSSESSIVE_DESCRIBED.match(who):
        # "Zijn collega Lieve Claes", "Her neighbour John Doe".
        name = described["name"]
        return Speaker(
            _full_name(name, context), "person", described["what"].strip(), how
        )
    if titled := _titled_name(bare):
        title, name = split_portfolio(*titled)
        name = _TITLE_PREFIX.sub("", name) if _TITLE_PREFIX.match(name) else name
        full = _full_name(name, context)
        return Speaker(full, "person", title, how)
    if bare[:1].islower():
        # "said driver Moses Kato", « a dit l'agriculteur Jean Mugabo »,
        # "aldus visser Pieter Claes": a description, then a full name.
        described = _DESCRIBED.fullmatch(bare)
        if described and not set(fold(described["name"]).split()) & _NOT_PERSON:
            name = described["name"]
            return Speaker(
                _full_name(name, context), "person", described["what"].strip(), how
            )
        if head in GENERIC or bare_folded in GENERIC:
            return None
        grouped = _GROUP_NAMED.fullmatch(bare)
        if grouped and not set(fold(grouped["name"]).split()) & _NOT_A_BODY:
            # « le collectif Santé pour Tous », "the rights group Kivu Watch".
            return Speaker(grouped["name"], "organisation", "", how)
        if head in _ROLES_FOLDED:
            return _by_title(head, quote, context, how)
        if (words[0] in _ROLES_FOLDED or words[0] in UNNAMED) and len(words) > 1:
            # "the spokesman for the army", « le porte-parole de l'armée »:
            # a person of the body, not the body itself.
            if words[0] in _ROLES_FOLDED:
                return _by_title(words[0], quote, context, how)
            return None
        if head in _ORG_FOLDED:
            if len(words) == 1:
                return _by_org_head(head, quote, context, how)
            if words[0] in _FUNCTION_WORDS:
                return None  # "on army", "in the army": words, not a body
            return Speaker(bare, "organisation", "", how)
        return None
    title_match = _TITLE_PREFIX.match(bare)
    title = appos.strip()
    if title_match:
        title = (title_match[0].strip() + (", " + title if title else "")).strip(", ")
        bare = bare[title_match.end() :]
    name_words = {word.lower() for word in bare.split()}
    if name_words & ORG_WORDS:
        if len(bare.split()) == 1:
            return _by_org_head(fold(bare), quote, context, how)
        return Speaker(bare, "organisation", title, how)
    if not re.fullmatch(NAME, bare):
        return None
    index = context.index
    by_name = index.first_by_folded.get(fold(bare))
    by_acronym = index.first_by_acronym.get(bare)
    known = sorted(
        (m for m in (by_name, by_acronym) if m is not None), key=lambda m: m.start
    )
    if known and known[0].kind != "person":
        name = _ACRONYM_TAIL.sub("", known[0].name)
        return Speaker(name, known[0].kind, title, how)
    full = _full_name(bare, context)
    if not title:
        title = index.first_title.get(full, "")
    kind = "person" if (len(full.split()) >= 2 or title or full != bare) else "unknown"
    return Speaker(full, kind, title, how)


_AFFILIATION = re.compile(
    r"\s(?:van|of|from|at|bij|uit|de|du|des|d['’])\s*"
    r"(?=(?:(?:de|het|the|la|le|les)\s+|l['’]\s*)?[A-ZÀ-Ý])"
)
_ENDS_CAPITALISED = re.compile(r"\S\s+(?:\S+\s+)*?[A-ZÀ-Ý][\w'’\-]+$")


def _without_affiliation(who: str) -> str:
    """ "professor Filip Reyntjens van de Universiteit Antwerpen" -> the person.

    Where a person works, after their full name: with an article ("van de
    Universiteit …", « de l'hôpital de Panzi ») or a name of two words ("van
    Caritas Vlaanderen"); not a particle of the name ("Nicolas de Rivière").
    """
    for match in _AFFILIATION.finditer(who):
        head, tail = who[: match.start()], who[match.end() :]
        last = head.split()[-1] if head.split() else ""
        if not _ENDS_CAPITALISED.search(head) or fold(last) in _TITLE_WORDS:
            continue
        if set(fold(head).split()) & _NOT_PERSON:
            return who  # a body's name: "Mission … of the Congo"
        if (
            re.match(r"(?:de|het|the|la|le|les)\s|l['’]", tail)
            or len(re.findall(r"(?<!\S)[A-ZÀ-Ý]", tail)) >= 2
            or set(fold(tail).split()) & _ORG_FOLDED
        ):
            return head
    return who


@lru_cache(maxsize=256)
def _role_then_name(role: str) -> re.Pattern[str]:
    """A role word followed closely by a full name: "la ministre des Finances, X Y"."""
    return re.compile(
        rf"\b{re.escape(role)}s?\b[^.!?\"“”«»„\n]{{0,40}}?"
        r"(?P<name>[A-ZÀ-Ý][\w'’\-]{1,40}[ \t\u00a0]{1,10}[A-ZÀ-Ý][\w'’\-]{1,40})",
        re.IGNORECASE,
    )


_DESCRIBED = re.compile(
    r"(?P<what>(?:[a-zà-ÿ][\w'’\-]{0,40}[ \t\u00a0]{1,10}){1,3})"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]{1,40}(?:[ \t\u00a0]{1,10}(?:(?:van|de|der|den|du|da)"
    r"[ \t\u00a0]{1,10})?[A-ZÀ-Ý][\w'’\-]{1,40}){1,2})"
)
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’\-]{0,40}\.?")
_GROUP_NAMED = re.compile(
    r"(?:[a-zà-ÿ\-]+\s+){0,2}(?:collectif|collective|association|ong|ngo|group|"
    r"groupe|plateforme|platform|coalition|réseau|network|syndicat|union|party|"
    r"parti|partij|vereniging|organisatie|organisation|organization|campaign|"
    r"campagne|movement|mouvement|beweging)\s+"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]*(?:\s+(?:pour|for|de|du|des|la|le|van|voor|of|"
    r"the|et|and|en)?\s*[A-ZÀ-Ý][\w'’\-]*){0,5})"
)
_POSSESSIVE_DESCRIBED = re.compile(
    r"^(?:[Zz]ijn|[Hh]aar|[Hh]un|[Hh]is|[Hh]er|[Tt]heir|[Ss]on|[Ss]a|[Ll]eur)\s+"
    r"(?P<what>(?:[a-zà-ÿ][\w\-]{0,40}\s+){1,3})"
    rf"(?P<name>{NAME})$"
)
_PARTICLE = {"de", "van", "der", "den", "da", "du", "le", "la", "von", "d'", "ter"}
_PREPOSITIONS = {
    "of", "for", "to", "at", "in", "van", "voor", "bij", "de", "du", "des", "d'",
    "pour", "au", "aux", "à",
}  # fmt: skip


def _titled_name(bare: str) -> tuple[str, str] | None:
    """ "Enabel-directeur voor Oeganda Karin Peeters" -> (title, "Karin Peeters").

    The name is the last two or three capitalised words (particles between),
    never the object of a preposition of the title, and the title before it
    has a role word.
    """
    words = bare.split()
    for size in (3, 2, 4, 1):
        if len(words) <= size:
            continue
        name, title = words[-size:], words[:-size]
        if not (_NAME_WORD.fullmatch(name[0]) and _NAME_WORD.fullmatch(name[-1])):
            continue
        if not all(_NAME_WORD.fullmatch(w) or w.lower() in _PARTICLE for w in name):
            continue
        if title[-1].lower() in _PREPOSITIONS or fold(name[0]) in _TITLE_WORDS:
            continue
        roles = re.findall(r"[^\W\d_]+", " ".join(title).lower())
        if any(word in ROLE_WORDS for word in roles) or any(
            _ROLE_COMPOUND.search(fold(word)) for word in title
        ):
            return " ".join(title), " ".join(name)
    return None


def body_speaker(who: str, quote: Quote, context: Context) -> Speaker | None:
    """The body a statement reported without marks is from: "the ministry" …"""
    if re.match(r"(?:its|his|her|their|son|sa|ses|zijn|haar|hun)\s", who, re.I):
        return None  # "her ministry": whose is for the editor to say
    how = f"{who} (in the reporter's words)"
    found = _resolve(who, "", quote, context, how)
    if found is None or found.kind not in ("organisation", "state"):
        bare = ARTICLES.sub("", who.strip())
        # "le ministère de la Santé", "MONUSCO": the body as the text names it;
        # not "the agency" alone, which is whichever agency was named before.
        if not (len(bare.split()) >= 2 or bare[:1].isupper()):
            return None
        bare = _ACRONYM_TAIL.sub("", bare)
        found = Speaker(bare, "organisation", "", how)
    return replace(found, where=(quote.open_at, quote.close_at))


_ACRONYM_TAIL = re.compile(r"\s*\([A-Z][A-Za-z0-9]{1,9}\)$")


# What the text says of a source it does not name.
ANONYMITY = re.compile(
    r"not to be (?:named|identified)|not authori[sz]ed to speak|on condition of "
    r"anonymity|declined to (?:be named|give (?:his|her|their) name)|requested "
    r"anonymity|under cover of anonymity|sous (?:le )?couvert (?:de l['’])?anonymat|"
    r"pas voulu (?:donner son nom|être nommée?|être identifiée?)|requis l['’]anonymat|"
    r"anoniem (?:wil|wilde) blijven|niet met naam|"
    r"(?:not|n't) want (?:his|her|their) name|garder l['’]anonymat|"
    r"naam niet (?:in de krant|genoemd|bekend)",
    re.I,
)


_ONE_OF = re.compile(
    r"^(one|l['’]une?|une?|een)\s+(?:of the|of|des|d['’]entre eux|van de)\s+", re.I
)


def _unnamed(who: str, *, anonymity: bool = False) -> str:
    """ "a diplomat who asked not to be named" as it stands, when nobody is named.

    "the official" is a role named before, unless the text says the source is
    not named (``anonymity``).
    """
    said = " ".join(who.split())[:200]
    # "one of the diplomats", « l'un des habitants », "een van de bewoners".
    who = _ONE_OF.sub(r"\1 ", who.strip())
    core = UNNAMED_TAIL.sub("", who)
    words = fold(core).split()
    # With a word on anonymity, any common noun describes the source.
    described = anonymity and bool(re.search(r"(?<!\S)[a-zà-ÿ][\w\-]+\s*$", core))
    if (
        len(words) == 3
        and re.match(r"(?:une?|des|plusieurs)\s", core.strip(), re.I)
        and words[1] in UNNAMED
        and words[2][:1].isalpha()
        and core.split()[-1][:1].islower()
    ):
        # « une source hospitalière », « un diplomate occidental »: the
        # adjective after the noun.
        words = words[:2]
    if not words or (words[-1] not in UNNAMED and not described):
        return ""
    plural = words[-1].endswith(("s", "x", "en")) and words[-1] not in {
        "source",
        "bron",
        "temoin",
        "villageois",
        "ambtenaar",
        "analist",
        "arts",
    }
    if not (plural or anonymity or INDEFINITE.match(core)):
        return ""  # "the spokesman": a role named before
    return said


_ONE_OF_THEM = re.compile(
    r"^(?:l['’]une?|one|een|un|une)\s+(?:d['’]eux|d['’]elles|d['’]entre eux|"
    r"d['’]entre elles|of them|van hen)$",
    re.I,
)
# "a diplomat", "a local official", « un diplomate occidental ».
_INTRODUCED = re.compile(
    r"\b(?:an?|one|een|une?)\s+([\w\-]+)(?:\s+([\w\-]+))?", re.IGNORECASE
)
_APPOSED_NAME = re.compile(
    r"[^.;:\"“”«»„]{0,60}?,\s*[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+)+\s*,"
)
_OBJECT_FORMS = {
    "lui": "il", "him": "he", "her": "she", "hem": "hij", "haar": "zij", "eux": "ils",
    "them": "they",
}  # fmt: skip
_DEFINITE = re.compile(r"^(?:the|de|het|le|la|l['’])\s*", re.I)


def _unnamed_again(who: str, quote: Quote, context: Context) -> str:
    """ "the diplomat" after "a diplomat … said": the same unnamed source.

    Only when the text introduced that source without a name a little
    before, and names nobody with that word as a title.
    """
    definite = _DEFINITE.match(who.strip())
    if definite is None:
        return ""
    words = fold(who.strip()[definite.end() :]).split()
    if len(words) != 1 or words[0] not in UNNAMED:
        return ""
    noun = words[0]
    if context.index.by_title_word.get(noun):
        return ""
    floor = max(0, quote.open_at - 2 * MAX_SENTENCE_CHARS)
    before = context.text[floor : quote.open_at]
    introductions = [
        match.end(1) if fold(match[1]) == noun else match.end(2)
        for match in _INTRODUCED.finditer(before)
        if noun in (fold(match[1]), fold(match[2] or ""))
    ]
    if not introductions or _APPOSED_NAME.match(before, introductions[-1]):
        # Never introduced, or named right after: "an official, Jean Doe,".
        return ""
    # "an official, John Doe, said …": named after all, and whoever is named
    # between may be meant.
    index = context.index
    if index.persons_before(quote.open_at) != index.persons_before(
        floor + introductions[-1]
    ):
        return ""
    return who.strip()


def _by_title(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the minister" -> the last person named before with that title."""
    index = context.index
    mention = index.only_holder_before(index.by_title_word.get(head), quote.open_at)
    if mention is None:
        return None
    full = _full_name(mention.name, context)
    # "… a reçu la ministre des Finances, Claire Uwimana": a second holder the
    # list of names missed, between the first and the quote.
    floor = max(mention.end, quote.open_at - 2 * MAX_SENTENCE_CHARS)
    holder = set(fold(full).split())
    for other in _role_then_name(head).finditer(context.text, floor, quote.open_at):
        if not set(fold(other["name"]).split()) & holder:
            return None
    return Speaker(full, "person", mention.title, f"{how}: the {head} is {full}")


def _by_org_head(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the Council" -> the last organisation named before whose name has that word."""
    index = context.index
    mention = index.last_before(index.by_org_word.get(head), quote.open_at)
    if mention is None or quote.open_at - mention.end > 2 * MAX_SENTENCE_CHARS:
        return None  # named too far back to be sure
    return Speaker(
        mention.name, mention.kind, "", f"{how}: the {head} is {mention.name}"
    )
