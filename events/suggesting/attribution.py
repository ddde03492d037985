"""Find who a quote is attributed to, only as far as the text supports it.

Patterns read around the quote: "…," X said / said X / X told … / X wrote
on social media / according to X / X said: "…" / …, stating, "…"; French
« … », a déclaré X / a affirmé / a indiqué / selon X / a-t-il ajouté. A
pronoun ("he", « il ») or a title ("the minister") refers back to a person
named before; "the statement said" to whoever issued the statement. A quote
with no attribution of its own continues the quote before it in the same
paragraph. Anything else is left for the editor: no speaker is guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.names import NAME, ORG_WORDS, ROLE_WORDS, TITLES, NameMention
from events.suggesting.quotes import Quote
from sources.folding import fold as _fold_uncached

# Attribution compares each quote's speaker with every name of the text:
# folding each name once keeps a long text linear instead of quadratic.
fold = lru_cache(maxsize=100_000)(_fold_uncached)

_VERBS_EN = (
    r"said|says|say|stated|states|added|adds|told|tells|wrote|writes|declared|"
    r"warned|urged|noted|insisted|explained|continued|argued|asked|tweeted|posted|"
    r"announced|stressed|emphasi[sz]ed|underscored|remarked|replied|responded|"
    r"recalled|acknowledged|admitted|claimed|charged|complained|conceded|concluded|"
    r"confirmed|reiterated|maintained|described|called|accused|pledged|vowed|"
    r"lamented|cautioned|observed|suggested|demanded|pointed out|went on"
)
_VERBS_FR = (
    r"(?:a|avait|ont|avaient)\s+(?:notamment\s+|également\s+|aussi\s+|encore\s+)?"
    r"(?:déclaré|affirmé|indiqué|ajouté|dit|souligné|précisé|expliqué|estimé|assuré|"
    r"insisté|martelé|lancé|réagi|écrit|rappelé|averti|dénoncé|confié|annoncé|"
    r"poursuivi|prévenu|fait valoir|fait savoir|commenté|regretté|jugé|tweeté|"
    r"témoigné|répondu|raconté|confirmé|reconnu|annoncé)|"
    r"déclare|affirme|indique|ajoute|souligne|estime|explique|précise|assure|"
    r"poursuit|martèle|lance|écrit|rappelle|dénonce|insiste"
)
VERBS = rf"(?:{_VERBS_EN}|{_VERBS_FR})"
_PARTICIPLES = (
    r"stating|saying|adding|writing|declaring|warning|noting|insisting|explaining|"
    r"en déclarant|déclarant|affirmant|ajoutant|estimant|soulignant|expliquant|"
    r"assurant|précisant|indiquant"
)
_PRONOUNS = {"he", "she", "il", "elle"}
_PLURAL_PRONOUNS = {"they", "ils", "elles"}
_STATEMENT_WORDS = {
    "statement", "communiqué", "communique", "release", "declaration",
    "déclaration", "note", "letter", "lettre", "post", "message", "resolution",
    "résolution", "text", "texte",
}  # fmt: skip
_GENERIC = {
    "officials", "sources", "source", "witnesses", "witness", "residents",
    "resident", "analysts", "analyst", "experts", "expert", "observers",
    "diplomats", "diplomat", "official", "people", "critics", "reports",
    "autorités", "témoins", "témoin", "responsable", "responsables", "habitants",
    "analystes", "observateurs", "diplomates", "diplomate", "one", "someone",
    "many", "others", "some", "government", "gouvernement",
}  # fmt: skip
_ADVERBS = {
    "however", "meanwhile", "also", "too", "in turn", "for his part",
    "for her part", "for its part", "pour sa part", "cependant", "toutefois",
    "quant à lui", "quant à elle", "de son côté", "in response", "en réponse",
    "in a statement", "dans un communiqué", "later", "then", "again", "",
}  # fmt: skip
_TRAILING_ADVERBS = {
    "also", "further", "again", "later", "then", "once", "however", "too",
    "aussi", "également", "encore", "notamment", "ensuite",
}  # fmt: skip
_ARTICLES = re.compile(r"^(?:(?:the|a|an|le|la|les|un|une)\s+|l['’]\s*)", re.I)
_TITLE_PREFIX = re.compile(rf"^(?:(?:[A-Z][\w\-]+\s+)?(?:{TITLES})\s+)+(?={NAME})")

_AFTER_INVERTED = re.compile(
    r"^(?:a|avait|ont)-t-(?P<pro>il|elle|ils|elles)\s+\w+"
    r"|^(?:ajoute|poursuit|explique|précise|insiste|déclare|affirme|estime|souligne|"
    r"dit|assure|lance|martèle|conclut|note|rappelle)-t?-?(?P<pro2>il|elle|ils|elles)\b",
    re.I,
)
_AFTER_ACCORDING = re.compile(
    r"^(?:according to|selon)\s+(?P<who>[^,.;:!?\"“”«»]{2,120})", re.I
)
_AFTER_SUBJECT_VERB = re.compile(
    rf"^(?P<who>[^,.;:!?\"“”«»]{{1,120}}?)"
    rf"(?:,\s*(?P<appos>[^\"“”«»]{{2,300}}?),)?\s+"
    rf"(?:(?:also|later|further|then|again|had|has|have|has also|had also)\s+)*"
    rf"(?P<verb>{VERBS})\b(?P<tail>[^\"“”«»]*)",
    re.I,
)
_AFTER_VERB_SUBJECT = re.compile(
    rf"^(?P<verb>{VERBS})\s+"
    # Whom it was said to comes first in French: « a déclaré à l'AFP X ».
    r"(?:(?:à|au|aux)\s+(?:l['’]|la\s+|le\s+|les\s+)?[A-Z][\w\-]*\s+)?"
    rf"(?P<who>[^,.;:!?\"“”«»()]{{2,160}}?)"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:in|on|at|to|during|after|before|lors|dans|à|au|devant|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|who|qui)\b))",
    re.I,
)
_BEFORE_ACCORDING = re.compile(
    r"(?:according to|selon)\s+(?P<who>[^.;:!?\"“”«»]{2,200}?)\s*[,:]?\s*$", re.I
)
_BEFORE_VERB = re.compile(rf"\b(?P<verb>{VERBS})\b", re.I)
_BEFORE_PARTICIPLE = re.compile(
    rf"\b(?:{_PARTICIPLES})\b\s*[,:]?\s*(?:that\s+|que\s+)?$", re.I
)


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to, and what in the text says so."""

    name: str
    kind: str  # person, organisation, unknown
    title: str
    how: str


