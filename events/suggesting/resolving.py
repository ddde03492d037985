"""Who the words of an attribution mean: a name, a role, a pronoun, a body.

A pronoun ("he", « elle », "hij") means the nearest person named before
whose gender fits, and only when no other person could be meant; a role
("the minister") the last person named with it; "the statement" whoever
issued the statement; "the diplomat" the unnamed diplomat introduced a little
before. Anything else is left for the editor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.nameindex import fold
from events.suggesting.names import (
    NAME,
    ORG_WORDS,
    split_portfolio,
)
from events.suggesting.naming import (
    ACRONYM_TAIL,
    DESCRIBED,
    FUNCTION_WORDS,
    GROUP_NAMED,
    NOT_A_BODY,
    NOT_PERSON,
    OBJECT_FORMS,
    ONE_OF_THEM,
    ORG_FOLDED,
    PERSON_LIKE,
    POSSESSIVE_DESCRIBED,
    ROLE_MENTION,
    ROLES_FOLDED,
    TITLE_PREFIX,
    gender_of,
    person_words,
    role_then_name,
    sentence_initial,
    titled_name,
    unnamed_source,
    without_affiliation,
)
from events.suggesting.quotes import Quote
from events.suggesting.reported import is_body
from events.suggesting.speakers import (
    ANONYMOUS,
    Context,
    Speaker,
    full_name,
    in_quote,
    sentence_start,
)
from events.suggesting.speechwords import (
    ADVERBS,
    ARTICLES,
    GENERIC,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    PRONOUNS,
    STATEMENT_WORDS,
    TRAILING_ADVERBS,
    UNNAMED,
    VERBS,
)
from events.suggesting.unnamed import (
    anonymity_before,
    unnamed_again,
    unnamed_in_sentence_before,
)

BEFORE_VERB = re.compile(rf"\b(?P<verb>{VERBS})\b", re.I)


_OBJECT_PRONOUN = re.compile(
    r"(?:^|\s)(?:nous|me|m['’]|lui|leur|vous|l['’]|ons|me|mij|hem|haar)$", re.I
)
_RELATIVE = re.compile(
    r"^(?:who|whose|whom|which|that|qui|que|dont|lequel|laquelle|die|dat|wiens|wier)\b",
    re.I,
)


def last_subject_chunk(subject: str) -> str:
    # « Un journaliste, qui a requis l'anonymat, nous a décrit … »: the
    # subject, not whom it was said to nor the relative clause.
    subject = _OBJECT_PRONOUN.sub("", subject.strip()).strip()
    # "Tumwebaze had said", "Kamba has also told", "Peeters heeft gezegd":
    # the auxiliary and adverbs before the verb are not the subject.
    subject = _AUXILIARY_TAIL.sub("", subject)
    chunks = [chunk.strip() for chunk in subject.split(",")]
    for at in range(len(chunks) - 1, -1, -1):
        chunk = chunks[at]
        if chunk.lower() in ADVERBS or _RELATIVE.match(chunk):
            continue
        if len(chunk.split()) > 10:
            return ""
        # "le colonel X, porte-parole de l'armée, a assuré", "John Doe, a
        # spokesman for the army, said": the name, not what it is.
        if at and _DESCRIPTION.match(chunk) and not _ENDS_WITH_NAME.search(chunk):
            named = chunks[at - 1]
            if _ENDS_WITH_NAME.search(named) and len(named.split()) <= 6:
                return named
        return chunk
    return ""


_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:had|has|have|also|later|then|again|once|previously|earlier|already|"
    r"heeft|had|hadden|ook|al|nog))+$",
    re.I,
)
# An apposition after a name: lower case first, "a"/"the"/« le » or a role.
_DESCRIPTION = re.compile(r"[a-zà-ÿ]")
_ENDS_WITH_NAME = re.compile(
    r"(?:^|\s)[A-ZÀ-Ý][\w'’\-]+(?:\s+(?:van|de|der|den|du|da)\s+)?\s+[A-ZÀ-Ý][\w'’\-]+$"
)


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
        # The paragraph before: past the blank lines that end it.
        end = para_start
        while end > max(0, para_start - 20) and text[end - 1].isspace():
            end -= 1
        floor = text.rfind("\n", max(0, end - MAX_SENTENCE_CHARS), end)
        floor = max(floor + 1, quote.open_at - 2 * MAX_SENTENCE_CHARS, 0)
    index = context.index
    first = bisect.bisect_left(index.person_starts, floor)
    found = [
        _Candidate(mention.start, mention.name, "person", mention.title)
        for mention in index.persons[first : index.persons_before(quote.open_at)]
        if not in_quote(mention.start, context)
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
    for match in PERSON_LIKE.finditer(window):
        if in_quote(floor + match.start(), context):
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
            name = person_words(match[0].split())
            opens = sentence_initial(window, match)
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
                and not set(fold(bare).split()) & NOT_PERSON
                and (len(bare.split()) >= 2 or alone)
            ):
                found.append(
                    _Candidate(floor + match.start(), bare, "person", "", None, initial)
                )
    for role in ROLE_MENTION.finditer(window):
        if in_quote(floor + role.start(), context):
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
        key = fold(full_name(candidate.name, context))
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


def pronoun_speaker(
    pronoun: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    """The person a pronoun means: the nearest whose gender fits, if no other could."""
    if pronoun in PLURAL_PRONOUNS:
        return None
    wanted = PRONOUN_GENDER.get(pronoun, "")
    if (source := unnamed_in_sentence_before(quote, context)) is not None:
        return replace(source, how=f"{how}: “{pronoun}” is {source.name}")
    if pronoun in ("il", "elle") and (body := _body_before(quote, context)):
        return replace(body, how=f"{how}: “{pronoun}” is {body.name}")
    if anonymity_before(quote, context):
        return None  # someone the text does not name, and does not describe
    if (subject := _speaker_of_sentence_before(quote, context)) is not None:
        # "His deputy, Father X, said he had counted … “…,” he said.": the
        # one who spoke in the sentence right before.
        known = context.genders.get(fold(subject.name)) or gender_of(subject.title)
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
            known = context.genders.get(fold(candidate.name)) or gender_of(
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
        full = full_name(chosen.name, context)
        found = Speaker(full, "person", chosen.title, "")
    if wanted and not found.anonymous:
        context.genders.setdefault(fold(found.name), wanted)
    return replace(found, how=f"{how}: “{pronoun}” is {found.name}")


# « La société civile du Sud-Kivu parle … »: a body opening its sentence.
_BODY_SUBJECT = re.compile(
    r"(?P<who>(?:La|Le|L['’])\s*[a-zà-ÿ][\w\-]{1,40}(?:\s+[a-zà-ÿ][\w\-]{1,40})?"
    r"(?:\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’])?[A-ZÀ-Ý][\w\-]{1,40}"
    r"(?:\s+[A-ZÀ-Ý][\w\-]{1,40}){0,3})?)\s+[a-zà-ÿ]"
)


_NAMED_SUBJECT = re.compile(
    r"(?:(?:the|The|de|De|het|Het)\s+)?(?P<who>[A-ZÀ-Ý][\w\-]{1,40}"
    r"(?:\s+[A-ZÀ-Ý][\w\-]{1,40}){0,3})\s+[a-zà-ÿ]"
)
_BODY_DESCRIBED = re.compile(
    r"(?:de|het|the|la|l['’])\s*(?:[A-Z][A-Za-z.]{1,6}[\s\-])?(?:organisatie|"
    r"agentschap|agency|organi[sz]ation|agence|organisme)",
)


def _body_before(
    quote: Quote, context: Context, *, any_language: bool = False
) -> Speaker | None:
    """« La société civile … parle d'une crise. Dans un communiqué, elle a
    affirmé … »: French « il » and « elle » for the body the sentence before
    opens with, when that sentence names no person."""
    text = context.text
    para_start = quote.paragraph[0]
    start = sentence_start(text, quote.open_at, para_start)
    if start <= para_start:
        return None
    prev_start = sentence_start(text, max(start - 2, para_start), para_start)
    sentence = text[prev_start:start]
    index = context.index
    named = _NAMED_SUBJECT.match(sentence) if any_language else None
    if named is not None:
        # "Unicef schat dat …": a body the names found, opening the sentence.
        mention = index.first_by_folded.get(fold(named["who"]))
        if mention is None or mention.kind == "person":
            return None
        if index.persons_before(start) != index.persons_before(prev_start):
            return None
        return body_speaker(mention.name, quote, context)
    subject = _BODY_SUBJECT.match(sentence)
    if subject is None or not is_body(subject["who"]):
        return None
    if index.persons_before(start) != index.persons_before(prev_start):
        return None  # a person named there may be meant
    return body_speaker(subject["who"], quote, context)


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
    verb = BEFORE_VERB.search(sentence)
    if verb is None or verb["verb"].lower() in {"called", "described", "went on"}:
        return None
    who = last_subject_chunk(sentence[: verb.start()].strip())
    words = who.lower().split()
    if not words or words[0] in PRONOUNS | PLURAL_PRONOUNS | {"it", "they"}:
        return None
    found = resolve(who, "", quote, context, f"{who} {verb['verb']} …")
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
    known = context.genders.get(fold(person[1].name)) or gender_of(person[1].title)
    if known and wanted and known != wanted:
        return None
    speaker = person[1]
    return replace(speaker, how=f"{how}: “{pronoun}” is {speaker.name}")


def resolve(
    who: str, appos: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    # "the East African Community (EAC)": the name, not its acronym too.
    who = without_affiliation(ACRONYM_TAIL.sub("", who.strip(" ,.;:\u00a0")))
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
    lowered = OBJECT_FORMS.get(lowered, lowered)
    if lowered in PRONOUNS | PLURAL_PRONOUNS:
        return pronoun_speaker(lowered, quote, context, how)
    if unnamed := unnamed_source(who):
        return Speaker(unnamed, ANONYMOUS, "", f"{how}: an unnamed source")
    if ONE_OF_THEM.match(who):
        # « l'un d'eux », "one of them": unnamed by definition.
        return Speaker(who, ANONYMOUS, "", f"{how}: an unnamed source")
    if again := unnamed_again(who, quote, context):
        return Speaker(again, ANONYMOUS, "", f"{how}: the unnamed source before")
    if _BODY_DESCRIBED.fullmatch(who):
        # "waarschuwde de VN-organisatie", "said the U.N. agency": the body
        # the sentence before opens with, or nobody.
        body = _body_before(quote, context, any_language=True)
        return None if body is None else replace(body, how=f"{how}: {body.name}")
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
    if described := POSSESSIVE_DESCRIBED.match(who):
        # "Zijn collega Lieve Claes", "Her neighbour John Doe".
        name = described["name"]
        return Speaker(
            full_name(name, context), "person", described["what"].strip(), how
        )
    if titled := titled_name(bare):
        title, name = split_portfolio(*titled)
        name = TITLE_PREFIX.sub("", name) if TITLE_PREFIX.match(name) else name
        full = full_name(name, context)
        return Speaker(full, "person", title, how)
    if bare[:1].islower():
        # "said driver Moses Kato", « a dit l'agriculteur Jean Mugabo »,
        # "aldus visser Pieter Claes": a description, then a full name.
        described = DESCRIBED.fullmatch(bare)
        if described and not set(fold(described["name"]).split()) & NOT_PERSON:
            name = described["name"]
            return Speaker(
                full_name(name, context), "person", described["what"].strip(), how
            )
        if head in GENERIC or bare_folded in GENERIC:
            return None
        grouped = GROUP_NAMED.fullmatch(bare)
        if grouped and not set(fold(grouped["name"]).split()) & NOT_A_BODY:
            # « le collectif Santé pour Tous », "the rights group Kivu Watch".
            return Speaker(grouped["name"], "organisation", "", how)
        if head in ROLES_FOLDED:
            return _by_title(head, quote, context, how)
        if (words[0] in ROLES_FOLDED or words[0] in UNNAMED) and len(words) > 1:
            # "the spokesman for the army", « le porte-parole de l'armée »:
            # a person of the body, not the body itself.
            if words[0] in ROLES_FOLDED:
                return _by_title(words[0], quote, context, how)
            return None
        if head in ORG_FOLDED:
            if len(words) == 1:
                return _by_org_head(head, quote, context, how)
            if words[0] in FUNCTION_WORDS:
                return None  # "on army", "in the army": words, not a body
            return Speaker(bare, "organisation", "", how)
        return None
    title_match = TITLE_PREFIX.match(bare)
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
        name = ACRONYM_TAIL.sub("", known[0].name)
        return Speaker(name, known[0].kind, title, how)
    full = full_name(bare, context)
    if not title:
        title = index.first_title.get(full, "")
    kind = "person" if (len(full.split()) >= 2 or title or full != bare) else "unknown"
    return Speaker(full, kind, title, how)


def body_speaker(who: str, quote: Quote, context: Context) -> Speaker | None:
    """The body a statement reported without marks is from: "the ministry" …"""
    if re.match(r"(?:its|his|her|their|son|sa|ses|zijn|haar|hun)\s", who, re.I):
        return None  # "her ministry": whose is for the editor to say
    how = f"{who} (in the reporter's words)"
    found = resolve(who, "", quote, context, how)
    if found is None or found.kind not in ("organisation", "state"):
        bare = ARTICLES.sub("", who.strip())
        # "le ministère de la Santé", "MONUSCO": the body as the text names it;
        # not "the agency" alone, which is whichever agency was named before.
        if not (len(bare.split()) >= 2 or bare[:1].isupper()):
            return None
        bare = ACRONYM_TAIL.sub("", bare)
        found = Speaker(bare, "organisation", "", how)
    return replace(found, where=(quote.open_at, quote.close_at))


def _by_title(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the minister" -> the last person named before with that title."""
    index = context.index
    mention = index.only_holder_before(index.by_title_word.get(head), quote.open_at)
    if mention is None:
        return _spoken_with_title(head, quote, context, how)
    full = full_name(mention.name, context)
    # "… a reçu la ministre des Finances, Claire Uwimana": a second holder the
    # list of names missed, between the first and the quote.
    floor = max(mention.end, quote.open_at - 2 * MAX_SENTENCE_CHARS)
    holder = set(fold(full).split())
    for other in role_then_name(head).finditer(context.text, floor, quote.open_at):
        if not set(fold(other["name"]).split()) & holder:
            return None
    return Speaker(full, "person", mention.title, f"{how}: the {head} is {full}")


