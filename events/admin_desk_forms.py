"""The forms of the article desk: one per kind of suggestion card, and proposing.

A desk holds a hundred cards, so the widgets write their HTML directly
instead of rendering a template per option or input.
"""

from __future__ import annotations

import copy
import html
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from events import desk
from events.models import Actor, Participant, Statement
from events.models import Event as EventRecord
from events.suggesting.records import Suggestion
from factfile.dates import PartialDate, format_iso
from factfile.editorial import Status


class QuickSelect(forms.Select):
    """A select written out directly: a desk of a hundred cards holds thousands
    of options, and the template-per-option rendering took seconds."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = (
            ""
            if value is None
            else str(value[0] if isinstance(value, list | tuple) and value else value)
        )
        return mark_safe(
            f'<select name="{escaped(name)}"{_attributes(final)}>'
            f"{self.options(chosen)}</select>"
        )

    def options(self, chosen: str) -> str:
        """The options with ``chosen`` selected, written once per language.

        A desk's fifty cards share their selects (``QuickForm``): each
        choice list is written once, not once per card.
        """
        key = (get_language(), chosen)
        kept = self.__dict__.setdefault("_options", {})
        options = kept.get(key)
        if options is None:
            options = "".join(
                f'<option value="{escaped(choice)}"'
                f"{' selected' if str(choice) == chosen else ''}>"
                f"{escaped(label)}</option>"
                for choice, label in self.choices
            )
            if len(kept) >= 64:
                kept.clear()
            kept[key] = options
        return options

    def __deepcopy__(self, memo: dict[int, Any]) -> QuickSelect:
        copied = super().__deepcopy__(memo)
        copied.__dict__.pop("_options", None)
        return copied


class PartialDateField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "YYYY-MM-DD, YYYY-MM or YYYY; empty if unknown")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> PartialDate:
        text = super().clean(value)
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class QuickTextInput(forms.TextInput):
    """A text input written out directly, for the same reason as QuickSelect."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if value not in (None, ""):
            final["value"] = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}>', self.input_type, name, _attributes(final)
        )


class QuickHiddenInput(forms.HiddenInput):
    """A hidden input written out directly: ``django/forms/widgets/input.html``."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        written = "" if shown is None else f' value="{escaped(shown)}"'
        return mark_safe(
            f'<input type="{self.input_type}" name="{escaped(name)}"{written}'
            f"{_attributes(final)}>"
        )


def escaped(value: Any) -> str:
    """What ``conditional_escape`` writes, without its check for lazy text.

    A desk writes thousands of values; the check is most of their cost.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attributes(attrs: dict[str, Any]) -> SafeString:
    return mark_safe(
        "".join(
            f" {escaped(key)}" if val is True else f' {escaped(key)}="{escaped(val)}"'
            for key, val in attrs.items()
            if val is not False and val is not None
        )
    )


