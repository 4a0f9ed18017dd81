"""The main window: the stored figures, with a status line saying which database is open."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTableView

from cpdesk.store import StoreError, open_store
from cpdesk.ui.observations_model import ObservationsModel

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path | str, log_file: Path | None = None):
        super().__init__()
        self.db_path = db_path
        self.log_file = log_file
        self.setWindowTitle(f"cpdesk - {Path(str(db_path)).name}")
        self.model = ObservationsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(True)
        self.setCentralWidget(self.table)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.resize(1100, 700)
        self.reload()

    def reload(self) -> None:
        try:
            with open_store(self.db_path) as store:
                rows = store.observations()
        except StoreError as exc:
            QMessageBox.warning(self, "cpdesk", str(exc))
            rows = []
        self.model.set_observations(rows)
        self.table.resizeColumnsToContents()
        self.status_label.setText(f"{len(rows):,} figures  |  {self.db_path}")
