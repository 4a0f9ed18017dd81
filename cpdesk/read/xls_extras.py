"""Percent and date formats, error values, hidden rows, merges and unsaved formula results of .xls files.

calamine gives the values of an .xls but not its number formats or error cells; xlrd's
``formatting_info`` gives both. If xlrd cannot parse the file the values are still imported and the
formats are simply missing (a percentage stored as 0.049 is then reported, never silently scaled).

Neither library says whether a formula has a saved result. A FORMULA record whose result is the
empty string (what xlwt and other scripts write, since they cannot calculate) reads as a blank cell;
those cells are found by walking the sheet's BIFF records, so they can be reported as in an .xlsx.

The same walk, before calamine reads the values, finds how far each sheet's values reach: a 5 KB .xls
with figures in A1 and IV65536 would otherwise be laid out as 16.7 million cells (``check_xls_extent``).
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path

from cpdesk.read import limits
from cpdesk.read.xlsx_parts import SheetExtras, is_wanted_format

logger = logging.getLogger(__name__)

_BOUNDSHEET, _FORMULA, _EOF = 0x0085, 0x0006, 0x000A
# Records holding a value at (row, column): NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING.
# MULRK holds several, its last column in its last two bytes. Blanks are not values (calamine skips them).
_VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, _FORMULA, 0x00D6})
_MULRK = 0x00BD
_WORKSHEET = 0
_EMPTY_STRING_RESULT = 3  # first result byte when the last two are 0xFFFF (BIFF8 FORMULA record)


def check_xls_extent(path: Path) -> None:
    """Refuse a sheet whose values reach past ``limits.MAX_SHEET_CELLS`` cells from A1; a file xlrd
    cannot open, or whose records cannot be walked, is left to calamine."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many types; calamine has its say next
        logger.warning("xlrd could not open %s to measure it: %s", path.name, exc)
        return
    try:
        if book.biff_version < 80:
            return
        end = book.base + book.stream_len
        starts = _worksheet_starts(book.mem, book.base, end)
        for name, start in zip(book.sheet_names(), starts, strict=True):
            rows, columns = _value_extent(book.mem, start, end)
            limits.check_extent(path.name, name, rows, columns)
    except (struct.error, ValueError, AttributeError, IndexError) as exc:
        logger.warning("could not measure the sheets of %s: %s", path.name, exc)
    finally:
        book.release_resources()


def _value_extent(mem: bytes, start: int, end: int) -> tuple[int, int]:
    """Rows and columns from A1 to the furthest value in one worksheet substream."""
    rows = columns = 0
    for rec_id, data in _records(mem, start, end):
        if rec_id in _VALUE_RECORDS:
            row, col = struct.unpack_from("<HH", data)
        elif rec_id == _MULRK:
            row, col = struct.unpack_from("<H", data)[0], struct.unpack_from("<H", data, len(data) - 2)[0]
        else:
            continue
        rows, columns = max(rows, row + 1), max(columns, col + 1)
    return rows, columns


def read_xls_extras(path: Path) -> dict[str, SheetExtras]:
    """Sheet name -> formats of interest, error cells and hidden rows; empty if xlrd cannot read it.
    Rows are ragged (as long as their last record), so formatted blanks far out cost nothing."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many types; formats are optional extras
        logger.warning("xlrd could not read formats of %s: %s", path.name, exc)
        return {}
    try:
        found = {name: _sheet_extras(book, book.sheet_by_name(name)) for name in book.sheet_names()}
        _add_empty_formula_results(book, found)
        return found
    finally:
        book.release_resources()


def _sheet_extras(book, sheet) -> SheetExtras:
    import xlrd

    extras = SheetExtras()
    for r in range(sheet.nrows):
        info = sheet.rowinfo_map.get(r)
        if info is not None and info.hidden:
            extras.hidden_rows.add(r)
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_ERROR:
                extras.errors[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#VALUE!")
            elif cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                code = _format_code(book, cell.xf_index)
                if code and is_wanted_format(code):
                    extras.formats[(r, c)] = code
    for r1, r2, c1, c2 in sheet.merged_cells:
        extras.merged.append((r1, c1, r2 - 1, c2 - 1))
    return extras


def _format_code(book, xf_index: int) -> str:
    xf = book.xf_list[xf_index]
    fmt = book.format_map.get(xf.format_key)
    return fmt.format_str if fmt is not None else ""


def _add_empty_formula_results(book, found: dict[str, SheetExtras]) -> None:
    """Note formula cells whose saved result is empty; a file that cannot be walked is left as read."""
    if book.biff_version < 80:
        return
    try:
        starts = _worksheet_starts(book.mem, book.base, book.base + book.stream_len)
        for name, start in zip(book.sheet_names(), starts, strict=True):
            found[name].uncached_formulas = _empty_formula_cells(book.mem, start, book.base + book.stream_len)
    except (struct.error, ValueError, AttributeError) as exc:
        logger.warning("could not look for unsaved formula results: %s", exc)


def _records(mem: bytes, start: int, end: int):
    """(record id, data) from ``start`` up to the substream's EOF record."""
    pos = start
    while pos + 4 <= end:
        rec_id, length = struct.unpack_from("<HH", mem, pos)
        yield rec_id, mem[pos + 4:pos + 4 + length]
        if rec_id == _EOF:
            return
        pos += 4 + length


def _worksheet_starts(mem: bytes, base: int, end: int) -> list[int]:
    """Where each worksheet's substream begins, in the order of xlrd's sheet names."""
    return [base + struct.unpack_from("<i", data)[0] for rec_id, data in _records(mem, base, end)
            if rec_id == _BOUNDSHEET and data[5] == _WORKSHEET]


def _empty_formula_cells(mem: bytes, start: int, end: int) -> list[tuple[int, int]]:
    cells = []
    for rec_id, data in _records(mem, start, end):
        if rec_id == _FORMULA and data[12:14] == b"\xff\xff" and data[6] == _EMPTY_STRING_RESULT:
            row, col = struct.unpack_from("<HH", data)
            cells.append((row, col))
    return cells
