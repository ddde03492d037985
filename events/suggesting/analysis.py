"""Read an article's text into proposals, without touching the database.

The drafting module turns these into draft records; the quality benchmark
compares them with hand-checked gold files.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from events.suggesting.attribution import INTRODUCED_BEFORE, attribute
from events.suggesting.channels import channel_of
from events.suggesting.clauses import after_circumstance
from events.suggesting.dating import DateMention, find_dates
from events.suggesting.happenings import EventProposal, find_events
from events.suggesting.limits import MAX_SENTENCE_CHARS
from events.suggesting.names import ROLE_WORDS, NameMention, find_names
from events.suggesting.quotes import Quote, find_quotes
from events.suggesting.reported import find_reported
from events.suggesting.resolving import body_speaker
from events.suggesting.sentences import sentences
from events.suggesting.speakers import Context, Speaker, sentence_start
from factfile.dates import Precision
from sources.folding import fold as _fold_uncached
from sources.importing.metadata import caption_spans, is_furniture, lines_of

# A text names the same people again and again: each name is folded once.
fold = lru_cache(maxsize=100_000)(_fold_uncached)


# The kinds of name the importer proposes as new draft actors.
ACTOR_KINDS = ("person", "organisation", "state")
# How close to a quote a date must be to be the day it was said.
_NEAR = 80
_SENTENCE_END = re.compile(r"[.!?]\s")
_BEFORE_SPEECH = re.compile(
    r"\b(?:said|told|says|announced|declared|a (?:dit|déclaré|annoncé|affirmé)|"
    r"zei|verklaarde|kondigde|welcomed|wrote|posted|in a (?:post|statement|message)|"
    r"dans un (?:communiqué|message)|in een (?:bericht|verklaring))\b",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"\s*(?:he|she|il|elle|hij|zij|ze)\b", re.IGNORECASE)
# "Kasulo, he said, lies inside a concession": a pronoun's words in passing.
_PRONOUN_SAID = re.compile(
    r",\s*(?:he|she|hij|zij|ze)\s+(?:said|says|added|zei|zegt)\s*,"
    r"|,\s*(?:a-t-(?:il|elle)\s+(?:dit|ajouté|précisé)|dit-(?:il|elle))\s*,",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuoteProposal:
    quote: Quote
    speaker: Speaker | None
    said_on: DateMention | None
    # How it was said, a ``Statement.Channel`` value: "" when the text does not say.
    channel: str = ""


@dataclass(frozen=True)
class Analysis:
    quotes: list[QuoteProposal]
    names: list[NameMention]
    dates: list[DateMention]
    skipped: list[tuple[int, int]]
    events: list[EventProposal]
    # What the analysis stopped reading at its limit: "quotes", "events".
    cut: frozenset[str] = frozenset()


# Headings after which a page lists references, not the story.
_BACK_MATTER = re.compile(
    r"^(?:references|notes|see also|external links|sources|bibliography|"
    r"further reading|références|notes et références|voir aussi|liens externes|"
    r"bibliographie)\s*$",
    re.IGNORECASE,
)


def not_story(text: str) -> list[tuple[int, int]]:
    """Spans that are not the story: captions, page furniture, reference lists."""
    spans = caption_spans(text)
    for line in lines_of(text):
        if is_furniture(line.text):
            spans.append((line.start, line.end))
        elif _BACK_MATTER.match(line.text):
            spans.append((line.start, len(text)))
            break
    return sorted(spans)


def analyse(
    text: str,
    *,
    published_on: datetime.date | None,
    language: str = "en",
    limit: int | None = None,
) -> Analysis:
    """Quotes with their speakers and dates, names and dates of ``text``.

    With a ``limit``, only that many quotes are attributed and events read:
    those a caller proposes, and no more.
    """
    skipped = not_story(text)
    names = find_names(text, skip=skipped)
    dates = find_dates(text, published_on=published_on, skip=skipped, language=language)
    context = Context(names=names, text=text)
    # Date phrases do not overlap and come in order: their ends are in order.
    starts = [mention.start for mention in dates]
    ends = [mention.end for mention in dates]
    proposals = []
    # Each speaker's last dated occasion: (date, channel).
    occasions: dict[str, tuple[DateMention, str]] = {}
    previous: Quote | None = None
    quotes = find_quotes(text, skip=skipped)
    same_day = published_on is not None and is_same_day(text)
    for quote in quotes[:limit]:
        speaker = attribute(text, quote, previous, context)
        said_on, channel = _occasion(text, quote, speaker, dates, starts)
        if said_on is None and not (
            # The paragraph before says who, and what they do, not when
            # they spoke.
            speaker is not None and speaker.how == INTRODUCED_BEFORE
        ):
            said_on = _said_on(text, quote, dates, starts, ends)
        if proposals and speaker is not None and speaker.how.startswith(_GOES_ON):
            # The same statement going on: said when and how the part before
            # was, not on a day the part before speaks of.
            said_on = proposals[-1].said_on or said_on
            channel = proposals[-1].channel or channel
        if speaker is not None and not speaker.anonymous and said_on is None:
            # The same speaker again, with no other occasion named: the one
            # the story gave for them ("Bizimana said" after "on Monday, …").
            earlier = occasions.get(fold(speaker.name))
            if earlier is not None:
                said_on, channel = earlier[0], channel or earlier[1]
        if said_on is not None and _after_publication(said_on, published_on):
            said_on = None  # a statement is not reported before it is made
        if said_on is None and same_day and speaker is not None:
            # A live blog's entry or a press release: the day's own words.
            said_on = _publication_day(quote, published_on)
        if speaker is not None and said_on is not None:
            occasions[fold(speaker.name)] = (said_on, channel)
        proposals.append(QuoteProposal(quote, speaker, said_on, channel))
        if speaker is not None:
            _run_back(proposals, speaker)
        previous = quote
    # Official statements without marks, after the quotes: what is left of
    # the limit.
    room = None if limit is None else max(limit - len(proposals), 0)
    for reported, who, own, said_end, stated in find_reported(
        text, sentences(text, skipped), [(q.open_at, q.close_at) for q in quotes]
    )[:room]:
        speaker = body_speaker(who, reported, context)
        if speaker is not None:
            # Only the words that attribute it date it.
            speaker = replace(speaker, where=(reported.start, said_end))
        said_on, channel = _occasion(text, reported, speaker, dates, starts)
        if said_on is None and (own or same_day) and speaker and published_on:
            # A body's notice with no date of its own, or a press release's
            # sentence, is of the day it was published.
            said_on = DateMention(
                reported.start,
                reported.start,
                "",
                published_on,
                Precision.DAY,
                "publication",
            )
        proposals.append(
            QuoteProposal(
                reported,
                speaker,
                said_on,
                channel or ("press_statement" if stated else ""),
            )
        )
    events = find_events(
        text,
        skip=skipped,
        quotes=find_quotes(text, skip=skipped, min_words=1),
        dates=dates,
        limit=None if limit is None else limit + 1,
    )
    cut = {"quotes"} if len(quotes) > len(proposals) else set()
    if limit is not None and len(events) > limit:
        events, cut = events[:limit], cut | {"events"}
    return Analysis(proposals, names, dates, skipped, events, frozenset(cut))


# A live blog's entries ("17:30 — …") and a press release's heading.
_TIMESTAMP = re.compile(r"^[0-2]?\d[:.h][0-5]\d\s{0,3}[—–-]", re.MULTILINE)
_RELEASE = re.compile(
    r"^\s{0,10}(?:press release|press statement|news release|communiqué de presse|"
    r"communiqué|persbericht|perscommuniqué)\s{0,10}$",
    re.IGNORECASE | re.MULTILINE,
)
_HEAD_CHARS = 400


def is_same_day(text: str) -> bool:
    """Whether ``text`` reports the day it was published: a live blog, a release.

    Their quotes are the day's even where no sentence says so; a wire story's
    or a feature's undated quotes may be of any day and stay undated.
    """
    if _RELEASE.search(text, 0, min(len(text), _HEAD_CHARS)):
        return True
    # Three entries make a live blog; the search stops at the third.
    return any(count >= 2 for count, _ in enumerate(_TIMESTAMP.finditer(text)))


def _publication_day(
    quote: Quote, published_on: datetime.date | None
) -> DateMention | None:
    if published_on is None:
        return None
    return DateMention(
        quote.start, quote.start, "", published_on, Precision.DAY, "publication"
    )


def _after_publication(
    said_on: DateMention, published_on: datetime.date | None
) -> bool:
    return (
        published_on is not None
        and said_on.date is not None
        and said_on.date > published_on
    )


def _run_back(proposals: list[QuoteProposal], speaker: Speaker) -> None:
    """A quote run on over paragraphs is attributed at its end: so are its parts."""
    index = len(proposals) - 2
    while index >= 0:
        earlier = proposals[index]
        if not earlier.quote.open_ended:
            break
        if earlier.speaker is not None:
            # Attributed at its start too: the same statement's date and
            # channel, where the part before gives none.
            if fold(earlier.speaker.name) == fold(speaker.name):
                proposals[index] = replace(
                    earlier,
                    said_on=earlier.said_on or proposals[-1].said_on,
                    channel=earlier.channel or proposals[-1].channel,
                )
            break
        proposals[index] = QuoteProposal(
            earlier.quote,
            replace(speaker, how=f"the quote runs on to {speaker.how}"),
            earlier.said_on or proposals[-1].said_on,
            earlier.channel or proposals[-1].channel,
        )
        index -= 1


_GOES_ON = ("continues the quote", "goes on quoting", "the quote runs on")


def _occasion(
    text: str,
    quote: Quote,
    speaker: Speaker | None,
    dates: list[DateMention],
    starts: list[int],
) -> tuple[DateMention | None, str]:
    """The date and channel the words attributing a quote give, not the quote's."""
    if speaker is None or speaker.where == (0, 0):
        return None, ""
    start, end = speaker.where
    words = (
        text[start : min(quote.open_at, end)]
        + " "
        + text[max(quote.close_at, start) : end]
    )
    said_on = _first_date(dates, starts, start, end, quote)
    if said_on is not None and _in_relative_clause(text, quote, said_on):
        said_on = None
    channel = channel_of(words)
    # "He told reporters on Friday that … “…,” he said.": the sentence before,
    # about the same speaker, says when and how.
    if not quote.marks or quote.open_at < start < quote.close_at:
        # An incise inside the marks says when, or nothing does.
        # A body's words without marks: its sentence says when, or nothing
        # does; the sentence before tells what else the body did.
        return said_on, channel
    floor, crossed = quote.paragraph[0], False
    if start <= floor and text[floor : quote.open_at].strip() == "":
        # The quote opens its paragraph: the last sentence of the paragraph
        # before, when it names the speaker ("…, X told reporters on
        # Wednesday." / "“…,” X said.").
        previous_end = floor
        while previous_end > max(0, floor - 20) and text[previous_end - 1].isspace():
            previous_end -= 1
        if 0 < previous_end < floor:
            floor = (
                text.rfind(
                    "\n", max(0, previous_end - MAX_SENTENCE_CHARS), previous_end
                )
                + 1
            )
            start, crossed = previous_end, True
    before_start = sentence_start(text, max(start - 1, 0), floor)
    if before_start < start and (said_on is None or not channel):
        before = text[before_start:start]
        surname = fold(speaker.name).split()[-1:]
        # "He told reporters on Friday …": a sentence about the speaker.
        about = (
            (not crossed and bool(_PRONOUN_SUBJECT.match(before)))
            or (
                not crossed
                and ("“" in speaker.how or "«" in speaker.how)
                and not any(m in before for m in '"“”«»„')
                and bool(_BEFORE_SPEECH.search(before))
            )
            # « Mercredi, …, la ministre s'est montrée plus prudente devant
            # la presse. » then « …, a-t-elle déclaré »: the role as subject,
            # and the pronoun the quote's, of a person named before.
            or (
                crossed
                and speaker.kind == "person"
                and _PRONOUN_IN_HOW.search(speaker.how) is not None
                and _ROLE_SUBJECT.match(after_circumstance(before)) is not None
                and not any(m in before for m in '"“”«»„')
            )
        )
        if about or (surname and surname[0] in re.findall(r"[\w'-]+", fold(before))):
            # An unnamed source's description ("Une étudiante … attend son
            # visa depuis juillet") tells how it was reached, not when.
            if about or not speaker.anonymous:
                said_on = said_on or _date_of_speaking(
                    text, before, before_start, dates, starts, quote
                )
            channel = channel or channel_of(before)
        elif (
            surname
            and (_PRONOUN_SUBJECT.match(before) or _PRONOUN_SAID.search(before))
            and before_start > floor
        ):
            # "X a reçu les journalistes hier. Il a expliqué la panne. « … »":
            # a sentence about the speaker, who the sentence before names.
            earlier_start = sentence_start(text, before_start - 1, floor)
            earlier = text[earlier_start:before_start]
            if surname[0] in re.findall(r"[\w'-]+", fold(earlier)):
                found = _date_of_speaking(
                    text, earlier + before, earlier_start, dates, starts, quote
                )
                # A day says when they spoke; "vorige week al drie keer" is
                # what they did.
                if said_on is None and found and found.precision == Precision.DAY:
                    said_on = found
                channel = channel or channel_of(earlier + before)
    return said_on, channel


