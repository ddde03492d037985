"""import_sources: formats, bad input, idempotency, one transaction per file."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import Actor, Citation, Statement
from events.suggesting.records import Suggestion
from factfile.editorial import Status
from sources.importing.importer import import_file
from sources.importing.records import ImportRecord
from sources.models import Source

pytestmark = pytest.mark.django_db

WIRE = (
    "Rwanda's foreign minister addresses reporters in Kigali, January 9, 2025. "
    "REUTERS/Jean Bizimana/File Photo\r\n"
    "KIGALI -- Rwanda on Monday recalled its envoy.\r\n"
    '"We will not be lectured by anyone," Foreign Minister '
    "Olivier Nduhungirehe said.\r\n"
)


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_sources", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def test_plain_text_is_stored_exactly_as_a_draft(tmp_path, reporter):
    path = write(tmp_path, "wire.txt", WIRE)
    output = run(path, "--user", reporter.username)
    source = Source.objects.get()
    assert source.full_text == WIRE  # \r\n and the caption kept as they are
    assert source.status == Status.DRAFT
    assert source.created_by == reporter
    assert source.published_on is None  # proposed, not invented
    record = source.import_record
    assert record.file_format == "text"
    assert "[1/1]" in output
    assert "1 created, 0 skipped, 0 errors" in output
    statement = Statement.objects.get()
    assert statement.speaker.name == "Olivier Nduhungirehe"
    assert statement.status == Status.DRAFT
    citation = Citation.objects.get(statement__isnull=False)
    assert not citation.is_broken
    assert WIRE[citation.start : citation.end] == "We will not be lectured by anyone"


def test_caption_date_and_credit_are_not_proposed_as_publication(tmp_path, reporter):
    run(write(tmp_path, "wire.txt", WIRE), "--user", reporter.username)
    proposals = ImportRecord.objects.get().proposals
    assert proposals["published_on"] == []
    assert "File Photo" in proposals["captions"][0]["value"]
    assert proposals["datelines"][0]["value"].startswith("KIGALI")
    assert not Suggestion.objects.filter(kind="date", passage__contains="2025").exists()


def test_html_main_text_and_metadata(tmp_path, reporter):
    html = """<html lang="en"><head><title>Envoy recalled | Daily</title>
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2025-03-18T08:00:00Z"></head>
    <body><nav>Home World Africa</nav><article><h1>Envoy recalled</h1>
    <p>KIGALI -- Rwanda on Monday recalled its envoy from Brussels after a row.</p>
    <p>"We will not be lectured by anyone," Foreign Minister Olivier Nduhungirehe
    said in a statement posted on social media late in the evening.</p>
    </article><footer>Share this article</footer></body></html>"""
    run(write(tmp_path, "page.html", html), "--user", reporter.username)
    source = Source.objects.get()
    assert "recalled its envoy" in source.full_text
    assert "Home World Africa" not in source.full_text
    proposals = source.import_record.proposals
    assert proposals["titles"][0] == {
        "value": "Envoy recalled",
        "where": "HTML metadata",
    }
    assert proposals["bylines"][0]["value"] == "Jane Doe"
    assert proposals["published_on"][0]["date"] == "2025-03-18"
    assert source.published_on is None  # an editor confirms it


def test_json_metadata_and_body(tmp_path, reporter):
    data = {
        "title": "Envoy recalled",
        "authors": ["Jane Doe", "John Roe"],
        "published": "2025-03-18",
        "url": "https://news.example/envoy",
        "publisher": "Daily Example",
        "body": "KIGALI -- Rwanda on Monday recalled its envoy.",
    }
    run(write(tmp_path, "a.json", json.dumps(data)), "--user", reporter.username)
    source = Source.objects.get()
    assert (source.title, source.authors) == ("Envoy recalled", "Jane Doe; John Roe")
    assert source.published_on.isoformat() == "2025-03-18"
    assert source.full_text == data["body"]
    monday = Suggestion.objects.get(kind="date")
    assert (monday.date.isoformat(), monday.date_precision) == ("2025-03-17", "day")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Café à Kigali".encode("latin-1"), "not valid UTF-8"),
        ("report.pdf", b"%PDF-1.7", "unknown format '.pdf'"),
        ("noext", b"text", "unknown format '(no extension)'"),
        ("bad.json", b'{"title": "x", "body": ', "malformed JSON at line 1"),
        ("nobody.json", b'{"title": "x"}', "JSON has no 'body'"),
        ("list.json", b'["x"]', "JSON must be an object"),
        ("emptybody.json", b'{"body": "  "}', "must be a non-empty string"),
    ],
)
def test_bad_input_gets_a_one_line_error_and_leaves_nothing(
    tmp_path, reporter, name, data, message
):
    good = write(tmp_path, "good.txt", WIRE)
    bad = write(tmp_path, name, data)
    with pytest.raises(CommandError, match="1 of 2 files were not imported"):
        run(bad, good, "--user", reporter.username)
    assert Source.objects.count() == 1  # the good file of the batch still imports
    assert ImportRecord.objects.get().file_name == "good.txt"


def test_error_lines_say_why(tmp_path, reporter):
    out = StringIO()
    bad = write(tmp_path, "latin1.txt", "Café".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_sources", bad, "--user", reporter.username, stdout=out)
    line = next(x for x in out.getvalue().splitlines() if "latin1.txt" in x)
    assert "error: not valid UTF-8 (byte 0xe9 at position 3)" in line


def test_oversized_files_are_refused(tmp_path, reporter, settings):
    settings.FACTFILE_MAX_IMPORT_BYTES = 100
    outcome = import_file("big.txt", b"x " * 100, by=reporter)
    assert outcome.result == "error"
    assert "over the limit of" in outcome.message
    settings.FACTFILE_MAX_IMPORT_BYTES = 10_000
    settings.FACTFILE_MAX_SOURCE_CHARS = 50
    outcome = import_file("long.txt", b"word " * 20, by=reporter)
    assert outcome.message == "text is 100 characters, over the limit of 50"
    assert not Source.objects.exists()


def test_reimporting_the_same_text_changes_nothing(tmp_path, reporter, other_reporter):
    path = write(tmp_path, "wire.txt", WIRE)
    run(path, "--user", reporter.username)
    counts = (
        Source.objects.count(),
        Statement.objects.count(),
        Suggestion.objects.count(),
    )
    source = Source.objects.get()
    output = run(path, "--user", other_reporter.username)
    assert "skipped: same text as source" in output
    assert "nothing changed" in output
    assert "0 created, 1 skipped, 0 errors" in output
    assert counts == (
        Source.objects.count(),
        Statement.objects.count(),
        Suggestion.objects.count(),
    )
    source.refresh_from_db()
    assert source.version == 1
    assert source.updated_by == reporter


def explode(record, *, by, refresh=False):  # type: ignore[no-untyped-def]
    raise RuntimeError("a later step failed")


def test_a_failure_late_in_a_file_leaves_nothing_of_that_file(
    tmp_path, reporter, settings
):
    settings.FACTFILE_IMPORT_PROPOSERS = [
        "events.suggesting.drafting.propose_drafts",
        "tests.importing.test_import_command.explode",
    ]
    outcome = import_file("wire.txt", WIRE.encode(), by=reporter)
    assert outcome.result == "error"
    assert outcome.message == (
        "the importer failed on this file (RuntimeError); nothing of it was kept"
    )
    assert not Source.objects.exists()
    assert not ImportRecord.objects.exists()
    assert not Statement.objects.exists()
    assert not Actor.objects.exists()
    assert not Citation.objects.exists()
    assert not Suggestion.objects.exists()


def test_directories_are_searched_and_progress_is_shown(tmp_path, reporter):
    write(tmp_path, "a.txt", "First article about talks in Luanda.")
    write(tmp_path, "b.json", json.dumps({"body": "Second article about Goma."}))
    write(tmp_path, "notes.docx", b"ignored")
    output = run(str(tmp_path), "--user", reporter.username)
    assert "[1/2]" in output
    assert "[2/2]" in output
    assert "2 files: 2 created, 0 skipped, 0 errors" in output


def test_the_importing_user_must_exist(tmp_path):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(write(tmp_path, "a.txt", "Text."), "--user", "nobody")


class Hung(Exception):
    """Not an OSError, so that no reading code mistakes it for one."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocking open() is interrupted by the alarm."""

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_batch(*paths: str, user) -> str:  # type: ignore[no-untyped-def]
    """The command's output for a batch in which some files fail."""
    out = StringIO()
    with deadline(30), pytest.raises(CommandError, match="were not imported"):
        call_command("import_sources", *paths, "--user", user.username, stdout=out)
    return out.getvalue()


