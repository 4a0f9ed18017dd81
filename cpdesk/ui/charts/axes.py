"""The axes and the source note of a drawn chart, laid out so that no text overlaps or is cut off.

The category (x) axis prints only the labels :func:`cpdesk.chart.ticks.plan_labels` chooses for its
current length, measured with the painter that draws them, so thinning follows the window's width
and a saved image thins alike. The value axis writes numbers as officers do ("700,000"). The note
under the chart wraps at words to the width it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QPainter, QTextOption
from PySide6.QtWidgets import QSizePolicy

from cpdesk.chart.ticks import AxisLabel, AxisSpan, PlacedLabel, plan_labels

logger = logging.getLogger(__name__)

MAX_WIDTH = 100_000.0
EDGE_ROOM = 10_000  # pixels pyqtgraph may let a label pass the axis' end: the planner slides it back


class ThousandsAxis(pg.AxisItem):
    """A value axis whose ticks carry thousands separators: "700,000"."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        texts = super().tickStrings(values, scale, spacing)
        return [_with_separators(text) for text in texts]


def _with_separators(text: str) -> str:
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith(("-", "−")) else ""
    digits = whole.lstrip("-−")
    if not digits.isdigit():
        return text
    return f"{sign}{int(digits):,}{dot}{fraction}"


class PlannedAxis(pg.AxisItem):
    """A bottom axis that prints the planned labels (see :mod:`cpdesk.chart.ticks`), with a bare tick
    where a label is left out; ``placed`` holds what the last drawing printed, in pixels along it."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation)
        self.labels: list[AxisLabel] = []
        self.lanes = 1
        self.placed: list[PlacedLabel] = []
        self.setStyle(hideOverlappingLabels=EDGE_ROOM)

    def set_labels(self, labels: Sequence[AxisLabel], lanes: int = 1) -> None:
        self.labels, self.lanes = list(labels), lanes
        self.setTicks([[(label.position, label.text) for label in self.labels]])

    def plan(self, painter: QPainter) -> list[PlacedLabel]:
        """The labels that fit this axis' current length, measured with ``painter``'s font."""
        def width(text: str) -> float:
            return painter.boundingRect(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text).width()

        span = AxisSpan(self.range[0], self.range[1], self._bounds().width())
        return plan_labels(self.labels, width, span, lanes=self.lanes)

    def _bounds(self) -> QRectF:
        return self.mapRectFromParent(self.geometry())

    def generateDrawSpecs(self, p):  # noqa: N802 - pyqtgraph API
        self.placed = self.plan(p)
        shown = {spot.label.position for spot in self.placed}
        unlabelled = [label.position for label in self.labels if label.position not in shown]
        everything = self._tickLevels
        # A label on a lower lane is given to pyqtgraph with a blank line above it, so the axis makes
        # room for that line; it is printed on its own line below (see _slid).
        self._tickLevels = [[(spot.label.position, _laned(spot)) for spot in self.placed],
                            [(x, "") for x in unlabelled]]
        try:
            specs = super().generateDrawSpecs(p)
        finally:
            self._tickLevels = everything
        if specs is None:
            return None
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, tick_specs, self._slid(text_specs)

    def _slid(self, text_specs: list) -> list:
        """pyqtgraph's text boxes, each moved to where the plan put it (in from an end of the axis)."""
        left_edge = self._bounds().left()
        waiting = list(self.placed)
        slid = []
        for rect, flags, text in text_specs:
            spot = next((s for s in waiting if _laned(s) == text), None)
            if spot is None:
                continue
            waiting.remove(spot)
            line = rect.height() / (spot.lane + 1)
            moved = QRectF(left_edge + spot.left, rect.top() + spot.lane * line, rect.width(), line)
            slid.append((moved, flags, spot.label.text))
        return slid


def _laned(spot: PlacedLabel) -> str:
    return "\n" * spot.lane + spot.label.text


class FootnoteItem(pg.LabelItem):
    """The source note under a chart: wrapped at spaces to the width the layout gives it (a word is
    never cut), and the height of its layout row following the number of lines."""

    def __init__(self, text: str, layout, row: int, **options) -> None:
        self._layout, self._row = layout, row
        super().__init__(" ", justify="left", **options)
        document_option = QTextOption()
        document_option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self.item.document().setDefaultTextOption(document_option)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def updateMin(self) -> None:  # noqa: N802 - pyqtgraph API
        """Only the height is pinned: the width is the layout's to give, and the text wraps to it."""
        self.updateGeometry()

    def sizeHint(self, which, constraint=None) -> QSizeF:  # noqa: N802 - Qt API
        height = self.item.boundingRect().height()
        width = MAX_WIDTH if which == Qt.SizeHint.MaximumSize else 0.0
        return QSizeF(width, height)

    def resizeEvent(self, ev) -> None:  # noqa: N802 - Qt API
        width = self.rect().width()
        if width > 0 and abs(self.item.textWidth() - width) > 0.5:
            self.item.setTextWidth(width)
            self._layout.setRowFixedHeight(self._row, self.item.boundingRect().height() + 2)
        super().resizeEvent(ev)

    def lines(self) -> list[str]:
        """The note as laid out, one string per line."""
        layout_lines = []
        block = self.item.document().begin()
        while block.isValid():
            text, layout = block.text(), block.layout()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                layout_lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
            block = block.next()
        return layout_lines
