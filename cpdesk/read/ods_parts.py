"""What python-calamine does not tell us about an .ods: percentages, errors, unsaved formulas and the like.

calamine gives an OpenDocument cell's value but not that it is a percentage (0.049 shown as "4.9%"),
turns LibreOffice's error cells (``calcext:value-type="error"``, text "#DIV/0!") into empty text, gives
a formula that was never calculated as a blank, and does not report hidden (collapsed) rows or merged
cells. One expat pass over ``content.xml`` recovers them as the same ``SheetExtras`` an .xlsx gives.

The pass runs before calamine reads the values, and also finds how far each sheet's figures reach:
OpenDocument repeats a cell or a row by a count (``number-columns-repeated="16384"``), so two elements
can name 17 billion cells, and a sheet reaching past ``limits.MAX_SHEET_CELLS`` is refused
before anything is laid out.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import PurePath
from xml.parsers.expat import ParserCreate

from cpdesk.read import limits
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
_MAX_COUNT = 2**31  # repeats beyond any sheet: LibreOffice repeats empty rows to its last, 1,048,576 or more


def read_ods_extras(archive: zipfile.ZipFile) -> dict[str, SheetExtras]:
    """Sheet name -> its extras; hidden rows are kept only down to the sheet's last row with content,
    since a sheet may hide a million empty rows in one element. ReadError for a sheet past the limits."""
    scanner = _ContentScanner(PurePath(archive.filename or "").name)
    parser = ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    parser.buffer_text = True
    with archive.open("content.xml") as stream:
        parser.ParseFile(stream)
    for name, sheet in scanner.sheets.items():
        last = scanner.extents.get(name, (0, 0))[0]
        ranges = scanner.hidden.get(name, [])
        sheet.hidden_rows = {row for start, end in ranges for row in range(start, min(end, last))}
    return scanner.sheets


def percent_format(decimals: int) -> str:
    """The Excel-style format code for a percentage shown with ``decimals`` places."""
    return "0." + "0" * decimals + "%" if decimals else "0%"


class _ContentScanner:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.sheets: dict[str, SheetExtras] = {}
        self.extents: dict[str, tuple[int, int]] = {}  # rows and columns, from A1, that hold content
        self.hidden: dict[str, list[tuple[int, int]]] = {}  # hidden row ranges, end excluded
        self.sheet_name = ""
        self.percent_styles: dict[str, int] = {}  # data style -> decimal places
        self.cell_styles: dict[str, str] = {}  # cell style -> data style
        self.data_style: str | None = None
        self.sheet: SheetExtras | None = None
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
            self.percent_styles[self.data_style] = _count(attrs.get(f"{_NUMBER} decimal-places", "0"), low=0)
        elif ns == _STYLE and name == "style" and f"{_STYLE} data-style-name" in attrs:
            self.cell_styles[attrs.get(f"{_STYLE} name", "")] = attrs[f"{_STYLE} data-style-name"]

    def _start_table_part(self, name: str, attrs: dict[str, str]) -> None:
        if name == "table":
            self.sheet_name = attrs.get(f"{_TABLE} name", "")
            self.sheet = self.sheets.setdefault(self.sheet_name, SheetExtras())
            self.row = 0
        elif name == "table-row" and self.sheet is not None:
            self.col = 0
            self.row_repeat = _count(attrs.get(f"{_TABLE} number-rows-repeated", "1"))
            if attrs.get(f"{_TABLE} visibility") in _HIDDEN_ROW:
                self.hidden.setdefault(self.sheet_name, []).append((self.row, self.row + self.row_repeat))
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
            shown = "".join(self.cell_text).strip()
            repeat = _count(self.cell.get(f"{_TABLE} number-columns-repeated", "1"))
            if shown or f"{_OFFICE} value-type" in self.cell or f"{_TABLE} formula" in self.cell:
                self._reach(self.row + self.row_repeat, self.col + repeat)
            self._end_cell(self.cell, shown)
            self.col += repeat
            self.cell = None
        elif ns == _TABLE and name == "table-row":
            self.row += self.row_repeat

    def _reach(self, rows: int, columns: int) -> None:
        """Note that the sheet's content reaches ``rows`` by ``columns`` from A1; refuse it past the limit."""
        old_rows, old_columns = self.extents.get(self.sheet_name, (0, 0))
        rows, columns = max(rows, old_rows), max(columns, old_columns)
        self.extents[self.sheet_name] = (rows, columns)
        limits.check_extent(self.file_name, self.sheet_name, rows, columns)

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
        columns = _count(attrs.get(f"{_TABLE} number-columns-spanned", "1"))
        rows = _count(attrs.get(f"{_TABLE} number-rows-spanned", "1"))
        if columns > 1 or rows > 1:
            sheet.merged.append((self.row, self.col, self.row + rows - 1, self.col + columns - 1))

    def _percent_decimals(self, attrs: dict[str, str], shown: str) -> int:
        """Decimal places shown: from the cell's data style, else from the text the cell shows."""
        data_style = self.cell_styles.get(attrs.get(f"{_TABLE} style-name", ""))
        if data_style in self.percent_styles:
            return self.percent_styles[data_style]
        match = _DECIMALS.search(shown)
        return len(match.group(1)) if match else 0


def _count(text: str, low: int = 1) -> int:
    """A repeat or span count: a whole number from ``low`` up, or the file is damaged."""
    try:
        number = int(text)
    except ValueError:
        number = low - 1
    if number < low or number > _MAX_COUNT:
        raise ValueError(f"a count of '{text[:20]}', which no spreadsheet program writes")
    return number
