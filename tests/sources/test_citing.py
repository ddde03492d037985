"""Citation styles rendered from a published record's JSON."""

import pytest

from sources.citing import human_date, render_all

PUBLIC = "https://facts.daily.example"


@pytest.fixture(autouse=True)
def _public_address(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_PUBLIC_URL = PUBLIC


SEED_SOURCE = {
    "type": "source",
    "id": 1,
    "title": "[Rwanda severs diplomatic relations with Belgium]",
    "kind": "news_article",
    "publisher": "",
    "authors": [],
    "url": "",
    "published_on": "",
    "accessed_on": "",
    "language": "en",
}

SEED_STATEMENT = {
    "type": "statement",
    "id": 7,
    "text": (
        "The government of Rwanda today notified the government of Belgium of its "
        "decision to sever diplomatic relations, effective immediately."
    ),
    "kind": "quote",
    "speaker": {
        "type": "actor",
        "id": 3,
        "name": "Ministry of Foreign Affairs of Rwanda",
    },
    "speaker_title": "",
    "said_on": "",
    "citations": [
        {"type": "citation", "id": 9, "stance": "supports", "source": SEED_SOURCE}
    ],
}

BYLINE_SOURCE = {
    **SEED_SOURCE,
    "title": "Rubio calls Kagame & Tshisekedi for de-escalation",
    "publisher": "The Daily Example",
    "authors": ["Jane Doe", "Mugisha"],
    "url": "https://news.example/a?x=1&y=2",
    "published_on": "2025-03",
    "accessed_on": "2025-04-02",
}

BYLINE_STATEMENT = {
    **SEED_STATEMENT,
    "id": 8,
    "text": "We urge an *immediate* ceasefire",
    "kind": "paraphrase",
    "speaker": {"type": "actor", "id": 4, "name": "Marco Rubio"},
    "speaker_title": "Secretary of State, United States",
    "said_on": "2025-03-17",
    "citations": [
        {"type": "citation", "id": 10, "stance": "supports", "source": BYLINE_SOURCE}
    ],
}


def test_seed_statement_with_unknown_date_and_no_publisher():
    styles = render_all(SEED_STATEMENT)

    assert styles["text"] == (
        "Ministry of Foreign Affairs of Rwanda: “The government of "
        "Rwanda today notified the government of Belgium of its decision to sever "
        "diplomatic relations, effective immediately.” Source: “[Rwanda severs "
        "diplomatic relations with Belgium]”. "
        "Verified record: https://facts.daily.example/r/statement/7/"
    )
    assert styles["markdown"].startswith(
        "**Ministry of Foreign Affairs of Rwanda**: “The government"
    )
    assert styles["markdown"].endswith(
        "Source: “\\[Rwanda severs diplomatic relations with Belgium\\]”. "
        "[Verified record](https://facts.daily.example/r/statement/7/)."
    )
    assert styles["csl-json"] == [
        {
            "id": "factfile-statement-7",
            "type": "speech",
            "author": [{"literal": "Ministry of Foreign Affairs of Rwanda"}],
            "title": "The government of Rwanda today notified the government of "
            "Belgium of its decision to sever diplomatic relations,…",
            "container-title": "Rwanda severs diplomatic relations with Belgium",
            "URL": "https://facts.daily.example/r/statement/7/",
            "note": styles["text"],
            "language": "en",
        }
    ]


def test_statement_with_byline_date_and_link():
    styles = render_all(BYLINE_STATEMENT)

    assert styles["text"] == (
        "Marco Rubio, Secretary of State, United States (17 March 2025): We urge an "
        "*immediate* ceasefire (paraphrase). Source: “Rubio calls Kagame & Tshisekedi "
        "for de-escalation”, The Daily Example, March 2025, "
        "https://news.example/a?x=1&y=2. "
        "Verified record: https://facts.daily.example/r/statement/8/"
    )
    assert styles["markdown"] == (
        "**Marco Rubio**, Secretary of State, United States (17 March 2025): "
        "We urge an \\*immediate\\* ceasefire (paraphrase). Source: "
        "[Rubio calls Kagame & Tshisekedi for de-escalation]"
        "(https://news.example/a?x=1&y=2), *The Daily Example*, March 2025. "
        "[Verified record](https://facts.daily.example/r/statement/8/)."
    )
    assert styles["html"] == (
        '<cite class="factfile-citation"><strong>Marco Rubio</strong>, Secretary of '
        "State, United States (17 March 2025): We urge an *immediate* ceasefire "
        '(paraphrase). Source: <a href="https://news.example/a?x=1&amp;y=2">Rubio '
        "calls Kagame &amp; Tshisekedi for de-escalation</a>, <i>The Daily "
        'Example</i>, March 2025. <a class="factfile-record" '
        'href="https://facts.daily.example/r/statement/8/">Verified record</a>.'
        "</cite>"
    )


def test_csl_json_uses_the_csl_schema_names_and_types():
    (item,) = render_all(BYLINE_STATEMENT)["csl-json"]

    assert item["type"] == "speech"
    assert item["author"] == [{"literal": "Marco Rubio"}]
    assert item["title"] == "We urge an *immediate* ceasefire"
    assert item["issued"] == {"date-parts": [[2025, 3, 17]]}
    assert item["container-title"] == BYLINE_SOURCE["title"]
    assert item["publisher"] == "The Daily Example"
    assert item["accessed"] == {"date-parts": [[2025, 4, 2]]}
    # The item is the record; the source it was reported in keeps its
    # address in the note, which reference managers keep.
    assert item["URL"] == "https://facts.daily.example/r/statement/8/"
    assert "https://news.example/a?x=1&y=2" in item["note"]
    assert set(item) <= {
        "id", "type", "title", "container-title", "publisher", "author", "issued",
        "accessed", "URL", "language", "note", "genre", "archive_location",
    }  # fmt: skip


def test_html_escapes_what_an_editor_typed():
    hostile = {
        **SEED_STATEMENT,
        "text": "<script>alert(1)</script>",
        "speaker": {"name": "A <b>bold</b> name"},
    }

    html = render_all(hostile)["html"]

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_html_escapes_a_paraphrase_once():
    # A paraphrase with an apostrophe and an ampersand: escaped once, so a
    # reader sees "DRC's" and "&", not "DRC&#x27;s".
    item = {
        **SEED_STATEMENT,
        "kind": "paraphrase",
        "text": "The DRC's army & the FDLR <allied>.",
    }

    html = render_all(item)["html"]

    assert "The DRC&#x27;s army &amp; the FDLR &lt;allied&gt;. (paraphrase)" in html
    assert "&amp;#x27;" not in html
    assert "&amp;amp;" not in html


def test_html_escapes_every_source_field_once():
    source = {
        "title": 'Talks "resume" & <stall>',
        "publisher": "Smith & Sons",
        "url": "https://news.example/a?x=1&y=2",
        "archive_url": "https://archive.example/b?p=1&q=2",
        "published_on": "2025-03-17",
    }
    item = {**SEED_STATEMENT, "citations": [{"source": source}]}

    html = render_all(item)["html"]

    assert (
        'Source: <a href="https://news.example/a?x=1&amp;y=2">Talks &quot;resume&quot; '
        "&amp; &lt;stall&gt;</a>, <i>Smith &amp; Sons</i>, 17 March 2025, "
        '<a href="https://archive.example/b?p=1&amp;q=2">archived</a>. '
        '<a class="factfile-record" '
        'href="https://facts.daily.example/r/statement/7/">Verified record</a>.</cite>'
    ) in html


def test_event_citation_names_the_event_place_and_date():
    event = {
        "type": "event",
        "id": 2,
        "title": "M23 captures Goma",
        "starts_on": "2025-01",
        "place_name": "Goma",
        "place_country": "DR Congo",
        "citations": [{"stance": "supports", "source": SEED_SOURCE}],
    }

    assert render_all(event)["text"] == (
        "M23 captures Goma (January 2025, Goma, DR Congo). Source: “[Rwanda severs "
        "diplomatic relations with Belgium]”. "
        "Verified record: https://facts.daily.example/r/event/2/"
    )


def test_human_dates_keep_their_precision():
    assert [human_date(d) for d in ("2025-03-17", "2025-03", "2025", "")] == [
        "17 March 2025",
        "March 2025",
        "2025",
        "",
    ]


def test_unknown_date_parts_are_left_out_of_every_style():
    event = {
        "type": "event",
        "id": 3,
        "title": "Ferry resumes on Lake Kivu",
        "starts_on": "",
        "place_name": "Bukavu",
        "place_country": "",
        "citations": [{"stance": "supports", "source": SEED_SOURCE}],
    }
    undated = render_all({**event, "place_name": ""})
    dated = render_all({**event, "starts_on": "2024"})
    placed = render_all(event)

    assert placed["text"].startswith("Ferry resumes on Lake Kivu (Bukavu). Source:")
    assert dated["text"].startswith("Ferry resumes on Lake Kivu (2024, Bukavu).")
    assert undated["text"].startswith("Ferry resumes on Lake Kivu. Source:")
    assert undated["markdown"].startswith("**Ferry resumes on Lake Kivu**. Source:")
    assert undated["html"].startswith(
        '<cite class="factfile-citation"><strong>Ferry resumes on Lake Kivu</strong>.'
    )
    said = render_all({**BYLINE_STATEMENT, "said_on": "2025-03"})
    assert (
        "Marco Rubio, Secretary of State, United States (March 2025):" in (said["text"])
    )
    for styles in (undated, placed, render_all(SEED_STATEMENT)):
        for style in ("text", "markdown", "html"):
            assert "unknown" not in styles[style]
            assert "()" not in styles[style]


CORRECTED = {
    **BYLINE_STATEMENT,
    "claim": {"rating": "mostly_true", "reasoning": "Partly.", "summary": ""},
    "corrections": [
        {"note": "The date was 17 March.", "date": "2025-03-20"},
        {"note": "The title was wrong.", "date": "2025-04-02"},
    ],
}


def test_a_corrected_record_says_when_in_every_style():
    styles = render_all(CORRECTED)
    page = "https://facts.daily.example/r/statement/8/"
    said = "Verified record, corrected on 2 April 2025"

    assert styles["text"].endswith(f" {said}: {page}")
    assert styles["markdown"].endswith(f" [{said}]({page}).")
    assert styles["html"].endswith(
        f' <a class="factfile-record factfile-corrected" href="{page}">{said}</a>.'
        "</cite>"
    )
    (item,) = styles["csl-json"]
    assert item["URL"] == page
    assert item["note"] == styles["text"]
    assert styles["claim-review"]["url"] == page


def test_a_record_never_corrected_says_nothing_of_corrections():
    styles = render_all({**CORRECTED, "corrections": []})

    for style in ("text", "markdown", "html"):
        assert "corrected on" not in styles[style]
        assert "/r/statement/8/" in styles[style]
    assert "corrected on" not in styles["csl-json"][0]["note"]
