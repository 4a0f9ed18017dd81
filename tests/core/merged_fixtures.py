"""Council layouts with merged cells, built with openpyxl from Warwickshire's "Update on Child Protection".

The figures are the seed report's (tables 1, 6 and 7, typed in ``sample_workbooks.seed_warwickshire``);
only the layout is new: titles merged across the table's width, band headings merged over the year
or measure columns, area labels merged down over their rows, footnotes under the tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from sample_workbooks import seed_warwickshire as warks
from sample_workbooks.layout import number_of

TITLE_1 = warks.TABLE_1.title
TITLE_6 = warks.TABLE_6.title
TITLE_7 = warks.TABLE_7.title
SOURCE_1 = "Source: Warwickshire performance reporting; England and statistical neighbours from the DfE."
NOTE_6 = "Note: the England rate for the year ending 31 March 2020 was not yet published."
YEAR_ENDS = [2016, 2017, 2018, 2019, 2020]
DISTRICT_DATES = [dt.datetime.strptime(label, "%d %B %Y") for label in warks.DISTRICT_COLUMNS]
S47_LABEL, PLANS_LABEL = warks.TABLE_6.row_labels[0], warks.TABLE_6.row_labels[4]
RATE_LABEL = "CP rate per 10,000"
GROUPS_TITLE = "Plans and rates, 2015/16 to 2019/20"


def cell_value(raw: str) -> object:
    """A printed figure as the workbook holds it: "42.0" a number, "TBC" the text."""
    return raw if raw == "TBC" else number_of(raw)


def _put_row(ws, row: int, col: int, values) -> None:
    for i, value in enumerate(values):
        if value is not None:
            ws.cell(row, col + i, value)


def _table_1_merged_title(ws) -> None:
    """Rows 1-7: title merged A1:F1, blank row, years B3:F3, areas A4:A6, source merged A7:F7."""
    ws["A1"] = TITLE_1
    ws.merge_cells("A1:F1")
    _put_row(ws, 3, 2, warks.YEARS)
    for i, (label, cells) in enumerate(zip(warks.TABLE_1.row_labels, warks.TABLE_1.cells, strict=True)):
        _put_row(ws, 4 + i, 1, [label, *map(cell_value, cells)])
    ws["A7"] = SOURCE_1
    ws.merge_cells("A7:F7")


def _table_6_year_band(ws) -> None:
    """Rows 10-18: title merged A10:G10 straight above the headings; "Area" A11:A12 and "Measure"
    B11:B12 merged down; "Year ending 31 March" merged C11:G11 over the years 2016-2020 in C12:G12;
    "Warwickshire" merged A13:A15 over three measures; England in row 16; a note in row 18."""
    ws["A10"] = TITLE_6
    ws.merge_cells("A10:G10")
    _put_row(ws, 11, 1, ["Area", "Measure", "Year ending 31 March"])
    for ref in ("A11:A12", "B11:B12", "C11:G11"):
        ws.merge_cells(ref)
    _put_row(ws, 12, 3, YEAR_ENDS)
    rows = [
        ("Warwickshire", S47_LABEL, warks.TABLE_6.cells[0]),
        (None, PLANS_LABEL, warks.TABLE_6.cells[4]),
        (None, RATE_LABEL, warks.TABLE_1.cells[0]),
        ("England", RATE_LABEL, warks.TABLE_1.cells[2]),
    ]
    for i, (area, measure, cells) in enumerate(rows):
        _put_row(ws, 13 + i, 1, [area, measure, *map(cell_value, cells)])
    ws.merge_cells("A13:A15")
    ws["A18"] = NOTE_6


def _table_7_districts(ws) -> None:
    """Rows 21-29, starting in column B: title merged B21:J21; corner merged B23:C23 over the date
    headings D23:J23; "Warwickshire" merged B24:B28 over its districts in C24:C28; the county's own
    row merged B29:C29."""
    ws["B21"] = TITLE_7
    ws.merge_cells("B21:J21")
    ws["B23"] = warks.ROW_HEADER_T7
    ws.merge_cells("B23:C23")
    for i, day in enumerate(DISTRICT_DATES):
        ws.cell(23, 4 + i, day).number_format = "d mmmm yyyy"
    names = warks.TABLE_7.row_labels[:5]
    for i, (name, cells) in enumerate(zip(names, warks.TABLE_7.cells, strict=False)):
        _put_row(ws, 24 + i, 3, [name, *map(cell_value, cells)])
    ws["B24"] = "Warwickshire"
    ws.merge_cells("B24:B28")
    _put_row(ws, 29, 2, ["Warwickshire", None, *map(cell_value, warks.TABLE_7.cells[5])])
    ws.merge_cells("B29:C29")


def _plans_number_and_rate(ws, band: str) -> None:
    """Sheet "Plans": title merged A1:C1; "Year ending 31 March" merged A3:A4; ``band`` merged B3:C3
    over "Number" and "Rate per 10,000"; years 2016-2020 down A5:A9."""
    ws["A1"] = "Child protection plans, 2016 to 2020"
    ws.merge_cells("A1:C1")
    _put_row(ws, 3, 1, ["Year ending 31 March", band])
    _put_row(ws, 4, 2, ["Number", "Rate per 10,000"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C3")
    for i, year in enumerate(YEAR_ENDS):
        count, rate = warks.TABLE_6.cells[4][i], warks.TABLE_1.cells[0][i]
        _put_row(ws, 5 + i, 1, [year, cell_value(count), cell_value(rate)])


def _indicator_groups(ws) -> None:
    """Sheet "Groups": title merged A1:K1; "Area" merged A3:A4; the count merged B3:F3 and the rate
    merged G3:K3 over the years in row 4; Warwickshire, statistical neighbours and England in rows 5-7
    (the count for Warwickshire only); a source line straight below in row 8."""
    ws["A1"] = GROUPS_TITLE
    ws.merge_cells("A1:K1")
    _put_row(ws, 3, 1, ["Area", PLANS_LABEL, None, None, None, None, RATE_LABEL])
    for ref in ("A3:A4", "B3:F3", "G3:K3"):
        ws.merge_cells(ref)
    _put_row(ws, 4, 2, [*warks.YEARS, *warks.YEARS])
    counts = [warks.TABLE_6.cells[4], [None] * 5, [None] * 5]
    for i, (label, rates) in enumerate(zip(warks.TABLE_1.row_labels, warks.TABLE_1.cells, strict=True)):
        values = [cell_value(raw) if raw else None for raw in (*counts[i], *rates)]
        _put_row(ws, 5 + i, 1, [label, *values])
    ws["A8"] = SOURCE_1


def merged_council_workbook(path: Path, band: str = "Children subject to a child protection plan") -> Path:
    """Sheet "CP tables" with tables 1, 6 and 7 stacked (see the builders above), sheets "Plans" and
    "Groups"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CP tables"
    _table_1_merged_title(ws)
    _table_6_year_band(ws)
    _table_7_districts(ws)
    _plans_number_and_rate(wb.create_sheet("Plans"), band)
    _indicator_groups(wb.create_sheet("Groups"))
    wb.save(path)
    return path


def plans_workbook(path: Path, band: str) -> Path:
    """Only the "Plans" sheet, with ``band`` over "Number" and "Rate per 10,000"."""
    wb = openpyxl.Workbook()
    wb.active.title = "Plans"
    _plans_number_and_rate(wb.active, band)
    wb.save(path)
    return path
