"""The board workbook: the tables of a scrutiny paper, with native Excel charts beside them.

A "Report card" sheet comes first (see :mod:`cpdesk.export.board_card`), then one sheet per chosen
indicator, named by its short title, laid out as the councils' own reports lay out their tables: a
title line, a line saying which areas the table holds (only those it has figures for), then the
home LA, its statistical neighbours, its region and England as rows and periods of one class as
columns (see :mod:`cpdesk.export.board_periods`), figures rounded and formatted by unit; statuses
(TBC, suppressed) and annotations as numbered notes under the table; a line chart on a date axis
beside it. Where the LA holds figures for its districts a second table (and a bar chart) follows,
over the periods the districts have figures for. Every column is as wide as what it holds.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from cpdesk.chart.format import format_value
from cpdesk.chart.summary import summary_for
from cpdesk.export.as_at import as_at_words, figures_as_at
from cpdesk.export.board_card import write_report_card
from cpdesk.export.board_cells import Formats, SheetWriter
from cpdesk.export.board_charts import (
    ChartFigures,
    TableRange,
    add_district_chart,
    add_trend_chart,
    cell_value,
)
from cpdesk.export.board_names import REPORT_CARD, sheet_names
from cpdesk.export.board_periods import table_periods
from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely
from cpdesk.indicators.model import Period
from cpdesk.observation import STATUSES
from cpdesk.query.as_at import period_phrase
from cpdesk.query.comparators import comparable_series, comparator_set, compared_with_other_areas, count_note
from cpdesk.query.cycle import class_words, period_class
from cpdesk.query.districts import district_table
from cpdesk.query.observations import ObservationIndex, as_index
from cpdesk.query.report_card import report_card
from cpdesk.query.source import load_targets

logger = logging.getLogger(__name__)

HEADER_ROW = 4
CHART_ROWS = 18  # rows a chart covers at its size, so the next table starts below it


def write_board_workbook(store_or_observations: Any, path: str | os.PathLike, indicators: Sequence[Any],
                         la_code: str, schema, areas, *, as_at: dt.date | None = None) -> Path:
    """Write the board tables for ``indicators`` (ids or Indicator objects) of ``la_code``, with the
    figures held as at ``as_at`` (all of them when None)."""
    board = _Board.load(store_or_observations, la_code, schema, areas, as_at)
    chosen = [schema.get(i) if isinstance(i, str) else i for i in indicators]
    return write_safely(Path(path), lambda name: board.write(name, chosen))


class _Board:
    """What every sheet is written from: the figures, notes and targets, the council and the day."""

    def __init__(self, index: ObservationIndex, notes: list[Any], targets: dict[str, list[Any]],
                 la_code: str, areas, as_at: dt.date | None) -> None:
        self.index, self.notes, self.targets = index, notes, targets
        self.la_code, self.areas, self.as_at = la_code, areas, as_at
        self.council = areas.get(la_code).name if la_code in areas else la_code
        self.headlines: dict[str, Any] = {}  # indicator id -> the report card's headline figure

    @classmethod
    def load(cls, source: Any, la_code: str, schema, areas, as_at: dt.date | None) -> _Board:
        if hasattr(source, "annotations") and hasattr(source, "observations"):
            index = as_index(figures_as_at(source.observations(), as_at))
            targets = load_targets(source, la_code, [i.id for i in schema])
            return cls(index, source.annotations(area_code=la_code), targets, la_code, areas, as_at)
        return cls(as_index(figures_as_at(source, as_at)), [], {}, la_code, areas, as_at)

    def write(self, filename: str, chosen: list) -> None:
        workbook = xlsxwriter.Workbook(filename, XLSX_OPTIONS)
        try:
            formats = Formats(workbook)
            card_sheet = SheetWriter(_printable(workbook.add_worksheet(REPORT_CARD)), formats)
            card = report_card(self.index, self.la_code, chosen, self.areas, targets=self.targets,
                               as_at=self.as_at)
            self.headlines = {row.indicator.id: row.latest for row in card}
            write_report_card(card_sheet, card, self.council, self.as_at)
            card_sheet.size_columns()
            names = sheet_names(chosen)
            figures = ChartFigures()
            for indicator in chosen:
                out = SheetWriter(_printable(workbook.add_worksheet(names[indicator.id])), formats)
                self._indicator_sheet(workbook, out, indicator, figures)
                out.size_columns()
            figures.write(workbook)
        finally:
            workbook.close()
        logger.info("board workbook: %d indicators for %s", len(chosen), self.la_code)

    def _indicator_sheet(self, workbook, out: SheetWriter, indicator, figures: ChartFigures) -> None:
        formats = out.formats
        rows = table_rows(self.index, indicator, self.la_code, self.areas)
        periods = table_periods(rows, indicator)
        out.text(0, 0, indicator.title, formats.title, sized=False)
        when = f" Figures {as_at_words(self.as_at)}." if self.as_at else ""
        out.note(1, table_subtitle(self.council, rows, indicator) + when)
        out.text(2, 0, summary_for(self.index, indicator, self.la_code, self.areas, as_at=self.as_at),
                 sized=False)
        latest = self.headlines.get(indicator.id)
        if latest is not None and periods and latest.period.key not in {p.key for p in periods}:
            out.note(3, outside_table_note(latest, indicator, periods))
        out.sized_from_row = HEADER_ROW
        named = [(s.name, s) for s in rows]
        footnotes = _write_table(out, indicator, HEADER_ROW, named, periods)
        next_row = HEADER_ROW + len(rows) + 2
        if rows and periods:
            table = TableRange(HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + len(rows), len(periods),
                               figures.add(chart_figures(indicator, named, periods)))
            add_trend_chart(workbook, out.sheet, indicator, table, period_class(periods[-1]), len(periods),
                            anchor=f"{xl_col_to_name(len(periods) + 2)}1")
            next_row = max(next_row, CHART_ROWS + 2)
        next_row = self._districts(workbook, out, indicator, periods, next_row, footnotes, figures)
        notes = [n for n in self.notes if n.indicator_id in (None, indicator.id)]
        footnotes += [f"{n.period.label + ': ' if n.period else ''}{n.text} ({n.author})" for n in notes]
        _write_footnotes(out, footnotes, next_row)

    def _districts(self, workbook, out: SheetWriter, indicator, periods, row: int, footnotes,
                   figures: ChartFigures) -> int:
        """The districts' table and bar chart, over the periods they have figures for."""
        if not periods:
            return row
        table = district_table(self.index, indicator, self.la_code, self.areas, periods)
        districts = [r for r in table.rows if any(p is not None for p in r.points)]
        held = [i for i, _p in enumerate(periods) if any(d.points[i] is not None for d in districts)]
        if not districts or not held:
            return row
        shown = [periods[i] for i in held]
        named = [(d.name, _PointRow({periods[i].key: d.points[i] for i in held})) for d in districts]
        out.text(row, 0, "By district", out.formats.heading)
        header = row + 1
        footnotes += _write_table(out, indicator, header, named, shown, dated=False)
        add_district_chart(workbook, out.sheet, indicator,
                           TableRange(header, header + 1, header + len(districts), len(shown),
                                      figures.add(chart_figures(indicator, named, shown))),
                           anchor=f"{xl_col_to_name(len(periods) + 2)}{row + 1}")
        return max(header + len(districts) + 2, row + CHART_ROWS + 1)