# The attribution of a quote by a pronoun: "« …, a-t-elle déclaré »: “elle”".
_PRONOUN_IN_HOW = re.compile(r"“(?:he|she|il|elle|hij|zij|ze)”")
_ROLE_SUBJECT = re.compile(
    r"(?:the|la|le|l['’]|de|het)\s*(?:"
    + "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
    + r")\b(?:\s+[a-zà-ÿ][\w\-]*)?\s+(?!(?:of|de|du|des|van)\s)",
    re.I,
)


def _date_of_speaking(
    text: str,
    before: str,
    before_start: int,
    dates: list[DateMention],
    starts: list[int],
    quote: Quote,
) -> DateMention | None:
    """The date in a sentence that goes with its speech verb, else its first.

    "Rwanda will reopen … next week, the minister told reporters on
    Wednesday": Wednesday.
    """
    end = before_start + len(before)
    for verb in _BEFORE_SPEECH.finditer(before):
        near = before_start + verb.end()
        found = _first_date(dates, starts, near, min(end, near + 40), quote, text)
        # "said the water could drop again in December": the date is in what
        # was said, after its own verb, not beside the speech verb.
        if found is not None and not _REPORTED_CLAUSE.search(text, near, found.start):
            return found
    # What was said is not when: "told a news conference that the leaders
    # would meet again in January", « Selon X, la province a mobilisé
    # vendredi … ». A date before those words may say when.
    if _ACCORDING_LEAD.match(before):
        return None
    said = _SAID_THAT.search(before)
    if said is not None:
        end = before_start + said.end()
    elif (verb := _BEFORE_SPEECH.search(before)) is not None and (
        clause := _REPORTED_CLAUSE.search(before, verb.end(), verb.end() + 80)
    ):
        end = before_start + clause.start()
    return _first_date(dates, starts, before_start, end, quote, text)


