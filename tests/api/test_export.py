import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import OperationalError, close_old_connections, transaction
from django.http import StreamingHttpResponse
from filelock import FileLock

from factfile import exporting, workflow
from factfile.api import downloads
from factfile.published import export
from factfile.published.models import ChangeEntry, PublishedRecord
from tests import verified as v

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_download_slots(monkeypatch):
    # The test client closes a streamed response only once it is read to its
    # end; a test that stops earlier would hold a slot for the next one.
    monkeypatch.setattr(downloads, "slots", downloads.DownloadSlots())


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def release(response) -> None:  # type: ignore[no-untyped-def]
    """Close a download as the server does when the client has it all.

    Closing sends request_finished, whose handler would close the test's own
    database connection on PostgreSQL; the server's is not the test's.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def last_seq():
    return ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first()


def test_jsonl_serves_every_record_and_tombstone_then_says_it_is_complete(
    api, factfile, editor_in_chief
):
    workflow.retract(factfile["second"], by=editor_in_chief, reason="Unsourced.")

    response = api.get("/api/v1/export/?format=jsonl")

    *rows, end = [json.loads(line) for line in body(response).splitlines()]
    assert response["Content-Type"] == "application/x-ndjson"
    assert len(rows) == PublishedRecord.objects.count()
    assert end == {"complete": True, "rows": len(rows), "last_seq": last_seq()}
    assert response["X-Factfile-Rows"] == str(len(rows))
    assert response["X-Factfile-Last-Seq"] == str(last_seq())
    retracted = next(
        r for r in rows if r["id"] == factfile["second"].pk and r["type"] == "statement"
    )
    assert retracted["data"] is None
    assert retracted["retraction_reason"] == "Unsourced."


def test_csv_has_a_header_one_row_per_record_and_its_length(api, factfile):
    response = api.get("/api/v1/export/?format=csv")

    text = body(response)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == PublishedRecord.objects.count()
    assert json.loads(rows[0]["data"])["type"] == rows[0]["type"]
    assert int(response["Content-Length"]) == len(text.encode())
    assert response["X-Factfile-Rows"] == str(len(rows))
    assert response["Content-Disposition"] == (
        f'attachment; filename="factfile-{last_seq()}.csv"'
    )


def test_unknown_export_format_is_400(api):
    response = api.get("/api/v1/export/?format=xml")

    assert response.status_code == 400
    assert "format" in response.json()


def test_the_command_writes_the_same_as_the_endpoint(api, factfile, tmp_path):
    out = io.StringIO()
    call_command("export_factfile", "--format", "jsonl", stdout=out)
    call_command("export_factfile", "--format", "csv", "--output", tmp_path / "f.csv")

    assert out.getvalue() == body(api.get("/api/v1/export/"))
    assert (tmp_path / "f.csv").read_bytes().decode() == body(
        api.get("/api/v1/export/?format=csv")
    )


def test_build_keeps_the_newest_two_versions_and_a_manifest(
    factfile, reporter, fact_checker
):
    first = exporting.build()
    v.actor(reporter, fact_checker, name="Félix Tshisekedi")
    second = exporting.build()
    v.actor(reporter, fact_checker, name="Yoweri Museveni")
    third = exporting.build()

    names = sorted(p.name for p in exporting.export_dir().glob("factfile-*"))
    assert first.last_seq < second.last_seq < third.last_seq == last_seq()
    assert names == sorted(
        f"factfile-{m.last_seq}.{f}" for m in (second, third) for f in ("csv", "jsonl")
    )
    manifest = exporting.read_manifest()
    assert manifest.data == third.data
    jsonl = manifest.file("jsonl")
    assert jsonl.path.stat().st_size == jsonl.size


def test_a_build_cut_by_the_database_leaves_the_previous_files(factfile, monkeypatch):
    before = exporting.build()
    real_rows = export.exported_rows

    def failing_rows():
        yield from list(real_rows())[:2]
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(export, "exported_rows", failing_rows)
    with pytest.raises(OperationalError):
        exporting.build()

    assert exporting.read_manifest().data == before.data
    assert not list(exporting.export_dir().glob(".building-*"))


def test_a_stream_cut_by_the_database_has_no_completeness_line(factfile):
    def failing_rows():
        yield from list(export.exported_rows())[:2]
        raise OperationalError("server closed the connection unexpectedly")

    lines = []
    with pytest.raises(OperationalError):
        lines.extend(export.as_jsonl(failing_rows()))

    assert len(lines) == 2
    assert all("complete" not in json.loads(line) for line in lines)


# HTTP: validators, ranges, HEAD ----------------------------------------------


def test_range_gives_206_with_the_bytes_asked_for(api, factfile):
    whole = body(api.get("/api/v1/export/")).encode()

    response = api.get("/api/v1/export/", HTTP_RANGE="bytes=10-29")
    suffix = api.get("/api/v1/export/", HTTP_RANGE="bytes=-15")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-29/{len(whole)}"
    assert response["Content-Length"] == "20"
    assert body(response).encode() == whole[10:30]
    assert suffix.status_code == 206
    assert body(suffix).encode() == whole[-15:]


@pytest.mark.parametrize("asked", ["bytes=999999-", "bytes=99999999999999999999-"])
def test_a_range_past_the_end_is_416(api, factfile, asked):
    size = len(body(api.get("/api/v1/export/")).encode())

    response = api.get("/api/v1/export/", HTTP_RANGE=asked)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize(
    "asked", ["bytes=5-2", "items=0-1", "bytes=0-1,4-5", "bytes=²-9", "x" * 10_000]
)
def test_a_range_that_is_not_one_byte_range_is_ignored(api, factfile, asked):
    response = api.get("/api/v1/export/", HTTP_RANGE=asked)

    assert response.status_code == 200
    assert "Content-Range" not in response


def test_if_range_resumes_only_the_same_file(api, factfile, reporter, fact_checker):
    first = api.get("/api/v1/export/")
    etag, modified = first["ETag"], first["Last-Modified"]
    whole = body(first).encode()

    same = api.get("/api/v1/export/", HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=etag)
    by_date = api.get(
        "/api/v1/export/", HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=modified
    )
    release(by_date)
    v.actor(reporter, fact_checker, name="Félix Tshisekedi")
    exporting.build()
    changed = api.get("/api/v1/export/", HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=etag)

    assert same.status_code == 206
    assert body(same).encode() == whole[100:]
    assert by_date.status_code == 206
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Félix Tshisekedi" in body(changed)


def test_etag_is_strong_and_gives_304(api, factfile):
    first = api.get("/api/v1/export/?format=csv")
    body(first)

    again = api.get("/api/v1/export/?format=csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"] == f'"{first["X-Factfile-Sha256"]}"'
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_head_gives_the_headers_of_the_file_without_it(api, factfile):
    got = api.get("/api/v1/export/")
    size = len(body(got).encode())

    head = api.head("/api/v1/export/")

    assert head.status_code == 200
    assert head["Content-Length"] == str(size)
    assert head["Accept-Ranges"] == "bytes"
    assert head["ETag"] == got["ETag"]
    assert head.content == b""
    assert downloads.slots.taken == 0


def test_the_manifest_describes_both_files(api, factfile):
    got = api.get("/api/v1/export/?format=csv")
    body(got)

    manifest = api.get("/api/v1/export/manifest/").json()

    assert manifest["last_seq"] == last_seq()
    assert manifest["rows"] == PublishedRecord.objects.count()
    assert manifest["files"]["csv"]["sha256"] == got["X-Factfile-Sha256"]
    assert set(manifest["files"]) == {"jsonl", "csv"}


# Freshness: retractions, the build lock, rebuilding -------------------------


def test_no_retracted_words_are_served_after_a_retraction(
    api, factfile, editor_in_chief
):
    exporting.build()
    words = "Belgium regrets the decision."
    assert words in exporting.read_manifest().file("csv").path.read_text()

    workflow.retract(factfile["second"], by=editor_in_chief, reason="Unsourced.")

    for format in ("jsonl", "csv"):
        response = api.get(f"/api/v1/export/?format={format}")
        assert response.status_code == 200
        assert words not in body(response)
        assert response["X-Factfile-Last-Seq"] == str(last_seq())


def test_after_a_retraction_the_old_file_is_not_served_while_another_builds(
    api, factfile, editor_in_chief
):
    exporting.build()
    workflow.retract(factfile["second"], by=editor_in_chief, reason="Unsourced.")

    with FileLock(exporting.export_dir() / exporting.LOCK):
        response = api.get("/api/v1/export/")
        manifest = api.get("/api/v1/export/manifest/")
        assert exporting.build(wait=False) is None

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    assert manifest.status_code == 503


def test_a_file_behind_the_feed_is_served_while_another_process_builds(
    api, factfile, reporter, fact_checker
):
    built = exporting.build()
    v.actor(reporter, fact_checker, name="Félix Tshisekedi")

    with FileLock(exporting.export_dir() / exporting.LOCK):
        response = api.get("/api/v1/export/")

    assert response.status_code == 200
    assert response["X-Factfile-Last-Seq"] == str(built.last_seq)
    assert "Félix Tshisekedi" not in body(response)


def test_concurrent_downloads_beyond_the_limit_get_503(api, factfile, settings):
    settings.FACTFILE_EXPORT_DOWNLOADS_PER_PROCESS = 1
    first = api.get("/api/v1/export/")

    refused = api.get("/api/v1/export/?format=csv")
    release(first)
    after = api.get("/api/v1/export/?format=csv")

    assert first.status_code == 200
    assert refused.status_code == 503
    assert refused["Retry-After"].isdigit()
    assert after.status_code == 200
    release(after)
    assert downloads.slots.taken == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_file_behind_the_feed_is_rebuilt_in_the_background(
    api, factfile, reporter, fact_checker, settings, monkeypatch
):
    settings.FACTFILE_EXPORT_REBUILD_SECONDS = 60
    built = exporting.build()
    v.actor(reporter, fact_checker, name="Félix Tshisekedi")
    threads = []
    start = exporting.rebuild_in_background

    def recorded():
        threads.append(start())
        return threads[-1]

    monkeypatch.setattr(exporting, "rebuild_in_background", recorded)

    young = api.get("/api/v1/export/")
    body(young)
    aged = dict(built.data, built_at=(built.built_at - datetime.timedelta(hours=1)))
    aged["built_at"] = aged["built_at"].isoformat()
    (exporting.export_dir() / exporting.MANIFEST).write_text(json.dumps(aged))
    old = api.get("/api/v1/export/")
    body(old)
    threads[0].join(timeout=30)

    assert young["X-Factfile-Last-Seq"] == str(built.last_seq)
    assert old["X-Factfile-Last-Seq"] == str(built.last_seq)
    assert len(threads) == 1
    assert exporting.read_manifest().last_seq == last_seq()


def test_a_file_of_another_history_is_never_served(
    api, factfile, reporter, fact_checker
):
    # A database restored from a backup reuses sequence numbers for other
    # changes: the file built before is of another history.
    with transaction.atomic():
        v.actor(reporter, fact_checker, name="Félix Tshisekedi")
        rewound = exporting.build()
        transaction.set_rollback(True)
    v.actor(reporter, fact_checker, name="Yoweri Museveni")

    response = api.get("/api/v1/export/")

    text = body(response)
    assert response["X-Factfile-Last-Seq"] == str(rewound.last_seq)
    assert "Yoweri Museveni" in text
    assert "Félix Tshisekedi" not in text


def test_a_bare_output_name_goes_into_the_data_folder(
    api, factfile, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "var"

    call_command("export_factfile", "--format", "csv", "--output", "f.csv")

    with (tmp_path / "var" / "f.csv").open(newline="") as written:
        assert next(csv.reader(written))[0] == "type"
