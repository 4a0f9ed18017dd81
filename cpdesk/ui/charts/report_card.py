"""The report card: one tile per indicator the home council has figures for.

Each tile shows the headline figure with its own period ("28.0 at 31 Jul 2020"), a sparkline that
ends with it, the change and the period it is measured from, the neighbours' figures (the council's
reported one, the computed mean and median) and the region's and England's, each named with its
period where it is not the headline's, and a RAG badge that always carries its word ("Green",
"Amber", "Red", "No RAG") and the direction of travel, so colour is never the only cue, with a line
saying what the rating rests on or how to get one. Clicking a tile opens that indicator's chart.
"""

from __future__ import annotations

import datetime as dt
import html
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cpdesk.chart.card_words import as_at_words, change_words, comparator_lines, headline_period, rag_words
from cpdesk.chart.format import format_value
from cpdesk.chart.palette import RAG_COLOURS, role_style
from cpdesk.issues import counted
from cpdesk.query.as_at import title_for
from cpdesk.query.comparators import COUNT_NOTE, compared_with_other_areas
from cpdesk.query.report_card import ReportCardRow
from cpdesk.ui.charts.elided_label import ElidedLabel
from cpdesk.ui.charts.sparkline import Sparkline
from cpdesk.ui.charts.tile_grid import TileGrid
from cpdesk.ui.theme import readable_text

logger = logging.getLogger(__name__)

FIGURE_POINT_SIZE = 16
# The arrow says which way the figure moved; the word says whether that is better, by its polarity
# (fewer re-referrals: "▼ improving").
UP, DOWN, LEVEL = "▲", "▼", "►"
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "neutral": "No RAG", "none": "No RAG"}


def change_text(row: ReportCardRow) -> str:
    """"Change: -3.1" or "Change: +2.9 pts", for the PDF pack, which names the period in a column of
    its own; the tile says it in words ("Down 3.1 since 31 Mar 2024", :func:`change_words`)."""
    if row.change is None:
        return "Change: n/a"
    sign = "+" if row.change > 0 else ""
    text = format_value(row.change, row.indicator)
    if row.indicator.unit == "percent":  # a change in a percentage is in percentage points
        text = text.removesuffix("%") + " pts"
    return f"Change: {sign}{text}"


def movement(row: ReportCardRow) -> str:
    """"▼ improving": the way the figure moved, and whether that is better; "" when not known."""
    if row.direction not in ("improving", "worsening", "same"):
        return ""
    if row.direction == "same" or not row.change:
        return f"{LEVEL} same"
    return f"{UP if row.change > 0 else DOWN} {row.direction}"


def badge_text(row: ReportCardRow) -> str:
    """" Green · ▼ improving ", or " No RAG: set a target " (the reason is part of the badge)."""
    arrow = movement(row)
    word = RAG_WORDS.get(row.rag.status, row.rag.status)
    if row.rag.advice:
        word = f"{word}: {row.rag.advice}"
    return f" {word} " + (f"· {arrow} " if arrow else "")


def wrapped_label(text: str) -> QLabel:
    """Plain text that wraps onto as many lines as the tile's width needs."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class IndicatorTile(QFrame):
    """One indicator's figures; a click anywhere on it emits ``clicked`` with the indicator id."""

    clicked = Signal(str)

    def __init__(self, row: ReportCardRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.sparkline = Sparkline(row.sparkline, role_style("home").colour)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        lines = comparator_lines(row)
        tip = "\n".join((f"{row.indicator.title}: open the chart", *lines,
                          f"RAG: {row.rag.label} ({row.rag.basis})"))
        self.setToolTip(tip if compared_with_other_areas(row.indicator) else f"{tip}\n{COUNT_NOTE}")
        indicator = row.indicator
        self.title_label = QLabel(f"<b>{html.escape(title_for(indicator, row.latest.period))}</b>")
        self.title_label.setWordWrap(True)  # long titles wrap onto more lines, never clip
        self.figure_label = ElidedLabel(format_value(row.latest.value, indicator))
        self.period_label = ElidedLabel(headline_period(row))
        self.change_label = ElidedLabel(change_words(row))
        # The comparators and the rating's basis wrap rather than lose their periods to an ellipsis.
        self.comparators_label = wrapped_label(lines[0])
        self.areas_label = wrapped_label(lines[1] if len(lines) > 1 else "")
        if len(lines) <= 1:  # never show() it here: with no parent yet it would open as a window of its own
            self.areas_label.hide()
        self.rag_basis_label = wrapped_label(rag_words(row))
        self.withheld_label = wrapped_label(row.withheld_text)  # a newer year suppressed is said, not hidden
        if not row.withheld_text:
            self.withheld_label.hide()
        self.badge = QLabel(badge_text(row))
        colour = RAG_COLOURS.get(row.rag.status, RAG_COLOURS["none"])
        self.badge.setStyleSheet(f"background-color: {colour}; color: {readable_text(colour).name()}; "
                                 "border-radius: 3px;")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addStretch(1)  # tiles in a row share a height: their figures line up below the titles
        layout.addLayout(self._figure_line())
        for widget in (self.sparkline, self.change_label, self.withheld_label, self.comparators_label,
                       self.areas_label, self.badge, self.rag_basis_label):
            layout.addWidget(widget)

    def _figure_line(self) -> QHBoxLayout:
        """The latest value in large type with its period beside it, sharing a baseline."""
        font = self.figure_label.font()
        font.setPointSizeF(FIGURE_POINT_SIZE)
        self.figure_label.setFont(font)
        drop = self.figure_label.fontMetrics().descent() - self.period_label.fontMetrics().descent()
        self.period_label.setContentsMargins(0, 0, 0, max(0, drop))
        line = QHBoxLayout()
        line.setSpacing(self.fontMetrics().horizontalAdvance("  "))
        line.addWidget(self.figure_label, alignment=Qt.AlignmentFlag.AlignBottom)
        line.addWidget(self.period_label, alignment=Qt.AlignmentFlag.AlignBottom)
        line.addStretch(1)
        return line

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.row.indicator_id)
        super().mouseReleaseEvent(event)


class ReportCard(QWidget):
    """The tiles, in schema order, in as many columns as the width allows.

    ``indicator_clicked`` names the tile clicked; ``grid`` is the scrolling grid that holds them.
    """

    indicator_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tiles: dict[str, IndicatorTile] = {}
        self.grid = TileGrid()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.grid, stretch=1)

    def show_rows(self, rows: list[ReportCardRow], area_name: str, as_at: dt.date | None = None) -> None:
        """Replace the tiles with one per row; the heading says which "as at" rule chose the figures."""
        count = counted(len(rows), "indicator")
        advice = (" No figures are stored for it yet: import a workbook with File &gt; Import workbooks "
                  "(Ctrl+O), or drop one on this window." if not rows else "")
        if not rows and as_at is not None:
            advice = " None has a figure for a period ended by then: choose a later date, or Latest."
        self.heading.setText(f"<b>Report card — {html.escape(area_name)}</b> ({count} with figures). "
                             f"{html.escape(as_at_words(as_at))}.{advice}")
        self.tiles = {}
        for row in rows:
            tile = IndicatorTile(row)
            tile.clicked.connect(self.indicator_clicked)
            self.tiles[row.indicator_id] = tile
        self.grid.set_tiles(self.tiles.values())
