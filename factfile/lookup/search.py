"""Ranked search over the lookup index: query parsing, typo fixes, both databases.

A writer's query is read the way web search engines read one: words must all
appear, ``"a quoted phrase"`` must appear as written, ``OR`` between two
words accepts either, ``-word`` excludes, and ``speaker:Kagame`` (or
``said:"Paul Kagame"``) keeps the statements of the actors so called, by
name, alias or former name. The parser never fails on odd
input: stray quotes close at the end, lone dashes and operators of the
database's own syntax are plain characters, and every word reaches the
database as a quoted phrase, never as syntax. Only input that asks for
nothing searchable (too long, only exclusions) is refused with a message.

PostgreSQL ranks with ``ts_rank`` over the weighted ``tsvector``; SQLite with
FTS5's ``bm25`` and the same weights. Both read only the published layer,
through the lookup's index: live records, and retracted ones, which are
shown struck out with their reason and nothing to copy (see
``factfile.lookup.indexing``). The SQL is compiled from querysets that state
each rule once (``findable``, ``live_names``, ``Filters.apply``); only the
ranking, which the ORM cannot say, is written out around them.
"""

from __future__ import annotations

import datetime
import difflib
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import orjson
from django.db import DatabaseError, connections, models, router
from django.db.models.expressions import RawSQL

from factfile.folding import fold
from factfile.lookup.indexing import MIN_NAME_WORD
from factfile.lookup.models import Kind, LookupEntry, LookupName
from factfile.published.models import PublishedLink, PublishedRecord

MAX_QUERY_CHARS = 300
MAX_TERMS = 16
# Words this long or longer may be corrected to the nearest name.
MIN_CORRECTED = 4
# How close a word must be to a name to be read as a typo of it.
SQLITE_CUTOFF = 0.8
POSTGRESQL_SIMILARITY = 0.4
# Relative weights of the four fields: the record's own words, names,
# context (sources, places), and the cited passages with their sentences.
WEIGHTS = (10.0, 4.0, 1.0, 0.5)
# Writers come for quotes first, then events; actors and sources mostly lead
# on to those. Among equally good matches, the kind decides.
KIND_WEIGHTS = {
    Kind.STATEMENT: 1.0,
    Kind.EVENT: 0.85,
    Kind.ACTOR: 0.7,
    Kind.SOURCE: 0.7,
}

