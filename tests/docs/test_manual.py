"""The manual builds without a warning and tells no history.

The manual in ``docs/`` is a MkDocs site whose ``mkdocs.yml`` is strict and
validates links and anchors: a link to a missing page or heading, or a page
left out of the navigation, fails the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# Phrases that tell the story of the code rather than how it is: the manual
# and the README say what is, and history lives in git.
CHANGELOG_PHRASES = re.compile(
    r"\b(previous round|this round|used to|than before|it proposed \d+ before)\b",
    re.IGNORECASE,
)

pytestmark = pytest.mark.once


def test_manual_builds_strictly(tmp_path: Path) -> None:
    """``mkdocs build --strict`` passes: no broken link or anchor, no page left out."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        # The theme's notice about its successor is not a warning of the build.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "public-api.html").is_file()


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_no_changelog_sentences(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in CHANGELOG_PHRASES.finditer(text)]
    assert not found, f"{path.name} tells history, which lives in git: {found}"
