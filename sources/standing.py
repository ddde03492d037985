"""When a publisher corrects or withdraws a source.

The change is an edit of the source, verified under the four-eyes rule like
any other. Once verified, every citation into the source is flagged (its
public copy says the source was corrected or withdrawn), and every verified
statement or event that no longer meets the verification rule without the
withdrawn source goes back to review. Its public version stays public, with
a notice, until it is verified again.

This module reaches citations and the items they cite through the source's
reverse relations and the records' own methods, so that sources never
imports the app that holds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from factfile import workflow
from factfile.editorial import Status

if TYPE_CHECKING:
    from factfile.editorial import EditorialRecord

CHANGED = ("corrected", "withdrawn")


class NoticeDict(TypedDict):
    kind: str
    text: str
    sources: list[dict[str, Any]]


def review_what_it_alone_supports(source: Any, *, by: Any) -> list[EditorialRecord]:
    """Send back to review the verified items the source no longer supports."""
    reopened: list[EditorialRecord] = []
    seen: set[tuple[str, int]] = set()
    citations = source.citations.select_related("statement", "event").order_by("pk")
    for citation in citations:
        item = citation.item
        key = (item._meta.label, item.pk)
        if key in seen:
            continue
        seen.add(key)
        if item.status != Status.VERIFIED or not item.missing_for_verification():
            continue
        workflow.reopen(
            item,
            by=by,
            reason=f"Its source “{source}” was {source.get_standing_display().lower()}"
            f": {source.standing_note.strip()}",
        )
        reopened.append(item)
    return reopened


def support_notice(citations: list[dict[str, Any]]) -> NoticeDict | None:
    """The public notice of an item whose only support was withdrawn, if so.

    ``citations`` are the item's published citations, each embedding its
    source with the source's standing.
    """
    supporting = [
        c
        for c in citations
        if c.get("stance") != "disputes" and not c.get("is_broken") and c.get("source")
    ]
    withdrawn = [c for c in supporting if c["source"].get("standing") == "withdrawn"]
    if not withdrawn or len(withdrawn) < len(supporting):
        return None
    sources = []
    for citation in withdrawn:
        source = citation["source"]
        if all(known["id"] != source["id"] for known in sources):
            sources.append(
                {
                    "type": "source",
                    "id": source["id"],
                    "title": source.get("title"),
                    "standing_note": source.get("standing_note"),
                    "standing_since": source.get("standing_since"),
                }
            )
    titles = ", ".join(f"“{source['title']}”" for source in sources)
    return {
        "kind": "source_withdrawn",
        "text": f"Under review: the source it rests on, {titles}, was withdrawn by "
        "its publisher. This record is being checked again.",
        "sources": sources,
    }
