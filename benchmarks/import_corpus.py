"""The importer's suggestions against the development corpus, figure by figure.

``evaluate`` judges one article against its gold file; ``evaluate_sets``
sums the figures per set (the corpus halves ``tune`` and ``held``, and the
older gold set) and per language. The articles are read by ``analyse``,
with the limit of suggestions ``propose_drafts`` gives it when the admin
imports a file.

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

The misses of the held half are never printed: reading them article by
article would be tuning on it (``is_held``).
"""

from __future__ import annotations

import datetime
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.import_gold import ROOT, gold_files, overlaps

CORPUS_DIR = ROOT / "tests" / "importing" / "corpus"
# The halves of the corpus, then the older gold set.
SETS = ("tune", "held", "gold")


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
        (i for i, gold in enumerate(spans) if i not in taken and overlaps(span, gold)),
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
                (w for s, w in negatives if overlaps(proposal.sentence, s)), None
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
