"""Number formats and native Excel charts for the board workbook.

Charts are xlsxwriter charts whose series point at the table's cells, so an officer can restyle
them, or correct a figure in the table, in Excel and the chart follows.
"""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from cpdesk.indicators.model import Unit
from cpdesk.indicators.rates import round_half_up

UNIT_FORMATS = {Unit.COUNT: "#,##0", Unit.RATE_PER_10K: "0.0", Unit.PERCENT: "0.0%"}
RAG_FILLS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
LINE_COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F", "#000000", "#2E75B6", "#70AD47")


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


def absolute_range(sheet_name: str, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    start = xl_rowcol_to_cell(first_row, first_col, row_abs=True, col_abs=True)
    end = xl_rowcol_to_cell(last_row, last_col, row_abs=True, col_abs=True)
    return f"{quote_sheetname(sheet_name)}!{start}:{end}"


def add_table_chart(workbook, sheet, *, kind: str, title: str, header_row: int, first_row: int,
                    last_row: int, last_col: int, number_fmt: str, anchor: str) -> None:
    """A line (trend) or bar (districts) chart of the table rows, placed at ``anchor``.

    Each table row is a series: its name is the row's first cell, its categories the period
    headings and its values the row's figures.
    """
    chart = workbook.add_chart({"type": kind})
    name = sheet.get_name()
    for index, row in enumerate(range(first_row, last_row + 1)):
        series: dict[str, object] = {
            "name": f"={quote_sheetname(name)}!{xl_rowcol_to_cell(row, 0, row_abs=True, col_abs=True)}",
            "categories": "=" + absolute_range(name, header_row, 1, header_row, last_col),
            "values": "=" + absolute_range(name, row, 1, row, last_col),
        }
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        if kind == "line":
            series["line"] = {"color": colour, "width": 2.25}
            series["marker"] = {"type": "circle", "size": 5, "fill": {"color": colour},
                                "border": {"color": colour}}
        else:
            series["fill"] = {"color": colour}
        chart.add_series(series)
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
    chart.set_y_axis({"num_format": number_fmt, "major_gridlines": {"visible": True,
                                                                     "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 620, "height": 320})
    sheet.insert_chart(anchor, chart)
