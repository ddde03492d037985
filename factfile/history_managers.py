"""One history manager class per model, made once.

django-simple-history's ``Model.history`` descriptor makes a new manager
class (``Manager.from_queryset``, which inspects every method of the query
set) each time it is read: on every history row a save writes, and each
time a publication reads a verified version. The class it makes depends
only on the descriptor, so it is made once per descriptor here; each read
still returns a new manager for its instance, as before.
"""

from __future__ import annotations

from typing import Any

from simple_history.manager import HistoryDescriptor


def _get(self: HistoryDescriptor, instance: Any, owner: Any) -> Any:
    manager_class = self.__dict__.get("_manager_made")
    if manager_class is None:
        manager_class = self.manager_class.from_queryset(self.queryset_class)
        self.__dict__["_manager_made"] = manager_class
    return manager_class(self.model, instance)


def install() -> None:
    """Make ``HistoryDescriptor`` keep the manager class it makes."""
    HistoryDescriptor.__get__ = _get  # type: ignore[method-assign]
