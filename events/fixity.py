"""Fixity: has a source's text changed under the citations anchored in it?

Each source keeps the SHA-256 of its text as captured and of its text now;
each citation keeps the hash of the text it was last anchored in. The check
hashes the text actually stored, in the database (PostgreSQL's ``sha256()``;
on SQLite a function the connection registers, row by row), so a text that
changed without going through the app (an SQL update, a bad restore, a
damaged disk) is found, not trusted because its recorded hash still agrees
with the others. A citation anchored in another text than the one stored
has its passage looked up again: it still holds, moved, or broke. Nothing is
written: re-anchoring is an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Func, Q, TextField
from django.db.models.functions import SHA256

from events.models import Citation
from sources.anchoring import PassageNotFound, locate
from sources.models import Source


class TextSHA256(SHA256):
    """The hex SHA-256 of a text's UTF-8 bytes, as ``sources.models.text_hash``.

    Django's own SHA256 needs the pgcrypto extension on PostgreSQL; its core
    ``sha256()`` (PostgreSQL 11 and later) does the same. SQLite uses the
    function Django registers on each connection.
    """

    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return Func.as_sql(
            self,
            compiler,
            connection,
            template="encode(sha256(convert_to(%(expressions)s, 'UTF8')), 'hex')",
            **extra,
        )


@dataclass(frozen=True)
class CitationFinding:
    citation_id: int
    source_id: int
    state: str  # "moved", "broken" or "holds"
    was: tuple[int | None, int | None]
    now: tuple[int | None, int | None]
    detail: str = ""


@dataclass(frozen=True)
class AlteredSource:
    """A source whose stored text is not the text its recorded hash names."""

    source_id: int
    title: str
    recorded_sha256: str
    stored_sha256: str


@dataclass
class FixityReport:
    changed_sources: list[Source] = field(default_factory=list)
    altered_sources: list[AlteredSource] = field(default_factory=list)
    citations: list[CitationFinding] = field(default_factory=list)

    def of_state(self, state: str) -> list[CitationFinding]:
        return [finding for finding in self.citations if finding.state == state]

    @property
    def clean(self) -> bool:
        return not (self.changed_sources or self.altered_sources or self.citations)

    def as_dict(self) -> dict[str, Any]:
        return {
            "changed_sources": [
                {
                    "id": source.pk,
                    "title": source.title,
                    "captured_sha256": source.captured_sha256,
                    "text_sha256": source.text_sha256,
                }
                for source in self.changed_sources
            ],
            "altered_sources": [
                {
                    "id": altered.source_id,
                    "title": altered.title,
                    "recorded_sha256": altered.recorded_sha256,
                    "stored_sha256": altered.stored_sha256,
                }
                for altered in self.altered_sources
            ],
            "citations": [
                {
                    "id": finding.citation_id,
                    "source_id": finding.source_id,
                    "state": finding.state,
                    "was": list(finding.was),
                    "now": list(finding.now),
                    "detail": finding.detail,
                }
                for finding in self.citations
            ],
        }


def _recheck(citation: Citation, text: str) -> CitationFinding:
    was = (citation.start, citation.end)
    try:
        found = locate(
            text,
            citation.passage,
            prefix=citation.prefix,
            suffix=citation.suffix,
            near=citation.start,
        )
    except PassageNotFound as not_found:
        return CitationFinding(
            citation.pk, citation.source_id, "broken", was, (None, None), str(not_found)
        )
    now = (found.start, found.end)
    return CitationFinding(
        citation.pk, citation.source_id, "holds" if now == was else "moved", was, now
    )


def check_fixity(source_ids: Iterable[int] | None = None) -> FixityReport:
    """Sources altered or changed since capture, and citations anchored elsewhere."""
    report = FixityReport()
    sources = Source.objects.order_by("pk")
    if source_ids is not None:
        sources = sources.filter(pk__in=list(source_ids))
    # The database hashes each stored text; only the hashes travel.
    hashed = sources.annotate(stored_sha256=TextSHA256("full_text")).defer(
        "full_text", "notes"
    )
    altered: set[int] = set()
    for source in hashed.iterator(chunk_size=500):
        if source.stored_sha256 != source.text_sha256:
            altered.add(source.pk)
            report.altered_sources.append(
                AlteredSource(
                    source.pk, source.title, source.text_sha256, source.stored_sha256
                )
            )
        if source.captured_sha256 and source.captured_sha256 != source.stored_sha256:
            report.changed_sources.append(source)
    # Citations anchored in another text need their passage looked up again:
    # those whose hash is not their source's, and every citation of a source
    # whose stored text is not the one its hash names. Each source's text is
    # read once for all of them.
    stale = (
        Citation.objects.filter(source__in=sources.values("pk"))
        .filter(
            ~Q(anchored_sha256=F("source__text_sha256"))
            | Q(is_broken=True)
            | Q(source__in=altered)
        )
        .order_by("source_id", "pk")
    )
    by_source: dict[int, list[Citation]] = {}
    for citation in stale.iterator(chunk_size=500):
        by_source.setdefault(citation.source_id, []).append(citation)
    texts = Source.objects.filter(pk__in=list(by_source)).values_list("pk", "full_text")
    for source_id, text in texts.iterator(chunk_size=50):
        for citation in by_source[source_id]:
            finding = _recheck(citation, text)
            # A citation loaded without a hash (a bulk load) that still
            # resolves where it says is no news; in an altered text, it is.
            if (
                finding.state == "holds"
                and not citation.anchored_sha256
                and source_id not in altered
            ):
                continue
            report.citations.append(finding)
    report.citations.sort(key=lambda finding: (finding.source_id, finding.citation_id))
    return report
