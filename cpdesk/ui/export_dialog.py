"""File > Export: what to export (the board pack, the board workbook, the DfE layout or cpdesk's own),
for the home council, with its figures as the latest held or "as at" a chosen day.

The choices become an :class:`ExportRequest` for :func:`cpdesk.export.service.export`, the service
``cpdesk export`` uses too.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QWidget,
)

from cpdesk import paths
from cpdesk.export.as_at import as_at_words
from cpdesk.export.safe_write import ExportError
from cpdesk.export.service import ExportFormat, ExportRequest, export
from cpdesk.store import StoreError
from cpdesk.ui.pdf_pack import write_pdf_pack

logger = logging.getLogger(__name__)

CHOICES = {
    "Board pack (.pdf)": (ExportFormat.PDF, "PDF (*.pdf)", ".pdf"),
    "Board tables with charts (.xlsx)": (ExportFormat.BOARD, "Excel workbook (*.xlsx)", ".xlsx"),
    "DfE format (.xlsx or .csv)": (ExportFormat.DFE, "Excel workbook (*.xlsx);;CSV (*.csv)", ".xlsx"),
    "cpdesk format, imports back unchanged (.xlsx)": (ExportFormat.CPDESK, "Excel workbook (*.xlsx)",
                                                      ".xlsx"),
}
# What each export is called in the file name offered: "Warwickshire board pack 2026-11-30.pdf".
FILE_WORDS = {ExportFormat.BOARD: "board tables", ExportFormat.DFE: "DfE format",
              ExportFormat.CPDESK: "cpdesk figures", ExportFormat.PDF: "board pack"}


def suggested_file_name(area_name: str, kind: str, suffix: str, day: dt.date | None = None,
                        as_at: dt.date | None = None) -> str:
    """The council, what the file holds and the day (the "as at" day if one is chosen), with the
    format's own extension once."""
    words = FILE_WORDS.get(ExportFormat(kind), kind)
    when = f"as at {as_at.isoformat()}" if as_at else (day or dt.date.today()).isoformat()
    return f"{area_name} {words} {when}{suffix}"


class ExportChoiceDialog(QDialog):
    """What to export, and whether its figures are the latest held or those as at a day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.kind = QComboBox()
        self.kind.addItems(list(CHOICES))
        self.as_at_box = QCheckBox("Figures as at")
        self.as_at_box.setToolTip("Leave unticked for each indicator's latest figure held; tick to show "
                                  "every figure as the latest on or before the day chosen.")
        self.as_at_date = QDateEdit(QDate.currentDate())
        self.as_at_date.setCalendarPopup(True)
        self.as_at_date.setDisplayFormat("d MMMM yyyy")
        self.as_at_date.setEnabled(False)
        self.as_at_box.toggled.connect(self.as_at_date.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.as_at_box)
        when.addWidget(self.as_at_date, 1)
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("What would you like to export?", self.kind)
        form.addRow("Figures:", when)
        form.addRow(self.buttons)

    def choice(self) -> tuple[ExportFormat, str, str]:
        return CHOICES[self.kind.currentText()]

    def as_at(self) -> dt.date | None:
        return self.as_at_date.date().toPython() if self.as_at_box.isChecked() else None


def run_export_dialog(ctx, parent) -> str | None:
    """Ask what and where, write it safely, and say what was written (None if cancelled)."""
    dialog = ExportChoiceDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    kind, filters, suffix = dialog.choice()
    as_at = dialog.as_at()
    home = ctx.areas.find(ctx.home_council)
    suggested = suggested_file_name(home.name if home else "cpdesk", kind, suffix, as_at=as_at)
    start = str(paths.documents_dir() / suggested)
    path, _ = QFileDialog.getSaveFileName(parent, "Export to", start, filters)
    if not path:
        return None
    request = ExportRequest(kind, Path(path), home.code if home else None, as_at=as_at)
    try:
        message = export_message(request, ctx)
    except (ExportError, StoreError) as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
    ctx.status_message.emit(message)
    return message


def export_message(request: ExportRequest, ctx) -> str:
    """Write the export; the message ends with the one note on what the layout had no room for."""
    done = export(request, ctx.reference, ctx.store, home_council=ctx.home_council, draw_pdf=write_pdf_pack)
    logger.info("exported %s %s", request.format, as_at_words(request.as_at) or "latest")
    return f"{done.message} {done.note}".strip()
