"""A vertically scrolling grid of equal-width tiles whose number of columns follows its width.

Tiles are placed in reading order (left to right, then down). When the width changes the same tile
widgets are moved to their new cells; nothing is rebuilt. The columns are worked out from the width
less the frame, the margins and a vertical scrollbar's width, whether or not the scrollbar is shown,
so the scrollbar appearing can never change the number of columns and make it disappear again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QStyle, QVBoxLayout, QWidget

logger = logging.getLogger(__name__)

MIN_TILE_WIDTH = 320
MAX_TILE_WIDTH = 600
TILE_SPACING = 8


def columns_for(width: int) -> int:
    """How many tiles of at least ``MIN_TILE_WIDTH`` fit side by side in ``width`` pixels."""
    return max(1, (width + TILE_SPACING) // (MIN_TILE_WIDTH + TILE_SPACING))


class TileGrid(QScrollArea):
    """Tiles in as many equal columns as fit; scrolls vertically, never horizontally."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = 0
        self._tiles: list[QWidget] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)  # the page around it already draws a frame
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        host = QWidget()
        self._grid = QGridLayout()
        self._grid.setSpacing(TILE_SPACING)
        host_layout = QVBoxLayout(host)
        host_layout.addLayout(self._grid)
        host_layout.addStretch(1)  # spare height goes below the last row, not into the tiles
        self.setWidget(host)
        self.setMinimumWidth(MIN_TILE_WIDTH + self._chrome_width())

    def tiles(self) -> list[QWidget]:
        return list(self._tiles)

    def set_tiles(self, tiles: Iterable[QWidget]) -> None:
        """Replace the tiles (the old ones are deleted) and lay the new ones out."""
        for tile in self._tiles:
            self._grid.removeWidget(tile)
            tile.hide()  # now: deleteLater waits for the event loop, showing the old tile under the new
            tile.deleteLater()
        self._tiles = list(tiles)
        for tile in self._tiles:
            tile.setMinimumWidth(MIN_TILE_WIDTH)
            tile.setMaximumWidth(MAX_TILE_WIDTH)
        self._place_tiles(self._columns_that_fit())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        columns = self._columns_that_fit()
        if columns != self.columns:
            self._place_tiles(columns)
        super().resizeEvent(event)

    def _chrome_width(self) -> int:
        """The width the frame, the host's margins and a vertical scrollbar take."""
        margins = self.widget().layout().contentsMargins()
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return 2 * self.frameWidth() + scrollbar + margins.left() + margins.right()

    def _columns_that_fit(self) -> int:
        return columns_for(self.width() - self._chrome_width())

    def _place_tiles(self, columns: int) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for position, tile in enumerate(self._tiles):
            row, column = divmod(position, columns)
            self._grid.addWidget(tile, row, column)
        for column in range(max(columns, self.columns)):
            in_use = column < columns  # empty columns still hold their width when tiles are few
            self._grid.setColumnStretch(column, 1 if in_use else 0)
            self._grid.setColumnMinimumWidth(column, MIN_TILE_WIDTH if in_use else 0)
        logger.debug("report tiles reflowed from %d to %d columns", self.columns, columns)
        self.columns = columns
