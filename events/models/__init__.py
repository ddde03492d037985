# ruff: noqa: I001
"""Who said and did what, and exactly where each item is sourced.

One module per record: actors (with aliases and roles), statements, events
(with participants and relations between events) and citations; what they
share about support by citations is in ``support``. The models that belong to
a capability of their own (relations, translations, attribution chains,
dated names, merges, the importer's suggestions) live in that capability's
module; all are imported here so that Django registers them with this app.
"""

# Imported in this order, not sorted, so that Django registers the models
# in the order they have always had: it decides the order in which related
# records are found, e.g. those retracted with a record.
from events.attribution import AttributionStep
from events.names import ActorName
from events.relations import Relation
from events.translations import Translation

from events.models.actors import Actor, Alias, Role
from events.models.statements import Statement
from events.models.events import Event, EventRelation, Participant
from events.models.citations import Citation

# Merges of duplicate actors live in their own module.
from events.merging import ActorMerge

# The importer's suggestions awaiting review live in their own module.
from events.suggesting.records import Suggestion

__all__ = [
    "Actor",
    "ActorMerge",
    "ActorName",
    "Alias",
    "AttributionStep",
    "Citation",
    "Event",
    "EventRelation",
    "Participant",
    "Relation",
    "Role",
    "Statement",
    "Suggestion",
    "Translation",
]
