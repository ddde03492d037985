"""Fixity: has a source's text changed under the citations anchored in it?

Each source keeps the SHA-256 of its text as captured and of its text now;
each citation keeps the hash of the text it was last anchored in. A citation
whose hash is not its source's current one was anchored in another text:
looking for its passage in the current text tells whether the anchor still
holds, moved, or broke. Nothing is written: re-anchoring is an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q

from events.models import Citation
from sources.anchoring import PassageNotFound, locate
from sources.models import Source


@dataclass(frozen=True)
class CitationFinding:
    citation_id: int
    source_id: int
    state: str  # "moved", "broken" or "holds"
    was: tuple[int | None, int | None]
    now: tuple[int | None, int | None]
    detail: str = ""


@dataclass
class FixityReport:
    changed_sources: list[Source] = field(default_factory=list)
    citations: list[CitationFinding] = field(default_factory=list)

    def of_state(self, state: str) -> list[CitationFinding]:
        return [finding for finding in self.citations if finding.state == state]

    @property
    def clean(self) -> bool:
        return not self.changed_sources and not self.citations

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
    """Sources whose text changed since capture, and citations anchored elsewhere."""
    report = FixityReport()
    sources = Source.objects.order_by("pk")
    if source_ids is not None:
        sources = sources.filter(pk__in=list(source_ids))
    report.changed_sources = list(
        sources.exclude(captured_sha256="")
        .exclude(captured_sha256=F("text_sha256"))
        .defer("full_text", "notes")
    )
    # Only citations anchored in another text need their passage looked up
    # again; each source's text is read once for all of them.
    stale = (
        Citation.objects.filter(source__in=sources.values("pk"))
        .filter(~Q(anchored_sha256=F("source__text_sha256")) | Q(is_broken=True))
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
            # resolves where it says is no news.
            if finding.state == "holds" and not citation.anchored_sha256:
                continue
            report.citations.append(finding)
    report.citations.sort(key=lambda finding: (finding.source_id, finding.citation_id))
    return report