def quicken(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """``fields`` with their selects and text inputs written out directly."""
    for field in fields.values():
        if type(field.widget) is forms.Select:
            field.widget = QuickSelect(
                attrs=field.widget.attrs, choices=field.widget.choices
            )
        elif type(field.widget) is forms.TextInput:
            field.widget = QuickTextInput(attrs=field.widget.attrs)
        elif type(field.widget) is forms.HiddenInput and SHARED:
            field.widget = QuickHiddenInput(attrs=field.widget.attrs)
    return fields


# Whether unbound cards share their fields (tests/events/test_desk_cards.py
# turns it off to compare the pages).
SHARED = True
_NOTHING: dict[str, forms.Field] = {}


class QuickForm(forms.Form):
    """A desk card's form, its selects and text inputs written out directly.

    Django copies every field of a form for each instance (``copy.deepcopy``
    of ``base_fields``), a fifth of a desk's time with fifty cards. A card
    that is only shown (unbound) changes none of its fields, so the cards
    of one kind share one copy, made once per process; a card posted back
    (bound, validated, its errors shown) has its own copy, as in Django.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        bound = (args and args[0] is not None) or any(
            kwargs.get(name) is not None for name in ("data", "files")
        )
        if bound or not SHARED:
            super().__init__(*args, **kwargs)
            quicken(self.fields)
            return
        # Nothing for Django to copy: the shared fields go in instead.
        self.base_fields = _NOTHING
        try:
            super().__init__(*args, **kwargs)
        finally:
            del self.base_fields
        self.fields = dict(self.shared_fields())

    @classmethod
    def shared_fields(cls) -> dict[str, forms.Field]:
        shared = cls.__dict__.get("_shared")
        if shared is None:
            shared = quicken(copy.deepcopy(cls.base_fields))
            cls._shared = shared
        return shared


class ActorChoiceMixin:
    """A speaker or participant typed by name, or picked by id in the autocomplete."""

    def resolve_actor(self, name: str, actor_id: int | None, field: str) -> Any:
        name = " ".join(name.split())
        if not name:
            return None
        if actor_id is not None:
            chosen = Actor.objects.filter(pk=actor_id).first()
            if chosen is not None and chosen.name == name:
                return chosen
        found = list(Actor.objects.named(name).exclude(status=Status.RETRACTED)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            self.add_error(  # type: ignore[attr-defined]
                field, f"Several actors are called “{name[:80]}”: pick one in the list."
            )
        else:
            self.add_error(  # type: ignore[attr-defined]
                field,
                f"No actor is called “{name[:80]}”: pick one in the list, "
                "or add a new actor.",
            )
        return None


class QuoteForm(ActorChoiceMixin, QuickForm):
    speaker = forms.CharField(
        required=False,
        max_length=300,
        help_text="Type a few letters and pick the actor.",
        widget=forms.TextInput(attrs={"class": "actor-input", "autocomplete": "off"}),
    )
    speaker_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    speaker_title = forms.CharField(
        required=False, max_length=300, label="Title at the time"
    )
    new_name = forms.CharField(required=False, max_length=300, label="New actor: name")
    new_title = forms.CharField(
        required=False, max_length=300, label="New actor: title"
    )
    new_kind = forms.ChoiceField(
        choices=Actor.Kind.choices, initial=Actor.Kind.PERSON, label="New actor: kind"
    )
    kind = forms.ChoiceField(choices=Statement.Kind.choices, label="Statement")
    channel = forms.ChoiceField(choices=Statement.Channel.choices)
    date = PartialDateField(label="Said on")

    @classmethod
    def initial_for(cls, suggestion: Suggestion) -> dict[str, Any]:
        statement = suggestion.statement
        details = suggestion.details or {}
        known = suggestion.actor
        unnamed = suggestion.anonymous
        return {
            "speaker": known.name if known else "",
            "speaker_id": suggestion.actor_id,
            "speaker_title": suggestion.speaker_title,
            # A speaker the text names who is not in the fact file yet is
            # proposed as a new actor, name and title apart; an unnamed
            # source ("a diplomat") is no one's name.
            "new_name": "" if known or unnamed else suggestion.speaker_name,
            "new_title": "" if known or unnamed else suggestion.speaker_title,
            "new_kind": Actor.Kind.PERSON,
            "kind": statement.kind if statement else details.get("kind", "quote"),
            "channel": (
                statement.channel if statement else details.get("channel", "unknown")
            ),
            "date": format_iso(suggestion.date, suggestion.date_precision),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["actor"] = self.resolve_actor(
            data.get("speaker", ""), data.get("speaker_id"), "speaker"
        )
        return data


class EventForm(ActorChoiceMixin, QuickForm):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=EventRecord.Kind.choices)
    date = PartialDateField(label="Happened on")
    add_actor = forms.CharField(
        required=False,
        max_length=300,
        label="Add a participant",
        widget=forms.TextInput(attrs={"class": "actor-input", "autocomplete": "off"}),
    )
    add_actor_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    add_role = forms.ChoiceField(
        choices=Participant.Role.choices, initial=Participant.Role.PARTICIPANT
    )

    def __init__(self, *args: Any, parts: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            self.fields[f"role_{part.pk}"] = forms.ChoiceField(
                choices=Participant.Role.choices,
                initial=part.role,
                label=part.actor.name,
                widget=QuickSelect,
            )
            self.fields[f"remove_{part.pk}"] = forms.BooleanField(
                required=False, label="remove"
            )

    def participant_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"role_{p.pk}"], self[f"remove_{p.pk}"]) for p in self.parts]

    @classmethod
    def initial_for(cls, suggestion: Suggestion) -> dict[str, Any]:
        event = suggestion.event
        return {
            "title": event.title if event else "",
            "kind": event.kind if event else "other",
            "date": format_iso(suggestion.date, suggestion.date_precision),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["added"] = self.resolve_actor(
            data.get("add_actor", ""), data.get("add_actor_id"), "add_actor"
        )
        return data


class ActorForm(QuickForm):
    name = forms.CharField(max_length=300, help_text="The name alone, no title.")
    title = forms.CharField(
        required=False, max_length=300, help_text="Minister, spokesperson, …"
    )
    kind = forms.ChoiceField(choices=Actor.Kind.choices)

    @classmethod
    def initial_for(cls, suggestion: Suggestion) -> dict[str, Any]:
        actor = suggestion.actor
        return {
            "name": actor.name if actor else suggestion.passage,
            "title": actor.description if actor else suggestion.speaker_title,
            "kind": actor.kind if actor else Actor.Kind.PERSON,
        }


class ProposeForm(forms.Form):
    passage = forms.CharField(
        max_length=desk.MAX_PASSAGE * 2,
        label="Selected words",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Select words in the article, or paste them here.",
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


FORMS = {
    Suggestion.Kind.QUOTE: QuoteForm,
    Suggestion.Kind.EVENT: EventForm,
    Suggestion.Kind.ACTOR: ActorForm,
}


def card_form(suggestion: Suggestion, data: Any = None) -> forms.Form:
    form_class = FORMS[suggestion.kind]
    kwargs: dict[str, Any] = {"prefix": f"s{suggestion.pk}"}
    if suggestion.kind == Suggestion.Kind.EVENT:
        event = suggestion.event
        kwargs["parts"] = list(event.participants.all()) if event else []
    if data is None:
        kwargs["initial"] = form_class.initial_for(suggestion)
        return form_class(**kwargs)
    return form_class(data, **kwargs)