@dataclass
class Context:
    """What the attribution of earlier quotes and the names so far establish."""

    names: list[NameMention]
    last_speaker: Speaker | None = None
    last_person: tuple[int, Speaker] | None = None
    statement_issuer: Speaker | None = None
    # The article's text, for what a rule needs to read around a quote.
    text: str = ""
    _index: NameIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex(self.names)
        return self._index


def _keep_first_longest(
    best: dict[str, NameMention], key: str, mention: NameMention
) -> None:
    if key not in best or len(mention.name) > len(best[key].name):
        best[key] = mention


class NameIndex:
    """The names of a text, ready for the questions attribution asks of them.

    Every quote asks who was named last, the fullest form of a name, who
    holds a title: answered by reading every name of the text again, a text
    with many quotes and names would take quadratic time.
    """

    def __init__(self, names: list[NameMention]) -> None:
        # Names do not overlap and come in order, so their ends are in order.
        self.persons = [m for m in names if m.kind == "person"]
        self.person_starts = [m.start for m in self.persons]
        self.person_ends = [m.end for m in self.persons]
        self.first_by_folded: dict[str, NameMention] = {}
        self.first_by_acronym: dict[str, NameMention] = {}
        self.first_title: dict[str, str] = {}
        for mention in names:
            self.first_by_folded.setdefault(fold(mention.name), mention)
            if mention.acronym:
                self.first_by_acronym.setdefault(mention.acronym, mention)
            if mention.title:
                self.first_title.setdefault(mention.name, mention.title)
        # The fullest person's name by its last word, and by every ending of
        # it ("agame" finds "Paul Kagame", as ``str.endswith`` did).
        self.longest: NameMention | None = None
        self.by_last_word: dict[str, NameMention] = {}
        self.by_ending: dict[str, NameMention] = {}
        self.by_title_word: dict[str, list[NameMention]] = {}
        for mention in self.persons:
            if self.longest is None or len(mention.name) > len(self.longest.name):
                self.longest = mention
            words = fold(mention.name).split()
            if words:
                last = words[-1]
                _keep_first_longest(self.by_last_word, last, mention)
                for cut in range(len(last)):
                    _keep_first_longest(self.by_ending, last[cut:], mention)
            title = fold(mention.title)
            for word in {*title.replace("-", " ").split(), title}:
                self.by_title_word.setdefault(word, []).append(mention)
        self.by_org_word: dict[str, list[NameMention]] = {}
        for mention in names:
            if mention.kind != "person":
                for word in set(fold(mention.name).split()):
                    self.by_org_word.setdefault(word, []).append(mention)
        self._ends = {
            id(mentions): [m.end for m in mentions]
            for mentions in (*self.by_title_word.values(), *self.by_org_word.values())
        }
        self._since: dict[tuple[int, str], list[int | None]] = {}

    def fullest(self, name: str) -> str:
        """The longest person's name ending like ``name``, or ``name`` itself."""
        words = fold(name).split()
        if not words:
            found = self.longest
        elif len(words) == 1:
            found = self.by_ending.get(words[0])
        else:
            found = self.by_last_word.get(words[-1])
        return found.name if found and len(found.name) > len(name) else name

    def persons_before(self, position: int) -> int:
        """How many person's names end at or before ``position``."""
        return bisect.bisect_right(self.person_ends, position)

    def someone_else_since(self, start: int, speaker: str, count: int) -> bool:
        """Whether a person other than ``speaker`` is named after ``start``.

        Only the first ``count`` persons' names count; a name that ends the
        speaker's ("Kagame" for "Paul Kagame") is the speaker again.
        """
        spoken = fold(speaker)
        scan = self._since.setdefault(
            (start, spoken), [bisect.bisect_right(self.person_starts, start), None]
        )
        while scan[1] is None and scan[0] < count:
            if not spoken.endswith(fold(self.persons[scan[0]].name)):
                scan[1] = scan[0]
            else:
                scan[0] += 1
        return scan[1] is not None and scan[1] < count

    def last_before(
        self, mentions: list[NameMention] | None, position: int
    ) -> NameMention | None:
        """The last of ``mentions`` (in text order) that ends by ``position``."""
        if not mentions:
            return None
        index = bisect.bisect_right(self._ends[id(mentions)], position)
        return mentions[index - 1] if index else None


