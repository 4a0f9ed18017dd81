"""Every value one figure has had: when, who, from what to what, why, and from which file and cell.

Both the council's own figure and the DfE's are listed, in time order, so an officer can see where a
number in a report came from and who corrected it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout

from cpdesk.indicators.model import Period
from cpdesk.store import Revision

COLUMNS = ("When", "Who", "Published by", "Old", "New", "Reason", "Source")
PUBLISHERS = (("local", "Council"), ("dfe", "DfE"))


def _shown(value: float | None, status: str | None, raw: str | None) -> str:
    if value is None and status is None:
        return "(empty)"
    if raw:
        return raw
    return status or f"{value:g}"


def _row(revision: Revision, publisher: str) -> tuple[str, ...]:
    source = ", ".join(part for part in (revision.source_file,
                                         revision.source_sheet and f"sheet '{revision.source_sheet}'",
                                         revision.source_cell and f"cell {revision.source_cell}") if part)
    return (revision.changed_at[:19].replace("T", " "), revision.changed_by, publisher,
            _shown(revision.old_value, revision.old_status, revision.old_raw),
            _shown(revision.new_value, revision.new_status, revision.new_raw),
            revision.reason, source)


class HistoryModel(QAbstractTableModel):
    """A read-only table of revisions, oldest first; strings are made once when it is built."""

    def __init__(self, rows: list[tuple[str, ...]], parent=None):
        super().__init__(parent)
        self._rows = rows

    @classmethod
    def for_cell(cls, store, area_code: str, indicator_id: str, period: Period) -> HistoryModel:
        rows = [(revision.changed_at, _row(revision, name))
                for publisher, name in PUBLISHERS
                for revision in store.history(area_code, indicator_id, period, "", publisher)]
        return cls([row for _, row in sorted(rows, key=lambda pair: pair[0])])

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None


class HistoryDialog(QDialog):
    def __init__(self, ctx, area_code: str, indicator_id: str, period: Period, parent=None):
        super().__init__(parent)
        indicator = ctx.schema.get(indicator_id)
        area = ctx.areas.find(area_code)
        title = f"{indicator.title if indicator else indicator_id}, " \
                f"{area.name if area else area_code}, {period.label}"
        self.setWindowTitle(f"History - {title}")
        self.model = HistoryModel.for_cell(ctx.store, area_code, indicator_id, period)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{title}</b>: every value this figure has had, oldest first."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 360)
