"""The older measure: the importer's suggestions against the gold set.

For every file of ``tests/importing/gold``, ``run`` prints precision and
recall of quotes, speakers, dates, events and new actors, per article and
overall (``measure`` gives them for one file). A gold file names its article, the
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

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "importing" / "gold"


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


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
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
                if index not in matched and overlaps(span, gold_span)
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
                item for gold_span, item in gold_dates if overlaps(span, gold_span)
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
                if index not in matched and overlaps(proposal.sentence, span)
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
