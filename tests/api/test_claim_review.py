"""ClaimReview as Google's fact-check structured data and schema.org's types ask.

Every review the seed fact file can produce (each published statement with
each rating, with and without an editor's summary) is checked against the
properties Google requires and recommends, then parsed as JSON-LD with rdflib
and checked node by node against schema.org's types: each property on a type
that has it, each value of a type the property takes.
"""

import datetime
import json
import re

import pytest
from django.utils import timezone
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from events.models import Statement
from events.seeding import seed_factfile
from factfile.configuration import ConfigurationError, envurl
from factfile.published.models import PublishedRecord
from sources.citing import CLAIM_SUMMARY_CHARS, render_claim_review
from tests import verified as v

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated"),
]

SCHEMA = Namespace("https://schema.org/")
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>]+\Z")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")

# schema.org's types a review is made of, with their parent type.
PARENT = {
    "ClaimReview": "Review",
    "Review": "CreativeWork",
    "Claim": "CreativeWork",
    "CreativeWork": "Thing",
    "Rating": "Intangible",
    "Intangible": "Thing",
    "Organization": "Thing",
    "Person": "Thing",
}
# schema.org's properties a review uses: the types that have each, and the
# types (or literal kinds) its values may be.
PROPERTIES = {
    "url": ({"Thing"}, {"URL"}),
    "name": ({"Thing"}, {"Text"}),
    "alternateName": ({"Thing"}, {"Text"}),
    "author": ({"CreativeWork", "Rating"}, {"Organization", "Person"}),
    "publisher": ({"CreativeWork"}, {"Organization", "Person"}),
    "datePublished": ({"CreativeWork"}, {"Date"}),
    "headline": ({"CreativeWork"}, {"Text"}),
    "claimReviewed": ({"ClaimReview"}, {"Text"}),
    "itemReviewed": ({"Review"}, {"Thing"}),
    "reviewRating": ({"Review"}, {"Rating"}),
    "reviewBody": ({"Review"}, {"Text"}),
    "appearance": ({"Claim"}, {"CreativeWork"}),
    "ratingValue": ({"Rating"}, {"Number"}),
    "bestRating": ({"Rating"}, {"Number"}),
    "worstRating": ({"Rating"}, {"Number"}),
}


def ancestry(kind: str) -> set[str]:
    kinds = {kind}
    while kind in PARENT:
        kind = PARENT[kind]
        kinds.add(kind)
    return kinds


def literal_fits(value: Literal, kind: str) -> bool:
    text = str(value)
    if kind == "Text":
        return bool(text.strip())
    if kind == "URL":
        return bool(ABSOLUTE_URL.match(text))
    if kind == "Date":
        return bool(ISO_DATE.match(text))
    if kind == "Number":
        return isinstance(value.toPython(), int | float)
    return False


def check_schema_org_types(review: dict) -> None:
    """``review`` as JSON-LD: each node, property and value as schema.org says."""
    assert review["@context"] == "https://schema.org"
    # Offline: schema.org's context maps every term into its vocabulary.
    document = {**review, "@context": {"@vocab": str(SCHEMA)}}
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    roots = set(graph.subjects(RDF.type, SCHEMA.ClaimReview))
    assert len(roots) == 1
    for node in set(graph.subjects()):
        types = [
            str(t).removeprefix(str(SCHEMA)) for t in graph.objects(node, RDF.type)
        ]
        assert len(types) == 1, f"{node} has types {types}"
        assert types[0] in PARENT, f"unexpected type {types[0]}"
        for predicate, value in graph.predicate_objects(node):
            if predicate == RDF.type:
                continue
            name = str(predicate).removeprefix(str(SCHEMA))
            assert name in PROPERTIES, f"{types[0]} has unknown property {name}"
            domains, ranges = PROPERTIES[name]
            assert ancestry(types[0]) & domains, f"{types[0]} cannot have {name}"
            if isinstance(value, Literal):
                assert any(literal_fits(value, kind) for kind in ranges), (
                    f"{types[0]}.{name} = {value!r} is not {ranges}"
                )
            else:
                assert isinstance(value, BNode | URIRef)
                inner = graph.value(value, RDF.type)
                assert inner is not None, f"{name} points at an untyped node"
                inner_type = str(inner).removeprefix(str(SCHEMA))
                assert ancestry(inner_type) & ranges, (
                    f"{types[0]}.{name} is a {inner_type}, not {ranges}"
                )


def check_google_fact_check(review: dict) -> None:
    """Google's required and recommended ClaimReview properties."""
    # Required.
    assert review["@type"] == "ClaimReview"
    assert ABSOLUTE_URL.match(review["url"])
    assert review["claimReviewed"].strip()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"].strip()
    # Recommended: the reviewer, the date, the rating on its scale with its
    # name, the claim with who made it, when and where.
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"].strip()
    assert ABSOLUTE_URL.match(review["author"]["url"])
    datetime.date.fromisoformat(review["datePublished"])
    assert rating["name"].strip()
    for key in ("ratingValue", "bestRating", "worstRating"):
        assert isinstance(rating[key], int)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"]["@type"] in ("Person", "Organization")
    assert claim["author"]["name"].strip()
    assert claim["appearance"]["@type"] == "CreativeWork"
    if "datePublished" in claim:
        assert ISO_DATE.match(claim["datePublished"])