# Between a speech verb and a date: words that open what was said.
_REPORTED_CLAUSE = re.compile(
    r"\b(?:that|que|qu['’]|dat|could|would|will|may|might|should|must|can|"
    r"pourrait|pourraient|allait|va|vont|devrait|devraient|sera|serait|"
    r"zou|zouden|zal|zullen|kan|kon|moet|moest)\b",
    re.IGNORECASE,
)
_ACCORDING_LEAD = re.compile(
    r"\s*(?:according to|selon|d['’]après|volgens|pour)\s[^,]{1,120},", re.I
)
_SAID_THAT = re.compile(
    r"\b(?:said|says|told|announced|declared|added|warned|explained|insisted|"
    r"a (?:dit|déclaré|annoncé|affirmé|expliqué|ajouté|assuré|reconnu)|"
    r"zei|zegt|verklaarde|meldde)\b[^.!?]{0,80}?\b(?:that|que|qu['’]|dat)\b",
    re.I,
)


_DURATION = re.compile(r"(?:since|depuis|sinds)\b", re.IGNORECASE)
# "KIGALI, Aug 21 (Reuters) -": the day of the dispatch, not of what it tells.
_DATELINE = re.compile(r"(?:^|\n)[A-ZÀ-Ý][A-ZÀ-Ý .'’\-]{1,40},\s{0,3}$")


