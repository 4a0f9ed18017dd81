"""Workbooks in the other formats councils send, made from the .xlsx samples or from seed figures.

``warwickshire_return`` lays Warwickshire's Tables 2 and 7 (seed 003) out as a council workbook with
the awkward parts the issue names: percentages as fractions formatted 0.0%, month-end date cells as
column headings, a suppressed "c", an error cell, a formula never calculated, a hidden row and a
hidden sheet. ``xlsx_as_xls`` copies an openpyxl workbook cell by cell into a legacy .xls with xlwt (values,
number formats, error cells, formulas, merges, hidden rows and hidden sheets), so the same figures
can be read from both and compared. ``figures_with_cells`` is what a comparison looks at.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import xlwt

from sample_workbooks import seed_warwickshire as warks
from sample_workbooks.layout import fraction_percent, text_percent, write_table

_SHEET_VISIBILITY = {"visible": 0, "hidden": 1, "veryHidden": 2}


def warwickshire_return(path: Path) -> Path:
    """Tables 2 and 7 on sheet "CP tables" (title A1, years B3:F3, areas A4:A6; Table 7 below) and
    Table 6 on a hidden sheet "Workings". Faults put in on purpose: the statistical neighbours' 3.8%
    for 2017/18 (D5) is suppressed as "c", Warwickshire's 2.3% for 2019/20 (F4) is a #DIV/0! error,
    G4 holds a formula never calculated and row 6 (England) is hidden.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "CP tables"
    below = write_table(sheet, 1, warks.TABLE_2, fraction_percent, title=warks.TABLE_2.title)
    sheet["D5"] = "c"
    sheet["F4"] = "#DIV/0!"
    sheet["G4"] = "=F4-E4"
    sheet.row_dimensions[6].hidden = True
    month_ends = [dt.datetime.strptime(label, "%d %B %Y") for label in warks.DISTRICT_COLUMNS]
    write_table(sheet, below + 2, warks.TABLE_7, text_percent, title=warks.TABLE_7.title,
                corner=warks.ROW_HEADER_T7, headers=month_ends, header_format="mmm-yy")
    workings = book.create_sheet("Workings")
    write_table(workings, 2, warks.TABLE_6, text_percent)
    workings["A1"] = "Workings: CP activity"
    workings.merge_cells("A1:F1")
    workings.sheet_state = "hidden"
    book.save(path)
    return path


def xlsx_as_xls(source: Path, target: Path, *, dates_1904: bool = False) -> Path:
    """The workbook at ``source`` written again as an Excel 97-2003 file at ``target``."""
    book = openpyxl.load_workbook(source)
    out = xlwt.Workbook()
    out.dates_1904 = dates_1904
    styles: dict[str, xlwt.XFStyle] = {}
    for ws in book.worksheets:
        sheet = out.add_sheet(ws.title)
        sheet.visibility = _SHEET_VISIBILITY[ws.sheet_state]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    _write_cell(sheet, cell, styles)
        for merged in ws.merged_cells.ranges:
            sheet.merge(merged.min_row - 1, merged.max_row - 1, merged.min_col - 1, merged.max_col - 1)
        for number, dimension in ws.row_dimensions.items():
            if dimension.hidden:
                sheet.row(number - 1).hidden = True
    out.save(str(target))
    return target


def _write_cell(sheet, cell, styles: dict[str, xlwt.XFStyle]) -> None:
    fmt = cell.number_format
    if fmt not in styles:
        styles[fmt] = xlwt.easyxf(num_format_str=fmt) if fmt != "General" else xlwt.XFStyle()
    style = styles[fmt]
    r, c, value = cell.row - 1, cell.column - 1, cell.value
    if cell.data_type == "e":
        sheet.row(r).set_cell_error(c, value, style)
    elif cell.data_type == "f":
        sheet.write(r, c, xlwt.Formula(value.lstrip("=")), style)
    elif isinstance(value, dt.time):
        raise ValueError(f"times are not used in the samples ({cell.coordinate})")
    else:
        sheet.write(r, c, value, style)


def figures_with_cells(observations) -> list[tuple]:
    """Each figure with its value, status, raw text and the sheet and cell it came from, sorted."""
    return sorted((o.area_code, o.indicator_id, o.breakdown, o.period.label, o.value, o.status, o.raw,
                   o.source.sheet, o.source.cell) for o in observations)


def table_6_with_formula(path: Path) -> Path:
    """Warwickshire's Table 6 on sheet "Activity" (header row 1, years B-F), except that the plans at
    31 March 2020 (F6, printed 295) are the formula =E6-50 (345 - 50), as a council's sheet might."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Activity"
    write_table(sheet, 1, warks.TABLE_6, text_percent)
    sheet["F6"] = "=E6-50"
    book.save(path)
    return path


def save_xls_formula_result(path: Path, row: int, col: int, result: float) -> None:
    """Give the formula at (row, col), 0-based, of an xlwt-written .xls the saved result ``result``,
    as Excel would have written it (xlwt cannot calculate, so it saves an empty result)."""
    data = path.read_bytes()
    empty = struct.pack("<HHHH", 0x0006, 0, row, col)[4:] + b"..\x03\x00\x00\x00\x00\x00\xff\xff"
    matches = list(re.finditer(re.escape(empty[:4]) + b"(..)" + re.escape(empty[6:]), data, re.DOTALL))
    assert len(matches) == 1, f"expected one empty formula result at ({row}, {col})"
    start = matches[0].start() + 6
    path.write_bytes(data[:start] + struct.pack("<d", result) + data[start + 8:])


def save_xlsx_formula_result(path: Path, part: str, ref: str, result: str) -> None:
    """Give the formula in cell ``ref`` of sheet part ``part`` (xl/worksheets/sheet1.xml) a saved result."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part].decode("utf-8")
    cell = re.compile(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?')
    xml, count = cell.subn(rf"\1<v>{result}</v>", xml)
    assert count == 1, f"no formula in {ref}"
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def issue_places(result) -> list[tuple[str, str, str, str]]:
    """Each issue's rule, severity, sheet and cell, in the order met."""
    return [(i.code, i.severity, i.sheet, i.cell) for i in result.issues]
