"""File > Restore backup...: the database's backups, newest first, with the day each was taken and the
figures it holds; the one chosen replaces the database (the file it replaces is kept first) and cpdesk
reads it at once.

The backups are listed and restored by :mod:`cpdesk.store.backups`, as ``cpdesk restore`` does.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
)

from cpdesk.store import StoreError
from cpdesk.store.backups import Backup, folder_of, list_backups, restore

logger = logging.getLogger(__name__)

COLUMNS = ("Taken", "Figures", "File", "State")


class BackupsModel(QAbstractTableModel):
    """One row per backup, newest first."""

    def __init__(self, found: list[Backup], parent=None):
        super().__init__(parent)
        self.backups = found

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        backup = self.backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(backup, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(backup: Backup, column: int) -> str:
        if column == 0:
            return backup.when
        if column == 1:
            return f"{backup.figures:,}" if backup.figures is not None else "-"
        if column == 2:
            return backup.path.name
        return "good" if backup.good else f"damaged: {backup.problem}"

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        backup = self.backups[index.row()]
        enabled = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return enabled if backup.good else Qt.ItemFlag.NoItemFlags


class RestoreDialog(QDialog):
    """Choose a backup; Restore puts it in place of the database and reopens it."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.database = Path(str(ctx.db_location)).resolve()
        self.setWindowTitle("Restore backup")
        self.model = BackupsModel(list_backups(self.database), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.intro = QLabel(self._intro_text())
        self.intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.restore_chosen)
        buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._follow_selection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self.done_message = ""

    def _intro_text(self) -> str:
        if not self.model.backups:
            return (f"There are no backups of {self.database.name} in {folder_of(self.database)} yet. cpdesk "
                    "takes one before the first change of each day, and one before every upgrade.")
        return (f"Backups of {self.database.name}, newest first. The one you restore replaces the database; "
                "the database as it is now is kept as a backup first.")

    def _follow_selection(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        backup = self.model.backups[rows[0].row()]
        return backup if backup.good else None

    def restore_chosen(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        self.ctx.store.close()
        try:
            done = restore(self.database, backup.path)
        except StoreError as exc:
            self.ctx.reopen_store()
            QMessageBox.warning(self, "Restore backup", str(exc))
            return
        self.ctx.reopen_store()
        kept = ""
        if done.previous is not None:
            kept = (f"The damaged file it replaced is kept as {done.previous.name}." if done.previous_damaged
                    else f"The file it replaced is kept as the backup {done.previous.name}.")
        figures = f"{backup.figures:,} figures" if backup.figures is not None else "its figures"
        self.done_message = f"Restored {backup.describe()}, {figures}. {kept}".strip()
        self.ctx.status_message.emit(self.done_message)
        self.accept()


def run_restore_dialog(ctx, parent=None) -> None:
    dialog = RestoreDialog(ctx, parent)
    dialog.exec()


def offer_restore(ctx, problem: str, parent=None) -> bool:
    """The database could not be read for the window (``problem`` says why): offer its backups.
    True when one was restored, so the window can be built again."""
    box = QMessageBox(QMessageBox.Icon.Warning, "cpdesk", problem, QMessageBox.StandardButton.Close, parent)
    if not list_backups(Path(str(ctx.db_location)).resolve()):  # nothing to offer: the message says so
        box.exec()
        return False
    choose = box.addButton("Restore backup...", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is not choose:
        return False
    dialog = RestoreDialog(ctx, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
