"""Drawing one line series of a chart specification: the line, its gaps, its off-cycle points.

The line joins the series' points of the indicator's own cycle (``ChartPoint.group`` ""), at their
positions on the time axis; a missing figure, or more than one and a half cycles between two
figures, is a gap. Points of another kind (a 31 July snapshot, a month) are hollow markers in the
series' colour, joined only to points of their own group by a thin dotted line and named in the
legend (a lone point by its period, a group by its name), so they never break or bend the line. A withheld
figure ("TBC", "c") gets a cross and its text along the foot of the axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cpdesk.chart.spec import ChartPoint, ChartSeries, ChartSpec

PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
              "dashdot": Qt.PenStyle.DashDotLine, "dashdotdot": Qt.PenStyle.DashDotDotLine}
SYMBOLS = {"circle": "o", "square": "s", "triangle": "t1", "diamond": "d", "none": None}


def tip(x: float, y: float, data: object) -> str:
    return str(data)


@dataclass
class DrawnLine:
    main: pg.PlotDataItem
    companions: list[pg.GraphicsObject] = field(default_factory=list)
    drew_gaps: bool = False
    legend_entries: list[tuple[pg.PlotDataItem, str]] = field(default_factory=list)  # off-cycle markers


def line_values(spec: ChartSpec, points: Sequence[ChartPoint]) -> tuple[list[float], list[float], list[str]]:
    xs = [spec.x_position(p.x) for p in points]
    ys = [math.nan if p.y is None else float(p.y) for p in points]
    return xs, ys, [p.tooltip for p in points]


def joins(spec: ChartSpec, points: Sequence[ChartPoint]) -> tuple[list[ChartPoint], list[bool]]:
    """The points with a value, and whether each is joined to the next: not across a missing
    figure, nor (on a time axis) across more than one and a half of the lines' cycles."""
    valued, joined = [], []
    for point in points:
        if point.y is None:
            if joined:
                joined[-1] = False
            continue
        if joined and spec.x_step:
            gap = spec.x_position(point.x) - spec.x_position(valued[-1].x)
            joined[-1] = joined[-1] and gap <= 1.5 * spec.x_step
        valued.append(point)
        joined.append(True)
    return valued, joined


def draw_line(plot: pg.PlotWidget, series: ChartSeries, spec: ChartSpec, colour: QColor, line_scale: float,
              gap_row: int) -> DrawnLine:
    """Draw one line series with its off-cycle points and gap markers."""
    valued, joined = joins(spec, [p for p in series.points if not p.group])
    xs, ys, tips = line_values(spec, valued)
    style = PEN_STYLES.get(series.dash, Qt.PenStyle.SolidLine)
    pen = pg.mkPen(colour, width=2.5 * line_scale, style=style)
    symbol = SYMBOLS.get(series.marker) or "o"
    line = plot.plot(xs, ys, pen=pen, symbol=symbol, symbolSize=9, symbolBrush=colour,
                     symbolPen=pg.mkPen(colour), connect=numpy.array(joined, dtype=bool), data=tips,
                     hoverable=True, tip=tip)
    drawn = DrawnLine(line)
    for group in dict.fromkeys(p.group for p in series.points if p.group):
        members = [p for p in series.points if p.group == group]
        marker, words = _off_cycle(plot, spec, members, symbol, colour, line_scale)
        if marker is not None:
            drawn.companions.append(marker)
            drawn.legend_entries.append((marker, f"{series.name}, {words}"))
    gaps = _gap_markers(plot, series, spec, gap_row, colour)
    drawn.companions += gaps
    drawn.drew_gaps = bool(gaps)
    return drawn


def _off_cycle(plot: pg.PlotWidget, spec: ChartSpec, members: list[ChartPoint], symbol: str,
               colour: QColor, line_scale: float) -> tuple[pg.PlotDataItem | None, str]:
    """Hollow markers for one group of off-cycle points, joined thinly where a cycle apart, and the
    words the legend names them by: the period of a lone point, else the group's name. Named in the
    legend, not beside the points, so two groups' names can never be printed over each other."""
    valued, joined = joins(spec, members)
    if not valued:
        return None, ""
    xs, ys, tips = line_values(spec, valued)
    fill = QColor(colour)
    fill.setAlpha(0)
    item = pg.PlotDataItem(xs, ys, pen=pg.mkPen(colour, width=line_scale, style=Qt.PenStyle.DotLine),
                           connect=numpy.array(joined, dtype=bool), symbol=symbol, symbolSize=10,
                           symbolBrush=pg.mkBrush(fill), symbolPen=pg.mkPen(colour, width=1.5 * line_scale),
                           data=tips, hoverable=True, tip=tip)
    plot.addItem(item)
    last = valued[-1]
    return item, spec.x_categories[last.x] if len(valued) == 1 else f"{last.group} figures"


def _gap_markers(plot: pg.PlotWidget, series: ChartSeries, spec: ChartSpec, gap_row: int,
                 colour: QColor) -> list[pg.GraphicsObject]:
    """A cross and its text at the foot of the axis for each withheld figure."""
    gaps = [p for p in series.points if p.y is None and p.status_marker]
    if not gaps:
        return []
    low, high = spec.y_range or (0.0, 1.0)
    floor = low + (high - low) * (0.02 + 0.05 * gap_row)
    xs = [spec.x_position(p.x) for p in gaps]
    marks = pg.ScatterPlotItem(xs, [floor] * len(gaps), symbol="x", size=12,
                               pen=pg.mkPen(colour, width=2), brush=pg.mkBrush(None),
                               data=[p.tooltip for p in gaps], hoverable=True, tip=tip)
    plot.addItem(marks)
    found: list[pg.GraphicsObject] = [marks]
    for point, x in zip(gaps, xs, strict=True):
        text = pg.TextItem(point.status_marker, color=colour, anchor=(-0.3, 0.5))
        text.setPos(x, floor)
        plot.addItem(text)
        found.append(text)
    return found


def rated_point(plot: pg.PlotWidget, series: ChartSeries, spec: ChartSpec,
                outline: QColor) -> pg.GraphicsObject | None:
    """A large marker in the RAG colour on the figure the badge rates."""
    if spec.rag is None:
        return None
    rated = [p for p in series.points if p.y is not None and p.x == spec.rag.x]
    if not rated:
        return None
    point = rated[0]
    mark = pg.ScatterPlotItem([spec.x_position(point.x)], [float(point.y)], symbol="o", size=16,
                              brush=pg.mkBrush(spec.rag.colour), pen=pg.mkPen(outline, width=1.5),
                              data=[f"{point.tooltip}; RAG: {spec.rag.label} ({spec.rag.basis})"],
                              hoverable=True, tip=tip)
    plot.addItem(mark)
    return mark


def x_extent(spec: ChartSpec) -> tuple[float, float]:
    """The x range that shows every category with a margin: half a category, or on a time axis
    a twentieth of the span (at least a quarter of a year)."""
    if not spec.x_positions:
        return -0.6, max(len(spec.x_categories), 1) - 0.4
    first, last = min(spec.x_positions), max(spec.x_positions)
    margin = max((last - first) / 20, 0.25)
    return first - margin, last + margin
