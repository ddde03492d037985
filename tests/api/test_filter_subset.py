"""A filtered list builds only the filters its request names, with the same answer."""

import pytest
from django.http import QueryDict

from factfile.api.filters import StatementFilter, only_filters
from factfile.published.models import PublishedRecord

pytestmark = pytest.mark.django_db

QUERIES = [
    "speaker={speaker}",
    "speaker={speaker}&said_after=2000-01-01&said_before=2100-12-31",
    "actor={speaker}&q=committed",
    "said_before=1990-01-01",
]


def test_the_subset_holds_exactly_the_named_filters():
    subset = only_filters(StatementFilter, frozenset({"speaker", "said_after"}))
    assert set(subset.base_filters) == {"speaker", "said_after"}
    assert set(StatementFilter.base_filters) > {"speaker", "said_after", "q"}
    # The same request shape reuses the same class (and its cached form class).
    assert only_filters(StatementFilter, frozenset({"said_after", "speaker"})) is subset


@pytest.mark.parametrize("query", QUERIES)
def test_the_subset_filters_as_the_whole_filter_set_does(factfile, query):
    speaker = PublishedRecord.objects.filter(resource="statement").first().speaker_id
    data = QueryDict(query.format(speaker=speaker))
    live = PublishedRecord.objects.of("statement").live()
    whole = StatementFilter(data, live)
    part = only_filters(StatementFilter, frozenset(data) & set(whole.base_filters))(
        data, live
    )
    assert whole.is_valid()
    assert part.is_valid()
    assert list(part.qs.values_list("record_id", flat=True)) == list(
        whole.qs.values_list("record_id", flat=True)
    )


def test_a_bad_value_is_still_a_400_naming_the_parameter(api, factfile):
    response = api.get("/api/v1/statements/?speaker=abc&said_after=2020-01-01")
    assert response.status_code == 400
    assert "speaker" in response.json()


def test_the_schema_still_lists_every_filter(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200, schema.content[:200]
    operation = schema.json()["paths"]["/api/v1/statements/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert set(StatementFilter.base_filters) <= names