def _first_date(
    dates: list[DateMention],
    starts: list[int],
    start: int,
    end: int,
    quote: Quote,
    text: str = "",
) -> DateMention | None:
    for mention in dates[bisect.bisect_left(starts, start) :]:
        if mention.start >= end:
            break
        if text and _DATELINE.search(text, max(0, mention.start - 45), mention.start):
            continue
        # "who has run the bakery since 2016": how long, not when it was said.
        if _DURATION.match(mention.phrase):
            continue
        # A quote's own words do not date it; a statement without marks is
        # the reporter's sentence, dated by its own words ("today notified").
        # An incise inside the marks (« …, a-t-il déclaré mardi, … ») is the
        # reporter's words, and dates the quote.
        incise = quote.open_at < start < quote.close_at
        if (
            incise
            or not quote.marks
            or not quote.open_at <= mention.start < quote.close_at
        ):
            return mention
    return None


# "…," said X, who hopes to finish in March: what the speaker is or does,
# not when they spoke.
_RELATIVE_AFTER = re.compile(r",\s*(?:qui|who|which|die)\b[^,;:.!?\"“”«»„]*$", re.I)


def _in_relative_clause(text: str, quote: Quote, mention: DateMention) -> bool:
    """Whether a date after a quote is in a relative clause about its speaker."""
    return (
        quote.close_at <= mention.start < quote.close_at + _NEAR
        and _RELATIVE_AFTER.search(text, quote.close_at, mention.start) is not None
    )


