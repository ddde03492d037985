"""Hostile addresses, titles and names stay inert in every citation style.

Each style is read the way a careless consumer would read it: the Markdown
through a CommonMark renderer with raw HTML allowed, then the HTML it gives
(and the HTML style itself) through html5lib, which parses as browsers do.
No script, no event handler, no link to anything but http(s), and every
link still goes where the source said, percent-encoded. Addresses stored
before sources were validated are written safely too, and one ``republish``
rewrites the styles a fact file published before.
"""

from __future__ import annotations

import json
from html import escape
from io import StringIO
from typing import Any

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from factfile.addresses import as_uri, for_markdown
from factfile.published.models import ChangeEntry, PublishedRecord
from sources.citing import permalink, render_all
from sources.importing.importer import import_file
from sources.models import Source
from tests import factories
from tests import verified as v
from tests.ci import IN_CI
from tests.factfile.test_admin_workflow import client_for

# (stored address, the link every style must point to)
HOSTILE_URLS = [
    (
        "https://x.example/<script>alert(1)</script>",
        "https://x.example/%3Cscript%3Ealert%281%29%3C/script%3E",
    ),
    (
        'https://x.example/a"onmouseover="alert(1)',
        "https://x.example/a%22onmouseover=%22alert%281%29",
    ),
    (
        "https://x.example/a' onmouseover='alert(1)",
        "https://x.example/a%27%20onmouseover=%27alert%281%29",
    ),
    ("https://x.example/two words", "https://x.example/two%20words"),
    (
        "https://x.example/a)(b)[c](javascript:alert(1))",
        "https://x.example/a%29%28b%29%5Bc%5D%28javascript:alert%281%29%29",
    ),
    ("https://x.example/`code`", "https://x.example/%60code%60"),
    ("https://x.example/a\nb\r\n<i>", "https://x.example/a%0Ab%0D%0A%3Ci%3E"),
    (
        'https://x.example/\\"><img src=x onerror=alert(1)>',
        "https://x.example/%5C%22%3E%3Cimg%20src=x%20onerror=alert%281%29%3E",
    ),
    (
        "https://www.example.fr/afrique/l-armée-à-goma.html",
        "https://www.example.fr/afrique/l-arm%C3%A9e-%C3%A0-goma.html",
    ),
    (
        "https://kigali.exämple.rw/é?q=ü",
        "https://kigali.xn--exmple-cua.rw/%C3%A9?q=%C3%BC",
    ),
    ("https://x.example/?a=1&amp;b=2", "https://x.example/?a=1&amp;b=2"),
    ("HTTPS://X.Example/100%", "https://x.example/100%25"),
]
# Addresses that must never become a link, nor appear in any style.
NOT_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//x.example/no-scheme",
    "https:javascript:alert(1)",
]
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "](javascript:alert(1)) [x](<javascript:alert(1)>)",
    "**bold** _em_ `code` ~~gone~~ # not a heading",
    "AT&T &amp; &lt;script&gt; &#60;b&#62;",
    "back\\slash\\",
    "quotes \" and ' and <<angles>>",
    "<https://autolink.example> <javascript:alert(1)>",
    "line\n# heading\n- item\n> quote\n    code",
]
# What a citation may contain once parsed: nothing that runs or loads.
ALLOWED_TAGS = {
    "html",
    "head",
    "body",
    "p",
    "cite",
    "strong",
    "em",
    "i",
    "q",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"href", "class"}


def commonmark(text: str) -> str:
    """Markdown as a careless consumer renders it: raw HTML allowed."""
    return MarkdownIt("commonmark", {"html": True}).render(text)


def parse_html(markup: str) -> Any:
    return html5lib.parse(markup, namespaceHTMLElements=False)


def assert_inert(markup: str) -> list[Any]:
    """Fail on anything that could run or load; return the links."""
    links = []
    for element in parse_html(markup).iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        assert element.tag in ALLOWED_TAGS, (element.tag, markup)
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, (element.attrib, markup)
        if element.tag == "a":
            assert element.get("href", "").startswith(("https://", "http://")), markup
            links.append(element)
    return links


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def statement(url: str, *, title: str = "Talks resume", name: str = "Zanzi") -> dict:
    source = {
        "title": title,
        "kind": "news_article",
        "publisher": f"Publisher {name}",
        "url": url,
        "archive_url": url,
        "published_on": "2025-03-17",
    }
    return {
        "type": "statement",
        "id": 7,
        "text": f"Words {name}",
        "kind": "quote",
        "speaker": {"name": name, "kind": "person"},
        "speaker_title": f"Minister {name}",
        "said_on": "2025-03-17",
        "claim": {"rating": "false", "reasoning": f"Reasoning {name}"},
        "citations": [{"stance": "supports", "source": source}],
    }


def cited(links: list[Any]) -> list[Any]:
    """The links of a citation to its source: without the record's own page."""
    page = permalink({"type": "statement", "id": 7})
    return [a for a in links if a.get("href") != page]


