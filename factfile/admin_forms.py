"""The forms of editorial records in the admin: the version an editor loaded,
the public correction note, and inline rows that keep what was ever public.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html

from factfile import review
from factfile.editorial import EditConflict, EditorialRecord


def conflict_message(conflict: EditConflict) -> str:
    """The conflict's own message with a link that reloads the current version."""
    return format_html(
        '{} <a href="" class="reload-link">Reload the current version</a>.', conflict
    )


# Forms ---------------------------------------------------------------------


def drafted_note(record: EditorialRecord) -> str:
    """The correction note drafted with the record's pending edit, or ""."""
    draft = review.CorrectionDraft.objects.of(record).first()
    return draft.note if draft else ""


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows its current choice without reading it again.

    Django's widget reads the chosen record again, one query per widget (one
    per inline row of a change page), and builds that query even when nothing
    is chosen (every "add another" row). Where the record was read with its
    related one (``select_related``), ``EditorialForm`` hands it over here;
    with nothing chosen there is nothing to read.
    """

    loaded: Any = None

    def optgroups(
        self, name: str, value: list[Any], attr: dict[str, Any] | None = None
    ) -> list[tuple[Any, list[dict[str, Any]], int]]:
        chosen = [
            str(v) for v in value if str(v) not in self.choices.field.empty_values
        ]
        loaded = self.loaded
        if chosen and (loaded is None or chosen != [str(loaded.pk)]):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        if chosen:
            label = self.choices.field.label_from_instance(loaded)
            options.append(
                self.create_option(name, loaded.pk, label, set(chosen), len(options))
            )
        return [(None, options, 0)]


class LoadedAutocompletes:
    """A ModelAdmin or inline mixin: its foreign-key autocompletes are loaded ones."""

    def formfield_for_foreignkey(
        self, db_field: Any, request: Any, **kwargs: Any
    ) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(  # type: ignore[attr-defined]
            request
        ):
            kwargs["widget"] = LoadedAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


def hand_over_loaded(form: forms.BaseForm) -> None:
    """Give each autocomplete of ``form`` the related record already read."""
    instance = form.instance
    if instance.pk is None:
        return
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)
        if not isinstance(widget, LoadedAutocompleteSelect):
            continue
        model_field = instance._meta.get_field(name)
        if model_field.is_cached(instance):
            widget.loaded = model_field.get_cached_value(instance)


class EditorialForm(forms.ModelForm):
    """A record's form, carrying the version the editor loaded."""

    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        help_text="The version this form was loaded from.",
    )

    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=review.COMMENT_LENGTH,
        label="Public correction note",
        help_text="What this edit corrects, in words for the public. Published "
        "with the correction; the verifier may amend it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.instance
        hand_over_loaded(self)
        if record.pk is not None:
            self.fields["loaded_version"].initial = record.loaded_version
            self.fields["loaded_version"].required = True
        if record.pk is not None and record.verified_version is not None:
            # Read when the note is shown or compared, not for every inline
            # row of a page (whose forms carry the field without showing it).
            self.fields["correction_note"].initial = functools.partial(
                drafted_note, record
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        record = self.instance
        loaded = cleaned.get("loaded_version")
        if record.pk is not None and loaded is not None:
            # The instance was read from the database on this request: its
            # version is the current one, and the save below is refused as
            # well if someone saves between this check and it.
            current_version = record.version
            record.loaded_version = loaded
            if loaded != current_version:
                raise ValidationError(conflict_message(EditConflict(record, record)))
        return cleaned


class InlineFormSet(BaseInlineFormSet):
    """An inline formset that builds its empty form ("add another") once.

    Django builds a new empty form each time it is asked for one, and the
    admin asks several times for each inline of a page (its media, its
    columns, its template row). Each row's autocompletes show the records
    read with the row.
    """

    @cached_property
    def empty_form(self) -> forms.Form:  # type: ignore[override]
        return super().empty_form

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        hand_over_loaded(form)
        return form


class EditorialInlineFormSet(InlineFormSet):
    """Inline records under a parent; a record that was ever public stays."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            record = form.instance
            if record.pk is not None and record.verified_version is not None:
                raise ValidationError(
                    f"“{record}” has been public and cannot be deleted; "
                    "retract it instead."
                )


class SeparateRecordFormSet(EditorialInlineFormSet):
    """Inline records verified on their own, whose edits leave the parent as it is."""

    changes_parent = False
