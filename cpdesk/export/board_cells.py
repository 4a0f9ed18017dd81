"""Cells of the board workbook: formats made once, columns sized to what they hold, period headings.

xlsxwriter wants each format object made once and reused, and cannot size a column to its content
itself, so every text and figure written goes through :class:`SheetWriter`, which remembers the
widest text of each column and sets the widths when the sheet is done.

A period heading is the period's last day as a date, shown as the period's own label ("2019/20",
"31 Mar 2019") by a number format that is that label: the table reads as the council's reports do,
and a native chart over the headings has a true date axis, so years with no figures show as gaps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cpdesk.chart.format import format_value
from cpdesk.export.board_charts import RAG_FILLS, cell_value, number_format
from cpdesk.indicators.model import Period

MIN_WIDTH, MAX_WIDTH = 8, 80
WRAP_WIDTH = 45  # a column of sentences wraps at this many characters
LINE_HEIGHT = 15  # points, one line of the default 11-point font
PADDING = 2
# A header's bold text is a little wider than the same characters in the body.
BOLD_WIDTH = 1.1


class Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.heading = workbook.add_format({"bold": True, "font_size": 11})
        # Headings wrap at their words, so a long one never sets its column's width or runs on.
        self.header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7",
                                           "text_wrap": True, "valign": "bottom", "indent": 1})
        self.text = workbook.add_format({})
        self.when = workbook.add_format({"indent": 1, "font_color": "#404040"})  # a figure's period
        self.wrapped = workbook.add_format({"text_wrap": True, "valign": "bottom"})  # as the figures beside
        self.header_right = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7",
                                                 "align": "right", "text_wrap": True, "valign": "bottom",
                                                 "indent": 1})
        self.note = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.status = workbook.add_format({"align": "right", "font_color": "#7F7F7F"})
        self.rag = {s: workbook.add_format({"bg_color": c, "bold": True}) for s, c in RAG_FILLS.items()}
        self._numbers: dict[str, Any] = {}
        self._periods: dict[str, Any] = {}

    def number(self, num_format: str):
        if num_format not in self._numbers:
            self._numbers[num_format] = self.workbook.add_format({"num_format": num_format})
        return self._numbers[num_format]

    def period(self, label: str):
        """A heading format showing a date as ``label`` ("2019/20")."""
        if label not in self._periods:
            literal = label.replace('"', "")
            self._periods[label] = self.workbook.add_format(
                {"num_format": f'"{literal}"', "bold": True, "bottom": 1, "bg_color": "#DDEBF7",
                 "align": "right"})
        return self._periods[label]


class SheetWriter:
    """Writes one sheet's cells and sizes each column to the widest text it holds."""

    def __init__(self, sheet, formats: Formats) -> None:
        self.sheet = sheet
        self.formats = formats
        self._widths: dict[int, float] = {}
        self._lines: dict[int, int] = {}  # rows holding wrapped words: how many lines they need
        self._headers: dict[int, dict[int, str]] = {}  # each heading row's headings, by column
        self.sized_from_row = 0  # titles and notes above this row spill over; they set no width

    def _seen(self, row: int, col: int, text: str, bold: bool = False) -> None:
        if row < self.sized_from_row:
            return
        width = len(text) * (BOLD_WIDTH if bold else 1.0)
        self._widths[col] = max(self._widths.get(col, 0.0), width)

    def text(self, row: int, col: int, text: str, fmt=None, *, sized: bool = True) -> None:
        if not text:
            return  # an empty cell, not an empty string
        self.sheet.write_string(row, col, text, fmt if fmt is not None else self.formats.text)
        if sized:
            self._seen(row, col, text)

    def wrapped(self, row: int, col: int, text: str) -> None:
        """Words that wrap in a column no wider than WRAP_WIDTH."""
        if not text:
            return
        self.sheet.write_string(row, col, text, self.formats.wrapped)
        self._seen(row, col, text[:WRAP_WIDTH])
        lines = -(-len(text) // WRAP_WIDTH)
        self._lines[row] = max(self._lines.get(row, 1), lines)

    def header(self, row: int, col: int, text: str, *, right: bool = False) -> None:
        """A column heading; ``right`` for a column of figures, so the heading sits over them."""
        self.sheet.write_string(row, col, text, self.formats.header_right if right else self.formats.header)
        self._seen(row, col, max(text.split(), key=len, default=""), bold=True)
        self._headers.setdefault(row, {})[col] = text

    def when(self, row: int, col: int, text: str) -> None:
        """The period a figure beside it is for ("2018/19"), set a little apart from the figure."""
        self.sheet.write_string(row, col, text, self.formats.when)
        self._seen(row, col, text + "  ")

    def period(self, row: int, col: int, period: Period) -> None:
        """A period heading: its last day, shown as its label."""
        self.sheet.write_datetime(row, col, dt.datetime.combine(period.end, dt.time()),
                                  self.formats.period(period.label))
        self._seen(row, col, period.label, bold=True)

    def figure(self, row: int, col: int, indicator, value: float | None,
               num_format: str | None = None) -> None:
        if value is None:
            return
        fmt = num_format or number_format(indicator)
        self.sheet.write_number(row, col, cell_value(indicator, value), self.formats.number(fmt))
        self._seen(row, col, format_value(value, indicator) + " ")

    def change(self, row: int, col: int, value: float, num_format: str, shown: str) -> None:
        self.sheet.write_number(row, col, value, self.formats.number(num_format))
        self._seen(row, col, shown)

    def note(self, row: int, text: str) -> None:
        """A note in the first column, spilling over the empty cells to its right."""
        self.sheet.write_string(row, 0, text, self.formats.note)

    def size_columns(self) -> None:
        """Each column as wide as its widest text, each row of wrapped words as tall as its lines."""
        widths = {col: min(MAX_WIDTH, max(MIN_WIDTH, round(width) + PADDING))
                  for col, width in self._widths.items()}
        for col, width in widths.items():
            self.sheet.set_column(col, col, width)
        for row, headings in self._headers.items():
            lines = max(heading_lines(text, widths.get(col, MIN_WIDTH)) for col, text in headings.items())
            self._lines[row] = max(self._lines.get(row, 1), lines)
        for row, lines in self._lines.items():
            if lines > 1:
                self.sheet.set_row(row, LINE_HEIGHT * lines)


def heading_lines(text: str, width: int) -> int:
    """How many lines a heading wrapped at its words takes in a column ``width`` characters wide."""
    lines, used = 1, 0.0
    for word in text.split():
        size = len(word) * BOLD_WIDTH
        if used and used + 1 + size > width - PADDING:
            lines, used = lines + 1, size
        else:
            used = used + 1 + size if used else size
    return lines
