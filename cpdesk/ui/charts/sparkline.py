"""A report-card tile's sparkline: up to eight figures as a line with a dot at each, painted directly.

The Dashboard is the page the app opens on, with a tile per indicator: a pyqtgraph plot in each made
the first window wait for pyqtgraph and numpy to load and for thirty plot widgets to be built
(docs/PERFORMANCE.md, Start-up). A line through a handful of points needs neither.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from cpdesk.ui.theme import chart_colours

HEIGHT = 50
MARGIN = 6.0  # pixels kept clear round the line, so the dots at its ends and extremes are whole
DOT_RADIUS = 2.0
LINE_WIDTH = 2.0


def plotted(values: Sequence[float | None], area: QRectF) -> list[QPointF | None]:
    """Where each figure goes in ``area``: evenly spaced left to right, the highest at the top and the
    lowest at the bottom (all in the middle when they are equal); None where there is no figure."""
    known = [v for v in values if v is not None and math.isfinite(v)]
    if not known:
        return [None] * len(values)
    low, high = min(known), max(known)
    step = area.width() / (len(values) - 1) if len(values) > 1 else 0.0
    left = area.left() if len(values) > 1 else area.center().x()

    def height(value: float) -> float:
        if high == low:
            return area.center().y()
        return area.top() + (high - value) / (high - low) * area.height()

    return [None if v is None or not math.isfinite(v) else QPointF(left + i * step, height(v))
            for i, v in enumerate(values)]


def unbroken_runs(points: list[QPointF | None]) -> list[list[QPointF]]:
    """The stretches of consecutive figures: the line is broken where a period has none."""
    runs: list[list[QPointF]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


class Sparkline(QWidget):
    """The figures ``values`` (None for a period without one) in ``colour`` on the chart background of
    the current palette, so it follows the light or dark theme."""

    def __init__(self, values: Sequence[float | None], colour: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.values = tuple(values)
        self.colour = QColor(colour)
        self.setFixedHeight(HEIGHT)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a click is the tile's

    def background(self) -> QColor:
        return chart_colours(self.palette()).background

    def points(self) -> list[QPointF | None]:
        return plotted(self.values, QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.background())
        points = self.points()
        painter.setPen(QPen(self.colour, LINE_WIDTH))
        for run in unbroken_runs(points):
            painter.drawPolyline(run)
        painter.setBrush(self.colour)
        for point in filter(None, points):
            painter.drawEllipse(point, DOT_RADIUS, DOT_RADIUS)
        painter.end()