_WORDISH = re.compile(r"[^\W_]")
_PLAIN_WORD = re.compile(r"^[^\W\d_]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAME_WORD = re.compile(r"[^\W_]+")


class QueryError(ValueError):
    """A query that asks for nothing that can be searched; the message says why."""


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, as typed; ``fix`` is a name it may be a typo of."""

    text: str
    phrase: bool = False
    fix: str = ""


@dataclass
class Query:
    """All ``groups`` must match (any term of a group will do); no ``excluded``.

    ``speakers`` are the names given to ``speaker:`` or ``said:``.
    """

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups) or bool(self.speakers)

    def words(self) -> list[str]:
        """The plain, positive words a typo fix may apply to, folded."""
        return [
            fold(term.text)
            for group in self.groups
            for term in group
            if not term.phrase
        ]

    def with_fixes(self, fixes: dict[str, str]) -> Query:
        def fixed(term: Term) -> Term:
            found = fixes.get(fold(term.text), "") if not term.phrase else ""
            return Term(term.text, term.phrase, found)

        return Query(
            groups=[[fixed(term) for term in group] for group in self.groups],
            excluded=self.excluded,
            speakers=self.speakers,
        )

    def corrected(self) -> dict[str, str]:
        """Each word read as a typo, with the name it was read as."""
        return {
            term.text: term.fix for group in self.groups for term in group if term.fix
        }


# Operators a writer types before a name; each keeps statements by a speaker.
OPERATORS = ("speaker", "said")
_OPERATOR = re.compile(r"(?i:speaker|said):(?=\S)")


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(sign, text, quoted) for each word or phrase.

    The sign is '-', 'or', 'speaker' (for ``speaker:`` or ``said:``) or ''.
    """
    tokens = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        sign = ""
        if char == "-":
            while position < length and text[position] == "-":
                position += 1
            if position >= length or text[position].isspace():
                continue  # a lone dash excludes nothing
            sign = "-"
        operator = _OPERATOR.match(text, position) if not sign else None
        if operator:
            sign = "speaker"
            position = operator.end()
        if text[position] == '"':
            end = text.find('"', position + 1)
            # An unclosed quote runs to the end: what a writer is still typing.
            end = length if end == -1 else end
            tokens.append((sign, text[position + 1 : end], True))
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        if not sign and word.lower() == "or":
            tokens.append(("or", word, False))
        else:
            tokens.append((sign, word, False))
        position = end
    return tokens


def parse(text: str) -> Query:
    """Read a web-style query; raise QueryError only if nothing can be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query is too long: at most {MAX_QUERY_CHARS} characters, please."
        )
    # Control characters (a NUL byte above all) are no part of any word and
    # PostgreSQL refuses them in text.
    text = _CONTROL.sub(" ", text)
    query = Query()
    join_next = False
    count = 0
    for sign, raw, quoted in _tokens(text):
        if sign == "or":
            join_next = bool(query.groups)
            continue
        words = " ".join(raw.split())
        if not _WORDISH.search(words):
            continue  # punctuation alone matches nothing
        count += 1
        if count > MAX_TERMS:
            raise QueryError(f"Too many words: at most {MAX_TERMS}, please.")
        term = Term(words, phrase=quoted or len(words.split()) > 1)
        if sign == "speaker":
            query.speakers.append(words)
        elif sign == "-":
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        join_next = False
    if query.excluded and not query.groups and not query.speakers:
        raise QueryError("Add a word to look for: a query cannot only exclude words.")
    return query


# Typo fixes ------------------------------------------------------------------


def _candidates(query: Query) -> list[str]:
    return sorted(
        {
            word
            for word in query.words()
            if len(word) >= MIN_CORRECTED and _PLAIN_WORD.match(word)
        }
    )


def lookup_database() -> Any:
    """The connection the lookup reads: the replica on the public read path."""
    return connections[router.db_for_read(LookupEntry)]


Compiled = tuple[str, tuple[Any, ...]]


def sql_of(queryset: models.QuerySet) -> Compiled:
    """The SQL and parameters of ``queryset`` on the lookup's database."""
    compiler = queryset.query.get_compiler(using=lookup_database().alias)
    return compiler.as_sql()


# Compiling a queryset took as long as a search's own work in the database:
# the querysets that never change are compiled once per database, and those
# around a query's words once, with a mark where the words go.
_compiled: dict[tuple[str, str], Compiled] = {}
_MARK = "__lookup_words__"
_PLACEHOLDER = re.compile(r"%%|%s")


def constant_sql(name: str, queryset: Callable[[], models.QuerySet]) -> Compiled:
    """``sql_of(queryset())``, compiled once per database under ``name``."""
    key = (name, lookup_database().alias)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = sql_of(queryset())
    return compiled


def around_sql(
    name: str,
    queryset: Callable[[RawSQL], models.QuerySet],
    condition: tuple[str, Sequence[Any]],
) -> Compiled:
    """``sql_of(queryset(RawSQL(*condition)))``, compiled once under ``name``.

    ``queryset`` must use its argument once, and only as a condition whose
    SQL does not change the rest of the query's.
    """
    mark = RawSQL(_MARK, (), output_field=models.BooleanField())
    sql, params = constant_sql(name, lambda: queryset(mark))
    head, found, tail = sql.partition(_MARK)
    if not found or _MARK in tail:
        raise AssertionError(f"{name}: the words' place is not in its SQL once")
    before = sum(1 for p in _PLACEHOLDER.findall(head) if p == "%s")
    text, values = condition
    return head + text + tail, (*params[:before], *values, *params[before:])


def findable() -> models.QuerySet:
    """The published rows the lookup shows: those its index holds.

    Live records and retracted ones; a merged duplicate has no entry.
    """
    return PublishedRecord.objects.filter(lookup_entry__isnull=False)


def live_names() -> models.QuerySet:
    """The words of live actors' names: what a typo is read against."""
    live = PublishedRecord.objects.live()
    return LookupName.objects.filter(entry__published__in=live).values("word")


def fix_typos(query: Query) -> Query:
    """Read words that are no actor's name but near one as that name, too."""
    words = _candidates(query)
    if not words:
        return query
    if lookup_database().vendor == "postgresql":
        fixes = _postgresql_fixes(words)
    else:
        fixes = _sqlite_fixes(words)
    return query.with_fixes(fixes)


def _postgresql_fixes(words: list[str]) -> dict[str, str]:
    # The % operator finds candidates through the trigram index; the
    # similarity floor then keeps only close ones. The planner folds the
    # names' subquery into each branch, so the index still answers.
    names, names_params = constant_sql("live names", live_names)
    sql = (
        "SELECT t.term, best.word FROM unnest(%s::text[]) AS t(term) "
        "CROSS JOIN LATERAL ("
        f"  SELECT n.word FROM ({names}) n WHERE n.word %% t.term"
        "   AND similarity(n.word, t.term) >= %s"
        "  ORDER BY similarity(n.word, t.term) DESC, n.word LIMIT 1"
        ") AS best "
        f"WHERE NOT EXISTS (SELECT 1 FROM ({names}) n WHERE n.word = t.term)"
    )
    params = [words, *names_params, POSTGRESQL_SIMILARITY, *names_params]
    with lookup_database().cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _sqlite_fixes(words: list[str]) -> dict[str, str]:
    shortest = min(len(word) for word in words) - 2
    longest = max(len(word) for word in words) + 2
    names, names_params = constant_sql("live names", live_names)
    sql = (
        f"SELECT DISTINCT n.word FROM ({names}) n "
        "WHERE length(n.word) BETWEEN %s AND %s"
    )
    with lookup_database().cursor() as cursor:
        cursor.execute(sql, [*names_params, shortest, longest])
        vocabulary = sorted(word for (word,) in cursor.fetchall())
    known = set(vocabulary)
    fixes = {}
    for word in words:
        if word in known:
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SQLITE_CUTOFF)
        if close:
            fixes[word] = close[0]
    return fixes


