"""File > Export: the board workbook, the DfE layout or cpdesk's own format, for the home council."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cpdesk.cli_export import export_to_file
from cpdesk.export.safe_write import ExportError
from cpdesk.store import StoreError

logger = logging.getLogger(__name__)

CHOICES = {
    "Board tables with charts (.xlsx)": ("board", "Excel workbook (*.xlsx)", ".xlsx"),
    "DfE format (.xlsx or .csv)": ("dfe", "Excel workbook (*.xlsx);;CSV (*.csv)", ".xlsx"),
    "cpdesk format, imports back unchanged (.xlsx)": ("cpdesk", "Excel workbook (*.xlsx)", ".xlsx"),
    "Board pack (.pdf)": ("pdf", "PDF (*.pdf)", ".pdf"),
}
# What each export is called in the file name offered: "Warwickshire board pack 2026-11-30.pdf".
FILE_WORDS = {"board": "board tables", "dfe": "DfE format", "cpdesk": "cpdesk figures", "pdf": "board pack"}


def suggested_file_name(area_name: str, kind: str, suffix: str, day: dt.date | None = None) -> str:
    """The council, what the file holds and the day, with the format's own extension once."""
    return f"{area_name} {FILE_WORDS.get(kind, kind)} {(day or dt.date.today()).isoformat()}{suffix}"


def run_export_dialog(ctx, parent) -> str | None:
    """Ask what and where, write it safely, and say what was written (None if cancelled)."""
    choice, ok = QInputDialog.getItem(
        parent, "Export", "What would you like to export?", list(CHOICES), 0, False
    )
    if not ok:
        return None
    kind, filters, suffix = CHOICES[choice]
    home = ctx.areas.find(ctx.home_council)
    suggested = suggested_file_name(home.name if home else "cpdesk", kind, suffix)
    path, _ = QFileDialog.getSaveFileName(parent, "Export to", suggested, filters)
    if not path:
        return None
    args = SimpleNamespace(format=kind, out=path, area=home.code if home else None, indicator=None)
    try:
        message = export_to_file(args, ctx.reference, ctx.store)
    except (ExportError, StoreError) as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
    ctx.status_message.emit(message)
    return message
