"""Importer fuzzing: any bytes give an outcome, never an exception or half an import.

Random bytes, truncated HTML, huge lines, wrong encodings, malformed JSON
and nested quotes go through ``import_file``; each ends as created, skipped
or an error saying why, and an error leaves no row behind in any table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.importing.importer import Result, import_file
from sources.models import Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "tests" / "importing" / "articles").glob("*.txt"))
SAMPLE = (
    ARTICLES[0].read_text(encoding="utf-8")
    if ARTICLES
    else ('KIGALI -- "We remain committed to dialogue," the minister said on Monday.')
)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTENSIONS = st.sampled_from(["txt", "html", "htm", "json", "TXT", "md", ""])


def html_page(body: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
    return (
        "<!doctype html><html><head><title>Talks resume</title>"
        '<meta property="article:published_time" content="2025-03-17">'
        f"</head><body><article><h1>Talks resume</h1>{paragraphs}</article>"
        "</body></html>"
    )


def row_counts() -> dict[str, int]:
    counted = {}
    for label in ("sources", "events", "factfile"):
        for model in apps.get_app_config(label).get_models():
            counted[model._meta.label] = model._base_manager.count()
    return counted


def check(name: str, data: bytes, user) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    before_pks = set(Source.objects.values_list("pk", flat=True))

    outcome = import_file(name, data, by=user)

    after = row_counts()
    assert outcome.message
    if outcome.result == Result.CREATED:
        assert after[Source._meta.label] == before[Source._meta.label] + 1
        source = outcome.source
        assert source is not None
        assert source.full_text
        # Every suggested citation points into the stored text.
        for citation in source.citations.all():
            assert citation.passage in source.full_text
    elif outcome.result == Result.SKIPPED:
        # Skipped only because this very text is already a source.
        assert after == before, outcome
        assert outcome.source is not None
        assert outcome.source.pk in before_pks
    else:
        assert outcome.result == Result.ERROR, outcome
        # One line an editor can read, and nothing half-written: not one
        # row more in any table.
        assert "\n" not in outcome.message
        assert len(outcome.message) <= 300, outcome.message
        assert "Traceback" not in outcome.message
        assert after == before, outcome


@FUZZ
@given(data=st.binary(max_size=4096), extension=EXTENSIONS)
def test_random_bytes(reporter, data, extension):
    check(f"fuzz.{extension}", data, reporter)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(html_page(SAMPLE))))
def test_truncated_html(reporter, cut):
    check("article.html", html_page(SAMPLE).encode()[:cut], reporter)


@FUZZ
@given(
    length=st.integers(min_value=1, max_value=120_000),
    char=st.sampled_from(["a", "é", " ", "“", '"', "\u200b", "\t", "\r"]),
    extension=st.sampled_from(["txt", "html", "json"]),
)
def test_huge_lines(reporter, length, char, extension):
    line = ('"Huge," he said. ' + char * length) if char != " " else "x " * length
    body = {"txt": line, "html": f"<p>{line}</p>", "json": json.dumps({"body": line})}
    check(f"huge.{extension}", body[extension].encode("utf-8"), reporter)


@FUZZ
@given(
    encoding=st.sampled_from(
        ["latin-1", "cp1252", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "koi8-r"]
    ),
    text=st.text(
        alphabet=st.characters(codec="latin-1", exclude_categories=("Cs",)),
        min_size=1,
        max_size=400,
    ),
    extension=st.sampled_from(["txt", "html", "json"]),
)
def test_wrong_encodings(reporter, encoding, text, extension):
    try:
        data = (SAMPLE[:200] + "é « déclaré » " + text).encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("latin-1", errors="replace")
    check(f"encoded.{extension}", data, reporter)


QUOTES = ["“", "”", '"', "'", "‘", "’", "«", "»", "„", "‹", "›", " ", "said", "X"]


@FUZZ
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(QUOTES),
            st.text(alphabet="abc DEF,.;:-\n", min_size=1, max_size=20),
        ),
        min_size=1,
        max_size=200,
    ),
    extension=st.sampled_from(["txt", "html"]),
)
def test_nested_and_unbalanced_quotes(reporter, pieces, extension):
    text = "Paul Kagame said: " + "".join(pieces)
    data = html_page(text) if extension == "html" else text
    check(f"quotes.{extension}", data.encode("utf-8"), reporter)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["body", "title", "authors", "published", "url", "publisher", "language"]
        ),
        JSON_VALUES,
    )
)
def test_json_with_any_field_types(reporter, fields):
    check("story.json", json.dumps(fields).encode(), reporter)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=200))
def test_truncated_json(reporter, cut):
    whole = json.dumps(
        {"body": SAMPLE[:150], "title": "T", "published": "2025-03-17"}
    ).encode()
    check("story.json", whole[:cut], reporter)


def test_the_same_fuzz_input_twice_is_skipped_the_second_time(reporter):
    data = ('"A quote," said Paul Kagame. ' * 3).encode()
    first = import_file("a.txt", data, by=reporter)
    second = import_file("b.txt", data, by=reporter)

    assert first.result == Result.CREATED
    assert second.result == Result.SKIPPED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("late-nul.txt", b"A" * 10_000 + b"\x00 tail"),
        ("nul.json", json.dumps({"body": "Text\u0000 here"}).encode()),
        ("nul-title.json", json.dumps({"body": "Text", "title": "T\u0000"}).encode()),
        ("nul16.txt", "\ufeffText \x00 here".encode("utf-16")),
    ],
)
def test_nul_characters_anywhere_are_refused_as_binary(reporter, name, data):
    before = row_counts()

    outcome = import_file(name, data, by=reporter)

    assert outcome.result == Result.ERROR
    assert "NUL" in outcome.message
    assert row_counts() == before


@FUZZ
@given(
    depth=st.integers(min_value=1, max_value=130),
    opener=st.sampled_from(["[", '{"k": ', '[{"k": ']),
    quoted=st.booleans(),
)
def test_json_nesting_is_bounded_before_it_is_parsed(reporter, depth, opener, quoted):
    closer = {"[": "]", '{"k": ': "}", '[{"k": ': "}]"}[opener]
    nested = opener * depth + "1" + closer * depth
    value = json.dumps(nested) if quoted else nested  # brackets in a string are text
    body = json.dumps(f"Story {depth} {opener} {quoted}.")
    data = f'{{"body": {body}, "extra": {value}}}'
    levels = 1 + depth * (2 if opener == '[{"k": ' else 1)
    before = row_counts()

    outcome = import_file("nested.json", data.encode(), by=reporter)

    if levels > 64 and not quoted:
        assert outcome.result == Result.ERROR
        assert outcome.message == (
            f"JSON is nested {levels} levels deep, over the limit of 64"
        )
        assert row_counts() == before
    else:
        assert outcome.result in (Result.CREATED, Result.SKIPPED), outcome


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "arrays.json",
            '{"body": "Text.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "JSON is nested 100,001 levels deep, over the limit of 64",
        ),
        (
            "objects.json",
            '{"body": "Text.", "x": ' + '{"a": ' * 100_000,
            "JSON is nested 100,001 levels deep, over the limit of 64",
        ),
        (
            "divs.html",
            "<html><body><p>Text.</p>" + "<div>" * 100_000 + "Deep.",
            "HTML is nested more than 200 elements deep: import the article's "
            "text instead",
        ),
        (
            "bold.html",
            "<html><body><p>Text.</p>" + "<b>" * 150_000 + "Deep." + "</b>" * 150_000,
            "HTML has 300,004 tags, over the limit of 200,000: import the "
            "article's text instead",
        ),
        (
            "bold-shallow.html",
            "<html><body><p>Text.</p>" + "<b>" * 1_000 + "Deep." + "</b>" * 1_000,
            "HTML is nested more than 200 elements deep: import the article's "
            "text instead",
        ),
        (
            "paragraphs.html",
            "<html><body>" + "<p>A paragraph." * 30_000,
            "HTML has more than 20,000 elements: import the article's text instead",
        ),
        (
            "digits.json",
            '{"body": "Text.", "n": ' + "1" * 5_000 + "}",
            "malformed JSON: Exceeds the limit (4300 digits) for integer string "
            "conversion: value has 5000 digits; use sys.set_int_max_str_digits() "
            "to increase the limit",
        ),
    ],
)
def test_deep_or_huge_structures_get_one_line_and_change_nothing(
    reporter, name, data, message
):
    before = row_counts()

    outcome = import_file(name, data.encode(), by=reporter)

    assert (outcome.result, outcome.message) == (Result.ERROR, message)
    assert row_counts() == before


def test_a_page_as_deep_as_a_news_site_still_imports(reporter):
    page = (
        "<html><head><title>Talks resume in Luanda</title></head><body>"
        + "<div>" * 150
        + "<article><p>KIGALI -- Talks between the two governments resumed on "
        "Monday in Luanda, officials said, after a pause of two weeks.</p>"
        "<p>The mediators hope to reach an agreement before the end of the "
        "month, according to a statement.</p></article>"
        + "</div>" * 150
        + "</body></html>"
    )

    outcome = import_file("deep-site.html", page.encode(), by=reporter)

    assert outcome.result == Result.CREATED, outcome
    assert "Talks between the two governments resumed" in outcome.source.full_text
