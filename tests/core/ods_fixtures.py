"""An .xlsx written again as OpenDocument (.ods) the way LibreOffice saves it, with odfpy.

Numbers formatted as percentages become ``percentage`` cells with a percentage data style, dates
``date`` cells, Excel errors LibreOffice's error cells (``calcext:value-type="error"``), formulas
cells with no saved value, merged ranges spanned cells, hidden rows collapsed rows and hidden
sheets tables whose style is not displayed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
from odf.element import Element
from odf.namespaces import TABLENS
from odf.number import Number, PercentageStyle
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_DECIMALS = re.compile(r"\.(0+)%")
_REFERENCE = re.compile(r"\b([A-Z]{1,3}\d+)\b")


def xlsx_as_ods(source: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(source)
    doc = OpenDocumentSpreadsheet()
    writer = _Writer(doc)
    for ws in book.worksheets:
        doc.spreadsheet.addElement(writer.table(ws))
    doc.save(str(target))
    return target


class _Writer:
    def __init__(self, doc: OpenDocumentSpreadsheet):
        self.doc = doc
        self.percent_styles: dict[int, str] = {}
        hidden = Style(name="hidden-table", family="table")
        hidden.addElement(TableProperties(display="false"))
        doc.automaticstyles.addElement(hidden)

    def table(self, ws) -> Table:
        table = Table(name=ws.title, stylename="hidden-table" if ws.sheet_state != "visible" else None)
        spans = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        covered = {(r, c) for m in spans.values() for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1)} - set(spans)
        for r in range(1, ws.max_row + 1):
            hidden = ws.row_dimensions[r].hidden if r in ws.row_dimensions else False
            row = TableRow(visibility="collapse") if hidden else TableRow()
            for c in range(1, ws.max_column + 1):
                if (r, c) in covered:
                    row.addElement(CoveredTableCell())
                else:
                    row.addElement(self.cell(ws.cell(r, c), spans.get((r, c))))
            table.addElement(row)
        return table

    def cell(self, cell, span) -> TableCell:
        out = TableCell()
        if span is not None:
            out.setAttrNS(TABLENS, "number-columns-spanned", str(span.max_col - span.min_col + 1))
            out.setAttrNS(TABLENS, "number-rows-spanned", str(span.max_row - span.min_row + 1))
        value = cell.value
        if value is None:
            return out
        shown = str(value)
        if cell.data_type == "e":
            out.setAttrNS(TABLENS, "formula", "of:=1/0")
            _set(out, ("office", "value-type", "string"), ("office", "string-value", ""))
            out.setAttrNS(CALCEXT, "value-type", "error")
        elif cell.data_type == "f":
            out.setAttrNS(TABLENS, "formula", "of:" + _REFERENCE.sub(r"[.\1]", value))
            return out
        elif isinstance(value, dt.datetime):
            _set(out, ("office", "value-type", "date"), ("office", "date-value", value.date().isoformat()))
        elif isinstance(value, (int, float)) and "%" in cell.number_format:
            decimals = _decimals(cell.number_format)
            out.setAttrNS(TABLENS, "style-name", self.percent_style(decimals))
            _set(out, ("office", "value-type", "percentage"), ("office", "value", repr(value)))
            shown = f"{value * 100:.{decimals}f}%"
        elif isinstance(value, (int, float)):
            _set(out, ("office", "value-type", "float"), ("office", "value", repr(value)))
        else:
            _set(out, ("office", "value-type", "string"))
        out.addElement(P(text=shown))
        return out

    def percent_style(self, decimals: int) -> str:
        if decimals not in self.percent_styles:
            data = PercentageStyle(name=f"percent-{decimals}")
            data.addElement(Number(decimalplaces=str(decimals), minintegerdigits="1"))
            data.addElement(NumberText(text="%"))
            self.doc.automaticstyles.addElement(data)
            cell_style = Style(name=f"percent-cell-{decimals}", family="table-cell", datastylename=data)
            self.doc.automaticstyles.addElement(cell_style)
            self.percent_styles[decimals] = f"percent-cell-{decimals}"
        return self.percent_styles[decimals]


def _decimals(number_format: str) -> int:
    match = _DECIMALS.search(number_format)
    return len(match.group(1)) if match else 0


def _set(element: Element, *attributes: tuple[str, str, str]) -> None:
    from odf.namespaces import OFFICENS

    for _, name, value in attributes:
        element.setAttrNS(OFFICENS, name, value)
