"""A filtered list's SQL, kept per combination of filters, is the ORM's SQL.

The kept SQL is filled with each request's values: any combination, any
values, it must give exactly what the ORM compiles for them, and the page
the records that match, never those of the request that taught it.
"""

import datetime
import itertools

import pytest
from django.db import router
from django.http import QueryDict
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factfile.api import filters, templates
from factfile.api.parameters import MAX_ID
from factfile.api.views import (
    ActorViewSet,
    CitationViewSet,
    EventViewSet,
    SourceViewSet,
    StatementViewSet,
)
from factfile.published.models import PublishedRecord

pytestmark = pytest.mark.django_db

VIEWS = [StatementViewSet, EventViewSet, ActorViewSet, SourceViewSet, CitationViewSet]


@pytest.fixture(autouse=True)
def _nothing_kept():
    templates.forget()
    yield
    templates.forget()


def raw_values(filter_: object) -> st.SearchStrategy[str]:
    """Text a request could give for ``filter_``, valid or not."""
    if isinstance(filter_, filters.KnownDateFilter):
        return st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 1, 1)).map(
            datetime.date.isoformat
        )
    if isinstance(filter_, filters.IdFilter):
        return st.integers(1, MAX_ID).map(str)
    choices = getattr(filter_, "extra", {}).get("choices")
    if choices is not None:
        values = [value for value, _ in (choices() if callable(choices) else choices)]
        return st.sampled_from(values)
    return st.text(min_size=1, max_size=30)


def sql_of(view_class, data: QueryDict) -> tuple | None:
    """(kept SQL, the ORM's SQL) for a request with ``data``; None if refused."""
    view = view_class()
    names = frozenset(data) & frozenset(view.filterset_class.base_filters)
    filterset = filters.only_filters(view.filterset_class, names)(
        data, PublishedRecord.objects.all()
    )
    if not filterset.is_valid():
        return None
    values = templates.active_values(filterset.form.cleaned_data)
    using = router.db_for_read(PublishedRecord)
    return (
        view.filtered_sql(filterset, values, using),
        view.compile_filtered(filterset, values),
    )


def combinations(view_class, most: int = 3):
    names = sorted(view_class.filterset_class.base_filters)
    for size in range(1, most + 1):
        yield from itertools.combinations(names, size)


CASES = [
    (view_class, combination)
    for view_class in VIEWS
    for combination in combinations(view_class)
]


@pytest.mark.parametrize(
    ("view_class", "names"),
    CASES[::7],
    ids=[f"{view.resource}:{'+'.join(names)}" for view, names in CASES[::7]],
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_kept_sql_is_the_orms_for_any_values(view_class, names, data):
    base = view_class.filterset_class.base_filters
    first = QueryDict(mutable=True)
    second = QueryDict(mutable=True)
    for name in names:
        first[name] = data.draw(raw_values(base[name]), label=f"{name} first")
        second[name] = data.draw(raw_values(base[name]), label=f"{name} second")
    taught = sql_of(view_class, first)
    assume(taught is not None)
    assert taught[0] == taught[1]
    # The second request is filled in from what the first one taught.
    filled = sql_of(view_class, second)
    assume(filled is not None)
    assert filled[0] == filled[1]


def test_every_filter_of_fixed_form_is_kept():
    """Ids, days, choices and exact text are kept; the words of ``q`` are not."""
    data = QueryDict(
        "speaker=4&said_after=2017-01-01&said_before=2022-12-31&kind=quote"
        "&language=fr&publisher=Wire&source=9"
    )
    kept, orm = sql_of(StatementViewSet, data)
    assert kept == orm
    assert any(isinstance(t, templates.Template) for t in templates._TEMPLATES.values())
    templates.forget()
    sql_of(StatementViewSet, QueryDict("q=dialogue+committed&speaker=4"))
    assert list(templates._TEMPLATES.values()) == [templates.NOT_KEPT]


@pytest.mark.parametrize(
    "query",
    [
        "speaker={speaker}",
        "speaker={speaker}&said_after=2025-03-01&said_before=2025-03-31",
        "said_after=2025-03-18",
        "actor={speaker}",
        "language=fr",
    ],
)
def test_a_page_holds_the_matches_of_its_own_values(api, factfile, query):
    """The second request is served by the kept SQL, with its own values."""
    kagame, prevot = factfile["kagame"].pk, factfile["prevot"].pk

    def ids(speaker: int, url_query: str) -> list[int]:
        response = api.get(f"/api/v1/statements/?{url_query.format(speaker=speaker)}")
        assert response.status_code == 200, response.content[:200]
        return [row["id"] for row in response.json()["results"]]

    first = ids(kagame, query)
    second = ids(prevot, query)
    assert templates._TEMPLATES, "the first request taught nothing"
    templates.forget()
    assert ids(prevot, query) == second
    templates.forget()
    assert ids(kagame, query) == first


def test_the_pages_of_two_speakers_differ(api, factfile):
    first = api.get(f"/api/v1/statements/?speaker={factfile['kagame'].pk}").json()
    second = api.get(f"/api/v1/statements/?speaker={factfile['prevot'].pk}").json()
    assert [row["id"] for row in first["results"]] == [factfile["first"].pk]
    assert [row["id"] for row in second["results"]] == [factfile["second"].pk]


def test_a_kept_sql_costs_the_same_queries(api, factfile, django_assert_num_queries):
    url = f"/api/v1/statements/?speaker={factfile['kagame'].pk}&said_after=2020-01-01"
    api.get(url)
    with django_assert_num_queries(1):
        assert api.get(url).status_code == 200
