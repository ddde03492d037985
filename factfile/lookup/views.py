"""The citation lookup page: a search box, ranked results, copy-ready citations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from factfile.api.parameters import whole_number
from factfile.lookup import typeahead
from factfile.lookup.forms import MAX_PAGE, LookupForm
from factfile.lookup.models import Kind
from factfile.lookup.results import STYLES, present
from factfile.lookup.search import search


def _labels(form: LookupForm) -> dict[str, str]:
    """The names of the actors and the title of the source chosen by id."""
    if not form.is_bound:
        return {}
    chosen = {}
    for name, resource in (
        ("speaker", Kind.ACTOR),
        ("actor", Kind.ACTOR),
        ("source", Kind.SOURCE),
    ):
        # ASCII digits only: "²" is a digit to str.isdigit() but no number.
        record_id = whole_number(form.data.get(name, ""))
        if record_id:
            chosen[name] = typeahead.labels(resource, [record_id]).get(record_id, "")
    return chosen


def _typeaheads(form: LookupForm) -> list[dict[str, object]]:
    """The filters a writer fills by typing a name: speaker, actor, source.

    The box holds the name as typed; the hidden id, set when an option is
    chosen, wins over it. Without JavaScript the name alone filters.
    """
    labels = _labels(form)
    boxes = [
        ("speaker", "Speaker", "lookup-actors", "Who said it"),
        ("actor", "Actor involved", "lookup-actors", "Anyone involved"),
        ("source", "Source", "lookup-sources", "Title or outlet"),
    ]
    return [
        {
            "name": name,
            "label": label,
            "url": reverse(url),
            "placeholder": placeholder,
            "value": form.data.get(name, "") if labels.get(name) else "",
            "text": form.data.get(f"{name}_name", "") or labels.get(name, ""),
            "errors": form.errors.get(f"{name}_name", []),
        }
        for name, label, url, placeholder in boxes
    ]


@require_GET
def actor_options(request: HttpRequest) -> JsonResponse:
    """Up to ten live actors whose names start with the typed words."""
    return JsonResponse({"results": typeahead.actors(request.GET.get("q", ""))})


@require_GET
def source_options(request: HttpRequest) -> JsonResponse:
    """Up to ten live sources whose title, publisher or authors hold the text."""
    return JsonResponse({"results": typeahead.sources(request.GET.get("q", ""))})


def lookup(request: HttpRequest) -> HttpResponse:
    """Without JavaScript a plain form; with it, results follow the typing."""
    form = LookupForm(request.GET if request.GET else None)
    context: dict[str, object] = {
        "form": form,
        "kinds": Kind.choices,
        "styles": STYLES,
        "typeaheads": _typeaheads(form),
        "results": [],
        "searched": False,
    }
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        page, size, offset = form.limits()
        found = search(
            form.cleaned_data["q"], filters=form.filters(), limit=size, offset=offset
        )
        params = request.GET.copy()
        if found.has_next and page < MAX_PAGE:
            params["page"] = str(page + 1)
            context["next_url"] = "?" + urlencode(params, True)
        if page > 1:
            params["page"] = str(page - 1)
            context["previous_url"] = "?" + urlencode(params, True)
        context |= {
            "results": [present(hit, day=form.day()) for hit in found.hits],
            "corrected": found.corrected,
            "closest": found.closest,
            "unknown_speakers": found.unknown_speakers,
            "searched": True,
        }
    return render(request, "lookup/lookup.html", context, status=status)
