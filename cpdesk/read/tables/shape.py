"""The shape of one run of table rows, read from what the cells hold rather than where they are.

* The body starts at the first row holding figures; a row of numbers is never a heading, except a
  run of whole years (2016, 2017, ...) or, in the first row, years under a heading that names nothing.
* The heading rows are all the rows above the body that hold text or dates over the figure columns: a
  band merged over years ("Year ending 31 March"), blocks ("In month" / "Year to date") and the
  sub-headings under them. A row with a label and nothing over the figures just above the body is a
  section row ("Front door"); a "Good performance is" row is a row beside the figures.
* The row labels are the leading columns of labels (text, dates, LA numbers); of these, leading
  columns whose cells do not name anything ("CP1", "KPI 07") are codes beside the labels, not labels.
* Columns headed Rank, Quartile, DoT, RAG, Comment, "Good performance is", "% change" or "Latest
  change", or holding only arrows, RAG ratings or quartile letters, are beside the figures. Target
  columns stay with the figures: the table reader keeps their figures apart as targets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from cpdesk.read.grid import Sheet
from cpdesk.read.tables.cells import is_blank, is_value_cell
from cpdesk.read.tables.naming import Naming, holds_side_marks

logger = logging.getLogger(__name__)

YEAR_RANGE = (1980, 2099)
LABELS_NAME_THINGS = 0.5  # a label column: at least this share of its cells name something
CODES_SHARE = 0.8  # a code column: at least this share of its cells are codes, and none names anything
_CODE = re.compile(r"^\s*[A-Za-z]{1,6}[\s._-]?\d{1,4}[A-Za-z]?\s*$")  # CP1, KPI 07, CSC10, NI 65, K01


@dataclass(frozen=True)
class BlockShape:
    """Rows and columns of one table, as absolute 0-based positions."""

    header_rows: list[int]
    body_rows: list[int]  # with section rows just above the first row of figures
    label_cols: list[int]
    value_cols: list[int]
    side_cols: list[int]  # Rank, DoT, RAG, Comment ... beside the figures
    code_cols: list[int]  # "Ref" / "KPI" codes before the row labels


def filled_columns(sheet: Sheet, rows: list[int]) -> list[int]:
    return [c for c in range(sheet.n_cols) if any(not is_blank(sheet.value(r, c)) for r in rows)]


def shape_of(sheet: Sheet, rows: list[int], naming: Naming) -> BlockShape | None:
    """The shape of these rows, or None if they hold no table of figures."""
    cols = filled_columns(sheet, rows)
    if len(cols) < 2:
        return None
    first = first_body_index(sheet, rows, cols, naming)
    if first is None:
        return None
    leading = _leading_label_columns(sheet, rows[first:], cols)
    labels, codes = _labels_and_codes(sheet, rows[first:], leading, naming)
    rest = [c for c in cols if c not in leading]
    side = [c for c in rest if _beside_the_figures(sheet, rows, first, c, naming)]
    values = [c for c in rest if c not in side]
    if not values:
        return None
    header, body_above = _split_above(sheet, rows[:first], values + side, naming)
    return BlockShape(header, body_above + rows[first:], labels, values, side, codes)


def first_body_index(sheet: Sheet, rows: list[int], cols: list[int], naming: Naming) -> int | None:
    """The index in ``rows`` of the first row holding figures (not years, not a side row)."""
    for i, r in enumerate(rows):
        if not is_side_row(sheet, r, naming) and _holds_figures(sheet, r, cols, i == 0, naming):
            return i
    return None


def is_side_row(sheet: Sheet, r: int, naming: Naming) -> bool:
    """A row whose label says it is beside the figures ("Good performance is", "Polarity")."""
    first = next((v for v in sheet.rows[r] if not is_blank(v)), None) if r < sheet.n_rows else None
    return naming.is_side_row_label(first)


def _holds_figures(sheet: Sheet, r: int, cols: list[int], first_row: bool, naming: Naming) -> bool:
    figures = [v for v in (sheet.value(r, c) for c in cols[1:]) if is_value_cell(v)]
    if not figures:
        return False
    return not _year_headings(figures, first_row and not _label_names_something(sheet, r, cols[0], naming))


def _label_names_something(sheet: Sheet, r: int, col: int, naming: Naming) -> bool:
    return naming.knows and naming.resolves(sheet.value(r, col))


def _year_headings(figures: list[object], alone_will_do: bool) -> bool:
    """Whole years in rising order (2015, 2016, ... or "2015", "2016"), or one year where nothing says
    it is a figure."""
    found = [_as_year(v) for v in figures]
    years = [y for y in found if y is not None]
    if len(years) < len(found):
        return False
    return (len(years) >= 2 and years == sorted(years)) or alone_will_do


def _as_year(value: object) -> int | None:
    """The year a number or a text of digits is (2021, 2021.0, "2021"), if it is a whole one in range."""
    if isinstance(value, str):  # ASCII digits only: "²" is a digit to isdigit(), not to int()
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if isinstance(value, float) and not value.is_integer():  # never float(an int): 10**400 has none
        return None
    return int(value) if YEAR_RANGE[0] <= value <= YEAR_RANGE[1] else None


def _leading_label_columns(sheet: Sheet, body: list[int], cols: list[int]) -> list[int]:
    """The leftmost column (names, or DfE LA numbers), and the columns after it whose body cells are all
    labels (text, dates)."""
    leading = [cols[0]]
    for c in cols[1:]:
        cells = [sheet.value(r, c) for r in body if not is_blank(sheet.value(r, c))]
        if not cells or any(is_value_cell(v) for v in cells):
            break
        leading.append(c)
    return leading


def _labels_and_codes(sheet: Sheet, body: list[int], leading: list[int],
                      naming: Naming) -> tuple[list[int], list[int]]:
    """The label columns, and the code columns beside them: leading columns whose cells name nothing
    beside a column whose cells do ("CP1" | "No. of CP plans starting ..."), and columns of codes
    ("K01", "CSC 10") that name nothing wherever they stand."""
    if not naming.knows or len(leading) < 2:
        return leading, []
    first_named = next((i for i, c in enumerate(leading)
                        if _share_naming(sheet, body, c, naming) >= LABELS_NAME_THINGS), 0)
    later = [c for c in leading[first_named + 1:] if _holds_codes(sheet, body, c, naming)]
    codes = leading[:first_named] + later
    return [c for c in leading if c not in codes], codes


def _holds_codes(sheet: Sheet, body: list[int], col: int, naming: Naming) -> bool:
    cells = [sheet.value(r, col) for r in body if not is_blank(sheet.value(r, col))]
    coded = [v for v in cells if isinstance(v, str) and _CODE.match(v)]
    return len(coded) >= CODES_SHARE * len(cells) and not any(naming.resolves(v) for v in cells)


def _share_naming(sheet: Sheet, body: list[int], col: int, naming: Naming) -> float:
    cells = [sheet.value(r, col) for r in body if not is_blank(sheet.value(r, col))]
    return sum(naming.resolves(v) for v in cells) / len(cells) if cells else 0.0


def _beside_the_figures(sheet: Sheet, rows: list[int], first: int, col: int, naming: Naming) -> bool:
    """A Rank, Quartile, DoT, RAG, Comment or change column: by its heading, or by what it holds."""
    headings = [_filled(sheet, r, col) for r in rows[:first]]
    headings = [h for h in headings if not is_blank(h)]
    if any(naming.is_target(h) for h in headings):
        return False
    if any(naming.is_side_heading(h) for h in headings):
        return True
    return holds_side_marks([sheet.value(r, col) for r in rows[first:]])


def _filled(sheet: Sheet, r: int, c: int) -> object:
    """The cell's value, or that of the merged range it lies in."""
    value = sheet.value(r, c)
    if is_blank(value):
        for r1, c1, r2, c2 in sheet.merged:
            if r1 <= r <= r2 and c1 <= c <= c2:
                return sheet.value(r1, c1)
    return value


def _split_above(sheet: Sheet, above: list[int], figure_cols: list[int],
                 naming: Naming) -> tuple[list[int], list[int]]:
    """Rows above the first row of figures: (heading rows, rows that belong to the body).

    Just above the figures may stand section rows (a label and nothing over the figures); above
    them every row is a heading row, except a "Good performance is" row, which is beside the figures."""
    i = len(above)
    while i > 0 and not _over_figures(sheet, above[i - 1], figure_cols):
        i -= 1
    header = [r for r in above[:i] if not is_side_row(sheet, r, naming)]
    return header, [r for r in above if r not in header]


def _over_figures(sheet: Sheet, r: int, figure_cols: list[int]) -> bool:
    return any(not is_blank(_filled(sheet, r, c)) for c in figure_cols)
