"""Find the tables laid out on a sheet, wherever they start.

Council report workbooks hold several small tables one below another: a title line ("Table 1 shows
the rate of ..."), sometimes a blank row, one to three header rows (merged cells, dates split over
lines), labelled rows of figures, then a footnote ("Source: ..."). This module only finds the
rectangles and separates titles, headers, row labels and footnotes; what the labels mean is
decided in ``headers`` and ``layouts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpdesk.read.grid import Sheet
from cpdesk.read.tables.cells import is_blank, is_value_cell
from cpdesk.read.tables.side_by_side import band_view, column_bands
from cpdesk.read.values import as_shown

MAX_HEADER_ROWS = 3
YEAR_RANGE = (1980, 2099)
_FOOTNOTE_START = re.compile(r"^\s*(source|sources|note|notes|n\.?b\.?|data|figures|\*|†|‡|¹|²|³|\(\d\))",
                             re.IGNORECASE)
FOOTNOTE_LENGTH = 80  # a lone text longer than this under a table is prose, not a row label


@dataclass
class TableBlock:
    """One table: header rows, label columns and body rows, all as absolute 0-based positions."""

    sheet: Sheet
    header_rows: list[int]
    body_rows: list[int]
    label_cols: list[int]
    value_cols: list[int]
    title: str = ""  # the lone text line nearest above the table
    title_cell: tuple[int, int] | None = None
    footnotes: list[str] = field(default_factory=list)
    lines_above: list[str] = field(default_factory=list)  # lone text lines above the title line

    def header_text(self, row: int, col: int) -> object:
        """A header cell's value, filled from the top-left of a merged range it lies in."""
        return filled_value(self.sheet, row, col)

    def label_values(self, cells: list[tuple[int, int]]) -> list[object]:
        """The values of these (row, col) cells, merged ones filled, each merged range counted once.

        So a heading merged over a band of columns names each column under it, and an area merged down
        over its rows names each row, without a label merged across two label columns being read twice.
        """
        values, seen = [], set()
        for row, col in cells:
            origin = merged_origin(self.sheet, row, col)
            if origin not in seen:
                seen.add(origin)
                values.append(as_shown(self.sheet.value(*origin), self.sheet.number_format(*origin)))
        return values


def merged_origin(sheet: Sheet, row: int, col: int) -> tuple[int, int]:
    """The top-left cell of the merged range holding (row, col), or the cell itself."""
    if is_blank(sheet.value(row, col)):
        for r1, c1, r2, c2 in sheet.merged:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return r1, c1
    return row, col


def filled_value(sheet: Sheet, row: int, col: int) -> object:
    """A cell's value, or the value of the merged range it lies in."""
    return sheet.value(*merged_origin(sheet, row, col))


def find_tables(sheet: Sheet) -> list[TableBlock]:
    """Every table on the sheet, top to bottom (side by side ones left to right); titles and footnotes
    attached to their table."""
    tables: list[TableBlock] = []
    pending_title: list[tuple[int, int, str]] = []
    for group in _row_groups(sheet):
        bands = column_bands(sheet, group)
        views = [band_view(sheet, group, band) for band in bands] if len(bands) > 1 else [sheet]
        for view in views:
            pending_title = _read_group(view, group, tables, pending_title)
    return tables