_SENTENCE_BREAK = re.compile(r"[.!?](?:[\"”»’])?\s+(?=[A-Z“\"«À-Ý])")
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
    after = after.lstrip(" ,\u00a0\u202f)—–-")
    floor = (
        previous.close_at
        if previous and previous.paragraph == quote.paragraph
        else para_start
    )
    before = text[sentence_start(text, quote.open_at, floor) : quote.open_at]

    speaker = _from_after(after, quote, context) or _from_before(before, quote, context)
    prior = context.last_speaker
    continues = (
        speaker is None
        and prior is not None
        and previous is not None
        and previous.paragraph == quote.paragraph
        and not after.strip(" .")
        and not before.strip()
    )
    if continues and prior is not None:
        speaker = Speaker(
            prior.name, prior.kind, prior.title, "continues the quote before"
        )
    if speaker is not None:
        _remember(speaker, quote, after + " " + before, context)
    return speaker


def _remember(speaker: Speaker, quote: Quote, around: str, context: Context) -> None:
    context.last_speaker = speaker
    if speaker.kind == "person":
        context.last_person = (quote.start, speaker)
    lowered = around.lower()
    issues_statements = (
        "statement" in lowered
        or "communiqué" in lowered
        or speaker.kind == "organisation"
    )
    if issues_statements and not set(fold(speaker.name).split()) & _STATEMENT_WORDS:
        context.statement_issuer = speaker