# Filters ---------------------------------------------------------------------


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    # Actor ids: statements by any of them.
    speakers: list[int] = field(default_factory=list)
    # Actor ids: records involving any of them (or the actors themselves).
    actors: list[int] = field(default_factory=list)
    # Source ids: records citing any of them (or the sources themselves).
    sources: list[int] = field(default_factory=list)
    date_from: Any = None
    date_to: Any = None

    def __bool__(self) -> bool:
        return (
            bool(self.kinds)
            or bool(self.speakers)
            or bool(self.actors)
            or bool(self.sources)
            or self.date_from is not None
            or self.date_to is not None
        )

    def apply(self, rows: models.QuerySet) -> models.QuerySet:
        """Narrow published rows; each filter keeps the records it concerns."""
        if self.kinds:
            rows = rows.filter(resource__in=self.kinds)
        if self.speakers:
            rows = rows.filter(resource=Kind.STATEMENT, speaker_id__in=self.speakers)
        if self.actors:
            rows = rows.filter(
                _linked(PublishedLink.Relation.INVOLVED, self.actors)
                | models.Q(resource=Kind.ACTOR, record_id__in=self.actors)
            )
        if self.sources:
            rows = rows.filter(
                _linked(PublishedLink.Relation.SOURCE, self.sources)
                | models.Q(resource=Kind.SOURCE, record_id__in=self.sources)
            )
        if self.date_from is not None:
            rows = rows.filter(date__gte=self.date_from)
        if self.date_to is not None:
            rows = rows.filter(date__lte=self.date_to)
        return rows


def _linked(relation: str, ids: list[int]) -> models.Q:
    return models.Q(
        models.Exists(
            PublishedLink.objects.filter(
                record=models.OuterRef("pk"),
                relation=relation,
                value__in=[str(value) for value in ids],
            )
        )
    )


def actors_named(name: str) -> list[int]:
    """The live actors with every word of ``name`` in a name, alias or former name."""
    words = sorted(
        {w[:100] for w in _NAME_WORD.findall(fold(name)) if len(w) >= MIN_NAME_WORD}
    )
    if not words:
        return []
    entries = LookupName.objects.filter(word__in=words).values("entry")
    entries = entries.annotate(held=models.Count("word", distinct=True)).filter(
        held=len(words)
    )
    return list(
        PublishedRecord.objects.of(Kind.ACTOR)
        .live()
        .filter(pk__in=entries.values("entry"))
        .order_by("record_id")
        .values_list("record_id", flat=True)
    )


# Searching -------------------------------------------------------------------


