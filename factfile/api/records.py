"""Exact OpenAPI components of what the public API answers.

Each schema follows the code that writes the representation: the models'
``public_representation`` (``events/models/``, ``sources/models.py``),
``factfile.representation.build`` (type, id, version, verified_at, corrections),
the views that wrap records in pages, the change feed, the lookup and the
API root. Objects whose shape the server fixes are closed
(``additionalProperties: false``); the CSL-JSON and ClaimReview styles
follow their own standards and stay open.
"""

from __future__ import annotations

from typing import Any

from django.db import models

PARTIAL_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
RECORD_TYPES = ["statement", "event", "actor", "source", "citation"]


def _ref(name: str, nullable: bool = False) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{name}"}
    # OpenAPI 3.0: a nullable reference is an allOf with nullable beside it.
    return {"allOf": [ref], "nullable": True} if nullable else ref


def _str(nullable: bool = False, **extra: Any) -> dict[str, Any]:
    return {"type": "string", **extra, **({"nullable": True} if nullable else {})}


def _int(nullable: bool = False, minimum: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    return schema | ({"nullable": True} if nullable else {})


def _enum(choices: type[models.TextChoices], nullable: bool = False) -> dict[str, Any]:
    values: list[Any] = list(choices.values)
    if nullable:
        return {"type": "string", "enum": [*values, None], "nullable": True}
    return {"type": "string", "enum": values}


def _partial(nullable: bool = False) -> dict[str, Any]:
    return _str(
        nullable,
        pattern=PARTIAL_DATE,
        description="The known part of a date (YYYY, YYYY-MM or YYYY-MM-DD); "
        "empty when unknown.",
    )


def _date_or_empty() -> dict[str, Any]:
    return {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}


def _url_or_empty(nullable: bool = False) -> dict[str, Any]:
    return _str(nullable, pattern=r"^(https?://\S+)?$", description="A URL or empty.")


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _object(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


def _summary(resource: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Another record embedded by ``PublicContext.summary``.

    Only ``type`` and ``id`` are certain: a record not published yet is
    embedded by them alone, a retracted one with ``retracted: true``.
    """
    nullable = {name: {**schema, "nullable": True} for name, schema in fields.items()}
    return _object(
        {
            "type": {"type": "string", "enum": [resource]},
            "id": _int(minimum=1),
            "retracted": {"type": "boolean", "enum": [True]},
            **nullable,
        },
        required=["type", "id"],
    )


def components() -> dict[str, dict[str, Any]]:
    """The schemas, by component name."""
    from events.attribution import AttributionStep
    from events.models import (
        Actor,
        Citation,
        Event,
        EventRelation,
        Participant,
        Statement,
    )
    from events.relations import RelationKind
    from events.translations import Translation
    from factfile.dates import Precision
    from factfile.published.models import Action
    from sources.models import Source, Standing

    actor_summary = _summary(
        "actor",
        {
            "name": _str(),
            "kind": _enum(Actor.Kind, nullable=True),
            "wikidata_id": _str(),
        },
    )
    event_summary = _summary(
        "event",
        {
            "title": _str(),
            "kind": _enum(Event.Kind, nullable=True),
            "starts_on": _partial(),
        },
    )
    source_fields = {
        "title": _str(),
        "kind": _enum(Source.Kind, nullable=True),
        "publisher": _str(),
        "authors": _array(_str()),
        "url": _url_or_empty(),
        "published_on": _partial(),
        "published_on_precision": _enum(Precision, nullable=True),
        "accessed_on": _date_or_empty(),
        "archive_url": _url_or_empty(),
        "language": _str(),
        "standing": _enum(Standing, nullable=True),
        "standing_note": _str(),
        "standing_since": _date_or_empty(),
    }
    correction = _object({"note": _str(), "date": _str(format="date")})
    common = {
        "id": _int(minimum=1),
        "version": _int(minimum=1),
        "verified_at": _str(format="date-time"),
    }
    notice = _object(
        {
            "kind": {"type": "string", "enum": ["source_withdrawn"]},
            "text": _str(),
            "sources": _array(
                _object(
                    {
                        "type": {"type": "string", "enum": ["source"]},
                        "id": _int(minimum=1),
                        "title": _str(nullable=True),
                        "standing_note": _str(nullable=True),
                        "standing_since": _str(nullable=True),
                    }
                )
            ),
        },
        nullable=True,
    )
    embedded_citation = _object(
        {
            "type": {"type": "string", "enum": ["citation"]},
            "id": _int(minimum=1),
            "stance": _enum(Citation.Stance),
            "quote": _str(),
            "prefix": _str(),
            "suffix": _str(),
            "start": _int(nullable=True, minimum=0),
            "end": _int(nullable=True, minimum=0),
            "is_broken": {"type": "boolean"},
            "source": _ref("SourceSummary"),
        }
    )
    related_record = _object(
        {
            "type": {"type": "string", "enum": ["statement", "event"]},
            "id": _int(minimum=1),
            "retracted": {"type": "boolean", "enum": [True]},
            "kind": _str(nullable=True),
            "text": _str(),
            "speaker": _str(nullable=True),
            "date": _partial(nullable=True),
        },
        required=["type", "id"],
    )
    relation = _object(
        {
            "type": {"type": "string", "enum": ["relation"]},
            "id": _int(minimum=1),
            "kind": _enum(RelationKind),
            "direction": {"type": "string", "enum": ["outgoing", "incoming"]},
            "label": _str(),
            "record": related_record,
            "evidence": _object(
                {"quote": _str(), "source": {"type": "object", "nullable": True}},
                nullable=True,
            ),
        }
    )
    styles = _object(
        {
            "text": _str(),
            "markdown": _str(),
            "html": _str(),
            "csl-json": _array({"type": "object", "description": "A CSL-JSON item."}),
            "claim-review": {
                "type": "object",
                "description": "schema.org ClaimReview as JSON-LD; a statement "
                "with a claim assessment only.",
            },
        },
        required=["text", "markdown", "html", "csl-json"],
    )
    statement = {
        "type": {"type": "string", "enum": ["statement"]},
        **common,
        "text": _str(),
        "kind": _enum(Statement.Kind),
        "speaker": _ref("ActorSummary"),
        "on_behalf_of": _ref("ActorSummary", nullable=True),
        "speaker_title": _str(),
        "speaker_as_of": _object({"name": _str(), "title": _str()}),
        "said_on": _partial(),
        "said_on_precision": _enum(Precision),
        "channel": _enum(Statement.Channel),
        "language": _str(),
        "about": _array(_ref("ActorSummary")),
        "event": _ref("EventSummary", nullable=True),
        "claim": _object(
            {
                "rating": _enum(Statement.Rating),
                "reasoning": _str(),
                "summary": _str(),
                "reviewed_on": _str(nullable=True, format="date"),
            },
            nullable=True,
        ),
        "citations": _array(_ref("EmbeddedCitation")),
        "relations": _array(_ref("Relation")),
        "translations": _array(
            _object(
                {
                    "type": {"type": "string", "enum": ["translation"]},
                    "id": _int(minimum=1),
                    "language": _str(),
                    "text": _str(),
                    "kind": _enum(Translation.Kind),
                    "translator": _str(nullable=True),
                    "translated_by": _str(nullable=True),
                }
            )
        ),
        "attribution": _array(
            _object(
                {
                    "via": _enum(AttributionStep.Via),
                    "label": _str(),
                    "actor": _ref("ActorSummary"),
                }
            )
        ),
        "attribution_chain": _str(),
        "notice": _ref("Notice", nullable=True),
        "citation_styles": _ref("CitationStyles"),
        "corrections": _array(_ref("Correction")),
    }
    event = {
        "type": {"type": "string", "enum": ["event"]},
        **common,
        "title": _str(),
        "kind": _enum(Event.Kind),
        "description": _str(),
        "starts_on": _partial(),
        "starts_on_precision": _enum(Precision),
        "ends_on": _partial(),
        "ends_on_precision": _enum(Precision),
        "place_name": _str(),
        "place_country": _str(),
        "latitude": {"type": "number", "minimum": -90, "maximum": 90, "nullable": True},
        "longitude": {
            "type": "number",
            "minimum": -180,
            "maximum": 180,
            "nullable": True,
        },
        "participants": _array(
            _object({"actor": _ref("ActorSummary"), "role": _enum(Participant.Role)})
        ),
        "relations": _array(
            _object({"kind": _enum(EventRelation.Kind), "event": _ref("EventSummary")})
        ),
        "citations": _array(_ref("EmbeddedCitation")),
        "statement_relations": _array(_ref("Relation")),
        "notice": _ref("Notice", nullable=True),
        "citation_styles": _ref("CitationStyles"),
        "corrections": _array(_ref("Correction")),
    }
    dated = {"starts_on": _partial(), "ends_on": _partial()}
    actor = {
        "type": {"type": "string", "enum": ["actor"]},
        **common,
        "name": _str(),
        "kind": _enum(Actor.Kind),
        "description": _str(),
        "wikidata_id": _str(pattern=r"^(Q[1-9]\d*)?$"),
        "aliases": _array(_object({"name": _str(), "language": _str()})),
        "roles": _array(
            _object(
                {
                    "title": _str(),
                    "organisation": _ref("ActorSummary", nullable=True),
                    **dated,
                }
            )
        ),
        "names": _array(_object({"name": _str(), **dated})),
        "corrections": _array(_ref("Correction")),
    }
    source = {
        "type": {"type": "string", "enum": ["source"]},
        **common,
        **source_fields,
        "kind": _enum(Source.Kind),
        "published_on_precision": _enum(Precision),
        "standing": _enum(Standing),
        "derived_from": _ref("SourceSummary", nullable=True),
        "corrections": _array(_ref("Correction")),
    }
    citation = {
        "type": {"type": "string", "enum": ["citation"]},
        **common,
        "statement_id": _int(nullable=True, minimum=1),
        "event_id": _int(nullable=True, minimum=1),
        "stance": _enum(Citation.Stance),
        "quote": _str(),
        "prefix": _str(),
        "suffix": _str(),
        "start": _int(nullable=True, minimum=0),
        "end": _int(nullable=True, minimum=0),
        "is_broken": {"type": "boolean"},
        "source": _ref("SourceSummary"),
        "corrections": _array(_ref("Correction")),
    }
    api_url = {"api_url": _str(pattern=r"^/api/v1/[a-z]+/[0-9]+/$")}
    schemas: dict[str, dict[str, Any]] = {
        "ActorSummary": actor_summary,
        "EventSummary": event_summary,
        "SourceSummary": _summary("source", source_fields),
        "Correction": correction,
        "Notice": notice,
        "EmbeddedCitation": embedded_citation,
        "Relation": relation,
        "CitationStyles": styles,
    }
    records = {
        "Statement": statement,
        "Event": event,
        "Actor": actor,
        "Source": source,
        "Citation": citation,
    }
    for name, properties in records.items():
        # As stored (the change feed) and as served (with its own URL).
        schemas[f"{name}Record"] = _object(properties)
        schemas[name] = _object(properties | api_url)
        schemas[f"{name}Page"] = _object(
            {"next": _str(nullable=True), "results": _array(_ref(name))}
        )
    other = _object(
        {"type": {"type": "string", "enum": ["relation", "translation"]}},
        required=["type"],
        description="A relation or a translation, served inside statements.",
    )
    other["additionalProperties"] = True
    schemas["ChangeEntry"] = _object(
        {
            "seq": _int(minimum=1),
            "at": _str(format="date-time"),
            "action": _enum(Action),
            "type": {
                "type": "string",
                "enum": [*RECORD_TYPES, "relation", "translation"],
            },
            "id": _int(minimum=1),
            "version": _int(minimum=1),
            "note": _str(),
            "data": {
                "anyOf": [*(_ref(f"{name}Record") for name in records), other],
                "nullable": True,
                "description": "The record as published; null for a retraction "
                "or an entry whose words were withdrawn.",
            },
        }
    )
    schemas["ChangePage"] = _object(
        {
            "next": _str(nullable=True),
            "last_seq": _int(minimum=0),
            "results": _array(_ref("ChangeEntry")),
        }
    )
    citable = {
        "type": {"type": "string", "enum": ["statement", "event"]},
        "id": _int(minimum=1),
    }
    schemas["Citations"] = {
        "oneOf": [
            _object({**citable, "styles": _ref("CitationStyles")}),
            _object(
                {
                    **citable,
                    "style": {
                        "type": "string",
                        "enum": [
                            "text",
                            "markdown",
                            "html",
                            "csl-json",
                            "claim-review",
                        ],
                    },
                    "citation": {
                        "oneOf": [
                            _str(),
                            {"type": "array", "items": {"type": "object"}},
                            {"type": "object"},
                        ]
                    },
                }
            ),
        ],
        "description": "Every style (no ``style``), or the one asked for.",
    }
    schemas["LookupPage"] = _object(
        {
            "q": _str(),
            "corrected": {
                "type": "object",
                "additionalProperties": _str(),
                "description": "Words looked up instead, by the word typed.",
            },
            "closest": {
                **_array(_str()),
                "description": "When no record holds every word: the query's "
                "words, and the results are the closest matches.",
            },
            "unknown_speakers": {
                **_array(_str()),
                "description": "Speaker names the query asked for that no actor has.",
            },
            "page": _int(minimum=1),
            "page_size": _int(minimum=1),
            "next": _str(nullable=True, format="uri"),
            "previous": _str(nullable=True, format="uri"),
            "results": _array(
                _object(
                    {
                        "kind": {"type": "string", "enum": RECORD_TYPES},
                        "id": _int(minimum=1),
                        "rank": {"type": "number"},
                        "url": _str(format="uri"),
                        "display": {
                            "type": "object",
                            "description": "What the lookup page shows.",
                        },
                        # Actors and sources are not cited: no styles.
                        "citation_styles": {
                            "oneOf": [
                                _ref("CitationStyles"),
                                {"type": "object", "maxProperties": 0},
                            ]
                        },
                        "copies": _array(
                            _object({"style": _str(), "label": _str(), "text": _str()})
                        ),
                        "retracted": {
                            **_object(
                                {
                                    "on": _str(),
                                    "date": _str(format="date"),
                                    "reason": _str(),
                                    "page": _str(),
                                }
                            ),
                            "nullable": True,
                            "description": "For a retracted record: the day "
                            "(in words and as a date), the public reason and "
                            "the path of its record page; "
                            "it has nothing to copy and no record.",
                        },
                        "record": {
                            "type": "object",
                            "nullable": True,
                            "description": "The record as published, "
                            "without its citation styles; null when retracted.",
                        },
                    }
                )
            ),
        }
    )
    schemas["RecordState"] = _object(
        {
            "id": _str(
                pattern=r"^(statement|event|actor|source|citation):[1-9][0-9]*$",
                description="The record, as asked for: type:id.",
            ),
            "state": {
                "type": "string",
                "enum": ["published", "corrected", "retracted", "unknown"],
            },
            "url": _str(
                pattern=r"^https?://\S+/r/[a-z]+/[0-9]+/$",
                description="The record's public page; not for an unknown id.",
            ),
            "version": _int(minimum=1),
            "corrected_on": _str(format="date"),
            "note": _str(description="The latest correction note."),
            "retracted_on": _str(format="date"),
            "reason": _str(description="The public retraction reason."),
            "merged_into": _str(
                description="The record a merged duplicate now answers for."
            ),
        },
        required=["id", "state"],
    )
    schemas["RecordStates"] = _object(
        {"results": _array(_ref("RecordState"))},
        description="One state per id asked for, in the order asked, without repeats.",
    )
    link = _object({"url": _str(), "description": _str()})
    schemas["ApiRoot"] = _object(
        {
            "name": _str(),
            "version": {"type": "string", "enum": ["v1"]},
            "resources": {"type": "object", "additionalProperties": link},
            "schema": _str(),
            "docs": _str(),
            "changes": _object(
                {
                    "url": _str(),
                    "last_seq": _int(minimum=0),
                    "last_changed_at": _str(nullable=True, format="date-time"),
                }
            ),
        }
    )
    return schemas


def response_component(path: str) -> str | None:
    """The component a successful GET of ``path`` answers with."""
    names = {
        "statements": "Statement",
        "events": "Event",
        "actors": "Actor",
        "sources": "Source",
        "citations": "Citation",
    }
    parts = path.strip("/").split("/")
    if parts == ["api", "v1"]:
        return "ApiRoot"
    if parts[:2] != ["api", "v1"] or len(parts) < 3:
        return None
    if parts[2] == "changes":
        return "ChangePage"
    if parts[2] == "lookup":
        return "LookupPage"
    if parts[2] == "status":
        return "RecordStates" if len(parts) == 3 else None
    name = names.get(parts[2])
    if name is None:
        return None
    if len(parts) == 3:
        return f"{name}Page"
    if len(parts) == 4:
        return name
    if parts[4:] == ["citation"]:
        return "Citations"
    return None