def test_every_claim_review_of_the_seed_meets_google_and_schema_org(settings):
    settings.FACTFILE_ORGANISATION_NAME = "The Daily Example"
    settings.FACTFILE_ORGANISATION_URL = "https://daily.example"
    settings.FACTFILE_PUBLIC_URL = "https://facts.daily.example"
    seed_factfile()
    statements = list(PublishedRecord.objects.live().filter(resource="statement"))
    assert len(statements) >= 10
    values_by_name = {}

    for row in statements:
        for rating in Statement.Rating:
            for summary in ("", "Kigali says it backs the Luanda talks"):
                claim = {
                    "rating": rating.value,
                    "reasoning": "What the record shows.",
                    "summary": summary,
                    "reviewed_on": "2025-04-02",
                }
                review = render_claim_review({**row.data, "claim": claim})

                check_google_fact_check(review)
                check_schema_org_types(review)
                assert review["url"] == (
                    f"https://facts.daily.example/r/statement/{row.record_id}/"
                )
                assert len(review["claimReviewed"]) <= CLAIM_SUMMARY_CHARS
                if summary:
                    assert review["claimReviewed"] == summary
                assert review["reviewRating"]["alternateName"] == rating.label
                values_by_name[rating.label] = review["reviewRating"]["ratingValue"]

    # Every rating has a value, and truer ratings never score lower.
    assert set(values_by_name) == set(Statement.Rating.labels)
    order = ["False", "Mostly false", "Mixed", "Mostly true", "True"]
    assert [values_by_name[name] for name in order] == [1, 2, 3, 4, 5]


def test_a_published_assessment_is_a_complete_claim_review(
    reporter, fact_checker, api, settings
):
    settings.FACTFILE_ORGANISATION_NAME = "The Daily Example"
    settings.FACTFILE_ORGANISATION_URL = "https://daily.example"
    settings.FACTFILE_PUBLIC_URL = "https://facts.daily.example"
    words = (
        "The border crossings between the two countries have stayed open every "
        "single day of the year, whatever the other side says about it."
    )
    unproven = v.statement(
        reporter,
        fact_checker,
        text=words,
        claim_rating=Statement.Rating.UNPROVEN,
        claim_reasoning="No record of the crossings was found either way.",
    )
    summarised = v.statement(
        reporter,
        fact_checker,
        text=words,
        claim_rating=Statement.Rating.MOSTLY_FALSE,
        claim_reasoning="Two crossings closed in March.",
        claim_summary="The border stayed open all year",
    )

    first = api.get(
        f"/api/v1/statements/{unproven.pk}/citation/", {"style": "claim-review"}
    ).json()["citation"]
    second = api.get(
        f"/api/v1/statements/{summarised.pk}/citation/", {"style": "claim-review"}
    ).json()["citation"]

    for review in (first, second):
        check_google_fact_check(review)
        check_schema_org_types(review)
        assert review["author"] == {
            "@type": "Organization",
            "name": "The Daily Example",
            "url": "https://daily.example",
        }
        assert review["datePublished"] == timezone.now().date().isoformat()
    assert first["url"] == f"https://facts.daily.example/r/statement/{unproven.pk}/"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Unproven",
        "name": "Unproven",
    }
    assert first["claimReviewed"].endswith("…")
    assert len(first["claimReviewed"]) <= CLAIM_SUMMARY_CHARS
    assert words.startswith(first["claimReviewed"].removesuffix("…"))
    assert second["claimReviewed"] == "The border stayed open all year"
    assert second["reviewRating"]["ratingValue"] == 2
    # The review's url is the statement's public page, which shows the
    # assessment a search engine reads in the review.
    for review in (first, second):
        page = api.get(review["url"].removeprefix(settings.FACTFILE_PUBLIC_URL))
        assert page.status_code == 200
        assert review["reviewBody"] in page.content.decode()
        assert review["reviewRating"]["name"] in page.content.decode()


def test_the_editor_writes_the_claim_summary_in_the_statement_form(client, reporter):
    client.force_login(reporter)

    page = client.get("/admin/events/statement/add/").content.decode()

    assert 'name="claim_summary"' in page
    assert "75 characters or fewer" in page


@pytest.mark.parametrize(
    "value",
    [
        "facts.example",
        "ftp://facts.example",
        "https://",
        "https://x.example/?a=1",
        "http://[",
        "https://facts example",
    ],
)
def test_a_public_address_setting_must_be_an_http_address(monkeypatch, value):
    monkeypatch.setenv("FACTFILE_PUBLIC_URL", value)

    with pytest.raises(ConfigurationError, match="FACTFILE_PUBLIC_URL"):
        envurl("FACTFILE_PUBLIC_URL", "https://facts.example")


def test_a_public_address_setting_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("FACTFILE_ORGANISATION_URL", "https://news.example/")

    assert envurl("FACTFILE_ORGANISATION_URL", "") == "https://news.example"
