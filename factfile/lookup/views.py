"""The citation lookup page: a search box, ranked results, copy-ready citations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from factfile.lookup.forms import MAX_PAGE, LookupForm
from factfile.lookup.models import Kind
from factfile.lookup.results import STYLES, present
from factfile.lookup.search import search
from factfile.published.models import PublishedRecord


def _choices(resource: str, name: str) -> list[tuple[int, str]]:
    """Live published records of one kind, by name, for the filter menus."""
    rows = (
        PublishedRecord.objects.of(resource)
        .live()
        .values_list("record_id", f"data__{name}")
    )
    return sorted(rows, key=lambda row: (str(row[1]).casefold(), row[0]))


def lookup(request: HttpRequest) -> HttpResponse:
    """Without JavaScript a plain form; with it, results follow the typing."""
    form = LookupForm(request.GET if request.GET else None)
    context: dict[str, object] = {
        "form": form,
        "kinds": Kind.choices,
        "styles": STYLES,
        "actors": _choices(Kind.ACTOR, "name"),
        "sources": _choices(Kind.SOURCE, "title"),
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
            "results": [present(hit) for hit in found.hits],
            "corrected": found.corrected,
            "searched": True,
        }
    return render(request, "lookup/lookup.html", context, status=status)
