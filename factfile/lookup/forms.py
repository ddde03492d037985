"""The lookup's parameters, checked once for the page and the API alike."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from factfile.api.parameters import MAX_ID, IsoDateField, WholeNumberField
from factfile.lookup import typeahead
from factfile.lookup.models import Kind
from factfile.lookup.search import (
    MAX_QUERY_CHARS,
    Filters,
    QueryError,
    actors_named,
    parse,
)

# A box may hold the operator a writer is used to typing in the query.
_OPERATOR_PREFIX = re.compile(r"^\s*(?i:speaker|said):")

MAX_PAGE = 25
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 20


class LookupForm(forms.Form):
    q = forms.CharField(
        required=False,
        strip=True,
        max_length=MAX_QUERY_CHARS,
        label="Look up",
        help_text='Words, a "quoted phrase", OR between choices, -word to exclude, '
        'speaker:Name (or said:"Full Name") for what an actor said.',
    )
    kind = forms.CharField(
        required=False, help_text="statement, event, actor or source; comma-separated."
    )
    speaker = WholeNumberField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="An actor's id: only the statements this actor made.",
    )
    actor = WholeNumberField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="An actor's id: the records involving this actor.",
    )
    source = WholeNumberField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A source's id."
    )
    speaker_name = forms.CharField(
        required=False,
        max_length=typeahead.MAX_TYPED,
        help_text="An actor's name, alias or former name, read as speaker: reads "
        "it; the speaker id wins when both are given.",
    )
    actor_name = forms.CharField(
        required=False,
        max_length=typeahead.MAX_TYPED,
        help_text="An actor's name, alias or former name; the actor id wins.",
    )
    source_name = forms.CharField(
        required=False,
        max_length=typeahead.MAX_TYPED,
        help_text="Words of a source's title, outlet or authors; the source id wins.",
    )
    date_from = IsoDateField(required=False, help_text="YYYY-MM-DD.")
    date_to = IsoDateField(required=False, help_text="YYYY-MM-DD.")
    on = IsoDateField(
        required=False,
        help_text="YYYY-MM-DD: the day an actor's title is given for; today if empty.",
    )
    page = WholeNumberField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = WholeNumberField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        try:
            parse(text)
        except QueryError as error:
            raise forms.ValidationError(str(error)) from error
        return text

    def clean_kind(self) -> list[str]:
        kinds = [k.strip() for k in self.cleaned_data["kind"].split(",") if k.strip()]
        unknown = sorted(set(kinds) - set(Kind.values))
        if unknown:
            raise forms.ValidationError(
                f"Unknown kind {', '.join(unknown)}; one of: {', '.join(Kind.values)}."
            )
        return kinds

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the range is before its start.")
        self.chosen = {
            name: self._resolve(name, data) for name in ("speaker", "actor", "source")
        }
        return data

    def _resolve(self, name: str, data: dict[str, Any]) -> list[int]:
        """The ids a filter holds: the chosen id, or those its typed name reads as.

        Without JavaScript a writer types a name and submits; the name is
        read as ``speaker:`` reads one (every word in a name, alias or
        former name), a source's as words of its title, outlet or authors.
        """
        if data.get(name):
            return [data[name]]
        typed = _OPERATOR_PREFIX.sub("", data.get(f"{name}_name") or "")
        typed = " ".join(typed.replace('"', " ").split())
        if not typed:
            return []
        if name == "source":
            found = typeahead.sources_named(typed)
            missing = f"No source has “{typed}” in its title, outlet or authors."
        else:
            found = actors_named(typed)
            missing = f"No actor is called “{typed}”: try another spelling."
        if not found:
            self.add_error(f"{name}_name", missing)
        return found

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kinds=data["kind"],
            speakers=self.chosen["speaker"],
            actors=self.chosen["actor"],
            sources=self.chosen["source"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )

    def day(self) -> Any:
        """The day an actor's title is given for; None for today."""
        return self.cleaned_data["on"]

    def limits(self) -> tuple[int, int, int]:
        """(page, page size, offset)."""
        page = self.cleaned_data["page"] or 1
        size = self.cleaned_data["page_size"] or DEFAULT_PAGE_SIZE
        return page, size, (page - 1) * size


class _SharedFields(dict):
    """Fields that every form of a class shares instead of copying.

    A form deep-copies its class's fields so that rendering may change
    them; a form that only validates never does, and the copy (widgets,
    validators, messages of fifteen fields) cost more than the validation.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


class LookupParameters(LookupForm):
    """``LookupForm`` for the API, which validates and never renders it."""


LookupParameters.base_fields = _SharedFields(LookupForm.base_fields)
