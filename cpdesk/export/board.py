"""The board workbook: the tables of a scrutiny paper, with native Excel charts beside them.

One sheet per chosen indicator, named by its title (cut to Excel's 31 characters), laid out as the
councils' own reports lay out their tables: a title line, then the home LA, its statistical
neighbours, its region and England as rows, periods of one class as columns (see
:func:`table_periods`), figures rounded and formatted by unit; statuses (TBC, suppressed) and
annotations as numbered notes under the table; a line chart beside it. Where the LA holds figures
for its districts a second table (and a bar chart) follows. A "Report card" sheet comes first, one
row per indicator with the RAG word on a green, amber or red fill.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from cpdesk.export.as_at import figures_as_at
from cpdesk.export.board_charts import RAG_FILLS, add_table_chart, cell_value, number_format
from cpdesk.export.board_names import REPORT_CARD, sheet_names
from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely
from cpdesk.indicators.model import Unit
from cpdesk.indicators.periods import period_sort_key
from cpdesk.observation import STATUSES
from cpdesk.query.comparators import comparable_series, comparator_set, compared_with_other_areas, count_note
from cpdesk.query.cycle import in_class, main_class
from cpdesk.query.districts import district_table
from cpdesk.query.observations import ObservationIndex, as_index
from cpdesk.query.report_card import report_card

logger = logging.getLogger(__name__)

MAX_PERIODS = 8
HEADER_ROW = 3
CHANGE_FORMATS = {Unit.PERCENT: '+0.0" pts";-0.0" pts";0.0" pts"', Unit.COUNT: "+#,##0;-#,##0;0"}


def write_board_workbook(store_or_observations: Any, path: str | os.PathLike, indicators: Sequence[Any],
                         la_code: str, schema, areas, *, as_at: dt.date | None = None) -> Path:
    """Write the board tables for ``indicators`` (ids or Indicator objects) of ``la_code``, with the
    figures held as at ``as_at`` (all of them when None)."""
    index, notes = _figures_and_notes(store_or_observations, la_code, as_at)
    chosen = [schema.get(i) if isinstance(i, str) else i for i in indicators]
    return write_safely(Path(path), lambda name: _write(name, index, notes, chosen, la_code, schema, areas))


def _figures_and_notes(source: Any, la_code: str,
                       as_at: dt.date | None) -> tuple[ObservationIndex, list[Any]]:
    if hasattr(source, "annotations") and hasattr(source, "observations"):
        return as_index(figures_as_at(source.observations(), as_at)), source.annotations(area_code=la_code)
    return as_index(figures_as_at(source, as_at)), []


def _printable(sheet):
    """Board papers are printed: landscape A4, each sheet one page wide."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    return sheet


def _write(filename: str, index, notes, chosen, la_code: str, schema, areas) -> None:
    workbook = xlsxwriter.Workbook(filename, XLSX_OPTIONS)
    try:
        formats = _Formats(workbook)
        _write_report_card(_printable(workbook.add_worksheet(REPORT_CARD)), formats, index, chosen,
                           la_code, areas)
        names = sheet_names(chosen)
        for indicator in chosen:
            sheet = _printable(workbook.add_worksheet(names[indicator.id]))
            indicator_notes = [n for n in notes if n.indicator_id in (None, indicator.id)]
            _write_indicator(workbook, sheet, formats, index, indicator, la_code, areas, indicator_notes)
    finally:
        workbook.close()
    logger.info("board workbook: %d indicators for %s", len(chosen), la_code)


