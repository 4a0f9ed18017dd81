"""The district chart: an indicator across an LA's districts or operational areas, as bars.

Bars are sorted as the table is (largest first for the last period); the LA's own figure is a
horizontal line across them. Several periods give grouped bars, one colour per period, each with
its own LA line in the same colour.
"""

from __future__ import annotations

from cpdesk.chart.format import (
    BAR_FIGURE_HEADROOM,
    axis_label,
    format_value,
    officer_label,
    span_text,
    suggested_y_range,
)
from cpdesk.chart.palette import period_colours, role_style
from cpdesk.chart.series_points import chart_point
from cpdesk.chart.spec import ChartSeries, ChartSpec, ReferenceLine
from cpdesk.indicators.model import Indicator
from cpdesk.query.districts import DistrictTable
from cpdesk.query.source import figures_source


def _sub_area_words(table: DistrictTable) -> str:
    kinds = {row.kind for row in table.rows}
    return "district" if kinds == {"district"} else "operational area" if kinds == {"operational"} else "area"


def build_district_spec(table: DistrictTable, indicator: Indicator) -> ChartSpec:
    if not table.rows:
        raise ValueError(f"no district figures for {table.la_name} on {indicator.id}")
    colours = period_colours(len(table.periods))
    if len(table.periods) == 1:
        colours = [role_style("district").colour]
    bars = []
    for position, (period, colour) in enumerate(zip(table.periods, colours, strict=True)):
        points = tuple(chart_point(x, row.name, row.points[position], indicator)
                       for x, row in enumerate(table.rows))
        bars.append(ChartSeries(name=officer_label(period), role="period", points=points, colour=colour,
                                style="bar", dash="solid", marker="none"))
    lines = []
    for period, value, colour in zip(table.periods, table.la_values, colours, strict=True):
        if value is not None:
            line_colour = role_style("home").colour if len(table.periods) == 1 else colour
            label = f"{table.la_name} {officer_label(period)}: {format_value(value, indicator)}"
            lines.append(ReferenceLine(label, value, "la", line_colour))
    values = [y for bar in bars for y in bar.ys] + [line.y for line in lines]
    when = span_text(table.periods)
    return ChartSpec(
        kind="districts",
        title=f"{indicator.title} by {_sub_area_words(table)} — {table.la_name}, {when}",
        subtitle=(f"Sorted largest first ({officer_label(table.periods[-1])}); "
                  f"line: {table.la_name} as a whole"),
        y_label=axis_label(indicator),
        x_categories=tuple(row.name for row in table.rows),
        series=tuple(bars),
        y_range=suggested_y_range(values, indicator, BAR_FIGURE_HEADROOM),
        reference_lines=tuple(lines),
        footnote=figures_source([*(p for row in table.rows for p in row.points), *table.la_points]),
    )
