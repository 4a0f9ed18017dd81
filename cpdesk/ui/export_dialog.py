"""File > Export: the board workbook, the DfE layout or cpdesk's own format, for the home council."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cpdesk.export.safe_write import ExportError
from cpdesk.export.to_file import ExportRequest, export_to_file
from cpdesk.issues import counted
from cpdesk.store import StoreError
from cpdesk.ui.pdf_cli import export_pdf

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
    area = home.code if home else None
    try:
        message = _export(kind, path, area, ctx)
    except (ExportError, StoreError) as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
    ctx.status_message.emit(message)
    return message


def _export(kind: str, path: str, area: str | None, ctx) -> str:
    """Write the export; the message ends with how many indicators the layout had no room for."""
    if kind == "pdf":
        return export_pdf(SimpleNamespace(out=path, area=area, indicator=None), ctx.reference, ctx.store)
    done = export_to_file(ExportRequest(kind, Path(path), area), ctx.reference, ctx.store)
    if not done.left_out:
        return done.message
    verbs = "has no DfE column and was" if len(done.left_out) == 1 else "have no DfE column and were"
    return f"{done.message} {counted(len(done.left_out), 'indicator')} {verbs} left out."
