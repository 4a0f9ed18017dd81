"""Turning query series into chart series: one point per x category, tooltips, gaps and markers."""

from __future__ import annotations

from collections.abc import Sequence

from cpdesk.chart.format import format_value, officer_label, status_marker, status_words
from cpdesk.chart.palette import role_style
from cpdesk.chart.spec import ChartPoint, ChartSeries
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import period_sort_key
from cpdesk.query.comparators import AS_REPORTED
from cpdesk.query.cycle import class_words, period_class
from cpdesk.query.series import Series, SeriesPoint
from cpdesk.query.source import PUBLISHER_WORDS, figures_source


def x_periods(series: Sequence[Series]) -> list[Period]:
    """Every period any series has, in time order: the chart's x categories."""
    found = {point.period.key: point.period for s in series for point in s.points}
    return sorted(found.values(), key=period_sort_key)


def tooltip(name: str, point: SeriesPoint, indicator: Indicator) -> str:
    """Exact value, period, status and source, for hovering over a point."""
    head = f"{name}, {officer_label(point.period)}: "
    if point.value is None:
        head += status_marker(point.status, point.raw) or "no figure"
        if point.status:
            head += f" ({status_words(point.status)})"
    else:
        head += format_value(point.value, indicator)
    parts = [head]
    if point.low is not None and point.high is not None:
        parts.append(f"range {format_value(point.low, indicator)} to {format_value(point.high, indicator)}")
    if point.source:
        parts.append(f"source: {point.source}")
    if point.publisher:
        parts.append(f"published by: {PUBLISHER_WORDS.get(point.publisher, point.publisher)}")
    return "; ".join(parts)


def chart_point(x: int, name: str, point: SeriesPoint | None, indicator: Indicator, *,
                highlight: bool = False, group: str = "") -> ChartPoint:
    if point is None:
        return ChartPoint(x=x, y=None, tooltip=f"{name}: no figure", group=group)
    tip = tooltip(name, point, indicator) + (f" ({group} figure)" if group else "")
    return ChartPoint(
        x=x,
        y=point.value,
        tooltip=tip,
        status=point.status if point.value is None else None,
        status_marker=status_marker(point.status, point.raw) if point.value is None else None,
        highlight=highlight,
        group=group,
        label=format_value(point.value, indicator),
    )


def chart_series(series: Series, periods: Sequence[Period], indicator: Indicator, *,
                 style: str = "line", cycle: str | None = None) -> ChartSeries:
    """The series with a point at every x category of the ``cycle`` class (y None where it has no
    figure: a gap in the line), and a grouped point where it has a figure of another class.
    Without ``cycle``, a point at every category."""
    by_key = {point.period.key: point for point in series.points}
    look = role_style("sn_reported" if series.role == "sn" and series.basis == AS_REPORTED else series.role)
    points = []
    for x, period in enumerate(periods):
        point, kind = by_key.get(period.key), period_class(period)
        if cycle is None or kind == cycle:
            points.append(chart_point(x, series.name, point, indicator))
        elif point is not None:
            points.append(chart_point(x, series.name, point, indicator, group=class_words(kind)))
    return ChartSeries(name=series.name, role=series.role, points=tuple(points), colour=look.colour,
                       style=style, dash=look.dash, marker=look.marker, note=series.basis)


def footnote(series: Sequence[Series]) -> str:
    """Where the figures come from (publishers and files), and how each comparator was arrived at."""
    parts = [figures_source(p for s in series for p in s.points)]
    for s in series:
        if s.role in ("sn", "region", "england") and s.points:
            parts.append(f"{s.name}: {s.basis}.")
    return " ".join(part for part in parts if part)
