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
from dataclasses import replace

from events.suggesting.clauses import (
    AFTER_SUBJECT_VERB,
    AFTER_VERB_SUBJECT,
    BEFORE_PARTICIPLE,
    DAY_WORDS,
    INVERTED,
    after_circumstance,
    from_after,
    from_before,
    leading_subject,
    speech_subject,
)
from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.nameindex import fold
from events.suggesting.names import _NOT_NAMES as _NOT_NAMES
from events.suggesting.naming import (
    ANONYMITY,
    CAPITAL_WORD,
    NOT_PERSON,
    PERSON_LIKE,
    TITLE_WORDS,
    gender_of,
    person_words,
    sentence_initial,
    unnamed_source,
)
from events.suggesting.quotes import Quote
from events.suggesting.resolving import (
    BEFORE_VERB,
    resolve,
)
from events.suggesting.speakers import (
    ANONYMOUS,
    Context,
    Speaker,
    full_name,
    in_quote,
    sentence_end,
    sentence_start,
)
from events.suggesting.speechwords import (
    PRONOUN_GENDER,
    PRONOUNS,
    STATEMENT_WORDS,
)


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

    speaker = from_after(after, quote, context) or from_before(before, quote, context)
    if speaker is not None:
        speaker = replace(speaker, where=(before_start, after_end))
    if speaker is None and not after.strip(" .") and not before.strip():
        # Nothing around the marks: the words inside them may say who.
        speaker = _from_incise(text, quote, context)
    prior = context.previous_speaker
    bare = not after.strip(" .") and not before.strip()
    same_paragraph = previous is not None and previous.paragraph == quote.paragraph
    if speaker is None and prior is not None and same_paragraph and bare:
        speaker = _going_on(prior, previous, "continues the quote before")
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
                and not BEFORE_VERB.search(lead)
                and not _PRONOUN_WORD.search(lead)
            )
            # « …, assure-t-il, tout en reconnaissant que « … » ».
            or BEFORE_PARTICIPLE.search(lead)
        )
        and not _someone_else_named(text, before_start, quote.open_at, prior)
    ):
        speaker = _going_on(prior, previous, "continues the quote before")
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
        speaker = _going_on(
            prior, previous, "goes on quoting from the paragraph before"
        )
    if speaker is None and bare:
        speaker = _from_sentence_before(text, quote, context)
    if speaker is None and not after.strip(" .") and not before.strip():
        speaker = _introduced_before(text, quote, context)
    label = _LABEL.match(text, para_start)
    if (
        speaker is None
        and label is not None
        and not after.strip(" .")
        and not BEFORE_VERB.search(text, label.end(), quote.open_at)
        and not _PRONOUN_WORD.search(text, label.end(), quote.open_at)
    ):
        speaker = _from_label(label, quote, context)
    if speaker is None and quote.open_at < text.find("\n"):
        speaker = _interviewee(text, quote, context)
    if speaker is None and (after.strip(" .") or before.strip()):
        speaker = _from_incise(text, quote, context)
    if speaker is None and (learnt := _LEARNT_FROM.match(after)):
        # « …, a-t-on appris de source policière »: a source, unnamed.
        speaker = Speaker(
            learnt["who"].strip(),
            ANONYMOUS,
            "",
            "an unnamed source",
            (before_start, after_end),
        )
    if speaker is None and ANONYMITY.search(after):
        # "…," said the doctor, who asked not to be named.
        subject = AFTER_VERB_SUBJECT.match(after) or AFTER_SUBJECT_VERB.match(after)
        who = subject["who"] if subject else ""
        if unnamed := unnamed_source(who, anonymity=True):
            speaker = Speaker(
                unnamed, ANONYMOUS, "", "an unnamed source", (before_start, after_end)
            )
    context.previous_speaker = speaker
    context.quoted.append((quote.open_at, quote.close_at))
    if speaker is not None:
        _remember(speaker, quote, after + " " + before, context)
    return speaker