@dataclass
class Hit:
    """One ranked result: a published record and its score.

    ``missing`` lists the query's words the record lacks: only closest
    matches, shown when no record has them all, lack any. A retracted
    record has ``retracted_at`` and its public ``retraction_reason``.
    """

    kind: str
    record_id: int
    rank: float
    data: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    retracted_at: datetime.datetime | None = None
    retraction_reason: str = ""


@dataclass
class Page:
    """A page of hits; ``closest`` holds the query's words when no record
    has them all and the hits are the records holding most of them."""

    hits: list[Hit]
    has_next: bool
    corrected: dict[str, str]
    closest: list[str] = field(default_factory=list)
    # Names given to speaker: that no actor goes by.
    unknown_speakers: list[str] = field(default_factory=list)
    # The latest change (sequence number, time) the hits were read at, when
    # the search read it; None otherwise.
    version: tuple[int, datetime.datetime] | None = None


def group_label(group: list[Term]) -> str:
    """A group of the query as typed: ``Goma OR "North Kivu"``."""
    return " OR ".join(f'"{t.text}"' if t.phrase else t.text for t in group)


def _fts5_string(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def _fts5_group(terms: list[Term]) -> str:
    options = []
    for term in terms:
        options.append(_fts5_string(term))
        if term.fix:
            options.append(_fts5_string(Term(term.fix)))
    return "(" + " OR ".join(options) + ")"


def fts5_match(query: Query, *, any_group: bool = False) -> str:
    """The FTS5 MATCH expression of a query: every word a quoted string.

    With ``any_group``, a record with any one of the groups matches.
    """
    joiner = " OR " if any_group else " AND "
    expression = joiner.join(_fts5_group(group) for group in query.groups)
    if query.excluded:
        expression = f"({expression}) NOT {_fts5_group(query.excluded)}"
    return expression


def _tsquery_item(loose: bool = False) -> str:
    if loose:
        return "plainto_tsquery('lookup_folded', %s)"
    return "websearch_to_tsquery('lookup_folded', %s)"


def _websearch_text(text: str) -> str:
    # Quoted, the words are one phrase and websearch reads no operator in it.
    return '"' + text.replace('"', " ") + '"'


@dataclass
class TsQueries:
    """SQL of one tsquery per group and per exclusion, with their parameters.

    Each group is an OR of one ``websearch_to_tsquery`` per term, so the
    words of the query never meet websearch's own operators. ``loose`` is
    the same groups with phrases read as their words in any order
    (``plainto_tsquery`` reads no operator either): a superset that the
    index answers without looking at word positions.
    """

    groups: list[tuple[str, list[str]]]
    loose: list[tuple[str, list[str]]]
    excluded: list[tuple[str, list[str]]]

    def has_phrase(self) -> bool:
        return self.groups != self.loose


def _group_sql(terms: list[Term], loose: bool = False) -> tuple[str, list[str]]:
    options, params = [], []
    for term in terms:
        for text in filter(None, [term.text, term.fix]):
            if loose and term.phrase and text == term.text:
                options.append(_tsquery_item(loose=True))
                params.append(text)
            else:
                options.append(_tsquery_item())
                params.append(_websearch_text(text))
    return "(" + " || ".join(options) + ")", params


def tsqueries(query: Query) -> TsQueries:
    return TsQueries(
        groups=[_group_sql(group) for group in query.groups],
        loose=[_group_sql(group, loose=True) for group in query.groups],
        excluded=[_group_sql([term]) for term in query.excluded],
    )


def _kind_weight(column: str = "p.resource") -> tuple[str, list[Any]]:
    whens = " ".join("WHEN %s THEN %s" for _ in KIND_WEIGHTS)
    params: list[Any] = []
    for kind, weight in KIND_WEIGHTS.items():
        params += [str(kind), weight]
    return f"(CASE {column} {whens} ELSE 1.0 END)", params


def search(
    text: str, *, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> Page:
    """The published records matching ``text``, best first, retracted ones too.

    When no record holds every word, the records holding most of them come
    instead, ranked, each saying which words it lacks: a second search that
    runs only when the first finds nothing.
    """
    query = parse(text)
    if not query:
        return Page(hits=[], has_next=False, corrected={})
    filters = filters or Filters()
    if query.speakers:
        named = {name: actors_named(name) for name in query.speakers}
        unknown = [name for name, ids in named.items() if not ids]
        if unknown:
            return Page(hits=[], has_next=False, corrected={}, unknown_speakers=unknown)
        ids = sorted({i for found in named.values() for i in found})
        if filters.speakers:
            # A speaker chosen in the filter and one typed: both must hold.
            ids = sorted(set(ids) & set(filters.speakers)) or [0]
        filters = replace(filters, speakers=ids)
        if not query.groups:
            return _said_by(filters, limit, offset)
    query = fix_typos(query)
    # The index holds only what the lookup may show, so only filters need
    # the published layer here.
    within = (
        filters.apply(PublishedRecord.objects.filter(resource__in=Kind.values))
        if filters
        else None
    )
    postgresql = lookup_database().vendor == "postgresql"

    def strict(size: int, start: int) -> list[Found]:
        if postgresql:
            return _postgresql(query, within, size, start)
        return _sqlite(query, within, size, start)

    found = strict(limit + 1, offset)
    closest: list[str] = []
    if (
        not found
        and len(query.groups) > 1
        # Past the first page, an empty page is the end of the full matches
        # unless there were none at all.
        and (offset == 0 or not strict(1, 0))
    ):
        closest = [group_label(group) for group in query.groups]
        if postgresql:
            found = _postgresql_closest(query, within, limit + 1, offset)
        else:
            found = _sqlite_closest(query, within, limit + 1, offset)
    # PostgreSQL read the rows with the ranking; SQLite reads them here. A
    # record merged away since it was found is not shown.
    records = {f.pk: f.row for f in found[:limit] if f.row is not None}
    if len(records) < len(found[:limit]):
        records = _shown().in_bulk([f.pk for f in found[:limit]])
    hits = [
        _hit(
            records[f.pk],
            rank=f.rank,
            missing=[
                label for label, held in zip(closest, f.held, strict=False) if not held
            ],
        )
        for f in found[:limit]
        if f.pk in records
    ]
    version = found[0].version if found else None
    return Page(
        hits=hits,
        has_next=len(found) > limit,
        corrected=query.corrected(),
        closest=closest,
        version=version if version and version[0] is not None else None,
    )


def _shown() -> models.QuerySet:
    """Findable rows with what a result shows of them."""
    return findable().only(*SHOWN)


def _hit(
    row: PublishedRecord | ShownRow, *, rank: float, missing: Sequence[str] = ()
) -> Hit:
    return Hit(
        kind=row.resource,
        record_id=row.record_id,
        rank=rank,
        data=row.data,
        missing=list(missing),
        retracted_at=row.retracted_at,
        retraction_reason=row.retraction_reason,
    )


def _said_by(filters: Filters, limit: int, offset: int) -> Page:
    """A speaker's statements without words to rank them by: newest first."""
    rows = filters.apply(_shown())
    rows = rows.order_by("-sort_date", "-record_id")[offset : offset + limit + 1]
    found = list(rows)
    hits = [_hit(row, rank=0.0) for row in found[:limit]]
    return Page(hits=hits, has_next=len(found) > limit, corrected={})


@dataclass
class Found:
    """A match as the database ranks it; ``held`` says which groups it has.

    ``row`` is the published row, when read in the same query.
    """

    pk: int
    rank: float
    held: tuple[bool, ...] = ()
    row: ShownRow | None = None
    # The latest change of the published layer, when read in the same query.
    version: tuple[int, datetime.datetime] | None = None


@dataclass(slots=True)
class ShownRow:
    """The columns of a published row that a result shows (``SHOWN``).

    Read straight from the ranking query's rows: building model instances
    for them cost more than the rest of reading them.
    """

    id: int
    resource: str
    record_id: int
    data: dict[str, Any]
    retracted_at: datetime.datetime | None
    retraction_reason: str


# The columns of a published row that a result shows.
SHOWN = tuple(column.name for column in fields(ShownRow))


def _row(columns: Sequence[Any]) -> ShownRow:
    row = ShownRow(*columns)
    if isinstance(row.data, str):
        row.data = orjson.loads(row.data)
    return row


# How many matches of a query are ranked at most, and how many entries
# holding its words are looked at to choose them (see _postgresql).
CANDIDATES = 500
EXAMINED = 2000
# The tiers the candidates are chosen in: entries holding every word in
# their own words (A), then in their own words or names (A, B), then the
# others. ts_rank weighs A and B far above context and passages.
TIERS = ("A", "AB")
# A lexeme in a tsquery's text: what a weight label is appended to.
_LEXEME = r"'(?:[^'\\]|''|\\.)*'"


def _in_fields(words: tuple[str, list[Any]], tier: str) -> tuple[str, list[Any]]:
    """The tsquery ``words`` with every lexeme restricted to the fields of ``tier``.

    ``'word':AB`` matches only where the word is weighted A or B: the same
    test as filtering the document to those weights first, without building
    a filtered copy of every examined document. The query's text is
    relabelled once, when the query is planned.
    """
    sql, params = words
    return (
        f"regexp_replace(({sql})::text, %s, %s, 'g')::tsquery",
        [*params, _LEXEME, rf"\&:{tier}"],
    )


def _match(
    groups: list[tuple[str, list[str]]], excluded: list[tuple[str, list[str]]]
) -> tuple[str, list[str]]:
    """One tsquery expression: every group, and none of the exclusions."""
    parts = [sql for sql, _ in groups] + [f"!!{sql}" for sql, _ in excluded]
    params = [p for _, group in [*groups, *excluded] for p in group]
    return "(" + " && ".join(parts) + ")", params


def _entries(within: models.QuerySet | None) -> models.QuerySet:
    """The index entries a search reads: all, or those of the filtered rows."""
    entries = LookupEntry.objects.all()
    if within is not None:
        entries = entries.filter(published__in=within.values("pk"))
    return entries


def _document() -> str:
    # The tsvector column is made by a migration, outside the model.
    table = lookup_database().ops.quote_name(LookupEntry._meta.db_table)
    return f"{table}.document"


def _matching(
    entries: models.QuerySet, match: tuple[str, list[Any]]
) -> models.QuerySet:
    """``entries`` whose document matches the tsquery SQL ``match``."""
    sql, params = match
    return entries.filter(
        RawSQL(f"{_document()} @@ {sql}", params, output_field=models.BooleanField())
    )


def _matching_sql(
    name: str,
    shape: Callable[[models.QuerySet], models.QuerySet],
    within: models.QuerySet | None,
    match: tuple[str, list[Any]],
) -> Compiled:
    """``sql_of(shape(_matching(_entries(within), match)))``; compiled once
    under ``name`` when there is no filter, which is most searches."""
    if within is not None:
        return sql_of(shape(_matching(_entries(within), match)))
    sql, params = match
    return around_sql(
        name,
        lambda mark: shape(_entries(None).filter(mark)),
        (f"{_document()} @@ {sql}", params),
    )


def _ranked_columns(entries: models.QuerySet) -> models.QuerySet:
    """The columns ``_ranked`` reads of each candidate entry."""
    document = RawSQL(_document(), (), output_field=models.TextField())
    return entries.values("published_id", "kind", "sort_date", document=document)


def _latest_change() -> models.QuerySet:
    from factfile.api.views import latest_changes

    return latest_changes().values("seq", "at")[:1]


def _ranked(
    query: Query, candidates: str, candidate_params: list[Any], limit: int, offset: int
) -> list[Found]:
    """Rank the candidate entries; those holding more groups first, if asked.

    ``candidates`` is a query of entry columns. Ranks are summed group by
    group: ts_rank of an AND query falls with the distance between its
    words, and a quote's words are far from its speaker's name.
    """
    ts = tsqueries(query)
    rank = " + ".join(
        f"ts_rank(%s::float4[], c.document, {sql})" for sql, _ in ts.groups
    )
    rank_params: list[Any] = []
    # ts_rank takes the weights of D, C, B, A, each at most 1.
    weights = [w / WEIGHTS[0] for w in WEIGHTS[::-1]]
    for _, group in ts.groups:
        rank_params += [weights, *group]
    held = ", ".join(f"c.document @@ {sql}" for sql, _ in ts.groups)
    held_params = [p for _, group in ts.groups for p in group]
    count = " + ".join(f"(c.document @@ {sql})::int" for sql, _ in ts.groups)
    kind_weight, kind_params = _kind_weight("c.kind")
    order = "held_count DESC, rank DESC, sort_date DESC NULLS LAST, published_id DESC"
    # The page's rows come in the same query: one round trip for the lot.
    shown, shown_params = constant_sql("shown", lambda: _shown().values(*SHOWN))
    # And the latest change, for the answer's ETag: from the same snapshot.
    latest, latest_params = constant_sql("latest change", _latest_change)
    sql = (
        f"WITH c AS MATERIALIZED ({candidates}), "
        f"r AS (SELECT c.published_id, ({rank}) * {kind_weight} AS rank, "
        f"ARRAY[{held}] AS held, ({count}) AS held_count, c.sort_date FROM c "
        f"ORDER BY {order} LIMIT %s OFFSET %s) "
        f"SELECT r.published_id, r.rank, r.held, {', '.join(f'p.{c}' for c in SHOWN)} "
        f", l.seq, l.at FROM r JOIN ({shown}) p ON p.id = r.published_id "
        f"LEFT JOIN ({latest}) l ON TRUE ORDER BY {order}"
    )
    params = [
        *candidate_params,
        *rank_params,
        *kind_params,
        *held_params,
        *held_params,
        limit,
        offset,
        *shown_params,
        *latest_params,
    ]
    database = lookup_database()
    _steady_scans(database)
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Found(pk, float(rank), tuple(held), _row(columns), (seq, at))
            for pk, rank, held, *columns, seq, at in cursor
        ]


# The raw connections on which sequential scans no longer synchronise.
_steady: weakref.WeakSet[Any] = weakref.WeakSet()


def _steady_scans(database: Any) -> None:
    """Make "the first entries the scan meets" the same ones every time.

    A sequential scan of a large table may otherwise start where another
    one running at the same moment has got to. The setting stays on the
    connection, so that it costs a round trip once per connection, not per
    search; inside a transaction it is set for that transaction only.
    """
    database.ensure_connection()
    if database.in_atomic_block:
        with database.cursor() as cursor:
            cursor.execute("SET LOCAL synchronize_seqscans = off")
        return
    if database.connection in _steady:
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronize_seqscans = off")
    _steady.add(database.connection)


def _postgresql(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    candidates, params = _postgresql_candidates(query, within)
    return _ranked(query, candidates, params, limit, offset)


def _postgresql_candidates(
    query: Query, within: models.QuerySet | None
) -> tuple[str, list[Any]]:
    """At most CANDIDATES entries holding every word, the strongest first.

    They are chosen among the first EXAMINED entries the scan meets that
    hold the words (in any order, for a phrase), tier by tier: those with
    every word in their own words, then in their own words or names, then
    the rest. So a record that names a rare name in its own words is ranked
    even when thousands of others hold the name only as their speaker's;
    the scan stops once CANDIDATES are found, so a query of common words,
    whose first tier fills at once, reads only as far as it needs.

    The tsqueries are written out, not taken from a subquery, so that the
    planner sees them and knows how common their words are: a rare word's
    matches come from the GIN index; a word that most entries hold is
    cheaper to look for in the entries themselves.
    """
    ts = tsqueries(query)
    loose = _match(ts.loose, ts.excluded)
    examined, examined_params = _matching_sql(
        # The bound is written into the SQL, so it is part of the name.
        f"examined {EXAMINED}",
        lambda entries: _ranked_columns(entries)[:EXAMINED],
        within,
        loose,
    )
    # Every word in the fields of a tier (the exclusions were checked).
    words, words_params = _match(ts.loose, [])
    held = []
    for tier in TIERS:
        tier_sql, tier_params = _in_fields((words, words_params), tier)
        held.append((f"x.document @@ {tier_sql}", tier_params))
    (first, first_params), (second, second_params) = held
    conditions = [
        (first, first_params),
        (f"{second} AND NOT {first}", [*second_params, *first_params]),
        (f"NOT {second}", second_params),
    ]
    if ts.has_phrase():
        # The index answers for a phrase's words in any order; where they
        # stand is read from the examined entries themselves.
        exact, exact_params = _match(ts.groups, ts.excluded)
        conditions = [
            (f"{sql} AND x.document @@ {exact}", [*sql_params, *exact_params])
            for sql, sql_params in conditions
        ]
    # The examined entries are read once, as the tiers ask for them: the
    # first tier reads them until it has CANDIDATES, the next ones read
    # again what was read and go on from there. (Written out in each tier,
    # the scan ran again for each, three times for a rare phrase.)
    tiers, params = [], [*examined_params]
    for sql, sql_params in conditions:
        tiers.append(f"(SELECT x.* FROM x WHERE {sql})")
        params += sql_params
    candidates = (
        f"WITH x AS MATERIALIZED ({examined}) "
        f"SELECT * FROM ({' UNION ALL '.join(tiers)}) t LIMIT %s"
    )
    return candidates, [*params, CANDIDATES]


def _postgresql_closest(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    """Entries holding most of the groups, when none holds them all.

    The candidates are, for each group, up to CANDIDATES entries holding
    every other group, and up to CANDIDATES holding any group: each part
    stops early like the full search, so a common word costs no more here.
    """
    ts = tsqueries(query)
    parts: list[str] = []
    params: list[Any] = []

    def part(groups: list[tuple[str, list[str]]], any_group: bool = False) -> None:
        if any_group:
            sql = "(" + " || ".join(g for g, _ in groups) + ")"
            match_params = [p for _, group in groups for p in group]
            if ts.excluded:
                excluded, excluded_params = _match([], ts.excluded)
                sql = f"({sql} && {excluded})"
                match_params += excluded_params
        else:
            sql, match_params = _match(groups, ts.excluded)
        part_sql, part_params = _matching_sql(
            f"closest part {CANDIDATES}",
            lambda entries: entries.values("published_id")[:CANDIDATES],
            within,
            (sql, match_params),
        )
        parts.append(f"({part_sql})")
        params.extend(part_params)

    if len(ts.loose) > 2:
        for index in range(len(ts.loose)):
            part(ts.loose[:index] + ts.loose[index + 1 :])
    part(ts.loose, any_group=True)
    union = RawSQL(" UNION ".join(parts), params)
    entries = _ranked_columns(LookupEntry.objects.filter(published_id__in=union))
    candidates, candidate_params = sql_of(entries)
    return _ranked(query, candidates, list(candidate_params), limit, offset)


def _sqlite_sql(
    query: Query, within: models.QuerySet | None, *, closest: bool
) -> tuple[str, list[Any]]:
    kind_weight, kind_params = _kind_weight("e.kind")
    weights = ", ".join("%s" for _ in WEIGHTS)
    order = "rank"
    held, held_params = "", []
    held_params_order: list[str] = []
    if closest:
        groups = [Query(groups=[group]) for group in query.groups]
        marks = [
            "(lookup_fts.rowid IN "
            "(SELECT rowid FROM lookup_fts WHERE lookup_fts MATCH %s))"
            for _ in groups
        ]
        held = ", " + ", ".join(marks)
        held_params = [fts5_match(group) for group in groups]
        # Records holding more of the groups first.
        order = f"({' + '.join(marks)}) DESC, rank"
        held_params_order = held_params

    # The FTS5 table (made by a migration) holds the words; the entries
    # their kind and date, and the filters narrow them.
    def columns() -> models.QuerySet:
        return _entries(within).values("published_id", "kind", "sort_date")

    entries, entries_params = (
        constant_sql("sqlite entries", columns) if within is None else sql_of(columns())
    )
    sql = (
        "SELECT lookup_fts.rowid, "
        f"bm25(lookup_fts, {weights}) * {kind_weight} AS rank{held} "
        f"FROM lookup_fts JOIN ({entries}) e ON e.published_id = lookup_fts.rowid "
        "WHERE lookup_fts MATCH %s "
        f"ORDER BY {order}, e.sort_date DESC, e.published_id DESC LIMIT %s OFFSET %s"
    )
    params = [
        *WEIGHTS,
        *kind_params,
        *held_params,
        *entries_params,
        fts5_match(query, any_group=closest),
        *held_params_order,
    ]
    return sql, params


def _sqlite(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    return _sqlite_run(*_sqlite_sql(query, within, closest=False), limit, offset)


def _sqlite_closest(
    query: Query, within: models.QuerySet | None, limit: int, offset: int
) -> list[Found]:
    return _sqlite_run(*_sqlite_sql(query, within, closest=True), limit, offset)


def _sqlite_run(sql: str, params: list[Any], limit: int, offset: int) -> list[Found]:
    try:
        with lookup_database().cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            # bm25 is lower for better matches; turn it into a score.
            return [
                Found(row[0], -float(row[1]), tuple(bool(h) for h in row[2:]))
                for row in cursor.fetchall()
            ]
    except DatabaseError as error:
        # Not expected: every word is quoted. Say so instead of failing.
        raise QueryError("This query could not be read; try plain words.") from error
