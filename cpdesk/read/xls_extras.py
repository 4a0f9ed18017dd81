"""Percent and date formats, error values and hidden rows of legacy .xls files, via xlrd.

calamine gives the values of an .xls but not its number formats or error cells; xlrd's
``formatting_info`` gives both. If xlrd cannot parse the file the values are still imported and the
formats are simply missing (a percentage stored as 0.049 is then reported, never silently scaled).
"""

from __future__ import annotations

import logging
from pathlib import Path

from cpdesk.read.xlsx_parts import SheetExtras, is_wanted_format

logger = logging.getLogger(__name__)


def read_xls_extras(path: Path) -> dict[str, SheetExtras]:
    """Sheet name -> formats of interest, error cells and hidden rows; empty if xlrd cannot read it."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many types; formats are optional extras
        logger.warning("xlrd could not read formats of %s: %s", path.name, exc)
        return {}
    try:
        return {name: _sheet_extras(book, book.sheet_by_name(name)) for name in book.sheet_names()}
    finally:
        book.release_resources()


def _sheet_extras(book, sheet) -> SheetExtras:
    import xlrd

    extras = SheetExtras()
    for r in range(sheet.nrows):
        info = sheet.rowinfo_map.get(r)
        if info is not None and info.hidden:
            extras.hidden_rows.add(r)
        for c in range(sheet.ncols):
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