def _printable(sheet):
    """Board papers are printed: landscape A4, each sheet one page wide."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    return sheet


def outside_table_note(latest, indicator, periods: list[Period]) -> str:
    """The report card's headline when the table has no column for it (an in-year figure)."""
    value = format_value(latest.value, indicator)
    return (f"Latest figure held: {value} {period_phrase(latest.period, indicator)}, which this table of "
            f"{class_words(period_class(periods[-1]))} figures does not show.")


ROLE_WORDS = {"sn": "its statistical neighbours", "region": "its region", "england": "England"}


def table_subtitle(council: str, rows: Sequence[Any], indicator) -> str:
    """What the table holds, naming only the comparators it has rows for, each once: the neighbours'
    figure as the council reported it and the one worked out from theirs are two rows of one role."""
    if not compared_with_other_areas(indicator):
        return f"{council}. {count_note(indicator)}"
    named = list(dict.fromkeys(ROLE_WORDS[s.role] for s in rows if s.role in ROLE_WORDS))
    if not named:
        return f"{council}: no comparator has figures for these periods."
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"{council} compared with {listed}"


def table_rows(index, indicator, la_code: str, areas) -> list[Any]:
    """Home LA, statistical neighbours, region and England series (those with figures); for a count,
    the home LA alone, as on its chart."""
    comparison = comparator_set(index, la_code, indicator, areas)
    rows = [comparison.home, *comparison.sn.series(), comparison.region, comparison.england]
    return comparable_series([s for s in rows if s is not None and s.points], indicator)


class _PointRow:
    """A district row with the ``at(period_key)`` look-up a Series has."""

    def __init__(self, points: dict) -> None:
        self.points = points

    def at(self, key):
        return self.points.get(key)


def _write_table(out: SheetWriter, indicator, header_row: int, rows, periods: list[Period], *,
                 dated: bool = True) -> list[str]:
    """Write the header and rows; returns a note for each figure shown as a status. ``dated`` headings
    are dates shown as period labels (for a chart's date axis), else the labels as text."""
    out.header(header_row, 0, "Area")
    for c, period in enumerate(periods, start=1):
        if dated:
            out.period(header_row, c, period)
        else:
            out.header(header_row, c, period.label)
    footnotes = []
    for r, (name, series) in enumerate(rows, start=header_row + 1):
        out.text(r, 0, name)
        for c, period in enumerate(periods, start=1):
            point = series.at(period.key)
            if point is None:
                continue
            if point.value is not None:
                out.figure(r, c, indicator, point.value)
            elif point.status:
                out.text(r, c, _status_text(point), out.formats.status)
                footnotes.append(f"{name}, {period.label}: {STATUSES.get(point.status, point.status)}.")
    return footnotes


def chart_figures(indicator, rows, periods: list[Period]) -> list[list[float | None]]:
    """The table's figures as its chart plots them: numbers, and None where the table has a status."""
    def figure(series, period) -> float | None:
        point = series.at(period.key)
        return cell_value(indicator, point.value) if point is not None and point.value is not None else None
    return [[figure(series, period) for period in periods] for _name, series in rows]


def _status_text(point) -> str:
    return "TBC" if point.status == "tbc" else (point.raw or point.status)


def _write_footnotes(out: SheetWriter, footnotes: list[str], row: int) -> None:
    if not footnotes:
        return
    out.text(row, 0, "Notes", out.formats.heading, sized=False)
    for offset, text in enumerate(footnotes, start=1):
        out.note(row + offset, f"{offset}. {text}")