def _spoken_with_title(
    head: str, quote: Quote, context: Context, how: str
) -> Speaker | None:
    """The one speaker quoted before whose title opens with ``head``.

    "zei minister van Buitenlandse Zaken X" then "aldus de minister": the
    names found missed X, the attribution did not. Nobody else may be
    named with that role between the two.
    """
    holders = {
        fold(spoken.name): (at, spoken)
        for at, spoken in context.spoken
        if spoken.kind == "person"
        and head in fold(spoken.title).replace("-", " ").split()[:1]
    }
    if len(holders) != 1:
        return None
    ((at, holder),) = holders.values()
    since = max(at, holder.where[1])
    if quote.open_at - since > MAX_SENTENCE_CHARS or role_then_name(head).search(
        context.text, since, quote.open_at
    ):
        return None
    return Speaker(
        holder.name, "person", holder.title, f"{how}: the {head} is {holder.name}"
    )


def _by_org_head(head: str, quote: Quote, context: Context, how: str) -> Speaker | None:
    """ "the Council" -> the last organisation named before whose name has that word."""
    index = context.index
    mention = index.last_before(index.by_org_word.get(head), quote.open_at)
    if mention is None or quote.open_at - mention.end > 2 * MAX_SENTENCE_CHARS:
        return None  # named too far back to be sure
    return Speaker(
        mention.name, mention.kind, "", f"{how}: the {head} is {mention.name}"
    )
