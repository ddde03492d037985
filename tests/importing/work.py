"""Count the work of an import, the same way on every machine.

Three counts, none of them a time:

- lines run in the importer's own modules, and Python calls anywhere (a
  generator's every step is a call), through ``sys.settrace``;
- for every regular-expression call, the characters it may read: each
  position it tries, times the longest stretch one attempt can read (the
  pattern's reach, from its parsed form). A pattern with an unbounded
  repetition may read to the end of what it was given from each position,
  unless it cannot fail once its first character matched (``\\s+``,
  ``[^|]+``): such a match ends where it stops reading;
- database queries.

The regex count is a model of the engine, not a measure of it; the benchmark
(``benchmarks/import_hostile.py``) times the real thing. A single C call
other than a regex (a slice, ``str.find``) is not counted at all.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

# Whose lines are counted and whose patterns are watched.
MODULES = [
    "sources.anchoring",
    "sources.importing.datewords",
    "sources.importing.importer",
    "sources.importing.language",
    "sources.importing.metadata",
    "sources.importing.reading",
    "events.suggesting.analysis",
    "events.suggesting.attribution",
    "events.suggesting.clauses",
    "events.suggesting.dating",
    "events.suggesting.drafting",
    "events.suggesting.drafts",
    "events.suggesting.happenings",
    "events.suggesting.headlines",
    "events.suggesting.naming",
    "events.suggesting.names",
    "events.suggesting.places",
    "events.suggesting.quotes",
    "events.suggesting.resolving",
    "events.suggesting.sentences",
    "events.suggesting.speakers",
    "events.suggesting.unnamed",
    "events.suggesting.spans",
]
UNBOUNDED = float("inf")
_ONE_CHAR = {"LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def reach(items: Any) -> float:
    """The most characters one attempt of a parsed pattern can read."""
    total = 0.0
    for op, value in items:
        name = str(op)
        if name in _ONE_CHAR:
            total += 1
        elif name == "AT":
            continue
        elif name == "BRANCH":
            total += max(reach(branch) for branch in value[1])
        elif name == "SUBPATTERN":
            total += reach(value[-1])
        elif name in _REPEATS:
            _, most, inner = value
            if most == _constants.MAXREPEAT:
                return UNBOUNDED
            total += most * reach(inner)
        elif name in {"ASSERT", "ASSERT_NOT"}:
            total += reach(value[1])
        elif name == "ATOMIC_GROUP":
            total += reach(value)
        elif name == "GROUPREF_EXISTS":
            total += max(reach(value[1]), reach(value[2]) if value[2] else 0)
        else:  # a back-reference, or anything this does not know
            return UNBOUNDED
    return total


def least(items: Any) -> int:
    """The fewest characters a parsed pattern can match; 1 for any assertion."""
    total = 0
    for op, value in items:
        name = str(op)
        if name in _ONE_CHAR:
            total += 1
        elif name == "BRANCH":
            total += min(least(branch) for branch in value[1])
        elif name == "SUBPATTERN":
            total += least(value[-1])
        elif name == "ATOMIC_GROUP":
            total += least(value)
        elif name in _REPEATS:
            total += value[0] * least(value[2])
        else:  # an anchor, a look-around or a back-reference can fail
            total += 1
    return total


def consuming(items: Any) -> bool:
    """Whether an attempt, once its first character matched, cannot fail."""
    if not items:
        return False
    (op, value), rest = items[0], list(items[1:])
    if str(op) in _REPEATS and value[0] >= 1 and len(value[2]) == 1:
        if str(value[2][0][0]) not in _ONE_CHAR:
            return False
    elif str(op) not in _ONE_CHAR:
        return False
    return least(rest) == 0


@dataclasses.dataclass
class Work:
    lines: int = 0
    calls: int = 0
    regex: float = 0
    queries: int = 0
    # For a failure's message: where the regex work and the lines went.
    patterns: dict[str, float] = dataclasses.field(default_factory=dict)
    functions: dict[str, int] = dataclasses.field(default_factory=dict)

    def counts(self) -> dict[str, float]:
        return {
            "lines": self.lines,
            "calls": self.calls,
            "regex": self.regex,
            "queries": self.queries,
        }

    def most(self, what: str) -> list[tuple[str, float]]:
        where = self.patterns if what == "regex" else self.functions
        return sorted(where.items(), key=lambda item: -item[1])[:3]


class CountedPattern:
    """A compiled pattern that adds what each call may read to ``work``."""

    def __init__(self, pattern: re.Pattern[str], work: Work) -> None:
        self._pattern = pattern
        self._work = work
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        self._reach = 1 if consuming(list(parsed)) else reach(parsed)
        # A pattern that opens with "^" (not per line) is tried at one place.
        first = parsed.data[0] if parsed.data else None
        self._anchored = bool(
            first
            and str(first[0]) == "AT"
            and str(first[1]) in {"AT_BEGINNING", "AT_BEGINNING_STRING"}
            and not pattern.flags & re.MULTILINE
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)

    def _charge(
        self, string: Any, pos: int, endpos: int, *, tries: int | None = None
    ) -> None:
        window = max(min(endpos, len(string)) - pos, 0) + 1
        if tries is None:
            tries = 1 if self._anchored else window
        cost = min(self._reach, window) * tries
        self._work.regex += cost
        key = self._pattern.pattern[:60]
        self._work.patterns[key] = self._work.patterns.get(key, 0) + cost

    def search(self, string, pos=0, endpos=sys.maxsize):  # type: ignore[no-untyped-def]
        found = self._pattern.search(string, pos, endpos)
        # A search tries no position past the one it matched at.
        stop = found.start() + 1 if found else min(endpos, len(string)) + 1
        self._charge(string, pos, endpos, tries=1 if self._anchored else stop - pos)
        return found

    def match(self, string, pos=0, endpos=sys.maxsize):  # type: ignore[no-untyped-def]
        self._charge(string, pos, endpos, tries=1)
        return self._pattern.match(string, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=sys.maxsize):  # type: ignore[no-untyped-def]
        self._charge(string, pos, endpos, tries=1)
        return self._pattern.fullmatch(string, pos, endpos)

    def finditer(self, string, pos=0, endpos=sys.maxsize):  # type: ignore[no-untyped-def]
        self._charge(string, pos, endpos)
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string, pos=0, endpos=sys.maxsize):  # type: ignore[no-untyped-def]
        self._charge(string, pos, endpos)
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl, string, count=0):  # type: ignore[no-untyped-def]
        self._charge(string, 0, len(string))
        return self._pattern.sub(repl, string, count)

    def subn(self, repl, string, count=0):  # type: ignore[no-untyped-def]
        self._charge(string, 0, len(string))
        return self._pattern.subn(repl, string, count)

    def split(self, string, maxsplit=0):  # type: ignore[no-untyped-def]
        self._charge(string, 0, len(string))
        return self._pattern.split(string, maxsplit)


@contextmanager
def counting_patterns(work: Work, modules: list[str]) -> Iterator[None]:
    """The patterns the modules hold (in lists, tuples and dataclasses too),
    and ``re``'s own functions, counted while the block runs."""
    undo: list[Callable[[], None]] = []
    compile_ = re.compile

    def swap(value: Any) -> Any:
        if isinstance(value, re.Pattern):
            return CountedPattern(value, work)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if (new := swap(item)) is not item:
                    value[index] = new
                    undo.append(lambda v=value, i=index, o=item: v.__setitem__(i, o))
        elif isinstance(value, tuple):
            swapped = tuple(swap(item) for item in value)
            if any(a is not b for a, b in zip(swapped, value, strict=True)):
                return swapped
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                old = getattr(value, field.name)
                if (new := swap(old)) is not old:
                    object.__setattr__(value, field.name, new)
                    undo.append(
                        lambda v=value, n=field.name, o=old: object.__setattr__(v, n, o)
                    )
        return value

    for name in modules:
        module = importlib.import_module(name)
        for attribute, old in list(vars(module).items()):
            if not attribute.startswith("__") and (new := swap(old)) is not old:
                setattr(module, attribute, new)
                undo.append(lambda m=module, a=attribute, o=old: setattr(m, a, o))

    def counted(method: str) -> Callable[..., Any]:
        def call(pattern, *args, flags=0, **kwargs):  # type: ignore[no-untyped-def]
            compiled = CountedPattern(compile_(pattern, flags), work)
            return getattr(compiled, method)(*args, **kwargs)

        return call

    methods = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")
    for method in (*methods, "subn"):
        original = getattr(re, method)
        undo.append(lambda m=method, o=original: setattr(re, m, o))
        setattr(re, method, counted(method))
    try:
        yield
    finally:
        for action in reversed(undo):
            action()


@contextmanager
def counting_lines_and_calls(work: Work, modules: list[str]) -> Iterator[None]:
    files = {importlib.import_module(name).__file__ for name in modules}
    functions = work.functions

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "line":
            work.lines += 1
            code = frame.f_code
            name = f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}"
            functions[name] = functions.get(name, 0) + 1
        return local

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        work.calls += 1
        return local if frame.f_code.co_filename in files else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


@contextmanager
def counting(work: Work, modules: list[str] = MODULES) -> Iterator[None]:
    """Lines, calls and regex work of the block, counted into ``work``."""
    with counting_patterns(work, modules), counting_lines_and_calls(work, modules):
        yield
