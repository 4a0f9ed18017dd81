"""A read-only table of stored figures, with every display string computed once up front."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt

COLUMNS = ("Area", "Indicator", "Breakdown", "Period", "Value", "Status", "Source")


def _display_value(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


class ObservationsModel(QAbstractTableModel):
    def __init__(self, observations=(), parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self.set_observations(observations)

    def set_observations(self, observations) -> None:
        self.beginResetModel()
        self._rows = [
            (o.area_name, o.indicator_id, o.breakdown, o.period.label, _display_value(o.value),
             o.status or "", " ".join(x for x in (o.source_file, o.source_cell) if x))
            for o in observations
        ]
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
