"""What python-calamine does not tell us about an .ods: percentages, errors, unsaved formulas and the like.

calamine gives an OpenDocument cell's value but not that it is a percentage (0.049 shown as "4.9%"),
turns LibreOffice's error cells (``calcext:value-type="error"``, text "#DIV/0!") into empty text, gives
a formula that was never calculated as a blank, and does not report hidden (collapsed) rows or merged
cells. One expat pass over ``content.xml`` recovers them as the same ``SheetExtras`` an .xlsx gives.
"""

from __future__ import annotations

import logging
import re
import zipfile
from xml.parsers.expat import ParserCreate

from cpdesk.read.xlsx_parts import SheetExtras

logger = logging.getLogger(__name__)

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_HIDDEN_ROW = ("collapse", "filter")
_DECIMALS = re.compile(r"[.,](\d+)\s*%$")


def read_ods_extras(archive: zipfile.ZipFile, row_limits: dict[str, int]) -> dict[str, SheetExtras]:
    """Sheet name -> its extras; hidden rows are kept only below ``row_limits[name]`` (the rows read),
    since a sheet may hide a million empty rows in one element."""
    scanner = _ContentScanner(row_limits)
    parser = ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    parser.buffer_text = True
    with archive.open("content.xml") as stream:
        parser.ParseFile(stream)
    return scanner.sheets


def percent_format(decimals: int) -> str:
    """The Excel-style format code for a percentage shown with ``decimals`` places."""
    return "0." + "0" * decimals + "%" if decimals else "0%"


class _ContentScanner:
    def __init__(self, row_limits: dict[str, int]):
        self.row_limits = row_limits
        self.sheets: dict[str, SheetExtras] = {}
        self.percent_styles: dict[str, int] = {}  # data style -> decimal places
        self.cell_styles: dict[str, str] = {}  # cell style -> data style
        self.data_style: str | None = None
        self.sheet: SheetExtras | None = None
        self.limit = 0
        self.row = self.col = 0
        self.row_repeat = 1
        self.cell: dict[str, str] | None = None
        self.cell_text: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        ns, _, name = tag.partition(" ")
        if ns == _TABLE:
            self._start_table_part(name, attrs)
        elif ns == _NUMBER and name == "percentage-style":
            self.data_style = attrs.get(f"{_STYLE} name", "")
            self.percent_styles[self.data_style] = 0
        elif ns == _NUMBER and name == "number" and self.data_style is not None:
            self.percent_styles[self.data_style] = int(attrs.get(f"{_NUMBER} decimal-places", "0"))
        elif ns == _STYLE and name == "style" and f"{_STYLE} data-style-name" in attrs:
            self.cell_styles[attrs.get(f"{_STYLE} name", "")] = attrs[f"{_STYLE} data-style-name"]

    def _start_table_part(self, name: str, attrs: dict[str, str]) -> None:
        if name == "table":
            sheet_name = attrs.get(f"{_TABLE} name", "")
            self.sheet = self.sheets.setdefault(sheet_name, SheetExtras())
            self.limit, self.row = self.row_limits.get(sheet_name, 0), 0
        elif name == "table-row" and self.sheet is not None:
            self.col = 0
            self.row_repeat = int(attrs.get(f"{_TABLE} number-rows-repeated", "1"))
            if attrs.get(f"{_TABLE} visibility") in _HIDDEN_ROW:
                self.sheet.hidden_rows.update(range(self.row, min(self.row + self.row_repeat, self.limit)))
        elif name in ("table-cell", "covered-table-cell") and self.sheet is not None:
            self.cell, self.cell_text = attrs, []

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.cell_text.append(data)

    def end(self, tag: str) -> None:
        ns, _, name = tag.partition(" ")
        if ns == _NUMBER and name == "percentage-style":
            self.data_style = None
        elif ns == _TABLE and name in ("table-cell", "covered-table-cell") and self.cell is not None:
            self._end_cell(self.cell, "".join(self.cell_text).strip())
            self.col += int(self.cell.get(f"{_TABLE} number-columns-repeated", "1"))
            self.cell = None
        elif ns == _TABLE and name == "table-row":
            self.row += self.row_repeat

    def _end_cell(self, attrs: dict[str, str], shown: str) -> None:
        sheet, position = self.sheet, (self.row, self.col)
        if sheet is None:  # cells lie inside a table, so this does not happen
            return
        value_type = attrs.get(f"{_OFFICE} value-type")
        if attrs.get(f"{_CALCEXT} value-type") == "error":
            sheet.errors[position] = shown or "#VALUE!"
        elif value_type == "percentage":
            sheet.formats[position] = percent_format(self._percent_decimals(attrs, shown))
        elif value_type is None and f"{_TABLE} formula" in attrs:
            sheet.uncached_formulas.append(position)
        columns = int(attrs.get(f"{_TABLE} number-columns-spanned", "1"))
        rows = int(attrs.get(f"{_TABLE} number-rows-spanned", "1"))
        if columns > 1 or rows > 1:
            sheet.merged.append((self.row, self.col, self.row + rows - 1, self.col + columns - 1))

    def _percent_decimals(self, attrs: dict[str, str], shown: str) -> int:
        """Decimal places shown: from the cell's data style, else from the text the cell shows."""
        data_style = self.cell_styles.get(attrs.get(f"{_TABLE} style-name", ""))
        if data_style in self.percent_styles:
            return self.percent_styles[data_style]
        match = _DECIMALS.search(shown)
        return len(match.group(1)) if match else 0