_LEARNT_FROM = re.compile(
    r"a-t-on\s+appris\s+(?:de|d['’]|auprès\s+d['’]|auprès\s+de)\s*"
    r"(?P<who>(?:une?\s+|des\s+|plusieurs\s+)?sources?\b[^,.;:!?\"“”«»]{0,60})",
    re.I,
)
INCISE = "named between commas inside the marks"
# « Nous sommes prêts, a affirmé le gouverneur X, mais … », „…, zei hij. …":
# a speech verb first, right after a comma, its subject, then a comma or a
# full stop and more of the quote.
_INCISE_START = re.compile(r"[,;]\s+")
_INCISE_END = re.compile(r"[,.;]\s+\S")
_INCISE_CHARS = 200
_INCISE_SCAN = 400
_INCISE_COMMAS = 6


def _from_incise(text: str, quote: Quote, context: Context) -> Speaker | None:
    """The speaker named in an incise the quotation marks hold.

    Only the first incise that names a speaker is read, and only a verb
    first (« a affirmé X », « dit-il », "zei hij"): "selon X" inside the
    marks is what the speaker says of someone else.
    """
    # The first few commas of the quote's first sentences: an incise comes
    # early, and a long quote is not read to its end for each.
    scan = min(quote.end, quote.start + _INCISE_SCAN)
    for count, start in enumerate(_INCISE_START.finditer(text, quote.start, scan)):
        if count >= _INCISE_COMMAS:
            return None
        position = start.end()
        if start.start() - quote.start < 8:
            continue  # « Oui, dit-il, … »: words enough before it
        window = text[position : min(position + _INCISE_CHARS, quote.end)]
        end = _INCISE_END.search(window)
        if end is None:
            return None
        if any(mark in window[: end.start()] for mark in '"“”«»„'):
            return None
        # The whole window: "a affirmé le président du syndicat, X, mais":
        # the name may follow the first comma.
        found = _verb_first(window, quote, context)
        if found is not None:
            last = window.lower().rfind(found.name.split()[-1].lower())
            stop = end.start() if last < 0 else max(end.start(), last)
            return replace(
                found,
                how=f"{INCISE}: {found.how}",
                where=(position, position + stop),
            )
    return None


def _verb_first(clause: str, quote: Quote, context: Context) -> Speaker | None:
    if not (INVERTED.match(clause) or AFTER_VERB_SUBJECT.match(clause)):
        return None
    return from_after(clause, quote, context)


