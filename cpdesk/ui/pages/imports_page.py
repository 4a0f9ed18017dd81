"""Imports & history: every import, edit and undo, newest first, with each import's validation
report and a way to undo a whole import.

Undoing writes new revisions rather than deleting old ones, so the undo itself is listed here too.
The store refuses an undo whose figures were changed since (it says which), and that message is
shown to the officer as it is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.import_summary import SKIPPED_MEANS
from cpdesk.issues import ValidationReport
from cpdesk.national_pack import PackError, load_national_pack, pack_status
from cpdesk.store import ImportRecord, StoreError
from cpdesk.ui.import_history import EditChange, EditNames, describe
from cpdesk.ui.issues_model import RowsModel, issues_from_report_json
from cpdesk.ui.wizard_issues import SAVED_BY_ANOTHER_IMPORT, IssuesPanel, make_table

logger = logging.getLogger(__name__)

KIND_LABELS = {"file": "Import", "edit": "Edit", "undo": "Undo"}
STATUS_LABELS = {"committed": "Stored", "undone": "Undone"}


def local_time(utc_iso: str) -> str:
    """A stored UTC timestamp in the officer's own time zone, to the minute."""
    try:
        return dt.datetime.fromisoformat(utc_iso).astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        return utc_iso


class ImportsModel(RowsModel):
    """The import history as a table; ``record_at(row)`` gives the ImportRecord behind a row.

    Undos name the import they undid by its number, shown in the first column."""

    columns = ("Import", "When", "File or change", "User", "Kind", "Added", "Changed", "Unchanged",
               "Skipped", "Status")
    right_aligned = frozenset({0, 5, 6, 7, 8})
    column_tips = {8: SKIPPED_MEANS}  # noqa: RUF012
    DESCRIPTION = 2

    def __init__(self, records: Sequence[ImportRecord] = (), parent=None):
        super().__init__(parent)
        self.records: list[ImportRecord] = []
        self.set_records(records)

    def set_records(self, records: Sequence[ImportRecord],
                    changes: Mapping[int, EditChange] | None = None) -> None:
        """Show ``records``; ``changes`` names the figures edits changed, where they are known."""
        self.records = list(records)
        changes = changes or {}
        cells = [(str(r.id), local_time(r.imported_at), describe(r, changes.get(r.id)), r.who,
                  KIND_LABELS.get(r.kind, r.kind),
                  f"{r.n_added:,}", f"{r.n_changed:,}", f"{r.n_unchanged:,}", f"{r.n_skipped:,}",
                  "Done" if r.kind == "undo" else STATUS_LABELS.get(r.status, r.status))
                 for r in self.records]
        greyed = ["#EEEEEE" if r.status == "undone" else None for r in self.records]
        self._reset(cells, greyed, [r.file_path or "" for r in self.records])

    def record_at(self, row: int) -> ImportRecord:
        return self.records[row]


class ReportDialog(QDialog):
    """The validation report stored with one import; the selected issue is shown whole under the table."""

    def __init__(self, record: ImportRecord, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Validation report — {record.file_name}")
        report = ValidationReport(record.file_name, issues_from_report_json(record.report_json))
        self.panel = IssuesPanel(all_of_them=SAVED_BY_ANOTHER_IMPORT)
        self.panel.set_issues(report.issues)
        self.model = self.panel.model
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        summary = QLabel(f"Found when {record.file_name} was imported on {local_time(record.imported_at)}: "
                         f"{report.summary()}.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.resize(900, 480)


class ImportsPage(QWidget):
    """The history page. Refreshes itself whenever figures change anywhere in the app."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report_dialog: ReportDialog | None = None
        self.edit_names = EditNames(ctx)
        self.model = ImportsModel(parent=self)
        self.table = make_table(self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ImportsModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.open_report_button = QPushButton("Open report…")
        self.undo_button = QPushButton("Undo import")
        self.open_report_button.clicked.connect(self.open_report)
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_report_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(self._pack_row())
        layout.addWidget(QLabel("Every import, edit and undo, newest first."))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.data_changed.connect(self.refresh)
        ctx.undo_stack.indexChanged.connect(self.refresh)  # a new edit's command is on the stack now
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()  # the greyed rows' colours come from the palette
        super().changeEvent(event)

    def _pack_row(self) -> QHBoxLayout:
        """Which national data pack the database holds, and a button to load the one cpdesk ships."""
        self.pack_label = QLabel()
        self.pack_label.setWordWrap(True)
        self.load_pack_button = QPushButton("Load national data pack")
        self.load_pack_button.clicked.connect(self.load_pack)
        row = QHBoxLayout()
        row.addWidget(self.pack_label, 1)
        row.addWidget(self.load_pack_button)
        return row

    def refresh(self) -> None:
        records = self.ctx.store.imports()
        self.model.set_records(records, self.edit_names.changes(records))
        self._update_buttons()
        self._show_pack()

    def _show_pack(self) -> None:
        status = pack_status(self.ctx.store)
        problem = getattr(self.ctx, "pack_problem", "")
        self.pack_label.setText(status.describe() + (f" It could not be loaded: {problem}" if problem else "")
                                + " Newer DfE files are imported like any other file.")
        self.load_pack_button.setEnabled(status.can_load)
        self.load_pack_button.setToolTip(
            "This database holds the national data pack that ships with cpdesk." if not status.can_load else
            "Import the DfE's figures for every council, region and England that ship with cpdesk.")

    def load_pack(self) -> None:
        try:
            outcome = load_national_pack(self.ctx.store, user=self.ctx.user)
        except (PackError, StoreError) as exc:
            QMessageBox.warning(self, "Load national data pack", str(exc))
            return
        self.ctx.status_message.emit(f"National data pack loaded: {outcome.added:,} figures added, "
                                     f"{outcome.changed:,} changed.")
        self.ctx.notify_data_changed()

    def selected_record(self) -> ImportRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def select_import(self, import_id: int) -> None:
        for row, record in enumerate(self.model.records):
            if record.id == import_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        record = self.selected_record()
        self.open_report_button.setEnabled(record is not None and record.kind == "file")
        self.undo_button.setEnabled(record is not None and record.kind != "undo"
                                    and record.status == "committed")

    def open_report(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        self.report_dialog = ReportDialog(record, self)
        self.report_dialog.open()

    def undo_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        answer = QMessageBox.question(
            self, "Undo import",
            f"Undo the import of {record.file_name} ({local_time(record.imported_at)})? Every figure it "
            "added or changed goes back to what it was before; the undo is kept in the history.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.store.undo_import(record.id, self.ctx.user)
        except StoreError as exc:
            QMessageBox.warning(self, "Undo import", str(exc))
            return
        self.ctx.notify_data_changed()
