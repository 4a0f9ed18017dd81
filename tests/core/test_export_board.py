"""Board workbook: the tables' values and formats, and native charts over the table cells."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from cpdesk.export.board import write_board_workbook
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.reference import load_reference

REFERENCE = load_reference()
WARKS = "E10000031"
SOURCE = CellRef("warwickshire_cp_update_2020.xlsx", "Table 1", "B5")


def _figures() -> list[Observation]:
    """Warwickshire's repeat plans (D3) and CP plans per 10,000 (its 2020 update), with comparators."""
    year = {label: parse_period(label) for label in ("2018/19", "2019/20")}
    figures = [
        Observation(WARKS, "cpp_repeat_pct", year["2018/19"], 18.6, raw="18.6", publisher="dfe"),
        Observation(WARKS, "cpp_repeat_pct", year["2019/20"], 23.8, raw="23.8", publisher="dfe"),
        Observation("E12000005", "cpp_repeat_pct", year["2018/19"], 20.6, publisher="dfe"),
        Observation("E12000005", "cpp_repeat_pct", year["2019/20"], 22.7, publisher="dfe"),
        Observation("E92000001", "cpp_repeat_pct", year["2018/19"], 20.8, publisher="dfe"),
        Observation("E92000001", "cpp_repeat_pct", year["2019/20"], 21.9, publisher="dfe"),
        Observation(WARKS, "cpp_count", parse_period("31 Mar 2019"), 1214.0, raw="1,214", source=SOURCE),
        Observation(WARKS, "cpp_count", parse_period("31 Mar 2020"), None, "tbc", "TBC", source=SOURCE),
        Observation("E92000001", "cpp_count", parse_period("31 Mar 2019"), 52260.0, publisher="dfe"),
    ]
    return figures


@pytest.fixture()
def board(tmp_path):
    path = write_board_workbook(_figures(), tmp_path / "board.xlsx", ["cpp_repeat_pct", "cpp_count"], WARKS,
                                REFERENCE.schema, REFERENCE.areas)
    return path


def test_tables_hold_the_figures_formatted_by_unit(board):
    book = openpyxl.load_workbook(board)
    assert book.sheetnames == ["Report card", "Plans starting that were a", "Children subject to a child"]
    sheet = book["Plans starting that were a"]
    assert sheet["A1"].value == REFERENCE.schema.get("cpp_repeat_pct").title
    assert [c.value for c in sheet[4]][:3] == ["Area", "2018/19", "2019/20"]
    rows = {sheet.cell(r, 1).value: r for r in range(5, 9)}
    assert {"Warwickshire", "West Midlands", "England"} <= set(rows)
    home = sheet.cell(rows["Warwickshire"], 3)
    assert home.value == pytest.approx(0.238) and home.number_format == "0.0%"
    assert sheet.cell(rows["England"], 2).value == pytest.approx(0.208)
    counts = book["Children subject to a child"]
    assert counts["B5"].value == 1214 and counts["B5"].number_format == "#,##0"
    assert counts["C5"].value == "TBC"
    notes = [c.value for c in counts["A"] if c.value and str(c.value).startswith("1.")]
    assert notes == ["1. Warwickshire, 31 Mar 2020: to be confirmed."]
    # A count is the council's alone, as on its chart: England's 52,260 children is no comparison.
    assert [counts.cell(r, 1).value for r in range(5, 8)] == ["Warwickshire", None, None]
    assert "not shown for a count" in counts["A2"].value


def test_report_card_has_latest_previous_change_and_rag(board):
    sheet = openpyxl.load_workbook(board)["Report card"]
    assert [c.value for c in sheet[3]] == ["Indicator", "Period", "Latest", "Previous", "Change",
                                           "Statistical neighbours", "England", "RAG"]
    row = [c for c in sheet[4]]
    assert row[0].value == REFERENCE.schema.get("cpp_repeat_pct").title and row[1].value == "2019/20"
    assert row[2].value == pytest.approx(0.238) and row[3].value == pytest.approx(0.186)
    assert row[4].value == pytest.approx(5.2) and row[6].value == pytest.approx(0.219)
    assert row[7].value.startswith(("Green", "Amber", "Red", "No RAG"))
    count = [c.value for c in sheet[5]]
    assert count[0] == REFERENCE.schema.get("cpp_count").title and count[5] is None and count[6] is None
    assert any(str(c.value).startswith("Counts: statistical neighbours and England are left blank")
               for c in sheet["A"] if c.value)


def test_native_line_chart_references_the_table(board):
    with zipfile.ZipFile(board) as archive:
        names = archive.namelist()
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "xl/charts/chart1.xml" in names and "<c:lineChart>" in chart
    assert "<c:f>'Plans starting that were a'!$B$4:$C$4</c:f>" in chart
    assert "<c:f>'Plans starting that were a'!$B$5:$C$5</c:f>" in chart
    assert "<c:f>'Plans starting that were a'!$A$5</c:f>" in chart
