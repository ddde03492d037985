"""Read an article file into its text and the metadata the file itself gives.

Three formats: plain text (stored exactly as written), HTML (main text and
metadata extracted with trafilatura) and JSON (an object with the text in
``body`` and metadata beside it). Anything else, or anything that is not
readable text, is refused with a one-line reason.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from array import array
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import PurePath
from typing import Any

from django.conf import settings

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
DEFAULT_MAX_IMPORT_BYTES = 10_000_000
# Nesting no article needs, checked before a parser can recurse into it: an
# article's JSON is an object of strings and short lists (2 or 3 levels); a
# news page's HTML is 20 to 60 elements deep. lxml itself stops at 256.
MAX_JSON_DEPTH = 64
MAX_HTML_DEPTH = 200
# A long news page has a few thousand elements; past this, trafilatura's
# time grows faster than the page (1.4 s of CPU for 20,000 here, 5 s for
# 40,000).
MAX_HTML_ELEMENTS = 20_000
# Counted before parsing, so that a page of a million empty tags is never
# built; generous, because scripts and comparisons in them hold "<" too.
MAX_HTML_TAGS = 10 * MAX_HTML_ELEMENTS
BODY_KEYS = ("body", "text", "full_text")
# Metadata a JSON file may give, with the keys newsroom tools commonly use.
JSON_KEYS = {
    "title": ("title", "headline"),
    "authors": ("authors", "author", "byline"),
    "published": ("published", "published_on", "date", "datePublished"),
    "url": ("url", "link"),
    "publisher": ("publisher", "outlet", "source"),
    "language": ("language", "lang"),
    "dateline": ("dateline",),
}


class ImportRefused(Exception):
    """A file cannot be imported; the message says why in one line."""


@dataclass
class Article:
    """A file's text, and the metadata the file states about itself."""

    name: str
    format: str
    text: str
    size: int
    sha256: str
    # Keys: title, authors, published, url, publisher, language, dateline.
    metadata: dict[str, str] = field(default_factory=dict)
    # For each metadata key, where in the file it was found.
    where: dict[str, str] = field(default_factory=dict)


def max_import_bytes() -> int:
    return int(getattr(settings, "FACTFILE_MAX_IMPORT_BYTES", DEFAULT_MAX_IMPORT_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def decode(data: bytes) -> str:
    """Decode UTF-8 (or UTF-16 with its byte-order mark); refuse anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportRefused(f"not valid UTF-16 text ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise ImportRefused("binary file (it contains NUL bytes), not text")
    try:
        # utf-8-sig drops a byte-order mark, which is an encoding signature
        # and not part of the text; every other character is kept as is.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at position "
            f"{error.start}): save the file as UTF-8"
        ) from None


def read_article(name: str, data: bytes) -> Article:
    """Turn a file's bytes into an Article, or raise ImportRefused saying why."""
    suffix = PurePath(name).suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        known = ", ".join(sorted(FORMATS))
        raise ImportRefused(
            f"unknown format {suffix or '(no extension)'!r}: import {known} files"
        )
    limit = max_import_bytes()
    if len(data) > limit:
        raise ImportRefused(
            f"file is {_megabytes(len(data))}, over the limit of {_megabytes(limit)}"
        )
    if not data.strip():
        raise ImportRefused("file is empty")
    text = decode(data)
    article = Article(
        name=name,
        format=file_format,
        text="",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if file_format == "text":
        article.text = text
    elif file_format == "html":
        _read_html(text, article)
    else:
        _read_json(text, article)
    if not article.text.strip():
        raise ImportRefused("no article text found in the file")
    # A NUL anywhere (past the first bytes, in UTF-16, as \u0000 in JSON)
    # is binary data; PostgreSQL cannot store it in a text column either.
    if "\x00" in article.text or any(
        "\x00" in str(value) for value in article.metadata.values()
    ):
        raise ImportRefused("binary data (the text contains NUL characters), not text")
    max_chars = settings.FACTFILE_MAX_SOURCE_CHARS
    if len(article.text) > max_chars:
        raise ImportRefused(
            f"text is {len(article.text):,} characters, over the limit of {max_chars:,}"
        )
    return article


def _html_tree(html: str) -> Any:
    """The page parsed as trafilatura parses it, refused if too deep or too big."""
    from lxml import etree
    from trafilatura.utils import load_html

    if (tags := html.count("<")) > MAX_HTML_TAGS:
        raise ImportRefused(
            f"HTML has {tags:,} tags, over the limit of {MAX_HTML_TAGS:,}: "
            "import the article's text instead"
        )
    tree = load_html(html)
    if tree is None:
        raise ImportRefused("no article text found in the HTML")
    depth = elements = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        elements += 1
        deepest = max(deepest, depth)
        if deepest > MAX_HTML_DEPTH:
            raise ImportRefused(
                f"HTML is nested more than {MAX_HTML_DEPTH} elements deep: "
                "import the article's text instead"
            )
        if elements > MAX_HTML_ELEMENTS:
            raise ImportRefused(
                f"HTML has more than {MAX_HTML_ELEMENTS:,} elements: "
                "import the article's text instead"
            )
    return tree


def _read_html(html: str, article: Article) -> None:
    import trafilatura

    document = trafilatura.bare_extraction(
        _html_tree(html),
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Only dates the page's markup states; a date found by searching
        # the body could be any date the story mentions.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise ImportRefused("no article text found in the HTML")
    article.text = document.text
    found = {
        "title": document.title,
        "authors": document.author,
        "published": document.date,
        "url": document.url,
        "publisher": document.sitename,
        "language": document.language,
    }
    for key, value in found.items():
        if value and str(value).strip():
            article.metadata[key] = str(value).strip()
            article.where[key] = "HTML metadata"


def _json_string(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item).strip() for item in value if str(item).strip())
    if isinstance(value, dict):
        return str(value.get("name", "")).strip()
    return "" if value is None else str(value).strip()


# A JSON string, or the rest of the text when it is never closed; possessive,
# so that no character is read twice.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_BRACKET_STEPS = str.maketrans({"[": "\x01", "{": "\x01", "]": "\xff", "}": "\xff"})


def json_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, read in linear time."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    # Opening brackets count +1 and closing ones -1 (0xff as a signed byte).
    steps = array("b", brackets.translate(_BRACKET_STEPS).encode("latin-1"))
    return max(accumulate(steps), default=0)


def _read_json(text: str, article: Article) -> None:
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ImportRefused(
            f"JSON is nested {depth:,} levels deep, over the limit of {MAX_JSON_DEPTH}"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:
        # A number too long to convert (Python's limit of 4,300 digits).
        raise ImportRefused(f"malformed JSON: {error}") from None
    if not isinstance(data, dict):
        raise ImportRefused("JSON must be an object with the article text in 'body'")
    body_key = next((key for key in BODY_KEYS if key in data), None)
    if body_key is None:
        raise ImportRefused("JSON has no 'body': give the article text in 'body'")
    body = data[body_key]
    if not isinstance(body, str) or not body.strip():
        raise ImportRefused(f"JSON '{body_key}' must be a non-empty string")
    article.text = body
    for key, aliases in JSON_KEYS.items():
        for alias in aliases:
            if alias in data and (value := _json_string(data[alias])):
                article.metadata[key] = value
                article.where[key] = f"JSON field '{alias}'"
                break
