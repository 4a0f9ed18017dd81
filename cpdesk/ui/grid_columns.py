"""Sizing the data grid's columns to their contents without asking the model about every cell.

``QTableView.resizeColumnsToContents`` has the delegate measure every cell, eight model calls each:
over 100 ms for a national selection of 176 areas x 25 periods, more than loading it. Here each
distinct text of a column is measured once with the font's metrics, and only the widest few go
through the delegate, so the widths come out as Qt's own (header, grid line and bounds included).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView

logger = logging.getLogger(__name__)

CANDIDATES = 3  # distinct text widths per column handed to the delegate, in case its sums differ by a pixel


def fit_columns_to_contents(table: QTableView) -> None:
    """Give every column the width ``resizeColumnsToContents`` would, for a model with ``column_texts``."""
    model = table.model()
    header = table.horizontalHeader()
    plain = QFontMetrics(table.font())
    status = QFontMetrics(model.status_font.resolve(table.font()))
    grid_line = 1 if table.showGrid() else 0
    for column in range(model.columnCount()):
        rows = widest_rows(model.column_texts(column), plain, status)
        if not rows:
            table.resizeColumnToContents(column)
            continue
        content = max(table.sizeHintForIndex(model.index(row, column)).width() for row in rows) + grid_line
        width = max(content, header.sectionSizeHint(column), header.minimumSectionSize())
        header.resizeSection(column, min(width, header.maximumSectionSize()))


def widest_rows(texts: dict[str, tuple[int, bool]], plain: QFontMetrics, status: QFontMetrics) -> list[int]:
    """Rows showing the widest texts: one for each of the ``CANDIDATES`` largest distinct widths."""
    by_width: dict[int, int] = {}
    for text, (row, is_status) in texts.items():
        width = (status if is_status else plain).horizontalAdvance(text)
        by_width.setdefault(width, row)
    return [by_width[width] for width in sorted(by_width, reverse=True)[:CANDIDATES]]