class _Formats:
    """The workbook's cell formats, made once (xlsxwriter wants each format object reused)."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"})
        self.text = workbook.add_format({})
        self.note = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.status = workbook.add_format({"align": "right", "font_color": "#7F7F7F"})
        self.rag = {s: workbook.add_format({"bg_color": c, "bold": True}) for s, c in RAG_FILLS.items()}
        self._numbers: dict[str, Any] = {}

    def number(self, num_format: str):
        if num_format not in self._numbers:
            self._numbers[num_format] = self.workbook.add_format({"num_format": num_format})
        return self._numbers[num_format]


def table_rows(index, indicator, la_code: str, areas) -> list[Any]:
    """Home LA, statistical neighbours, region and England series (those with figures); for a count,
    the home LA alone, as on its chart."""
    comparison = comparator_set(index, la_code, indicator, areas)
    rows = [comparison.home, comparison.sn.shown, comparison.region, comparison.england]
    return comparable_series([s for s in rows if s is not None and s.points], indicator)


def table_periods(rows: Iterable[Any], indicator) -> list[Any]:
    """The last MAX_PERIODS periods of one class that any row has: the indicator's own cycle (years,
    31 March snapshots), or, where no row has one, the class most figures have (a council's
    quarters), so a sheet is never left without columns while the report card shows a figure."""
    periods = {p.period.key: p.period for s in rows for p in s.points}
    ordered = sorted(periods.values(), key=period_sort_key)
    return in_class(ordered, main_class(indicator, ordered))[-MAX_PERIODS:]


def _write_indicator(workbook, sheet, formats, index, indicator, la_code, areas, notes) -> None:
    home_name = areas.get(la_code).name if la_code in areas else la_code
    sheet.write_string(0, 0, indicator.title, formats.title)
    subtitle = (f"{home_name} compared with its statistical neighbours, region and England"
                if compared_with_other_areas(indicator) else f"{home_name}. {count_note(indicator)}")
    sheet.write_string(1, 0, subtitle, formats.note)
    rows = table_rows(index, indicator, la_code, areas)
    periods = table_periods(rows, indicator)
    footnotes = _write_table(sheet, formats, indicator, HEADER_ROW, [(s.name, s) for s in rows], periods)
    next_row = HEADER_ROW + len(rows) + 2
    if rows and periods:
        add_table_chart(workbook, sheet, kind="line", title=indicator.title, header_row=HEADER_ROW,
                        first_row=HEADER_ROW + 1, last_row=HEADER_ROW + len(rows), last_col=len(periods),
                        number_fmt=number_format(indicator), anchor=f"{_column_letter(len(periods) + 2)}1")
    next_row = _write_districts(workbook, sheet, formats, index, indicator, la_code, areas, periods,
                                next_row + 14, footnotes)
    footnotes += [f"{n.period.label + ': ' if n.period else ''}{n.text} ({n.author})" for n in notes]
    _write_footnotes(sheet, formats, footnotes, next_row)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, max(len(periods), 1), 11)


def _write_districts(workbook, sheet, formats, index, indicator, la_code, areas, periods, row, footnotes):
    """The districts' table and bar chart, if the LA holds figures for its districts."""
    if not periods:
        return row
    table = district_table(index, indicator, la_code, areas, periods)
    districts = [r for r in table.rows if any(p is not None for p in r.points)]
    if not districts:
        return row
    sheet.write_string(row - 1, 0, "By district", formats.title)
    keys = [p.key for p in periods]
    named = [(d.name, _PointRow(dict(zip(keys, d.points, strict=True)))) for d in districts]
    footnotes += _write_table(sheet, formats, indicator, row, named, periods)
    add_table_chart(workbook, sheet, kind="column", title=f"{indicator.title} by district", header_row=row,
                    first_row=row + 1, last_row=row + len(districts), last_col=len(periods),
                    number_fmt=number_format(indicator),
                    anchor=f"{_column_letter(len(periods) + 2)}{row + 1}")
    return row + len(districts) + 2


class _PointRow:
    """A district row with the ``at(period_key)`` look-up a Series has."""

    def __init__(self, points: dict) -> None:
        self.points = points

    def at(self, key):
        return self.points.get(key)


def _write_table(sheet, formats, indicator, header_row: int, rows, periods) -> list[str]:
    """Write the header and rows; returns a note for each figure shown as a status."""
    sheet.write_string(header_row, 0, "Area", formats.header)
    for c, period in enumerate(periods, start=1):
        sheet.write_string(header_row, c, period.label, formats.header)
    number = formats.number(number_format(indicator))
    footnotes = []
    for r, (name, series) in enumerate(rows, start=header_row + 1):
        sheet.write_string(r, 0, name, formats.text)
        for c, period in enumerate(periods, start=1):
            point = series.at(period.key)
            if point is None:
                continue
            if point.value is not None:
                sheet.write_number(r, c, cell_value(indicator, point.value), number)
            elif point.status:
                sheet.write_string(r, c, _status_text(point), formats.status)
                footnotes.append(f"{name}, {period.label}: {STATUSES.get(point.status, point.status)}.")
    return footnotes


def _status_text(point) -> str:
    return "TBC" if point.status == "tbc" else (point.raw or point.status)


def _write_footnotes(sheet, formats, footnotes: list[str], row: int) -> None:
    if not footnotes:
        return
    sheet.write_string(row, 0, "Notes", formats.title)
    for offset, text in enumerate(footnotes, start=1):
        sheet.write_string(row + offset, 0, f"{offset}. {text}", formats.note)


def _column_letter(column: int) -> str:
    return xl_col_to_name(column)


COUNT_NOTE_IN_CARD = ("statistical neighbours and England are left blank, as a count follows each area's "
                      "size; compare the rate.")
REPORT_CARD_HEADER = ("Indicator", "Period", "Latest", "Previous", "Change", "Statistical neighbours",
                      "England", "RAG")


def _write_report_card(sheet, formats, index, chosen, la_code: str, areas) -> None:
    home_name = areas.get(la_code).name if la_code in areas else la_code
    sheet.write_string(0, 0, f"{home_name}: report card", formats.title)
    sheet.write_row(2, 0, REPORT_CARD_HEADER, formats.header)
    card = report_card(index, la_code, chosen, areas)
    for r, row in enumerate(card, start=3):
        indicator = row.indicator
        number = formats.number(number_format(indicator))
        sheet.write_string(r, 0, indicator.title, formats.text)
        sheet.write_string(r, 1, row.latest.period.label, formats.text)
        previous = row.previous.value if row.previous is not None else None
        for c, value in ((2, row.latest.value), (3, previous), (5, row.sn_value), (6, row.england)):
            if value is not None:
                sheet.write_number(r, c, cell_value(indicator, value), number)
        if row.change is not None:
            change_format = CHANGE_FORMATS.get(indicator.unit, '+0.0;-0.0;0.0')
            sheet.write_number(r, 4, row.change, formats.number(change_format))
        sheet.write_string(r, 7, row.rag.label, formats.rag.get(row.rag.status, formats.text))
    if any(not compared_with_other_areas(row.indicator) for row in card):
        sheet.write_string(len(card) + 4, 0, f"Counts: {COUNT_NOTE_IN_CARD}", formats.note)
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 6, 13)
    sheet.set_column(7, 7, 40)