def _read_group(sheet: Sheet, group: list[int], tables: list[TableBlock],
                pending_title: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Add the table in these rows (if any) to ``tables``; returns the title lines still waiting for one."""
    lead, core, tail = _split_group(sheet, group)
    if not core:
        marked = all(_FOOTNOTE_START.match(t) for _, _, t in lead)
        if tables and not pending_title and marked and _just_after(tables[-1], group):
            tables[-1].footnotes.extend(t for _, _, t in lead)
            return []
        return lead
    block = _block(sheet, core)
    if block is None:
        return []
    title_lines = pending_title + lead
    if title_lines:
        block.title = title_lines[-1][2]
        block.title_cell = title_lines[-1][:2]
        block.lines_above = [t for _, _, t in title_lines[:-1]]
    block.footnotes = [t for _, _, t in tail]
    tables.append(block)
    return []


def _just_after(block: TableBlock, group: list[int]) -> bool:
    last = max(block.body_rows or block.header_rows)
    return group[0] - last <= 3


def _row_groups(sheet: Sheet) -> list[list[int]]:
    """Runs of consecutive rows that are not blank."""
    groups: list[list[int]] = []
    current: list[int] = []
    for r, row in enumerate(sheet.rows):
        if any(not is_blank(v) for v in row):
            current.append(r)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _lone_text(sheet: Sheet, r: int, left: int) -> tuple[int, int, str] | None:
    """(row, col, text) if the row holds one text cell at the group's left edge (merged across the
    table's width or not), or a footnote; not a heading merged over some columns further right."""
    cells = [(c, v) for c, v in enumerate(sheet.rows[r]) if not is_blank(v)]
    if len(cells) != 1 or not isinstance(cells[0][1], str):
        return None
    c, text = cells[0]
    if is_value_cell(text) or (c != left and _merged_across(sheet, r, c)):
        return None  # a heading merged over some of the columns is a band heading, not a title
    if c != left and not _is_footnote(text) and len(text) <= FOOTNOTE_LENGTH:
        return None
    return r, c, text.strip()


def _merged_across(sheet: Sheet, r: int, c: int) -> bool:
    return any(r1 <= r <= r2 and c1 <= c < c2 for r1, c1, r2, c2 in sheet.merged)


def _is_footnote(text: str) -> bool:
    return bool(_FOOTNOTE_START.match(text)) or len(text) > FOOTNOTE_LENGTH


def _split_group(sheet: Sheet, group: list[int]) -> tuple[list, list[int], list]:
    """Title lines at the top, the table's rows, footnote lines at the bottom."""
    left = min(c for r in group for c, v in enumerate(sheet.rows[r]) if not is_blank(v))
    lead: list[tuple[int, int, str]] = []
    start = 0
    while start < len(group) and (line := _lone_text(sheet, group[start], left)) is not None:
        lead.append(line)
        start += 1
    tail: list[tuple[int, int, str]] = []
    end = len(group)
    while end > start:
        line = _lone_text(sheet, group[end - 1], left)
        if line is None or not _is_footnote(line[2]):
            break
        tail.insert(0, line)
        end -= 1
    return lead, group[start:end], tail


def _block(sheet: Sheet, rows: list[int]) -> TableBlock | None:
    """Header rows, label columns and value columns of a run of table rows; None if it is no table."""
    cols = [c for c in range(sheet.n_cols) if any(not is_blank(sheet.value(r, c)) for r in rows)]
    if len(cols) < 2 or len(rows) < 2:
        return None
    label_cols = _label_columns(sheet, rows[1:], cols)
    header_rows = [rows[0]]
    for r in rows[1:MAX_HEADER_ROWS]:
        if _is_data_row(sheet, r, label_cols, cols):
            break
        header_rows.append(r)
    body = [r for r in rows if r not in header_rows]
    value_cols = [c for c in cols if c not in label_cols]
    if not body or not value_cols:
        return None
    return TableBlock(sheet, header_rows, body, label_cols, value_cols)


def _label_columns(sheet: Sheet, body: list[int], cols: list[int]) -> list[int]:
    """The leftmost column, and the columns after it whose cells are all labels (text, dates)."""
    labels = [cols[0]]
    for c in cols[1:]:
        cells = [sheet.value(r, c) for r in body if not is_blank(sheet.value(r, c))]
        if not cells or any(is_value_cell(v) for v in cells):
            break
        labels.append(c)
    return labels


def _is_data_row(sheet: Sheet, r: int, label_cols: list[int], cols: list[int]) -> bool:
    has_label = any(not is_blank(filled_value(sheet, r, c)) for c in label_cols)
    values = [sheet.value(r, c) for c in cols if c not in label_cols]
    has_value = any(is_value_cell(v) for v in values)
    return has_label and has_value and not _rising_years(values)


def _rising_years(values: list[object]) -> bool:
    """Whole years in rising order (2015, 2016, ...): a header line, as in "31 / March / 2015"."""
    filled = [v for v in values if not is_blank(v)]
    numbers = [v for v in filled if isinstance(v, (int, float)) and float(v).is_integer()]
    if len(filled) < 2 or len(numbers) < len(filled):
        return False
    years = [int(v) for v in numbers]
    return all(YEAR_RANGE[0] <= y <= YEAR_RANGE[1] for y in years) and years == sorted(years)
