"""OpenDocument spreadsheets (.ods, as LibreOffice saves them) read exactly as the same .xlsx."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter

import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.read.workbook import detect_kind, open_workbook
from sample_workbooks.seed_figures import SAMPLE_COUNCILS
from tests.conftest import SAMPLES
from tests.core.format_fixtures import (
    figures_with_cells,
    issue_places,
    table_6_with_formula,
    warwickshire_return,
)
from tests.core.ods_fixtures import xlsx_as_ods
from tests.core.test_import_gaps import _expected as seed_figures_of


@pytest.fixture
def warwickshire(tmp_path):
    """The Warwickshire return (Tables 2 and 7 of seed 003) as .xlsx and as .ods."""
    xlsx = warwickshire_return(tmp_path / "warwickshire_return.xlsx")
    return xlsx, xlsx_as_ods(xlsx, tmp_path / "warwickshire_return.ods")


@pytest.mark.parametrize("name", sorted(SAMPLE_COUNCILS))
def test_every_sample_reads_the_same_from_ods_as_from_xlsx(name, reference, tmp_path):
    xlsx = SAMPLES / name
    ods = xlsx_as_ods(xlsx, tmp_path / name.replace(".xlsx", ".ods"))
    assert detect_kind(ods) == "ods"
    from_xlsx = read_file(xlsx, reference, council=SAMPLE_COUNCILS[name])
    from_ods = read_file(ods, reference, council=SAMPLE_COUNCILS[name])
    assert figures_with_cells(from_ods.observations) == figures_with_cells(from_xlsx.observations)
    assert issue_places(from_ods) == issue_places(from_xlsx)
    assert Counter(f[:6] for f in figures_with_cells(from_ods.observations)) == seed_figures_of(name)


def test_warwickshire_return_reads_as_from_xlsx(warwickshire, reference):
    xlsx, ods = warwickshire
    result, from_xlsx = read_file(ods, reference), read_file(xlsx, reference)
    assert figures_with_cells(result.observations) == figures_with_cells(from_xlsx.observations)
    table_2 = {f[8]: (f[0], f[3], f[4], f[5], f[6]) for f in figures_with_cells(result.observations)
               if f[1] == "cpp_ended_2y_pct"}
    assert len(table_2) == 14
    assert table_2["B4"] == ("E10000031", "2015/16", 4.9, None, "4.9%")
    assert table_2["D5"] == ("SN-E10000031", "2017/18", None, "c", "c")
    assert table_2["F5"] == ("SN-E10000031", "2019/20", None, "tbc", "TBC")
    assert table_2["E6"] == ("E92000001", "2018/19", 3.3, None, "3.3%")
    issues = issue_places(result)
    assert issues == issue_places(from_xlsx)
    assert ("excel-error", "error", "CP tables", "F4") in issues
    assert ("hidden-sheet", "info", "Workings", "") in issues
    assert ("hidden-row", "warning", "CP tables", "B6") in issues
    assert "(G4)" in next(i.message for i in result.issues if i.code == "workbook-note")


def test_grid_of_the_warwickshire_return(warwickshire):
    sheet, workings = open_workbook(warwickshire[1]).sheets
    assert sheet.value(3, 1) == pytest.approx(0.049) and sheet.number_format(3, 1) == "0.0%"
    assert sheet.value(3, 5) == "#DIV/0!"
    assert sheet.value(10, 7) == dt.date(2020, 7, 31)
    assert sheet.hidden_rows == {5}
    assert workings.hidden and workings.merged == [(0, 0, 0, 5)] and workings.value(6, 3) == 563


def test_formula_gives_its_saved_result(reference, tmp_path):
    ods = xlsx_as_ods(table_6_with_formula(tmp_path / "activity.xlsx"), tmp_path / "activity.ods")
    _give_saved_result(ods, "of:=[.E6]-50", 295)
    result = read_file(ods, reference, council="E10000031")
    assert result.issues == []
    plans = [(f[3], f[4], f[8]) for f in figures_with_cells(result.observations) if f[1] == "cpp_count"]
    assert plans[-1] == ("31 Mar 2020", 295.0, "F6")


def test_formula_without_saved_result_is_a_warning(reference, tmp_path):
    ods = xlsx_as_ods(table_6_with_formula(tmp_path / "activity.xlsx"), tmp_path / "activity.ods")
    result = read_file(ods, reference, council="E10000031")
    assert [(i.code, i.severity) for i in result.issues] == [("workbook-note", "warning")]
    assert "'Activity'" in result.issues[0].message and "(F6)" in result.issues[0].message
    assert not any(o.source.cell == "F6" for o in result.observations)


def test_percent_shown_without_a_data_style_takes_its_places_from_the_text(tmp_path):
    ods = xlsx_as_ods(warwickshire_return(tmp_path / "w.xlsx"), tmp_path / "w.ods")
    _rewrite_content(ods, lambda xml: xml.replace('table:style-name="percent-cell-1" ', ""))
    sheet = open_workbook(ods).sheets[0]
    assert sheet.number_format(3, 1) == "0.0%" and sheet.number_format(3, 4) == "0.0%"


def _give_saved_result(path, formula: str, result: int) -> None:
    _rewrite_content(path, lambda xml: xml.replace(
        f'table:formula="{formula}"/>',
        f'table:formula="{formula}" office:value-type="float" office:value="{result}">'
        f"<text:p>{result}</text:p></table:table-cell>"))


def _rewrite_content(path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts:
            if info.filename == "content.xml":
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8")
                data = changed.encode("utf-8")
            archive.writestr(info, data)