@pytest.mark.parametrize(("url", "link"), HOSTILE_URLS)
def test_every_style_links_the_encoded_address(url, link):
    styles = render_all(statement(url))

    html_links = cited(assert_inert(styles["html"]))
    markdown_links = cited(assert_inert(commonmark(styles["markdown"])))

    assert as_uri(url) == link
    assert [a.get("href") for a in html_links] == [link, link]
    assert [a.get("href") for a in markdown_links] == [for_markdown(url)] * 2
    assert [text_of(a) for a in markdown_links] == ["Talks resume", "archived"]
    assert f", {link} (archived at {link})." in styles["text"]
    (csl,) = styles["csl-json"]
    # The item's URL is the record's page; the source's is in the note.
    assert csl["URL"] == permalink({"type": "statement", "id": 7})
    assert csl["archive_location"] == link
    assert f", {link} (archived at {link})." in csl["note"]
    assert styles["claim-review"]["itemReviewed"]["appearance"]["url"] == link
    assert f"]({for_markdown(url)})" in styles["markdown"]
    assert f'href="{escape(link)}"' in styles["html"]
    assert not set(for_markdown(url)) & set(" <>\"'`\n\r()[]\\")
    if url != link:
        assert all(url not in styles[style] for style in ("text", "markdown", "html"))


@pytest.mark.parametrize("url", NOT_LINKS)
def test_an_address_that_is_not_http_never_becomes_a_link(url):
    styles = render_all(statement(url))

    assert cited(assert_inert(styles["html"])) == []
    assert cited(assert_inert(commonmark(styles["markdown"]))) == []
    flat = json.dumps(styles).lower()
    assert "script:" not in flat
    assert "data:" not in flat
    assert "no-scheme" not in flat
    (csl,) = styles["csl-json"]
    assert csl["URL"] == permalink({"type": "statement", "id": 7})
    assert "archive_location" not in csl
    assert "url" not in styles["claim-review"]["itemReviewed"]["appearance"]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_titles_and_names_show_as_the_text_typed(text):
    item = statement(HOSTILE_URLS[0][0], title=text, name=text.replace(", ", " "))
    styles = render_all(item)
    one_line = " ".join(text.splitlines())

    rendered = parse_html(commonmark(styles["markdown"]))
    html = parse_html(styles["html"])
    assert_inert(commonmark(styles["markdown"]))
    assert_inert(styles["html"])

    title, _archived, _record_page = rendered.iter("a")
    assert text_of(title) == one_line
    assert text_of(next(rendered.iter("strong"))) == item["speaker"]["name"].replace(
        "\n", " "
    )
    assert text_of(next(rendered.iter("em"))) == f"Publisher {one_line}"
    assert text_of(next(html.iter("a"))) == text
    assert text_of(next(html.iter("strong"))) == item["speaker"]["name"]
    # Markdown is one paragraph: a line break in a field starts no block.
    assert [p.tag for p in rendered.find("body")] == ["p"]


@st.composite
def hostile_records(draw: st.DrawFn) -> dict:
    pieces = st.sampled_from(
        [*"<>\"'`()[]\\\n &;*_#!é", "javascript:", "onerror=", "<script>", "</a>"]
    )
    text = st.lists(st.one_of(pieces, st.text(max_size=4)), max_size=12).map("".join)
    scheme = st.sampled_from(["https://", "http://", "javascript:", "data:", ""])
    url = st.tuples(scheme, text).map("".join)
    item = statement(draw(url), title=draw(text), name=draw(text))
    item["citations"][0]["source"]["archive_url"] = draw(url)
    return item


@settings(max_examples=300, deadline=None, database=None, derandomize=IN_CI)
@given(hostile_records())
@example(statement("https://x.example/a\\", title="[", name="`"))
def test_no_record_can_inject_markup_into_a_style(item):
    styles = render_all(item)
    source = item["citations"][0]["source"]

    expected = [for_markdown(source[key]) for key in ("url", "archive_url")]
    markdown_links = cited(assert_inert(commonmark(styles["markdown"])))
    html_links = cited(assert_inert(styles["html"]))

    assert [a.get("href") for a in markdown_links] == [
        link for link in expected if link
    ]
    assert [a.get("href") for a in html_links] == [
        as_uri(source[key]) for key in ("url", "archive_url") if as_uri(source[key])
    ]


# Stored records: validation, the API, republishing, the lookup page ---------

MARKDOWN_BEFORE = "[{title}](<{url}>)"
SCRIPT_URL = HOSTILE_URLS[0][0]


@pytest.mark.parametrize(
    "url",
    [
        SCRIPT_URL,
        'https://x.example/"onmouseover=alert(1)',
        "https://x.example/it's",
        "https://x.example/two words",
        "javascript:alert(1)",
        "ftp://files.example/report.pdf",
        "https://x.example/\x00",
    ],
)
@pytest.mark.django_db
def test_a_source_refuses_an_address_a_citation_cannot_carry(reporter, url):
    source = factories.SourceFactory.build(created_by=reporter, updated_by=reporter)
    for field in ("url", "archive_url"):
        setattr(source, field, url)
        with pytest.raises(ValidationError) as refused:
            source.full_clean(exclude=["text_sha256"])
        assert field in refused.value.message_dict
        setattr(source, field, "")


