"""cpdesk's own format is checked like any other input: a period kind cpdesk does not know, reversed
or wrong-sized dates, a value that is not a number, an unknown status and made-up provenance are
each a plain error naming the file and cell, never a traceback and never stored."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from cpdesk.cli import main
from cpdesk.export.cpdesk_format import COLUMNS, write_cpdesk_format
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.pipeline import prepare_import
from tests.core.test_export_cpdesk import REFERENCE

REPORT = CellRef("warwickshire_cp_update_2020.xlsx", "Table 6", "D10")


def exported(folder, suffix=".csv"):
    """Warwickshire's children on plans at 31 March 2019 and 2020 (563, 345) in cpdesk's format."""
    figures = [Observation("E10000031", "cpp_count", parse_period("31 Mar 2019"), 563.0, raw="563",
                           source=REPORT),
               Observation("E10000031", "cpp_repeat_pct", parse_period("2019/20"), 23.8, raw="23.8%",
                           source=CellRef(REPORT.file, "Table 4", "F5"))]
    return write_cpdesk_format(figures, folder / f"export{suffix}")


def edited(path, row: int, **cells):
    """The export with some cells of one data row (1 = the first figure) changed."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for name, text in cells.items():
        rows[row][COLUMNS.index(name)] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def cell_of(name: str, row: int) -> str:
    return f"{chr(ord('A') + COLUMNS.index(name))}{row + 1}"


def test_an_export_checks_clean(tmp_path):
    plan = prepare_import(exported(tmp_path), REFERENCE)
    assert plan.report.errors == [] and len(plan.observations) == 2


@pytest.mark.parametrize(("cells", "column", "words"), [
    ({"value": "abc"}, "value", "the value 'abc' is not a number."),
    ({"value": "nan"}, "value", "the value 'nan' is not a finite number."),
    ({"status": "maybe", "value": ""}, "value", "the status 'maybe' is not one cpdesk knows"),
    ({"period_kind": "fortnight"}, "period_kind", "the period kind 'fortnight' is not one cpdesk knows"),
    ({"period_kind": ""}, "period_kind", "the period kind is blank, but the period's dates are given."),
    ({"period_start": "2019-04-01", "period_end": "2018-03-31", "period_kind": "year"}, "period_kind",
     "the period starts (2019-04-01) after it ends (2018-03-31)."),
    ({"period_kind": "year", "period_start": "2018-01-01", "period_end": "2019-03-31"}, "period_kind",
     "a 'year' period is a financial year, 1 April to 31 March, not 2018-01-01 to 2019-03-31."),
    ({"period_end": "31st March"}, "period_kind", "period_end '31st March' is not a date"),
    ({"publisher": "ofsted"}, "publisher", "the publisher 'ofsted' is not 'local' or 'dfe'."),
    ({"source_cell": "somewhere"}, "source_cell", "the source cell 'somewhere' is not a cell reference"),
])
def test_a_wrong_cell_is_a_plain_error_at_its_row(tmp_path, cells, column, words):
    path = edited(exported(tmp_path), 1, **cells)
    plan = prepare_import(path, REFERENCE)
    assert len(plan.report.errors) == 1
    error = plan.report.errors[0]
    assert (error.file, error.cell) == ("export.csv", cell_of(column, 1))
    assert error.message.startswith(f"export.csv, sheet 'export', cell {cell_of(column, 1)}: {words}")
    assert [o.value for o in plan.observations] == [23.8]  # the other row is read as written


def test_the_command_line_reports_it_in_one_line_without_a_traceback(database, tmp_path, capsys):
    path = edited(exported(tmp_path), 1, value="abc")
    db = database
    code = main(["import", str(path), "--db", str(db)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err
    error = "ERROR [not-a-number] export.csv, sheet 'export', cell I2: the value 'abc' is not a number."
    assert error in out.out
    assert "export.csv: not imported" in out.out


def test_a_workbook_export_is_checked_the_same_way(tmp_path):
    path = exported(tmp_path, ".xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["observations"]
    sheet.cell(2, COLUMNS.index("value") + 1, "abc")
    sheet.cell(3, COLUMNS.index("period_kind") + 1, "decade")
    book.save(path)
    plan = prepare_import(path, REFERENCE)
    assert sorted((e.code, e.cell) for e in plan.report.errors) == [
        ("cpdesk-period", cell_of("period_kind", 2)), ("not-a-number", cell_of("value", 1))]
    assert plan.observations == []
