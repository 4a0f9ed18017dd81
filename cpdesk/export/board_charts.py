"""Number formats and native Excel charts for the board workbook.

Charts are native xlsxwriter charts, so an officer can restyle them in Excel. Their names and dates
point at the table's cells; their figures at a hidden copy of the table with its statuses left
empty (see :class:`ChartFigures`), since a chart plots a "TBC" cell as 0.

The trend chart is a line chart on a date axis over the table's period headings (each the period's
last day): periods sit at their true distance apart, and an empty cell is a gap in the line, so a
run of years with no figures is never drawn as one step. Both axes have titles, the value axis
naming the unit. The district chart is a bar chart over the periods the districts have figures for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from cpdesk.chart.format import axis_label
from cpdesk.export.board_names import CHART_FIGURES
from cpdesk.indicators.model import Unit
from cpdesk.indicators.rates import round_half_up
from cpdesk.query.cycle import cycle_years

UNIT_FORMATS = {Unit.COUNT: "#,##0", Unit.RATE_PER_10K: "0.0", Unit.PERCENT: "0.0%"}
RAG_FILLS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
LINE_COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F", "#000000", "#2E75B6", "#70AD47")
CHART_SIZE = {"width": 640, "height": 340}
AXIS_TITLE_FONT = {"size": 9, "bold": False}
# What the date axis of a trend chart counts in, by the class of its periods.
CLASS_AXIS_TITLES = {"year": "Financial year ending 31 March", "quarter": "Quarter ending",
                     "month": "Month", "mid_year": "Mid-year estimate (30 June)"}
MAX_TICKS = 9
MONTH_NAMES = {dt.date(2000, m, 1).strftime("%b"): dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)}


def number_format(indicator) -> str:
    """Excel number format for an indicator: whole counts, rates to one place, percentages."""
    if indicator.unit in UNIT_FORMATS:
        return UNIT_FORMATS[indicator.unit]
    return "0" if indicator.decimals == 0 else "0." + "0" * indicator.decimals


def cell_value(indicator, value: float) -> float:
    """The number as published, rounded half up to the indicator's decimals (no 0.6779999999999999),
    and for percentages as a fraction, so Excel's % format is right (67.8 -> 0.678)."""
    rounded = round_half_up(value, indicator.decimals)
    return round(rounded / 100, indicator.decimals + 2) if indicator.unit == Unit.PERCENT else rounded


def value_axis_title(indicator) -> str:
    """The unit, as the value axis names it: "Rate per 10,000 children", "Percentage", "Number"."""
    label = axis_label(indicator)
    return "Percentage" if label == "%" else label


def date_axis_title(period_class: str) -> str:
    if period_class.startswith("snapshot "):
        day, month = period_class.removeprefix("snapshot ").split()
        return f"At {day} {MONTH_NAMES.get(month, month)} of each year"
    return CLASS_AXIS_TITLES.get(period_class, "Period ending")


def date_ticks(period_class: str, periods: int) -> dict[str, object]:
    """Date-axis ticks one period apart (every 2nd, 3rd ... when there are many): years as "2020" for
    yearly figures, else "Jun 2020"."""
    step = max(1, -(-periods // MAX_TICKS))
    months = round(cycle_years(period_class) * 12)
    if months >= 12:
        return {"num_format": "yyyy", "major_unit": step, "major_unit_type": "years"}
    return {"num_format": "mmm yyyy", "major_unit": months * step, "major_unit_type": "months",
            "num_font": {"rotation": -45}}


def absolute_range(sheet_name: str, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    start = xl_rowcol_to_cell(first_row, first_col, row_abs=True, col_abs=True)
    end = xl_rowcol_to_cell(last_row, last_col, row_abs=True, col_abs=True)
    return f"{quote_sheetname(sheet_name)}!{start}:{end}"


@dataclass(frozen=True)
class TableRange:
    """Where a table sits: its heading row, its first and last data rows and its last column; and
    the first row of its figures on the chart-data sheet."""

    header_row: int
    first_row: int
    last_row: int
    last_col: int
    figures_row: int


class ChartFigures:
    """The figures the charts plot, on a hidden sheet of their own: each table's rows again, numbers
    only, with an empty cell where the table shows a status. A chart reading the table itself would
    plot "TBC" as 0 (Excel and LibreOffice both do), a figure nobody published."""

    def __init__(self) -> None:
        self.rows: list[list[float | None]] = []

    def add(self, rows: list[list[float | None]]) -> int:
        """Keep ``rows`` for the sheet; returns the sheet row the first of them goes in."""
        first = len(self.rows)
        self.rows.extend(rows)
        return first

    def write(self, workbook) -> None:
        sheet = workbook.add_worksheet(CHART_FIGURES)
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.write_number(r, c, value)
        sheet.hide()


def _add_series(chart, sheet_name: str, table: TableRange, kind: str) -> None:
    for index, row in enumerate(range(table.first_row, table.last_row + 1)):
        figures = table.figures_row + index
        series: dict[str, object] = {
            "name": f"={quote_sheetname(sheet_name)}!{xl_rowcol_to_cell(row, 0, row_abs=True, col_abs=True)}",
            "categories": "=" + absolute_range(sheet_name, table.header_row, 1, table.header_row,
                                               table.last_col),
            "values": "=" + absolute_range(CHART_FIGURES, figures, 1, figures, table.last_col),
        }
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        if kind == "line":
            series["line"] = {"color": colour, "width": 2.25}
            series["marker"] = {"type": "circle", "size": 5, "fill": {"color": colour},
                                "border": {"color": colour}}
        else:
            series["fill"] = {"color": colour}
        chart.add_series(series)


def _value_axis(chart, indicator) -> None:
    options: dict[str, object] = {
        "num_format": number_format(indicator), "name": value_axis_title(indicator),
        "name_font": AXIS_TITLE_FONT, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    chart.set_y_axis(options)


def add_trend_chart(workbook, sheet, indicator, table: TableRange, period_class: str, periods: int,
                    anchor: str) -> None:
    """A line chart of the table's rows on a date axis, placed at ``anchor``."""
    chart = workbook.add_chart({"type": "line"})
    _add_series(chart, sheet.get_name(), table, "line")
    chart.set_x_axis({"date_axis": True, **date_ticks(period_class, periods),
                      "name": date_axis_title(period_class), "name_font": AXIS_TITLE_FONT})
    _value_axis(chart, indicator)
    _finish(chart, sheet, indicator.title, anchor)


def add_district_chart(workbook, sheet, indicator, table: TableRange, anchor: str) -> None:
    """A bar chart of the districts' rows by period, placed at ``anchor``."""
    chart = workbook.add_chart({"type": "column"})
    _add_series(chart, sheet.get_name(), table, "column")
    chart.set_x_axis({"name": "Period", "name_font": AXIS_TITLE_FONT})
    _value_axis(chart, indicator)
    _finish(chart, sheet, f"{indicator.title} by district", anchor)


def _finish(chart, sheet, title: str, anchor: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size(CHART_SIZE)
    sheet.insert_chart(anchor, chart)
