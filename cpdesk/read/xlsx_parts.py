"""What python-calamine does not tell us about an .xlsx: formats, errors, missing cached values, hidden rows.

calamine reads cell values fast but drops three things cpdesk needs: the number format of a cell
(0.049 shown as "4.9%" must be read as 4.9), Excel error values (it gives an empty cell for "#DIV/0!",
which would hide a broken formula) and whether a formula has a cached value at all (a workbook written
by a script and never opened in Excel has none). One streaming pass over each sheet's XML, keeping
only the cells that matter, recovers them without loading the sheet into memory twice.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import iterparse
from xml.parsers.expat import ParserCreate

logger = logging.getLogger(__name__)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
MAX_ROWS = 1_048_576  # Excel's last row
MAX_HIDDEN_COLUMNS = 16_384  # Excel's last column (XFD): a <col> hidden "to the end" stops there

# Built-in number formats that are percentages or dates (ECMA-376 part 1, 18.8.30).
BUILTIN_FORMATS: dict[int, str] = {
    9: "0%", 10: "0.00%",
    14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yyyy h:mm",
}


@dataclass
class SheetExtras:
    """The facts about one sheet that calamine's values do not carry; positions are 0-based."""

    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    uncached_formulas: list[tuple[int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def is_wanted_format(code: str) -> bool:
    """Percent and date formats change how a number reads; every other format is left out."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return "%" in plain or any(ch in plain for ch in "dmy")


def cell_position(ref: str) -> tuple[int, int] | None:
    """"B4" -> (3, 1)."""
    match = _CELL_REF.match(ref)
    if not match:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


class DamagedPart(ValueError):
    """An attribute no spreadsheet program writes (a style ``s="x"``, a row ``r="-1"``); the message
    says where, for the officer."""


def read_style_formats(archive: zipfile.ZipFile) -> dict[int, str]:
    """Style index (the ``s=`` of a cell) -> number format, for percent and date formats only."""
    if "xl/styles.xml" not in archive.namelist():
        return {}
    custom: dict[int, str] = {}
    wanted: dict[int, str] = {}
    in_cell_xfs = False
    index = 0
    with archive.open("xl/styles.xml") as stream:
        for event, elem in iterparse(stream, events=("start", "end")):
            if elem.tag == f"{_MAIN}numFmt" and event == "end":
                fmt_id = _number(elem.get("numFmtId", "0"), "a number format's id")
                custom[fmt_id] = elem.get("formatCode", "")
            elif elem.tag == f"{_MAIN}cellXfs":
                in_cell_xfs = event == "start"
            elif elem.tag == f"{_MAIN}xf" and in_cell_xfs and event == "end":
                fmt_id = _number(elem.get("numFmtId", "0"), "a style's number format")
                code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "")
                if code and is_wanted_format(code):
                    wanted[index] = code
                index += 1
            if event == "end":
                elem.clear()
    return wanted


def _number(text: str, what: str, where: str = "") -> int:
    """An attribute that must be a whole number; DamagedPart, naming it, if it is not."""
    try:
        return int(text)
    except ValueError:
        raise DamagedPart(f"{where + ' has ' if where else ''}{what} of '{text[:20]}', which is not a "
                          "whole number") from None


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the archive."""
    rels: dict[str, str] = {}
    for _, elem in iterparse(_as_stream(archive.read("xl/_rels/workbook.xml.rels"))):
        if elem.tag == f"{_PKG_REL}Relationship":
            target = elem.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            rels[elem.get("Id", "")] = path
    paths: dict[str, str] = {}
    for _, elem in iterparse(_as_stream(archive.read("xl/workbook.xml"))):
        if elem.tag == f"{_MAIN}sheet":
            rel_id = elem.get(f"{_REL}id", "")
            if rel_id in rels:
                paths[elem.get("name", "")] = rels[rel_id]
    return paths


def read_sheet_extras(archive: zipfile.ZipFile, part: str, style_formats: dict[int, str],
                      max_row: int = MAX_ROWS) -> SheetExtras:
    """Stream one sheet's XML, keeping formats of interest, errors, uncached formulas, hidden rows.
    Only sheets that hold something calamine drops are worth this pass (``limits.SheetScan``).
    Hidden rows are kept up to ``max_row``, the last row the sheet's cells reach."""
    scanner = _SheetScanner(style_formats, max_row)
    parser = ParserCreate()
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    parser.buffer_text = True
    with archive.open(part) as stream:
        parser.ParseFile(stream)
    return scanner.extras




class _SheetScanner:
    """expat callbacks: far faster than building elements, which matters on sheets of 100,000 cells."""

    def __init__(self, style_formats: dict[int, str], max_row: int):
        self.styles = style_formats
        self.max_row = max_row
        self.extras = SheetExtras()
        self.cell: str | None = None  # the cell's reference, turned into a position only when kept
        self.cell_type = ""
        self.has_formula = False
        self.value: list[str] | None = None
        self.value_text = ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            self._start_cell(attrs)
        elif name == "f" and self.cell is not None:
            self.has_formula = True
        elif name == "v" and self.cell is not None:
            self.value = []
        elif name == "row" and attrs.get("hidden") in ("1", "true"):
            row = _number(attrs.get("r", "0"), "a row number", "a hidden row")
            if 0 < row <= self.max_row:
                self.extras.hidden_rows.add(row - 1)
        elif name == "col" and attrs.get("hidden") in ("1", "true"):
            self._hide_columns(attrs)
        elif name == "mergeCell":
            _note_merge(attrs.get("ref", ""), self.extras)

    def _hide_columns(self, attrs: dict[str, str]) -> None:
        """Hidden columns within Excel's A:XFD, however far a ``<col>`` claims to reach."""
        first = _number(attrs.get("min", "1"), "a first column", "a hidden column range")
        last = _number(attrs.get("max", attrs.get("min", "1")), "a last column", "a hidden column range")
        if first < 1:
            raise DamagedPart(f"a hidden column range starting at column {first:,}, before column A")
        self.extras.hidden_cols.update(range(first - 1, min(last, MAX_HIDDEN_COLUMNS)))

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cell = attrs.get("r", "")
        self.cell_type = attrs.get("t", "")
        self.has_formula = False
        self.value_text = ""
        style = attrs.get("s")
        if style is not None:
            index = _number(style, "a style", f"cell {self.cell}" if self.cell else "a cell")
            if index in self.styles:
                self._keep(self.extras.formats, self.styles[index])

    def _keep(self, into: dict, value: str) -> None:
        position = cell_position(self.cell or "")
        if position is not None:
            into[position] = value

    def text(self, data: str) -> None:
        if self.value is not None:
            self.value.append(data)

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "v" and self.value is not None:
            self.value_text = "".join(self.value).strip()
            self.value = None
        elif name == "c" and self.cell is not None:
            if self.cell_type == "e" and self.value_text:
                self._keep(self.extras.errors, self.value_text)
            elif self.has_formula and not self.value_text:
                position = cell_position(self.cell)
                if position is not None:
                    self.extras.uncached_formulas.append(position)
            self.cell = None


def _note_merge(ref: str, extras: SheetExtras) -> None:
    first, _, last = ref.partition(":")
    start, end = cell_position(first), cell_position(last or first)
    if start and end:
        extras.merged.append((start[0], start[1], end[0], end[1]))


def _as_stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
