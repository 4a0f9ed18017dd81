"""Legacy .xls workbooks (Excel 97-2003) read exactly as the same workbook saved as .xlsx.

The .xls files are written with xlwt from the .xlsx samples and fixtures built from the seed
reports, so every figure, status, sheet and cell can be compared one for one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.read.workbook import detect_kind, open_workbook
from sample_workbooks.seed_figures import BROKEN_EXPECTATIONS, SAMPLE_COUNCILS
from tests.conftest import SAMPLES
from tests.core.format_fixtures import (
    figures_with_cells,
    issue_places,
    save_xls_formula_result,
    table_6_with_formula,
    warwickshire_return,
    xlsx_as_xls,
)
from tests.core.test_import_gaps import _expected as seed_figures_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def warwickshire(tmp_path):
    """The same Warwickshire return as .xlsx and as .xls."""
    xlsx = warwickshire_return(tmp_path / "warwickshire_return.xlsx")
    return xlsx, xlsx_as_xls(xlsx, tmp_path / "warwickshire_return.xls")


@pytest.mark.parametrize("dates_1904", [False, True], ids=["1900-dates", "1904-dates"])
@pytest.mark.parametrize("name", sorted(SAMPLE_COUNCILS))
def test_every_sample_reads_the_same_from_xls_as_from_xlsx(name, dates_1904, reference, tmp_path):
    xlsx = SAMPLES / name
    xls = xlsx_as_xls(xlsx, tmp_path / name.replace(".xlsx", ".xls"), dates_1904=dates_1904)
    assert detect_kind(xls) == "xls"
    from_xlsx = read_file(xlsx, reference, council=SAMPLE_COUNCILS[name])
    from_xls = read_file(xls, reference, council=SAMPLE_COUNCILS[name])
    assert figures_with_cells(from_xls.observations) == figures_with_cells(from_xlsx.observations)
    assert issue_places(from_xls) == issue_places(from_xlsx)
    seed = Counter(f[:6] for f in figures_with_cells(from_xls.observations))
    assert seed == seed_figures_of(name)


def test_percent_date_and_merge_details_of_the_grid_match_xlsx(tmp_path):
    xlsx = SAMPLES / "oxfordshire_cp_report_card_2015.xlsx"
    xls = xlsx_as_xls(xlsx, tmp_path / "report_card.xls", dates_1904=True)
    for old, new in zip(open_workbook(xlsx).sheets, open_workbook(xls).sheets, strict=True):
        assert (new.name, new.rows, new.formats) == (old.name, old.rows, old.formats)
        assert sorted(new.merged) == sorted(old.merged)
    snapshots = open_workbook(xls).sheets[0]
    assert snapshots.value(2, 1) == dt.date(2013, 7, 31) and snapshots.number_format(2, 1) == "mmmm yyyy"
    assert any(open_workbook(xls).sheets[i].merged for i in range(4))


def test_warwickshire_return_figures_statuses_and_cells(warwickshire, reference):
    xlsx, xls = warwickshire
    result = read_file(xls, reference)
    figures = figures_with_cells(result.observations)
    assert figures == figures_with_cells(read_file(xlsx, reference).observations)
    table_2 = {f[8]: (f[0], f[3], f[4], f[5], f[6]) for f in figures if f[1] == "cpp_ended_2y_pct"}
    assert len(table_2) == 14  # 15 printed cells, less the error cell
    assert table_2["B4"] == ("E10000031", "2015/16", 4.9, None, "4.9%")
    assert table_2["E4"] == ("E10000031", "2018/19", 3.0, None, "3.0%")
    assert table_2["D5"] == ("SN-E10000031", "2017/18", None, "c", "c")
    assert table_2["F5"] == ("SN-E10000031", "2019/20", None, "tbc", "TBC")
    assert table_2["E6"] == ("E92000001", "2018/19", 3.3, None, "3.3%")
    assert "F4" not in table_2
    months = [f for f in figures if f[0] == "E07000220"]  # Rugby, Table 7, headed by mmm-yy date cells
    assert [(f[3], f[4], f[8]) for f in months] == [
        ("31 Jul 2020", 33.0, "H14"), ("31 Mar 2015", 42.0, "B14"), ("31 Mar 2016", 39.0, "C14"),
        ("31 Mar 2017", 37.0, "D14"), ("31 Mar 2018", 36.0, "E14"), ("31 Mar 2019", 23.0, "F14"),
        ("31 Mar 2020", 24.0, "G14")]


def test_warwickshire_return_issues_name_their_cells(warwickshire, reference):
    xlsx, xls = warwickshire
    result = read_file(xls, reference)
    assert issue_places(result) == issue_places(read_file(xlsx, reference))
    assert ("excel-error", "error", "CP tables", "F4") in issue_places(result)
    assert ("hidden-sheet", "info", "Workings", "") in issue_places(result)
    assert ("hidden-row", "warning", "CP tables", "B6") in issue_places(result)
    hidden_row = next(i for i in result.issues if i.code == "hidden-row")
    assert "5 figures come" in hidden_row.message and "B6, C6, D6, E6, F6" in hidden_row.message
    note = next(i for i in result.issues if i.code == "workbook-note")
    assert note.severity == "warning" and "'CP tables'" in note.message and "(G4)" in note.message
    assert not any(o.source.sheet == "Workings" for o in result.observations)


def test_grid_of_the_warwickshire_return(warwickshire):
    book = open_workbook(warwickshire[1])
    sheet, workings = book.sheets
    assert sheet.value(3, 1) == pytest.approx(0.049) and sheet.number_format(3, 1) == "0.0%"
    assert sheet.value(3, 5) == "#DIV/0!"
    assert sheet.value(3, 6) is None  # the formula never calculated
    assert sheet.value(10, 7) == dt.date(2020, 7, 31) and sheet.number_format(10, 7) == "mmm-yy"
    assert sheet.hidden_rows == {5} and not sheet.hidden
    assert workings.hidden and workings.merged == [(0, 0, 0, 5)] and workings.value(6, 3) == 563
    assert len(book.notes) == 1


def test_formula_gives_its_saved_result(reference, tmp_path):
    xls = xlsx_as_xls(table_6_with_formula(tmp_path / "activity.xlsx"), tmp_path / "activity.xls")
    save_xls_formula_result(xls, 5, 5, 295.0)
    result = read_file(xls, reference, council="E10000031")
    assert result.issues == []
    plans = [f for f in figures_with_cells(result.observations) if f[1] == "cpp_count"]
    assert [(f[3], f[4], f[8]) for f in plans] == [
        ("31 Mar 2016", 473.0, "B6"), ("31 Mar 2017", 439.0, "C6"), ("31 Mar 2018", 563.0, "D6"),
        ("31 Mar 2019", 345.0, "E6"), ("31 Mar 2020", 295.0, "F6")]


def test_formula_without_saved_result_is_a_warning_not_a_zero(reference, tmp_path):
    xls = xlsx_as_xls(table_6_with_formula(tmp_path / "activity.xlsx"), tmp_path / "activity.xls")
    result = read_file(xls, reference, council="E10000031")
    assert [(i.code, i.severity) for i in result.issues] == [("workbook-note", "warning")]
    assert "(F6)" in result.issues[0].message
    assert not any(o.source.cell == "F6" for o in result.observations)


@pytest.mark.parametrize("broken", [b for b in BROKEN_EXPECTATIONS if b.file.endswith(".xlsx")
                                    and b.rule != "unreadable"], ids=lambda b: b.file)
def test_broken_samples_are_flagged_at_the_same_cell_as_xls(broken, reference, tmp_path):
    xls = xlsx_as_xls(SAMPLES / broken.file, tmp_path / broken.file.replace(".xlsx", ".xls"))
    from cpdesk.pipeline import prepare_import

    plan = prepare_import(xls, reference, today=dt.date(2024, 6, 1))
    assert (broken.rule, broken.sheet, broken.cell) in [(i.code, i.sheet, i.cell) for i in plan.report.issues]
