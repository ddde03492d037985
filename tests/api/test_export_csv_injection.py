"""CSV cells a spreadsheet would run as formulas are neutralised, everywhere."""

import csv
import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse

from factfile import exporting, workflow
from factfile.api import downloads
from factfile.published import export

pytestmark = pytest.mark.django_db

REASONS = {
    "first": '=HYPERLINK("https://evil.example","Click")',
    "second": "+1+cmd|' /C calc'!A0",
    "talks": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.fixture(autouse=True)
def _own_download_slots(monkeypatch):
    monkeypatch.setattr(downloads, "slots", downloads.DownloadSlots())


@pytest.fixture
def hostile_reasons(factfile, editor_in_chief):  # type: ignore[no-untyped-def]
    for name, reason in REASONS.items():
        workflow.retract(factfile[name], by=editor_in_chief, reason=reason)


def reasons_in(text: str) -> set[str]:
    return {row["retraction_reason"] for row in csv.DictReader(io.StringIO(text))}


def test_the_endpoint_the_prebuilt_file_and_the_command_neutralise_formulas(
    api, hostile_reasons, tmp_path
):
    response = api.get("/api/v1/export/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    served = b"".join(response.streaming_content).decode()
    exporting.build()
    prebuilt = exporting.read_manifest().file("csv").path.read_text()
    call_command("export_factfile", "--format", "csv", "--output", tmp_path / "f.csv")
    written = (tmp_path / "f.csv").read_text()

    for text in (served, prebuilt, written):
        assert reasons_in(text) - {""} == {f"'{r}" for r in REASONS.values()}
        for line in text.splitlines()[1:]:
            first_cell_of_reason = line.split('","')[6]
            assert first_cell_of_reason[:1] in ("", "'")


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx=1", "\rx=1", "=", "-"]
)
def test_each_formula_start_gets_a_leading_quote_inside_double_quotes(cell):
    line = export.csv_line(
        {
            "type": "statement",
            "id": 1,
            "version": 1,
            "seq": 1,
            "changed_at": None,
            "retracted_at": None,
            "retraction_reason": cell,
            "data": None,
        }
    )

    assert f'"\'{cell}"' in line
    assert next(csv.reader(io.StringIO(line)))[6] == f"'{cell}"


@pytest.mark.parametrize("cell", ["Plain words", "1", "'quoted", "", "a=b"])
def test_other_cells_are_left_as_they_are(cell):
    assert export.spreadsheet_safe(cell) == cell