def line_for(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if f"{name}:" in line)


def test_a_symlink_to_a_file_outside_the_folder_is_refused(tmp_path, reporter):
    secret = tmp_path / "elsewhere" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "x.txt").symlink_to(secret)
    good = write(folder, "good.txt", WIRE)

    output = run_batch(str(folder / "x.txt"), good, user=reporter)

    assert "x.txt: error: a symbolic link, not a regular file" in line_for(
        output, "x.txt"
    )
    assert "created" in line_for(output, "good.txt")
    assert list(Source.objects.values_list("full_text", flat=True)) == [WIRE]


def test_a_folder_is_walked_without_following_its_links(tmp_path, reporter):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "private.txt", "A private note that must stay private.")
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "good.txt", WIRE)
    (folder / "x.txt").symlink_to(elsewhere / "private.txt")
    (folder / "more").symlink_to(elsewhere, target_is_directory=True)

    output = run_batch(str(folder), user=reporter)

    assert "a symbolic link, not a regular file" in line_for(output, "x.txt")
    assert "a symbolic link, not a regular file" in line_for(output, "more")
    assert "3 files: 1 created, 0 skipped, 2 errors" in output
    assert list(Source.objects.values_list("full_text", flat=True)) == [WIRE]


def test_a_symlinked_folder_given_as_a_path_is_refused(tmp_path, reporter):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "private.txt", "A private note that must stay private.")
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    good = write(tmp_path, "good.txt", WIRE)

    output = run_batch(str(tmp_path / "linked"), good, user=reporter)

    assert "a symbolic link, not a regular file" in line_for(output, "linked")
    assert Source.objects.count() == 1


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, reporter):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = write(tmp_path, "good.txt", WIRE)

    output = run_batch(str(fifo), good, str(tmp_path), user=reporter)

    assert "pipe.txt: error: a FIFO, not a regular file" in output
    assert "created" in line_for(output, "good.txt")
    assert Source.objects.count() == 1


def test_sockets_and_devices_are_refused(tmp_path, reporter):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "socket.txt"))
        good = write(tmp_path, "good.txt", WIRE)

        output = run_batch(
            str(tmp_path / "socket.txt"), "/dev/null", good, user=reporter
        )

    assert "a socket, not a regular file" in line_for(output, "socket.txt")
    assert "a character device, not a regular file" in line_for(output, "null")
    assert Source.objects.count() == 1


def test_deeply_nested_json_is_refused_and_the_batch_goes_on(tmp_path, reporter):
    deep = write(tmp_path, "deep.json", '{"body": "Text.", "x": ' + "[" * 100_000)
    good = write(tmp_path, "good.txt", WIRE)

    output = run_batch(deep, good, user=reporter)

    assert "deep.json: error: JSON is nested 100,001 levels deep, over the limit" in (
        output
    )
    assert "created" in line_for(output, "good.txt")
    assert "2 files: 1 created, 0 skipped, 1 errors" in output
