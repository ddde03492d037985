"""Words, names and publishers of the synthetic fact file: a Zipf-like vocabulary."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable

VOCABULARY_SIZE = 20_000
ZIPF_EXPONENT = 1.07
_ONSETS = [*"bcdfgklmnprstvz", "br", "dr", "gr", "kr", "pr", "tr", "st", "nd", "mb"]
_ONSETS += ["ny", "sh", "ch"]
_VOWELS = [*"aeiouaeiouéèôüïâ"]
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "k"]
_ACCENTS = str.maketrans("éèôüïâ", "eeouia")
PLACES_PER_COUNTRY = 4


def plain(text: str) -> str:
    return text.translate(_ACCENTS)


class Words:
    """A Zipf-like vocabulary: a few words are everywhere, most are rare."""

    def __init__(self, rng: random.Random) -> None:
        seen: set[str] = set()
        words: list[str] = []
        while len(words) < VOCABULARY_SIZE:
            syllables = rng.choice((1, 2, 2, 3, 3, 4))
            word = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(syllables)
            )
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def take(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, rng: random.Random, low: int, high: int) -> str:
        words = self.take(rng, rng.randint(low, high))
        return " ".join(words).capitalize()

    def name(self, rng: random.Random, syllables: int) -> str:
        return "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(syllables)
        ).capitalize()


def zipf_picker(count: int, rng: random.Random) -> Callable[[random.Random], int]:
    """Pick an index in ``range(count)``; low indexes, shuffled, come up most.

    The order is drawn from ``rng``; each pick from the generator it is given.
    """
    order = list(range(count))
    rng.shuffle(order)
    cumulative = list(
        itertools.accumulate(1 / (rank**ZIPF_EXPONENT) for rank in range(1, count + 1))
    )
    total = cumulative[-1]

    def pick(rng: random.Random) -> int:
        return order[bisect.bisect_left(cumulative, rng.random() * total)]

    return pick


PUBLISHERS = [
    f"The {place} {paper}"
    for place in (
        "Kivu", "Lakeside", "Northern", "Capital", "Coastal", "Highland", "Valley",
        "Eastern", "Western", "Central", "Riverside", "Harbour", "Plateau", "Delta",
    )
    for paper in ("Herald", "Courier", "Tribune", "Observer", "Gazette", "Post")
] + ["Agence Presse Région", "Wire Service", "Le Courrier Équatorial"]  # fmt: skip


def distinct_folded(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def slug(text: str) -> str:
    return "-".join(plain(text).lower().split()).replace("the-", "")