def _said_on(
    text: str,
    quote: Quote,
    dates: list[DateMention],
    starts: list[int],
    ends: list[int],
) -> DateMention | None:
    """A date given in the quote's own sentence, outside the quoted words."""
    start, end = quote.paragraph
    # Only a date within 80 characters of the quote can be its date: the
    # dates further away in a long paragraph are not read for every quote.
    first = max(
        bisect.bisect_left(starts, start),
        bisect.bisect_right(ends, quote.close_at - _NEAR),
    )
    end = min(end, quote.open_at + _NEAR)
    for mention in dates[first:]:
        if mention.start >= end:
            break
        if quote.open_at <= mention.start < quote.close_at or _in_relative_clause(
            text, quote, mention
        ):
            continue
        outside = text[
            min(mention.end, quote.open_at) : max(mention.start, quote.close_at)
        ]
        # Only the clause right around the quote: no other quote, and no
        # end of a sentence, between.
        if (
            len(outside) < _NEAR
            and not any(mark in outside for mark in '"“«„')
            and not _SENTENCE_END.search(outside)
        ):
            return mention
    return None


def people_and_bodies(analysis: Analysis) -> list[NameMention]:
    """Named people and bodies, without a surname alone when the full name is there."""

    def is_full(mention: NameMention) -> bool:
        return len(mention.name.split()) > 1 or mention.kind != "person"

    # What follows a space in a full name: "kagame" for "paul kagame".
    endings = set()
    for mention in filter(is_full, analysis.names):
        folded = fold(mention.name)
        endings.update(
            folded[index + 1 :] for index, char in enumerate(folded) if char == " "
        )
    return [
        mention
        for mention in analysis.names
        if is_full(mention) or fold(mention.name) not in endings
    ]


def new_actor_names(analysis: Analysis) -> list[tuple[str, str]]:
    """(name, kind) of every new actor the importer would propose on an empty file.

    The names the text marks as people and bodies, then the speakers found
    by attribution, once each.
    """
    seen: dict[str, tuple[str, str]] = {}
    for mention in people_and_bodies(analysis):
        seen.setdefault(fold(mention.name), (mention.name, mention.kind))
    for proposal in analysis.quotes:
        speaker = proposal.speaker
        if speaker is not None and speaker.kind in ACTOR_KINDS:
            folded = fold(speaker.name)
            # "U.S. Department of State" when "Department of State" is there.
            endings = (folded[i + 1 :] for i, c in enumerate(folded) if c == " ")
            if not any(ending in seen for ending in endings):
                seen.setdefault(folded, (speaker.name, speaker.kind))
    return list(seen.values())
