"""The small line in a report-card row: the LA's last (up to) 8 periods of the headline's class, with
the row's RAG on the headline figure."""

from __future__ import annotations

from cpdesk.chart.format import axis_label, format_value, officer_label, suggested_y_range
from cpdesk.chart.palette import role_style
from cpdesk.chart.series_points import chart_point
from cpdesk.chart.spec import ChartSeries, ChartSpec
from cpdesk.chart.trend import rag_badge
from cpdesk.query.report_card import ReportCardRow
from cpdesk.query.source import figures_source


def build_sparkline_spec(row: ReportCardRow, area_name: str) -> ChartSpec:
    indicator = row.indicator
    headline_x = next(x for x, point in enumerate(row.recent) if point.period.key == row.latest.period.key)
    points = tuple(
        chart_point(x, area_name, point, indicator, highlight=x == headline_x)
        for x, point in enumerate(row.recent)
    )
    look = role_style("home")
    latest = f"{format_value(row.latest.value, indicator)} ({officer_label(row.latest.period)})"
    return ChartSpec(
        kind="report_card_sparkline",
        title=f"{indicator.title} — {area_name}",
        subtitle=f"Latest {latest}; {row.direction}",
        y_label=axis_label(indicator),
        x_categories=tuple(officer_label(p, short=True) for p in row.sparkline_periods),
        series=(ChartSeries(area_name, "home", points, look.colour, "line", look.dash, "none"),),
        y_range=suggested_y_range(row.sparkline, indicator),
        rag=rag_badge(row.rag, headline_x, officer_label(row.latest.period)),
        footnote=figures_source(row.recent),
    )