@pytest.mark.django_db
def test_a_source_keeps_a_plain_or_accented_address(reporter):
    source = factories.SourceFactory.build(
        created_by=reporter,
        updated_by=reporter,
        url="https://www.example.fr/afrique/l-armée-à-goma.html?page=2#haut",
        archive_url="https://archive.example/2025/https://news.example/a%20b",
    )

    source.full_clean(exclude=["text_sha256"])


@pytest.mark.django_db
def test_the_admin_form_says_why_an_address_is_refused(reporter):
    client = client_for(reporter)

    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Ministry statement",
            "kind": "official_statement",
            "published_on_precision": "unknown",
            "language": "en",
            "full_text": "The ministry said talks would resume.",
            "url": SCRIPT_URL,
            "archive_url": "javascript:alert(1)",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "angle brackets" in errors["url"][0]
    assert errors["archive_url"]
    assert not Source.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [SCRIPT_URL, "javascript:alert(1)"])
def test_the_importer_refuses_a_file_whose_address_is_unsafe(reporter, url):
    article = {"title": "Envoy recalled", "url": url, "body": "Rwanda recalled."}

    outcome = import_file("a.json", json.dumps(article).encode(), by=reporter)

    assert outcome.result == "error"
    assert "address" in outcome.message
    assert "\n" not in outcome.message
    assert not Source.objects.exists()


@pytest.fixture
def stored_before_the_fix(reporter, fact_checker):  # type: ignore[no-untyped-def]
    """A statement citing a source whose address predates validation."""
    source = v.source(
        reporter, fact_checker, title="Talks <b>resume</b>", url=SCRIPT_URL
    )
    return v.statement(reporter, fact_checker, cited=source)


@pytest.mark.django_db
def test_the_api_serves_the_styles_of_an_old_address_encoded(stored_before_the_fix):
    url = f"/api/v1/statements/{stored_before_the_fix.pk}/citation/"

    styles = Client().get(url).json()["styles"]

    source_link, record_page = assert_inert(commonmark(styles["markdown"]))
    assert source_link.get("href") == HOSTILE_URLS[0][1]
    assert record_page.get("href").endswith(f"/r/statement/{stored_before_the_fix.pk}/")
    html_links = assert_inert(styles["html"])
    assert [a.get("href") for a in html_links][:1] == [HOSTILE_URLS[0][1]]


@pytest.mark.django_db
def test_republish_rewrites_the_styles_published_before_the_fix(stored_before_the_fix):
    row = PublishedRecord.objects.get(
        resource="statement", record_id=stored_before_the_fix.pk
    )
    fixed = row.data["citation_styles"]
    title = "Talks \\<b\\>resume\\</b\\>"
    old = {
        **fixed,
        "markdown": "Source: " + MARKDOWN_BEFORE.format(title=title, url=SCRIPT_URL),
        "html": f'<cite>Source: <a href="{escape(SCRIPT_URL)}">x</a></cite>',
    }
    PublishedRecord.objects.filter(pk=row.pk).update(
        data={**row.data, "citation_styles": old}
    )
    assert "<script>" in commonmark(old["markdown"])  # as it was: live script
    last = ChangeEntry.objects.order_by("-seq").first().seq

    call_command("republish", stdout=StringIO())

    row.refresh_from_db()
    assert row.data["citation_styles"] == fixed
    assert "<script>" not in commonmark(row.data["citation_styles"]["markdown"])
    refreshed = ChangeEntry.objects.filter(seq__gt=last, record_id=row.record_id)
    assert [(e.resource, e.action) for e in refreshed] == [("statement", "refreshed")]


@pytest.mark.django_db
def test_the_lookup_page_links_only_http_addresses(reporter, fact_checker):
    source = v.source(
        reporter, fact_checker, title="Zanzi report", url="javascript:alert(1)"
    )
    v.statement(reporter, fact_checker, cited=source, text="Zanzi said so.")
    other = v.source(reporter, fact_checker, title="Zanzi wire", url=SCRIPT_URL)
    v.statement(reporter, fact_checker, cited=other, text="Zanzi said more.")

    page = Client().get(reverse("lookup"), {"q": "Zanzi"}).content.decode()
    api = Client().get("/api/v1/lookup/", {"q": "Zanzi"}).json()

    hrefs = [a.get("href") for a in parse_html(page).iter("a")]
    assert "javascript:alert(1)" not in hrefs
    assert HOSTILE_URLS[0][1] in hrefs
    assert SCRIPT_URL not in hrefs
    shown = {
        r["display"]["source"]["url"] for r in api["results"] if r["display"]["source"]
    }
    assert shown <= {"", HOSTILE_URLS[0][1]}
