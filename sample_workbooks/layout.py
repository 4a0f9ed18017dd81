"""Writing seed tables into worksheets the way councils lay them out, and saving reproducibly.

A printed cell becomes what an officer's workbook would hold: "1084" a number, "42.0" a number
shown with one decimal, "4.9%" either the text itself or the fraction 0.049 formatted ``0.0%``
(so a reader must use the number format), "TBC" and "N/A" text. Workbooks are saved with fixed
document properties and fixed zip timestamps, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from sample_workbooks.seed_types import STATUS_OF_RAW, SeedTable

FIXED_TIME = dt.datetime(2020, 9, 29, 9, 0, 0)
ZIP_TIME = (2020, 9, 29, 9, 0, 0)
CREATOR = "cpdesk"
BOLD = Font(bold=True)
_PLAIN_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+$|^-?\d+(\.\d+)?$")

# A style turns one printed cell into (cell value, number format or None).
CellStyle = Callable[[str], tuple[object, str | None]]


def new_workbook() -> openpyxl.Workbook:
    """An empty workbook (no default sheet) with fixed document properties."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save_workbook(wb: openpyxl.Workbook, path: Path) -> Path:
    """Save with fixed properties and zip timestamps, via a temporary file renamed into place."""
    buffer = io.BytesIO()
    wb.properties.modified = FIXED_TIME
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    os.replace(tmp, path)
    return path


TIDY_COLUMNS = ("area_code", "area_name", "indicator", "breakdown", "period", "value")


def tidy_csv_text(rows: Sequence[Sequence[object]]) -> str:
    """A tidy return as CSV text: the header, then one line per figure ("\\n" line ends, quoted as needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text via a temporary file renamed into place."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)
    return path


def number_of(raw: str) -> int | float:
    """A plain printed number as Excel would hold it: "1084" -> 1084, "42.0" -> 42.0, "3,471" -> 3471."""
    text = raw.replace(",", "")
    return float(text) if "." in text else int(text)


def decimals_format(raw: str) -> str | None:
    if "," in raw:
        return "#,##0"
    if "." in raw:
        return "0." + "0" * len(raw.split(".")[1])
    return None


def text_percent(raw: str) -> tuple[object, str | None]:
    """Numbers as numbers; percentages, statuses and anything marked up kept as the printed text."""
    if _PLAIN_NUMBER.match(raw):
        return number_of(raw), decimals_format(raw)
    return raw, None


def fraction_percent(raw: str) -> tuple[object, str | None]:
    """As :func:`text_percent`, but "4.9%" stored as 0.049 formatted ``0.0%`` (decimals as printed)."""
    if raw.endswith("%") and raw not in STATUS_OF_RAW and _PLAIN_NUMBER.match(raw[:-1]):
        body = raw[:-1]
        places = len(body.split(".")[1]) if "." in body else 0
        number_format = ("0." + "0" * places + "%") if places else "0%"
        return round(float(body) / 100, places + 4), number_format
    return text_percent(raw)


def put(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None,
        bold: bool = False):
    cell = ws.cell(row=row, column=col, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def write_table(ws: Worksheet, top: int, table: SeedTable, style: CellStyle = text_percent, *,
                title: str | None = None, corner: str | None = None,
                headers: Sequence[object] | None = None, header_format: str | None = None,
                row_labels: Sequence[object] | None = None, row_label_format: str | None = None,
                left: int = 1) -> int:
    """Write ``table`` with its top-left at (``top``, ``left``); returns the first row below it.

    ``title`` (default: none) goes on its own line with a blank line below it, as reports print a
    table's title above it. ``headers`` replace the printed column labels (e.g. real date cells,
    which get ``header_format``).
    """
    row = top
    if title:
        put(ws, row, left, title, bold=True)
        row += 2
    put(ws, row, left, corner, bold=True)
    for j, label in enumerate(headers if headers is not None else table.column_labels):
        is_date = isinstance(label, dt.date)
        put(ws, row, left + 1 + j, label, header_format if is_date else None, bold=True)
    for i, label in enumerate(row_labels or table.row_labels):
        row += 1
        put(ws, row, left, label, row_label_format)
        for j, raw in enumerate(table.cells[i]):
            if raw == "":
                continue
            value, number_format = style(raw)
            put(ws, row, left + 1 + j, value, number_format)
    return row + 1


def set_widths(ws: Worksheet, first: float, others: float = 12.0) -> None:
    ws.column_dimensions["A"].width = first
    for col in range(2, ws.max_column + 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = others
