"""The names of a text, indexed for the questions attribution asks of them.

Who was named last before a position, the fullest form of a name, who holds
a title: each answered from an index built once per text, so that a long
text stays linear however many quotes it has.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from events.suggesting.names import NameMention
from sources.folding import fold as _fold_uncached

# Attribution compares each quote's speaker with every name of the text:
# folding each name once keeps a long text linear instead of quadratic.
fold = lru_cache(maxsize=100_000)(_fold_uncached)


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
            # "porte-parole" and its parts: "le porte-parole" means its holder.
            words = {*title.replace("-", " ").split(), *title.split(), title}
            for word in words:
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
        self._second_holder: dict[int, int] = {}

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

    def only_holder_before(
        self, mentions: list[NameMention] | None, position: int
    ) -> NameMention | None:
        """The last of ``mentions`` before ``position`` when all name one holder.

        "The minister said" after a health minister and a finance minister
        were both named may mean either: no holder then.
        """
        if not mentions:
            return None
        index = bisect.bisect_right(self._ends[id(mentions)], position)
        if index == 0:
            return None
        # Where a second holder first appears, worked out once per list.
        change = self._second_holder.get(id(mentions))
        if change is None:
            first = self.fullest(mentions[0].name)
            change = next(
                (
                    at
                    for at, mention in enumerate(mentions)
                    if self.fullest(mention.name) != first
                ),
                len(mentions),
            )
            self._second_holder[id(mentions)] = change
        return mentions[index - 1] if index <= change else None