def _going_on(prior: Speaker, previous: Quote | None, how: str) -> Speaker:
    """The speaker of the quote before, going on: its words, not its quote, date it.

    "“I was arrested last year,” said X. “This time …”": "last year" is in
    what X said, and dates neither part.
    """
    start, end = prior.where
    if previous is not None and start < previous.close_at <= end:
        start = previous.close_at
    return replace(prior, how=how, where=(start, end))


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
    if len(folded) == 1 and (folded[0] in TITLE_WORDS or folded[0] in _NOT_LABELS):
        return None
    if set(folded) & (NOT_PERSON - TITLE_WORDS):
        return None
    found = resolve(who, "", quote, context, f"{label[0].strip()} “…”")
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
    rf"\b{DAY_WORDS}\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
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
    for match in CAPITAL_WORD.finditer(between):
        word = fold(match[0]).rstrip(".")
        if word in own or word in TITLE_WORDS or sentence_initial(between, match):
            continue
        return True
    return False


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
        found = from_before(sentence[:-1], quote, context)
        subject = leading_subject(sentence)
        if found is None and subject:
            found = resolve(subject, "", quote, context, f"{subject} …:")
    else:
        found = speech_subject(sentence, quote, context)
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
        if not in_quote(mention.start, context):
            full = full_name(mention.name, context)
            named.setdefault(fold(full), full)
    for match in PERSON_LIKE.finditer(paragraph):
        if in_quote(prev_start + match.start(), context) or match[0].isupper():
            continue
        words = person_words(match[0].split())
        if words and words[0].lower() in context.lower_words and len(words) >= 3:
            words = words[1:]
        folded = {fold(word) for word in words}
        if len(words) == 1 and fold(words[0]) in context.people:
            full = context.people[fold(words[0])]
        elif len(words) >= 2 and not folded & (NOT_PERSON | TITLE_WORDS):
            full = full_name(" ".join(words), context)
        else:
            continue
        if not any(set(fold(full).split()) & set(key.split()) for key in named):
            named[fold(full)] = full
    if len(named) != 1:
        return None
    ((key, full),) = named.items()
    first = re.findall(r"[\w'’\-]+", fold(after_circumstance(last.strip())))[:4]
    if not first:
        return None
    pronoun = first[0] if first[0] in PRONOUNS else ""
    if not pronoun and not set(first) & set(key.split()):
        # « Ingénieur depuis vingt ans, il connaît … »: what the person is,
        # then the pronoun as subject.
        opened = _DESCRIBED_THEN_PRONOUN.match(last.strip())
        if opened is None or CAPITAL_WORD.search(opened["what"], 1):
            return None
        pronoun = opened["pronoun"].lower()
    wanted = PRONOUN_GENDER.get(pronoun, "")
    known = context.genders.get(key, "")
    if known and wanted and known != wanted:
        return None
    # Someone else quoted in that paragraph or the one before it: which of
    # the two goes on is unclear (and a pronoun does not mean someone of the
    # other gender). Further back, a paragraph naming someone new is theirs.
    before = text.rfind("\n", max(0, prev_start - MAX_SENTENCE_CHARS), prev_start - 1)
    floor = prev_start - 2 * MAX_SENTENCE_CHARS if before < 0 else before
    if any(
        at >= floor
        and fold(spoken.name) != key
        and not (pronoun and context.genders.get(fold(spoken.name), wanted) != wanted)
        for at, spoken in context.spoken
    ):
        return None
    # The paragraph before tells who, not when: its dates are not the quote's.
    return Speaker(
        full,
        "person",
        "",
        INTRODUCED_BEFORE,
        (quote.open_at, quote.open_at),
    )


_DESCRIBED_THEN_PRONOUN = re.compile(
    r"(?P<what>[^,.;:!?\"“”«»„\n]{3,60}),\s+(?P<pronoun>il|elle|he|she|hij|zij)\s",
    re.I,
)


def _sole_subject(sentence: str, quote: Quote, context: Context) -> Speaker | None:
    """ "Odette a vendu la moitié de sa farine. « … »": the one person of it.

    A quote standing alone after a sentence whose subject is a person the
    text has named in full, and which names nobody and nothing else.
    """
    sentence = after_circumstance(sentence)
    subject = leading_subject(sentence)
    if not subject or subject.split()[0].lower() in PRONOUNS | _NOT_NAMES:
        return None
    rest = sentence[len(subject) :]
    if CAPITAL_WORD.search(rest) or _PRONOUN_WORD.search(rest[:1]):
        return None  # someone or something else named: the editor decides
    found = resolve(subject, "", quote, context, f"{subject} … “…”")
    if found is None or found.kind != "person" or " " not in found.name:
        return None
    if fold(found.name) not in context.index.first_by_folded and (
        context.people.get(fold(found.name).split()[-1]) != found.name
    ):
        return None
    return found


def _remember(speaker: Speaker, quote: Quote, around: str, context: Context) -> None:
    context.last_speaker = speaker
    if speaker.kind in ("person", "unknown", ANONYMOUS):
        context.spoken.append((quote.open_at, speaker))
        del context.spoken[:-20]
    if speaker.anonymous:
        return
    if speaker.kind == "person":
        context.last_person = (quote.start, speaker)
    if gender := gender_of(speaker.title):
        context.genders.setdefault(fold(speaker.name), gender)
    lowered = around.lower()
    issues_statements = (
        "statement" in lowered
        or "communiqué" in lowered
        or speaker.kind == "organisation"
    )
    if issues_statements and not set(fold(speaker.name).split()) & STATEMENT_WORDS:
        context.statement_issuer = speaker
