"""The table alternative to a chart: the same figures, as published, for reading out or copying.

A line or grouped-bar chart gives one row per period (or district) and one column per series; a ranked
or neighbours chart, whose series are only groups of one list, gives one row per council with its
figure and its group. A withheld figure shows its marker ("TBC", "c"); each cell's tooltip is the
chart's tooltip for that figure (area, period, value and source). Reference lines (a target, the
neighbours' mean, quartiles) follow as rows of their own.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cpdesk.chart.spec import ChartPoint, ChartSpec

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
LISTS = ("rank", "neighbours")  # kinds whose series are groups of one list of councils
FIRST_COLUMN = {"trend": "Period", "districts": "Area", "rank": "Council", "neighbours": "Council"}


def _cell(point: ChartPoint | None) -> tuple[str, str]:
    if point is None:
        return "", ""
    if point.y is None:
        return point.status_marker or "", point.tooltip
    return point.label, point.tooltip


class ChartTableModel(QAbstractTableModel):
    """The figures of one chart specification, read-only."""

    def __init__(self, spec: ChartSpec | None = None, parent=None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[tuple[str, str]]] = []
        if spec is not None:
            self.set_spec(spec)

    def set_spec(self, spec: ChartSpec | None) -> None:
        self.beginResetModel()
        self.headers, self.rows = _table(spec) if spec is not None else ([], [])
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.headers):
            return None
        text, tip = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return section + 1


def _table(spec: ChartSpec) -> tuple[list[str], list[list[tuple[str, str]]]]:
    first = FIRST_COLUMN.get(spec.kind, "")
    if spec.kind in LISTS:
        by_x = {p.x: (series.name, p) for series in spec.series for p in series.points}
        rows = [[(name, ""), _cell(by_x[x][1]), (by_x[x][0], "")]
                for x, name in enumerate(spec.x_categories) if x in by_x]
        headers = [first, "Figure", "Group"]
    else:
        headers = [first, *(series.name for series in spec.series)]
        points = [{p.x: p for p in series.points} for series in spec.series]
        rows = [[(name, ""), *(_cell(column.get(x)) for column in points)]
                for x, name in enumerate(spec.x_categories) if any(x in column for column in points)]
    width = len(headers)
    for line in spec.reference_lines:
        rows.append([(line.label, line.label)] + [("", "")] * (width - 1))
    return headers, rows
