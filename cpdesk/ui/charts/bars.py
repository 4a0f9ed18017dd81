"""Drawing one bar series: the bars, a tooltip wherever the pointer rests on a bar, and the figures.

Every bar answers a hover with its area, period, value and source (the spec's tooltip), over its whole
height, not only at its top. Bars few enough to be wide carry their figure above them, as published
("33.0", "45.2%"); on a ranked chart of 150 councils they would crowd, so there only the tooltip and
the table give the figures.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor

from cpdesk.chart.spec import ChartPoint, ChartSeries

logger = logging.getLogger(__name__)

MOST_BARS_LABELLED = 40  # more bars than this are too narrow for their figures
HOME_BAR_OUTLINE = "#333333"


class TippedBars(pg.BarGraphItem):
    """Bars with a tooltip per bar: the spec's tooltip of the bar under the pointer."""

    def __init__(self, points: Sequence[ChartPoint], xs: Sequence[float], width: float, **options) -> None:
        super().__init__(x=list(xs), height=[float(p.y or 0.0) for p in points], width=width, **options)
        self.points = list(points)
        self.xs = list(xs)
        self.bar_width = width
        self.setAcceptHoverEvents(True)

    def tip_at(self, x: float, y: float) -> str:
        """The tooltip of the bar at (x, y) in the chart's coordinates; "" between bars."""
        for point, centre in zip(self.points, self.xs, strict=True):
            low, high = sorted((0.0, float(point.y or 0.0)))
            if abs(x - centre) <= self.bar_width / 2 and low <= y <= high:
                return point.tooltip
        return ""

    def hoverEvent(self, ev) -> None:  # noqa: N802 - pyqtgraph API
        if ev.isExit():
            self.setToolTip("")
            return
        self.setToolTip(self.tip_at(ev.pos().x(), ev.pos().y()))


def bar_geometry(position: int, count: int, full_width: bool) -> tuple[float, float]:
    """The width of each bar and its offset from the category's centre: grouped bars side by side."""
    width = 0.9 if full_width else 0.8 / max(count, 1)
    offset = 0.0 if full_width else (position - (count - 1) / 2) * width
    return width, offset


def draw_bars(plot: pg.PlotWidget, series: ChartSeries, colour: QColor, outline: QColor, line_scale: float,
              geometry: tuple[float, float], labelled: bool,
              text_colour: QColor) -> tuple[TippedBars, list[pg.GraphicsObject]]:
    """The bars of ``series`` and, when ``labelled``, a figure above each."""
    width, offset = geometry
    present = [p for p in series.points if p.y is not None]
    xs = [float(p.x) + offset for p in present]
    bars = TippedBars(present, xs, width, brush=colour, pen=pg.mkPen(outline, width=line_scale))
    plot.addItem(bars)
    figures: list[pg.GraphicsObject] = []
    if labelled:
        for point, x in zip(present, xs, strict=True):
            text = pg.TextItem(point.label, color=text_colour, anchor=(0.5, 1.0))
            text.setPos(x, float(point.y or 0.0))
            plot.addItem(text)
            figures.append(text)
    return bars, figures
