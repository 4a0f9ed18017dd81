"""Find the tables laid out on a sheet, wherever they start.

Council report workbooks hold several small tables one below another: title and context lines
("Table 1 shows the rate of ...", "Source: ...", the council's name), sometimes a blank row, heading
rows (merged bands, dates split over lines), labelled rows of figures, sometimes a blank row and more
rows of the same table (comparators, region and England), then a footnote. This module finds the
rectangles and separates titles, headings, row labels and footnotes; the shape of each table is read
from what its cells hold (``shape``), what the labels mean is decided in ``headers`` and ``layouts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpdesk.read.grid import Sheet
from cpdesk.read.tables.cells import is_blank, is_value_cell
from cpdesk.read.tables.headers import LabelContext
from cpdesk.read.tables.naming import NAMING_KINDS, Naming, TitleStrength
from cpdesk.read.tables.shape import filled_columns, first_body_index, shape_of
from cpdesk.read.tables.side_by_side import band_view, column_bands
from cpdesk.read.values import as_shown

Line = tuple[int, int, str]  # (row, col, text) of a lone line of text above or below a table

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
    title: str = ""  # the line above the table that names what it holds (see ``_attach_title``)
    title_cell: tuple[int, int] | None = None
    footnotes: list[str] = field(default_factory=list)
    lines_above: list[str] = field(default_factory=list)  # the other lone text lines above, top to bottom
    side_cols: list[int] = field(default_factory=list)  # Rank, DoT, RAG, Comment ...: not figures
    code_cols: list[int] = field(default_factory=list)  # "Ref" / "KPI" codes beside the row labels
    # The lines above the sheet's first table (its title too), for the tables under it: who they are of.
    sheet_lines: list[str] = field(default_factory=list)

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


def find_tables(sheet: Sheet, ctx: LabelContext | None = None) -> list[TableBlock]:
    """Every table on the sheet, top to bottom (side by side ones left to right); titles and footnotes
    attached to their table. With ``ctx``, what labels name decides the label columns, the title and
    whether rows after a blank row continue the table above."""
    naming = Naming(ctx)
    tables: list[TableBlock] = []
    pending_title: list[Line] = []
    for group in _row_groups(sheet):
        bands = column_bands(sheet, group)
        views = [band_view(sheet, group, band) for band in bands] if len(bands) > 1 else [sheet]
        for view in views:
            pending_title = _read_group(view, group, tables, pending_title, naming)
    for block in tables[1:]:
        block.sheet_lines = [line for line in (*tables[0].lines_above, tables[0].title) if line]
    return tables


def _read_group(sheet: Sheet, group: list[int], tables: list[TableBlock], pending_title: list[Line],
                naming: Naming) -> list[Line]:
    """Add the table in these rows (if any) to ``tables``, or the rows to the table above them if they
    continue it; returns the title lines still waiting for a table."""
    lead, core, tail = _split_group(sheet, group)
    if not core:
        marked = all(_FOOTNOTE_START.match(t) for _, _, t in lead)
        if tables and not pending_title and marked and _just_after(tables[-1], group):
            tables[-1].footnotes.extend(t for _, _, t in lead)
            return []
        return pending_title + lead  # lines in blocks of their own above a table are all its context
    if not lead and not pending_title and tables and continues(tables[-1], sheet, core, naming):
        tables[-1].body_rows.extend(core)
        tables[-1].footnotes = [t for _, _, t in tail]
        return []
    block = _block(sheet, core, naming)
    if block is None:
        return []
    _attach_title(block, pending_title + lead, naming)
    block.footnotes = [t for _, _, t in tail]
    tables.append(block)
    return []


def _attach_title(block: TableBlock, lines: list[Line], naming: Naming) -> None:
    """The title is the strongest line above the table (one naming an indicator, then one naming an
    area or a period), the nearest of equals; "Source:", "Good performance is" and council or
    department lines are context only. The other lines are kept, top to bottom, as lines above."""
    if not lines:
        return
    strengths = [naming.title_strength(text) for _, _, text in lines]
    best = max(strengths)
    if best == TitleStrength.CONTEXT:
        block.lines_above = [text for _, _, text in lines]
        return
    chosen = max(i for i, strength in enumerate(strengths) if strength == best)
    block.title = lines[chosen][2]
    block.title_cell = lines[chosen][:2]
    block.lines_above = [text for i, (_, _, text) in enumerate(lines) if i != chosen]


def continues(block: TableBlock, sheet: Sheet, rows: list[int], naming: Naming) -> bool:
    """Rows after a blank row that carry on the table above: no headings of their own, figures under
    its figure columns, labels in its label columns and of the same kind as its rows (areas after
    areas: a LAIT sheet's comparator rows, a benchmarking table's region and England rows)."""
    if block.sheet is not sheet or block.footnotes or not block.header_rows or not _just_after(block, rows):
        return False
    cols = filled_columns(sheet, rows)
    own = set(block.label_cols + block.code_cols + block.value_cols + block.side_cols)
    if not set(cols) <= own or first_body_index(sheet, rows, cols, naming) != 0:
        return False
    with_figures = [r for r in rows if any(is_value_cell(sheet.value(r, c)) for c in block.value_cols)]
    if not with_figures or any(_blank_label(sheet, r, block.label_cols) for r in with_figures):
        return False
    return _same_kinds(block, with_figures, naming)


def _blank_label(sheet: Sheet, r: int, label_cols: list[int]) -> bool:
    return all(is_blank(filled_value(sheet, r, c)) for c in label_cols)


def _same_kinds(block: TableBlock, rows: list[int], naming: Naming) -> bool:
    """The rows' labels name things of a kind the table's rows name (unknown labels say nothing)."""
    if not naming.knows:
        return True
    above = _row_kinds(block, block.body_rows, naming)
    below = _row_kinds(block, rows, naming)
    # a row naming its own indicator ("No. LAC who are UASC" under legal statuses by year) needs only
    # the table's period headings, in a table of one council's measures (not one of areas)
    return below <= above or (below == {"indicator"} and not above & {"area", "not_area"})


def _row_kinds(block: TableBlock, rows: list[int], naming: Naming) -> set[str]:
    kinds = {naming.kind(filled_value(block.sheet, r, c)) for r in rows for c in block.label_cols}
    return kinds & NAMING_KINDS


def _just_after(block: TableBlock, rows: list[int]) -> bool:
    last = max(block.body_rows or block.header_rows)
    return rows[0] - last <= 3


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


def _lone_text(sheet: Sheet, r: int, left: int) -> Line | None:
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


def _split_group(sheet: Sheet, group: list[int]) -> tuple[list[Line], list[int], list[Line]]:
    """Title lines at the top, the table's rows, footnote lines at the bottom."""
    left = min(c for r in group for c, v in enumerate(sheet.rows[r]) if not is_blank(v))
    lead: list[Line] = []
    start = 0
    while start < len(group) and (line := _lone_text(sheet, group[start], left)) is not None:
        lead.append(line)
        start += 1
    tail: list[Line] = []
    end = len(group)
    while end > start:
        line = _lone_text(sheet, group[end - 1], left)
        if line is None or not _is_footnote(line[2]):
            break
        tail.insert(0, line)
        end -= 1
    return lead, group[start:end], tail


def _block(sheet: Sheet, rows: list[int], naming: Naming) -> TableBlock | None:
    """The table in a run of rows (see ``shape``); None if it is no table."""
    if len(rows) < 2:
        return None
    shape = shape_of(sheet, rows, naming)
    if shape is None:
        return None
    return TableBlock(sheet, shape.header_rows, shape.body_rows, shape.label_cols, shape.value_cols,
                      side_cols=shape.side_cols, code_cols=shape.code_cols)
