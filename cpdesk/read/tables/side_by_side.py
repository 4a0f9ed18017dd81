"""Tables that stand side by side on a sheet, split apart before each is read.

"Referrals" in A:D and "Children on plans" in F:H, with a blank column E between them, share their
rows; read as one table, the right-hand figures would take the left-hand row labels. A run of rows is
split at a blank column when what follows it starts a table of its own: a column of row labels (text,
not figures, and not a side column such as Comments or Target) with figures to its right, while the
part before it holds figures too. Each part is then read on a copy of the sheet that shows only its
own columns, so cell references stay those of the real sheet.
"""

from __future__ import annotations

from dataclasses import replace

from cpdesk.indicators.text import normalise_label
from cpdesk.read.grid import Sheet
from cpdesk.read.tables.cells import is_blank, is_value_cell
from cpdesk.read.tables.headers import SIDE_COLUMNS, TARGET


def column_bands(sheet: Sheet, group: list[int]) -> list[tuple[int, int]]:
    """(first, last) column of each table standing side by side in these rows; one band for most."""
    cols = [c for c in range(sheet.n_cols) if any(not is_blank(sheet.value(r, c)) for r in group)]
    if not cols:
        return []
    bands = [[cols[0]]]
    for c in cols[1:]:
        after_gap = c - bands[-1][-1] > 1
        if after_gap and _holds_figures(sheet, group, bands[-1]) and \
                _starts_a_table(sheet, group, c, cols):
            bands.append([c])
        else:
            bands[-1].append(c)
    return [(band[0], band[-1]) for band in bands]


def _holds_figures(sheet: Sheet, group: list[int], band: list[int]) -> bool:
    return any(is_value_cell(sheet.value(r, c)) for r in group for c in band[1:])


def _starts_a_table(sheet: Sheet, group: list[int], c: int, cols: list[int]) -> bool:
    cells = [sheet.value(r, c) for r in group if not is_blank(sheet.value(r, c))]
    if len(cells) < 2 or any(is_value_cell(v) or not isinstance(v, str) for v in cells):
        return False
    key = normalise_label(cells[0])
    if key in SIDE_COLUMNS or key.startswith(TARGET):
        return False
    right = [k for k in cols if k > c]
    return any(is_value_cell(sheet.value(r, k)) for r in group for k in right)


def band_view(sheet: Sheet, group: list[int], band: tuple[int, int]) -> Sheet:
    """The sheet with the cells of these rows outside the band left blank (other rows as they are)."""
    first, last = band
    rows = list(sheet.rows)
    for r in group:
        rows[r] = [v if first <= c <= last else None for c, v in enumerate(sheet.rows[r])]
    return replace(sheet, rows=rows)
