"""Measure the importer's suggestions against hand-checked gold files.

    python benchmarks/import_quality.py [--json] [--no-long] [--verbose]
        [--sets tune,held,gold] [GOLD.json ...]

Without arguments: the development corpus (``tests/importing/corpus/tune``,
the half the importer may be tuned on, and ``tests/importing/corpus/held``,
the half nobody tunes on) and the older gold set (``tests/importing/gold``),
reported per half and per language, then the time to import a generated
article of 10,000 words through ``import_file``, the path of the admin's
upload. With ``--json``, the same figures as JSON; with ``--sets``, only the
sets named (``--sets tune`` while tuning: the held half is not measured at
all). With ``--verbose``, every miss of the tune half and of the older gold
set, article by article. With gold files as arguments: those files, article
by article, with every miss.

The misses of the held half are never printed: reading them article by
article would be tuning on it. Its figures are given for the half and per
language only.

The articles are read by ``analyse``, with the limit of suggestions
``propose_drafts`` gives it when the admin imports a file.

What is measured (the gold format is described in
``tests/importing/corpus/README.md``):

- quotes: recall of the gold quotes in quotation marks; precision of all
  quote proposals (a proposal on an optional gold statement is neither right
  nor wrong); statements without marks ("In a statement, the ministry said
  that ...") have a recall of their own;
- speakers, of the found quotes whose gold names a speaker or says
  "anonymous": right, wrong, missing. A proposal whose speaker has the kind
  "anonymous" is right when gold says anonymous;
- statement dates, of the found quotes whose gold gives a date: exact
  (value and precision), for all and for relative phrases alone; a date
  proposed where gold has none is counted as invented;
- channels, of the found quotes whose gold gives one: right (the proposal's
  ``channel``, a ``Statement.Channel`` value);
- events: precision (proposals on a gold event), recall, dates exact, and
  how many proposals came from a sentence that must give none (future,
  conditional, hypothetical, negated);
- event titles: acceptable (see ``title_problem``), none (the sentence is
  shown instead), or a fragment;
- new actors: precision and recall against the gold actors, and how many
  proposed names carry a title ("Bishop ...", "Lt. Col. ...");
- seconds per article of the analysis.

The older measure, per gold file:

Prints precision and recall of quotes, speakers, dates, events and new
actors, per article and overall. A gold file names its article, the
publication date an editor would confirm (or null), each quote (by its first
words) with its speaker (a list of accepted spellings, "anonymous" for an
unnamed source such as "a resident", or null when the text does not say),
each date phrase (by a unique context) with its value and precision, each
event (by the first words of the sentence reporting it) with its date and
precision, and the people, organisations and states the story
names (each a list of accepted spellings). ``null`` for dates or events
means the article's dates or events were not annotated.

Definitions: a quote is a quoted passage of at least four words (shorter
quoted words are scare quotes or titles, not statements); a speaker counts
when the proposed name matches one of the gold spellings, ignoring accents
and case; a date counts when its phrase overlaps the gold phrase and its value
and precision are both right (an unresolved phrase is right when gold says
null); an event counts when its cited sentence is the gold sentence and its
date and precision are right; a new actor counts when its name is one of the
spellings of a gold actor not already proposed (a second draft of the same
actor is noise). Names in captions, bylines and reference lists are not gold
actors: an editor does not want them proposed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "importing" / "gold"
CORPUS_DIR = ROOT / "tests" / "importing" / "corpus"
# The halves of the corpus, then the older gold set.
SETS = ("tune", "held", "gold")
LONG_WORDS = 10_000


@dataclass
class Tally:
    """Counts for one measure: true positives, proposals and gold items."""

    correct: int = 0
    proposed: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.correct += other.correct
        self.proposed += other.proposed
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factfile.settings")
    import django

    django.setup()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def measure(gold_path: Path) -> dict[str, Tally]:
    """Quotes, speakers and dates of one gold file."""
    from events.suggesting.analysis import analyse
    from sources.folding import fold

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ROOT / gold["article"]).read_text(encoding="utf-8")
    published = gold["published_on"]
    analysis = analyse(
        text,
        published_on=datetime.date.fromisoformat(published) if published else None,
        language=gold.get("language", "en"),
    )
    quotes, speakers, dates = Tally(), Tally(), Tally()

    gold_quotes = []
    for item in gold["quotes"]:
        start = text.index(item["starts_with"])
        speaker = item["speaker"]
        if speaker == "anonymous":
            speaker = ["anonymous"]
        gold_quotes.append(((start, start + len(item["starts_with"])), speaker))
    quotes.expected = len(gold_quotes)
    speakers.expected = sum(1 for _, speaker in gold_quotes if speaker)
    matched: set[int] = set()
    for proposal in analysis.quotes:
        span = (proposal.quote.start, proposal.quote.end)
        hit = next(
            (
                index
                for index, (gold_span, _) in enumerate(gold_quotes)
                if index not in matched and _overlaps(span, gold_span)
            ),
            None,
        )
        quotes.proposed += 1
        if proposal.speaker is not None:
            speakers.proposed += 1
        if hit is None:
            quotes.misses.append(f"extra quote: {proposal.quote.text[:50]!r}")
            continue
        matched.add(hit)
        quotes.correct += 1
        expected = gold_quotes[hit][1]
        name = proposal.speaker.name if proposal.speaker else None
        if proposal.speaker is not None and proposal.speaker.anonymous:
            name = "anonymous"
        if name and expected and fold(name) in {fold(s) for s in expected}:
            speakers.correct += 1
        elif name != expected:
            speakers.misses.append(
                f"speaker of {proposal.quote.text[:40]!r}: {name!r}, gold {expected!r}"
            )
    for index, (span, _) in enumerate(gold_quotes):
        if index not in matched:
            quotes.misses.append(f"missed quote: {text[span[0] : span[1]]!r}")

    if gold["dates"] is not None:
        gold_dates = []
        for item in gold["dates"]:
            start = text.index(item["context"]) + item["context"].index(item["phrase"])
            gold_dates.append(((start, start + len(item["phrase"])), item))
        dates.expected = len(gold_dates)
        for mention in analysis.dates:
            dates.proposed += 1
            span = (mention.start, mention.end)
            found = [
                item for gold_span, item in gold_dates if _overlaps(span, gold_span)
            ]
            if not found:
                dates.misses.append(f"extra date: {mention.phrase!r}")
                continue
            item = found[0]
            value = mention.iso or None
            if value == item["date"] and str(mention.precision) == item["precision"]:
                dates.correct += 1
            else:
                dates.misses.append(
                    f"date {mention.phrase!r}: {value} ({mention.precision}), "
                    f"gold {item['date']} ({item['precision']})"
                )
    return {
        "quotes": quotes,
        "speakers": speakers,
        "dates": dates,
        "events": _events(gold, text, analysis),
        "new actors": _new_actors(gold, analysis),
    }


def _events(gold: dict, text: str, analysis: Any) -> Tally:
    events = Tally()
    if gold.get("events") is None:
        return events
    gold_events = []
    for item in gold["events"]:
        start = text.index(item["sentence"])
        gold_events.append(((start, start + len(item["sentence"])), item))
    events.expected = sum(1 for _, item in gold_events if not item.get("optional"))
    matched: set[int] = set()
    for proposal in analysis.events:
        hit = next(
            (
                index
                for index, (span, _) in enumerate(gold_events)
                if index not in matched and _overlaps(proposal.sentence, span)
            ),
            None,
        )
        if hit is not None and gold_events[hit][1].get("optional"):
            # An optional event: proposing it is neither right nor wrong.
            matched.add(hit)
            continue
        events.proposed += 1
        if hit is None:
            events.misses.append(f"extra event: {proposal.title!r}")
            continue
        matched.add(hit)
        item = gold_events[hit][1]
        value = (proposal.date.iso or None) if proposal.date else None
        precision = str(proposal.date.precision) if proposal.date else "unknown"
        if value == item["date"] and precision == item["precision"]:
            events.correct += 1
        else:
            events.misses.append(
                f"event {proposal.title!r}: {value} ({precision}), "
                f"gold {item['date']} ({item['precision']})"
            )
    for index, (span, item) in enumerate(gold_events):
        if index not in matched and not item.get("optional"):
            events.misses.append(f"missed event: {text[span[0] : span[1]]!r}")
    return events


def _new_actors(gold: dict, analysis: Any) -> Tally:
    from events.suggesting.analysis import new_actor_names
    from sources.folding import fold

    actors = Tally()
    if gold.get("actors") is None:
        return actors
    spellings = [{fold(name) for name in names} for names in gold["actors"]]
    actors.expected = len(spellings)
    matched: set[int] = set()
    for name, _kind in new_actor_names(analysis):
        actors.proposed += 1
        hit = next(
            (i for i, names in enumerate(spellings) if fold(name) in names), None
        )
        if hit is None or hit in matched:
            actors.misses.append(f"new actor: {name!r}")
            continue
        matched.add(hit)
        actors.correct += 1
    return actors


def run(paths: list[Path], *, verbose: bool = True) -> dict[str, Tally]:
    """Measure every gold file; print a table; return the overall tallies."""
    totals = {
        what: Tally()
        for what in ("quotes", "speakers", "dates", "events", "new actors")
    }
    for path in paths:
        result = measure(path)
        if verbose:
            cells = "  ".join(
                f"{what} {t.correct}/{t.proposed}/{t.expected}"
                for what, t in result.items()
            )
            print(f"{path.stem:28} {cells}")
            for tally in result.values():
                for miss in tally.misses:
                    print(f"    {miss}")
        for what, tally in result.items():
            totals[what].add(tally)
    if verbose:
        print()
        print(f"{'measure':10} {'precision':>9} {'recall':>7}  (correct/proposed/gold)")
        for what, tally in totals.items():
            print(
                f"{what:10} {tally.precision:9.3f} {tally.recall:7.3f}  "
                f"({tally.correct}/{tally.proposed}/{tally.expected})"
            )
    return totals


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


def corpus_files(half: str) -> list[Path]:
    """The gold files of one half of the corpus: "tune" or "held"."""
    return sorted((CORPUS_DIR / half).glob("*.json"))


def set_files(name: str) -> list[Path]:
    return gold_files() if name == "gold" else corpus_files(name)


def is_held(path: Path) -> bool:
    """Whether a gold file is of the held half, whose misses are never printed."""
    return (CORPUS_DIR / "held") in path.resolve().parents


# Words an event title an editor writes does not begin with: it would be a
# clause cut out of a sentence ("Once they've ...", "Which captures ...").
_FRAGMENT_START = set(
    re.findall(
        r"\S+",
        "which who whom whose that once when while because if although though "
        "as after before since until unless and but or so nor then they he she "
        "it we i you this these those there where whether qui que qu dont "
        "lorsque lorsqu quand si parce puisque puisqu et mais ou donc or il "
        "elle ils elles nous vous on ce cela ceci où die dat wat wie waar als "
        "omdat wanneer toen terwijl nadat voordat en maar of dus hij zij ze "
        "het wij we jullie ",
    )
)
# Words a title does not end with: something was cut after them.
_DANGLING_END = set(
    re.findall(
        r"\S+",
        "the a an of to in on at and or but by for with from as that which who "
        "le la les l un une de du des d à au aux et ou que qui en sur par pour "
        "avec de het een van op aan met voor door en of dat die in naar ",
    )
)
_TITLE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MAX_TITLE_WORDS = 14


def title_problem(title: str) -> str:
    """Why an event title is not one an editor would write; "" when it is.

    A title begins with a capital and not with a relative, a conjunction or
    a pronoun, does not end on an article, preposition or conjunction, has
    at most 14 words and no unbalanced quotation mark.
    """
    words = _TITLE_WORD.findall(title)
    if not words:
        return "empty"
    first = words[0].lower().split("'")[0].split("’")[0]
    if not title[0].isupper():
        return "no capital"
    if first in _FRAGMENT_START:
        return f"begins with {words[0]!r}"
    if words[-1].lower() in _DANGLING_END:
        return f"ends with {words[-1]!r}"
    if len(words) > _MAX_TITLE_WORDS:
        return "too long"
    if title.count('"') % 2 or title.count("«") != title.count("»"):
        return "unbalanced quotation mark"
    if title.count("“") != title.count("”"):
        return "unbalanced quotation mark"
    return ""


# Titles that a new actor's name must not carry ("Bishop Faustin Ngabo").
_TITLES = re.compile(
    r"^(?:bishop|archbishop|cardinal|pastor|father|abbé|mgr|monseigneur|"
    r"president|président|presidente|vice-president|prime minister|minister|"
    r"ministre|minister|foreign minister|secretary|general|général|generaal|"
    r"lt\.?|lieutenant|col\.?|colonel|kolonel|maj\.?|major|capt\.?|captain|"
    r"capitaine|sgt\.?|sergeant|gen\.?|gov\.?|governor|gouverneur|mayor|maire|"
    r"burgemeester|senator|sénateur|senateur|ambassador|ambassadeur|dr\.?|"
    r"docteur|prof\.?|professor|professeur|me|maître|judge|juge|spokesman|"
    r"spokeswoman|spokesperson|porte-parole|woordvoerder|woordvoerster|"
    r"staatssecretaris|chief|chef|king|roi|queen|mr\.?|mrs\.?|ms\.?|m\.|mme)\b",
    re.IGNORECASE,
)


def _speaker_kind(speaker: Any) -> str:
    return getattr(speaker, "kind", "") if speaker is not None else ""


@dataclass
class Figures:
    """Counts for one article, or summed over articles."""

    articles: int = 0
    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.articles += other.articles
        self.seconds += other.seconds
        self.counts.update(other.counts)

    def ratio(self, part: str, whole: str) -> float | None:
        return self.counts[part] / self.counts[whole] if self.counts[whole] else None

    def summary(self) -> dict[str, Any]:
        c, r = self.counts, self.ratio
        return {
            "articles": self.articles,
            "seconds per article": self.seconds / self.articles
            if self.articles
            else None,
            "quote recall": r("quotes found", "quotes gold"),
            "quote precision": r("quotes right", "quotes judged"),
            "statements without marks recall": r("unmarked found", "unmarked gold"),
            "speaker right": r("speaker right", "speaker judged"),
            "speaker wrong": r("speaker wrong", "speaker judged"),
            "speaker missing": r("speaker missing", "speaker judged"),
            "anonymous right": r("anonymous right", "anonymous judged"),
            "date exact": r("date exact", "date judged"),
            "relative date exact": r("relative date exact", "relative date judged"),
            "dates invented": c["date invented"],
            "channel right": r("channel right", "channel judged"),
            "channels invented": c["channel invented"],
            "event precision": r("events right", "events judged"),
            "event recall": r("events found", "events gold"),
            "events found": c["events right"],
            "event date exact": r("event date exact", "event date judged"),
            "event kind right": r("event kind right", "event kind judged"),
            "event kinds not judged": c["event kind not a fact-file kind"],
            "event title same words": r("event title same words", "event title judged"),
            "event title shared words": r(
                "event title shared words", "event title judged"
            ),
            "event place right": r("event place right", "event place judged"),
            "event place wrong": r("event place wrong", "event place judged"),
            "event place missing": r("event place missing", "event place judged"),
            "events from negative sentences": c["events negative"],
            "events from conditional or future sentences": c["events conditional"],
            "event titles acceptable": r("titles acceptable", "events proposed"),
            "event titles none": c["titles none"],
            "event title fragments": c["titles fragment"],
            "new actor precision": r("actors right", "actors proposed"),
            "new actor recall": r("actors right", "actors gold"),
            "new actors with title in name": c["actors titled"],
            "counts": dict(sorted(c.items())),
        }


def _span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return (start, start + len(words))


def _first(
    spans: list[tuple[int, int]], span: tuple[int, int], taken: set[int]
) -> int | None:
    return next(
        (i for i, gold in enumerate(spans) if i not in taken and _overlaps(span, gold)),
        None,
    )


def evaluate(gold_path: Path) -> Figures:
    """Every figure of one article against its gold file."""
    from events.suggesting.analysis import analyse, new_actor_names
    from events.suggesting.limits import MAX_SUGGESTIONS
    from sources.folding import fold

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ROOT / gold["article"]).read_text(encoding="utf-8")
    published = gold["published_on"]
    started = time.perf_counter()
    analysis = analyse(
        text,
        published_on=datetime.date.fromisoformat(published) if published else None,
        language=gold.get("language", "en"),
        limit=MAX_SUGGESTIONS,
    )
    figures = Figures(articles=1, seconds=time.perf_counter() - started)
    c, misses = figures.counts, figures.misses

    items = gold["quotes"]
    spans = [_span_of(text, item["starts_with"]) for item in items]
    for item in items:
        if not item.get("optional"):
            c["quotes gold" if item.get("marks", True) else "unmarked gold"] += 1
    taken: set[int] = set()
    for proposal in analysis.quotes:
        quote, speaker = proposal.quote, proposal.speaker
        hit = _first(spans, (quote.start, quote.end), taken)
        if hit is not None and items[hit].get("optional"):
            taken.add(hit)
            continue
        c["quotes judged"] += 1
        if hit is None:
            misses.append(f"extra quote: {quote.text[:50]!r}")
            continue
        taken.add(hit)
        item = items[hit]
        c["quotes right"] += 1
        c["quotes found" if item.get("marks", True) else "unmarked found"] += 1
        _judge_speaker(item, speaker, c, misses, fold)
        _judge_date(item, proposal.said_on, c, misses)
        _judge_channel(item, getattr(proposal, "channel", None), c, misses)
    for index, item in enumerate(items):
        if index not in taken and not item.get("optional"):
            misses.append(f"missed quote: {item['starts_with']!r}")

    _judge_events(gold, text, analysis.events, c, misses)

    spellings = [{fold(name) for name in names} for names in gold.get("actors") or []]
    titles = [fold(t["title"]) for t in gold.get("titles", [])]
    c["actors gold"] += len(spellings)
    matched: set[int] = set()
    for name, _kind in new_actor_names(analysis):
        c["actors proposed"] += 1
        folded = fold(name)
        if _TITLES.match(name) or any(
            re.search(rf"(?:^|\s){re.escape(t)}(?:\s|$)", folded) for t in titles
        ):
            c["actors titled"] += 1
            misses.append(f"new actor with a title: {name!r}")
        hit = next((i for i, names in enumerate(spellings) if folded in names), None)
        if hit is not None and hit not in matched:
            matched.add(hit)
            c["actors right"] += 1
    return figures


def _judge_speaker(
    item: dict, speaker: Any, c: Counter, misses: list[str], fold: Any
) -> None:
    expected = item.get("speaker")
    if expected is None:
        return
    c["speaker judged"] += 1
    where = item["starts_with"][:40]
    if expected == "anonymous":
        c["anonymous judged"] += 1
        if _speaker_kind(speaker) == "anonymous":
            c["speaker right"] += 1
            c["anonymous right"] += 1
        elif speaker is None:
            c["speaker missing"] += 1
        else:
            c["speaker wrong"] += 1
            misses.append(f"speaker of {where!r}: {speaker.name!r}, gold anonymous")
        return
    if speaker is None:
        c["speaker missing"] += 1
        misses.append(f"no speaker for {where!r}, gold {expected[0]!r}")
    elif _speaker_kind(speaker) != "anonymous" and fold(speaker.name) in {
        fold(name) for name in expected
    }:
        c["speaker right"] += 1
    else:
        c["speaker wrong"] += 1
        misses.append(f"speaker of {where!r}: {speaker.name!r}, gold {expected[0]!r}")


def _judge_date(item: dict, said_on: Any, c: Counter, misses: list[str]) -> None:
    if "date" not in item:
        return
    value = (said_on.iso or None) if said_on is not None else None
    where = item["starts_with"][:40]
    if item["date"] is None:
        if value:
            c["date invented"] += 1
            misses.append(f"date of {where!r}: {value}, gold none")
        return
    c["date judged"] += 1
    exact = value == item["date"] and str(said_on.precision) == item["precision"]
    c["date exact"] += exact
    if item.get("relative"):
        c["relative date judged"] += 1
        c["relative date exact"] += exact
    if not exact:
        misses.append(f"date of {where!r}: {value}, gold {item['date']}")


def _judge_channel(item: dict, channel: Any, c: Counter, misses: list[str]) -> None:
    if "channel" not in item:
        return
    given = str(channel) if channel and str(channel) != "unknown" else None
    where = item["starts_with"][:40]
    if item["channel"] is None:
        if given:
            c["channel invented"] += 1
            misses.append(f"channel of {where!r}: {given}, gold none")
        return
    c["channel judged"] += 1
    if given == item["channel"]:
        c["channel right"] += 1
    else:
        misses.append(f"channel of {where!r}: {given}, gold {item['channel']}")


def _judge_events(
    gold: dict, text: str, proposals: list, c: Counter, misses: list[str]
) -> None:
    items = gold.get("events")
    if items is None:
        return
    spans = [_span_of(text, item["sentence"]) for item in items]
    negatives = [
        (_span_of(text, item["sentence"]), item["why"])
        for item in gold.get("negative_events", [])
    ]
    c["events gold"] += sum(1 for item in items if not item.get("optional"))
    taken: set[int] = set()
    for proposal in proposals:
        c["events proposed"] += 1
        c["events judged"] += 1
        problem = title_problem(proposal.title) if proposal.title else ""
        if not proposal.title:
            c["titles none"] += 1
            c["titles acceptable"] += 1
        elif problem:
            c["titles fragment"] += 1
            misses.append(f"event title {proposal.title!r}: {problem}")
        else:
            c["titles acceptable"] += 1
        hit = _first(spans, proposal.sentence, taken)
        if hit is None:
            why = next(
                (w for s, w in negatives if _overlaps(proposal.sentence, s)), None
            )
            if why:
                c["events negative"] += 1
                c["events conditional"] += why in (
                    "conditional",
                    "future",
                    "hypothetical",
                )
                misses.append(f"event from a {why} sentence: {proposal.title!r}")
            else:
                misses.append(f"extra event: {proposal.title!r}")
            continue
        taken.add(hit)
        item = items[hit]
        c["events right"] += 1
        c["events found"] += not item.get("optional")
        _judge_event_fields(item, proposal, c, misses)
    for index, item in enumerate(items):
        if index not in taken and not item.get("optional"):
            misses.append(f"missed event: {item['sentence']!r}")


_WORD = re.compile(r"\w+")


def title_words(proposed: str, gold: str) -> float:
    """How many words two titles share: the F1 of their sets of folded words.

    1.0 when both use the same words in any order, 0.0 when they share none.
    """
    from sources.folding import fold

    ours, theirs = set(_WORD.findall(fold(proposed))), set(_WORD.findall(fold(gold)))
    shared = len(ours & theirs)
    return 2 * shared / (len(ours) + len(theirs)) if shared else 0.0


def _judge_event_fields(
    item: dict, proposal: Any, c: Counter, misses: list[str]
) -> None:
    """Each field the gold gives for an event found: date, kind, title, place.

    Every field is counted apart, so that a right sentence with a wrong date
    or kind shows as such. A gold kind that is not a value of ``Event.Kind``
    is counted apart: no proposal could match it. The title is judged
    twice: the same words as the gold title (folded, in any order), and the
    share of words the two titles have in common (``title_words``, averaged
    over the events found). A place is judged only where the gold says it
    (a name, or null when the sentence names none). No gold file gives
    participants yet.
    """
    from events.models import Event
    from sources.folding import fold

    where = proposal.title[:50] if proposal.title else "(no title)"
    if "date" in item:
        value = (proposal.date.iso or None) if proposal.date else None
        precision = str(proposal.date.precision) if proposal.date else "unknown"
        c["event date judged"] += 1
        if value == item["date"] and (value is None or precision == item["precision"]):
            c["event date exact"] += 1
        else:
            misses.append(
                f"event date of {where!r}: {value} ({precision}), "
                f"gold {item['date']} ({item['precision']})"
            )
    if item.get("kind") and item["kind"] not in Event.Kind.values:
        # The gold names a kind the fact file has no value for ("economic"):
        # no proposal can be right, so it is counted apart, not as a miss.
        c["event kind not a fact-file kind"] += 1
    elif item.get("kind"):
        c["event kind judged"] += 1
        if str(proposal.kind) == item["kind"]:
            c["event kind right"] += 1
        else:
            misses.append(
                f"event kind of {where!r}: {proposal.kind}, gold {item['kind']}"
            )
    if item.get("title"):
        c["event title judged"] += 1
        shared = title_words(proposal.title or "", item["title"])
        c["event title same words"] += shared == 1.0
        c["event title shared words"] += shared
        if shared < 1.0:
            misses.append(f"event title {proposal.title!r}, gold {item['title']!r}")
    if "place" in item:
        c["event place judged"] += 1
        given, expected = proposal.place or None, item["place"]
        if given is None and expected is None:
            c["event place right"] += 1
        elif given is None:
            c["event place missing"] += 1
            misses.append(f"no place for {where!r}, gold {expected!r}")
        elif expected is not None and fold(given) == fold(expected):
            c["event place right"] += 1
        else:
            c["event place wrong"] += 1
            misses.append(f"event place of {where!r}: {given!r}, gold {expected!r}")


def evaluate_sets(sets: tuple[str, ...] = SETS) -> dict[str, dict[str, Figures]]:
    """Figures per set and language ("all" for the whole set)."""
    results: dict[str, dict[str, Figures]] = {}
    for name in sets:
        by_language: dict[str, Figures] = {"all": Figures()}
        for path in set_files(name):
            language = json.loads(path.read_text(encoding="utf-8")).get(
                "language", "en"
            )
            figures = evaluate(path)
            by_language.setdefault(language, Figures()).add(figures)
            by_language["all"].add(figures)
        results[name] = by_language
    return results


def long_article(words: int = LONG_WORDS) -> str:
    """An article of ``words`` words: the tune half's articles, one after the other."""
    texts = [
        (CORPUS_DIR / "tune" / path.with_suffix(".txt").name).read_text(
            encoding="utf-8"
        )
        for path in corpus_files("tune")
    ]
    out: list[str] = []
    count = 0
    while count < words:
        text = texts[len(out) % len(texts)]
        out.append(text)
        count += len(text.split())
    return "\n".join(out)


