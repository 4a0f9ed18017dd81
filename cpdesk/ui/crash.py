"""Unexpected errors reach a dialog that says what happened and where the log is; the app goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

logger = logging.getLogger(__name__)


def crash_text(exc_type, exc, tb, log_file: Path | None) -> tuple[str, str]:
    """The short message and the details shown in the crash dialog."""
    summary = (f"Something went wrong inside cpdesk: {exc_type.__name__}: {exc}\n\n"
               "Your data is safe: nothing half-done was saved. ")
    if log_file:
        summary += f"The details are in the log file:\n{log_file}"
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    return summary, details


def install_crash_handler(log_file: Path | None) -> None:
    """Route uncaught exceptions on the GUI thread to the log and a dialog, not a silent exit."""

    def handle(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logger.error("unexpected error", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            return
        summary, details = crash_text(exc_type, exc, tb, log_file)
        box = QMessageBox(QMessageBox.Icon.Critical, "cpdesk: unexpected error", summary)
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = handle
