"""The forms' renderer writes, in Python, exactly what Django's templates write.

``factfile.admin_rendering.FormRenderer`` stands for the commonest widget
templates; whatever it cannot write the same way goes to the templates.
Each widget, label and error list below, and whole admin pages, must come
out byte for byte as Django's own renderer makes them.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.forms import renderers
from django.template.backends.django import DjangoTemplates
from django.test import Client
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from factfile.admin_rendering import WRITERS, FormRenderer
from tests import factories
from tests import verified as v

HOSTILE = "<b>\"Kagame\" & 'Tshisekedi'</b>"


class EveryWidget(forms.Form):
    text = forms.CharField(initial=HOSTILE, help_text="Help")
    empty = forms.CharField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=12345)
    number = forms.DecimalField(initial="1234.5", required=False)
    email = forms.EmailField(initial="a@example.org")
    url = forms.URLField(initial="https://example.org/?a=1&b=2", assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    ticked = forms.BooleanField(initial=True)
    unticked = forms.BooleanField(required=False)
    day = forms.DateField(initial=datetime.date(2024, 2, 29))
    moment = forms.DateTimeField(
        initial=datetime.datetime(2024, 2, 29, 13, 5, tzinfo=datetime.UTC)
    )
    clock = forms.TimeField(initial=datetime.time(13, 5))
    kind = forms.ChoiceField(
        choices=[("", "---"), ("quote", "Verbatim <quote>"), ("para", HOSTILE)],
        initial="quote",
    )
    grouped = forms.ChoiceField(
        choices=[
            ("Africa", [("rw", "Rwanda"), ("cd", "DR Congo")]),
            ("Europe", [("be", "Belgium")]),
            ("x", "Loose & alone"),
        ],
        initial="cd",
    )
    several = forms.MultipleChoiceField(
        choices=[(1, "one"), (2, "two"), (3, "three")], initial=[1, 3]
    )
    numbers = forms.TypedChoiceField(choices=[(1, 1), (2, 2.5)], initial=1)
    words = forms.CharField(widget=forms.Textarea, initial=HOSTILE + "\n\n  kept ")
    blank = forms.CharField(widget=forms.Textarea, required=False)
    safe = forms.CharField(initial=mark_safe("<i>already safe</i>"))
    flagged = forms.CharField(
        widget=forms.TextInput(
            attrs={"data-x": HOSTILE, "autofocus": True, "disabled": False}
        )
    )


def rendered(form_class: type[forms.Form], renderer: object, **kwargs: object) -> str:
    form = form_class(renderer=renderer, **kwargs)
    parts = []
    for field in form:
        parts += [str(field), field.label_tag(), str(field.errors)]
        parts.append(field.label_tag(attrs={"class": HOSTILE}, label_suffix="?"))
    parts.append(str(form.non_field_errors()))
    return "\n".join(parts)


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "with errors"])
def test_every_widget_comes_out_as_the_templates_write_it(bound):
    data = {"text": HOSTILE, "email": "not an address", "kind": "nope"}
    kwargs = {"data": data} if bound else {}
    ours = rendered(EveryWidget, FormRenderer(), **kwargs)
    theirs = rendered(EveryWidget, renderers.DjangoTemplates(), **kwargs)
    assert ours == theirs
    assert "&lt;b&gt;&quot;Kagame&quot; &amp; &#x27;Tshisekedi&#x27;" in ours
    if bound:
        assert 'class="errorlist"' in ours


def test_a_label_without_an_id_is_its_text():
    renderer = FormRenderer()
    form = EveryWidget(auto_id=False, renderer=renderer)
    theirs = EveryWidget(auto_id=False, renderer=renderers.DjangoTemplates())
    assert form["text"].label_tag() == theirs["text"].label_tag() == "Text:"


def test_an_app_that_overrides_a_template_is_heard(tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text(
        '<input class="ours" name="{{ widget.name }}">'
    )

    class Overridden(FormRenderer):
        @cached_property
        def engine(self) -> DjangoTemplates:
            stock = Path(forms.__file__).parent / "templates"
            dirs = [tmp_path, stock]
            return DjangoTemplates(
                {"APP_DIRS": False, "DIRS": dirs, "NAME": "x", "OPTIONS": {}}
            )

    form = EveryWidget(renderer=Overridden())
    assert str(form["email"]) == '<input class="ours" name="email">'
    # What is not overridden is still written in Python, as before.
    assert str(form["words"]).startswith("<textarea")


def test_it_writes_only_django_own_templates_and_this_project_overrides_none():
    renderer = FormRenderer()
    assert all(renderer._is_stock(name) for name in WRITERS)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["fact_checker", "editor_in_chief"])
def test_a_statement_change_page_is_the_same_with_either_renderer(
    settings, request, viewer, reporter, fact_checker
):
    speaker = v.actor(reporter, fact_checker, name=HOSTILE)
    statement = factories.StatementFactory(
        created_by=reporter, speaker=speaker, text=HOSTILE
    )
    factories.CitationFactory(
        created_by=reporter,
        statement=statement,
        source=v.source(reporter, fact_checker, title=HOSTILE),
        passage=HOSTILE,
    )
    client = Client()
    client.force_login(request.getfixturevalue(viewer))
    pages = {}
    for name in (
        "django.forms.renderers.DjangoTemplates",
        "factfile.admin_rendering.FormRenderer",
    ):
        settings.FORM_RENDERER = name
        renderers.get_default_renderer.cache_clear()
        try:
            for path in (
                f"/admin/events/statement/{statement.pk}/change/",
                "/admin/events/statement/add/",
                f"/admin/events/actor/{speaker.pk}/change/",
                "/admin/events/event/add/",
                "/admin/events/citation/add/",
            ):
                body = client.get(path).content.decode()
                pages[name, path] = re.sub(r'value="[^"]{64}"', "", body)
        finally:
            renderers.get_default_renderer.cache_clear()
    for (renderer, path), body in pages.items():
        if renderer.startswith("factfile"):
            assert body == pages["django.forms.renderers.DjangoTemplates", path]
            assert 'class="related-widget-wrapper"' in body


class OnlyHidden(forms.Form):
    total = forms.IntegerField(widget=forms.HiddenInput, initial=3)
    note = forms.CharField(widget=forms.HiddenInput, initial=HOSTILE)


@pytest.mark.parametrize("data", [None, {"total": "x"}], ids=["unbound", "errors"])
def test_a_form_of_hidden_fields_comes_out_as_the_template_writes_it(data):
    for form_class in (OnlyHidden, EveryWidget):
        fast = str(form_class(data, renderer=FormRenderer()))
        stock = str(form_class(data, renderer=renderers.DjangoTemplates()))
        assert fast == stock