def time_long_import(words: int = LONG_WORDS) -> dict[str, Any]:
    """Import a generated article through ``import_file`` into a fresh test database."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment

    from sources.importing.importer import import_file
    from sources.importing.language import detect_language

    # A worker loads the language detector's profiles once, before any import.
    detect_language("The minister said talks would resume in Luanda on Monday.")
    data = long_article(words).encode("utf-8")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        user = get_user_model().objects.create_superuser("bench", password=None)
        started = time.perf_counter()
        outcome = import_file(
            "long.txt", data, by=user, published_on=datetime.date(2025, 6, 13)
        )
        seconds = time.perf_counter() - started
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return {
        "words": len(data.decode().split()),
        "seconds": seconds,
        "result": str(outcome.result),
    }


_COLUMNS = [
    ("n", "articles", "{:d}"),
    ("q rec", "quote recall", "{:.2f}"),
    ("q prec", "quote precision", "{:.2f}"),
    ("unmarked", "statements without marks recall", "{:.2f}"),
    ("spk ok", "speaker right", "{:.2f}"),
    ("spk bad", "speaker wrong", "{:.2f}"),
    ("spk none", "speaker missing", "{:.2f}"),
    ("anon", "anonymous right", "{:.2f}"),
    ("date", "date exact", "{:.2f}"),
    ("rel", "relative date exact", "{:.2f}"),
    ("chan", "channel right", "{:.2f}"),
    ("ev prec", "event precision", "{:.2f}"),
    ("ev rec", "event recall", "{:.2f}"),
    ("ev neg", "events from negative sentences", "{:d}"),
    ("ev cond", "events from conditional or future sentences", "{:d}"),
    ("act prec", "new actor precision", "{:.2f}"),
    ("titled", "new actors with title in name", "{:d}"),
    ("s/art", "seconds per article", "{:.3f}"),
]


# The events found, field by field: each field the gold gives, apart.
_EVENT_COLUMNS = [
    ("found", "events found", "{:d}"),
    ("date", "event date exact", "{:.2f}"),
    ("kind", "event kind right", "{:.2f}"),
    ("kind n/a", "event kinds not judged", "{:d}"),
    ("title =", "event title same words", "{:.2f}"),
    ("title words", "event title shared words", "{:.2f}"),
    ("title form", "event titles acceptable", "{:.2f}"),
    ("place ok", "event place right", "{:.2f}"),
    ("place bad", "event place wrong", "{:.2f}"),
    ("place none", "event place missing", "{:.2f}"),
]


def table(
    results: dict[str, dict[str, Figures]],
    columns: list[tuple[str, str, str]] | None = None,
) -> str:
    """The figures as a Markdown table, a row per set and language."""
    columns = _COLUMNS if columns is None else columns
    lines = [
        "| set | lang | " + " | ".join(h for h, _, _ in columns) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for name, by_language in results.items():
        for language in ["all", *sorted(k for k in by_language if k != "all")]:
            summary = by_language[language].summary()
            cells = [
                "–" if summary[key] is None else form.format(summary[key])
                for _, key, form in columns
            ]
            lines.append(f"| {name} | {language} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold files, one by one")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--no-long", action="store_true", help="skip the 10,000-word import"
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print every miss of the tune half and the older gold set "
        "(never of the held half)",
    )
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help=f"the sets to measure, among {', '.join(SETS)} (default: all)",
    )
    options = parser.parse_args(argv)
    sets = tuple(name for name in options.sets.split(",") if name)
    if not sets or set(sets) - set(SETS):
        parser.error(f"--sets takes names among {', '.join(SETS)}")
    held = [str(path) for path in options.gold if is_held(path)]
    if held:
        parser.error(
            "the held half is measured as a whole, never article by article: "
            + ", ".join(held)
        )
    _setup_django()
    if options.gold:
        for path in options.gold:
            figures = evaluate(path)
            print(path.stem)
            for miss in figures.misses:
                print(f"    {miss}")
        return
    results = evaluate_sets(sets)
    if options.verbose:
        for name in sets:
            if name == "held":
                continue  # tuning on its misses would make it a tune half
            for path in set_files(name):
                for miss in evaluate(path).misses:
                    print(f"{name}/{path.stem}: {miss}")
    long = None if options.no_long else time_long_import()
    if options.json:
        figures = {
            name: {lang: f.summary() for lang, f in by_language.items()}
            for name, by_language in results.items()
        }
        print(json.dumps({"sets": figures, "long article": long}, indent=1))
        return
    print(table(results))
    print()
    print(table(results, _EVENT_COLUMNS))
    if long is not None:
        print(
            f"\nA generated article of {long['words']:,} words imports through "
            f"import_file in {long['seconds']:.2f} s ({long['result']})."
        )


if __name__ == "__main__":
    main()