def _from_after(after: str, quote: Quote, context: Context) -> Speaker | None:
    if not after:
        return None
    if match := _AFTER_INVERTED.match(after):
        pronoun = (match["pro"] or match["pro2"]).lower()
        return _pronoun(pronoun, quote, context, f"« …, {match[0]} »")
    if match := _AFTER_ACCORDING.match(after):
        return _resolve(match["who"], "", quote, context, f"“…,” {match[0]}")
    if match := _AFTER_VERB_SUBJECT.match(after):
        who = match["who"]
        # "…," said a spokesman for the army, John Doe. / a déclaré un
        # responsable de la société civile, Espoir Bulambo.
        named = re.match(rf"\s*,\s*(?P<name>{NAME})\s*(?:[.;]|$)", after[match.end() :])
        if named and re.match(r"(?:an?|the|un|une|le|la|l['’])\s", who, re.I):
            return _resolve(
                named["name"],
                who,
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


def _from_before(before: str, quote: Quote, context: Context) -> Speaker | None:
    stripped = before.rstrip()
    if not stripped:
        return None
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
        return None
    verb = verbs[-1]
    subject_text = stripped[: verb.start()].strip()
    who = _last_subject_chunk(subject_text)
    if not who:
        return None
    return _resolve(who, "", quote, context, f"{who} {verb['verb']} … “…”")


def _leading_subject(sentence: str) -> str:
    match = re.match(
        rf"^(?:(?:the|The|Le|La|Les)\s+)?(?:{NAME}|he|she|il|elle|He|She|Il|Elle)",
        sentence,
    )
    return match[0] if match else ""


def _last_subject_chunk(subject: str) -> str:
    chunks = [chunk.strip() for chunk in subject.split(",")]
    for chunk in reversed(chunks):
        if chunk.lower() in _ADVERBS:
            continue
        if len(chunk.split()) > 10:
            return ""
        return chunk
    return ""


def _pronoun(pronoun: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    if pronoun in _PLURAL_PRONOUNS:
        return None
    person = context.last_person
    index = context.index
    count = index.persons_before(quote.open_at)
    if person is not None and index.someone_else_since(
        person[0], person[1].name, count
    ):
        # Someone else was named since the last speaker: the pronoun is the
        # last speaker only if the quote's own paragraph names them again
        # (read back at most a sentence's length).
        lead_start = max(quote.paragraph[0], quote.open_at - MAX_SENTENCE_CHARS)
        lead = fold(context.text[lead_start : quote.open_at])
        surname = fold(person[1].name).split()[-1:]
        if not surname or surname[0] not in re.findall(r"[\w'’\-]+", lead):
            return None
    if person is None and count:
        mention = index.persons[count - 1]
        full = _full_name(mention.name, context)
        return Speaker(full, "person", mention.title, f"{how}: “{pronoun}” is {full}")
    if person is None:
        return None
    speaker = person[1]
    return Speaker(
        speaker.name, "person", speaker.title, f"{how}: “{pronoun}” is {speaker.name}"
    )


def _full_name(name: str, context: Context) -> str:
    """The fullest form of a name the text gives: "Prevot" -> "Maxime Prevot"."""
    return context.index.fullest(name)


def _resolve(
    who: str, appos: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    who = who.strip(" ,.;:\u00a0")
    if not who or len(who.split()) > 10:
        return None
    words_in = who.split()
    while len(words_in) > 1 and (
        words_in[-1].lower() in _TRAILING_ADVERBS or words_in[-1].endswith("ly")
    ):
        words_in.pop()
    if len(words_in) > 1 and words_in[0].lower() in _PRONOUNS | _PLURAL_PRONOUNS | {
        "it"
    }:
        words_in.pop(0)
    who = " ".join(words_in)
    lowered = who.lower()
    if lowered in _PRONOUNS | _PLURAL_PRONOUNS:
        return _pronoun(lowered, quote, context, how)
    bare = _ARTICLES.sub("", who)
    bare_folded = fold(bare)
    words = bare_folded.split()
    if not words:
        return None
    head = words[-1]
    if head in _STATEMENT_WORDS:
        issuer = context.statement_issuer
        if issuer is None:
            return None
        return Speaker(
            issuer.name,
            issuer.kind,
            issuer.title,
            f"{how}: the {head} is {issuer.name}'s",
        )
    titled = re.match(rf"^(?P<title>.*?\S)\s+(?P<name>{NAME})$", bare)
    if titled and any(
        word in ROLE_WORDS for word in re.findall(r"[\w\-]+", titled["title"].lower())
    ):
        title = titled["title"].strip()
        name = titled["name"]
        name = _TITLE_PREFIX.sub("", name) if _TITLE_PREFIX.match(name) else name
        full = _full_name(name, context)
        return Speaker(full, "person", title, how)
    if bare[:1].islower():
        if head in _GENERIC or bare_folded in _GENERIC:
            return None
        if head in {fold(word) for word in ROLE_WORDS}:
            return _by_title(head, quote, context, how)
        if head in {fold(word) for word in ORG_WORDS}:
            if len(words) == 1:
                return _by_org_head(head, quote, context, how)
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
        return Speaker(known[0].name, known[0].kind, title, how)
    full = _full_name(bare, context)
    if not title:
        title = index.first_title.get(full, "")
    kind = "person" if (len(full.split()) >= 2 or title or full != bare) else "unknown"
    return Speaker(full, kind, title, how)


def _by_title(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the minister" -> the last person named before with that title."""
    index = context.index
    mention = index.last_before(index.by_title_word.get(head), quote.open_at)
    if mention is None:
        return None
    full = _full_name(mention.name, context)
    return Speaker(full, "person", mention.title, f"{how}: the {head} is {full}")


def _by_org_head(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the Council" -> the last organisation named before whose name has that word."""
    index = context.index
    mention = index.last_before(index.by_org_word.get(head), quote.open_at)
    if mention is None:
        return None
    return Speaker(
        mention.name, mention.kind, "", f"{how}: the {head} is {mention.name}"
    )
