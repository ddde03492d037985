"""The README stays a short map: quick start, what it is, the manual, contributing.

It is read on its own (on a forge, in a clone), outside the manual's strict
build, so its relative links are checked here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

from tests.docs.test_manual import CHANGELOG_PHRASES

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
README_MAX_LINES = 150

pytestmark = pytest.mark.once


def relative_links(markdown: str) -> list[str]:
    """Every link and image target of a Markdown text that names no scheme or host."""
    targets: list[str] = []

    def walk(tokens):  # type: ignore[no-untyped-def]
        for token in tokens:
            if token.type == "link_open":
                targets.append(token.attrGet("href") or "")
            elif token.type == "image":
                targets.append(token.attrGet("src") or "")
            if token.children:
                walk(token.children)

    walk(MarkdownIt("commonmark").enable("table").parse(markdown))
    return [
        t for t in targets if t and not urlsplit(t).scheme and not t.startswith("//")
    ]


def test_readme_is_under_150_lines() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < README_MAX_LINES, f"README.md has {lines} lines"


def test_every_relative_link_of_the_readme_names_a_file() -> None:
    missing = []
    for target in relative_links(README.read_text(encoding="utf-8")):
        path = unquote(urlsplit(target).path)
        if path and not (ROOT / path).exists():
            missing.append(target)
    assert not missing, f"README.md links to files that do not exist: {missing}"


def test_the_readme_links_every_page_of_the_manual() -> None:
    linked = {
        (ROOT / unquote(urlsplit(t).path)).resolve()
        for t in relative_links(README.read_text(encoding="utf-8"))
    }
    pages = {page.resolve() for page in (ROOT / "docs").glob("*.md")}
    unlinked = sorted(p.name for p in pages - linked)
    assert not unlinked, (
        f"README.md's map of the manual leaves out {unlinked}: "
        "link each page there, as it is in mkdocs.yml's nav"
    )


def test_the_readme_keeps_its_sections_in_order() -> None:
    headings = [
        line[3:]
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]
    assert headings == ["Quick start", "What it is", "The manual", "Contributing"]


def test_the_readme_tells_no_history() -> None:
    found = [m.group(0) for m in CHANGELOG_PHRASES.finditer(README.read_text())]
    assert not found, found


def test_relative_links_skip_addresses() -> None:
    text = (
        "[a](docs/a.md) [b](https://example.org/b.md) ![c](docs/c.png) "
        "[d](mailto:x@example.org) [e](docs/e.md#part)"
    )
    assert relative_links(text) == ["docs/a.md", "docs/c.png", "docs/e.md#part"]
