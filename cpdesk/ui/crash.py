"""Unexpected errors reach a dialog that says what happened and where the log is; the app goes on.

An expected one (a :class:`cpdesk.errors.CpdeskError`: a file, the database, a council's own schema)
that no page caught is shown as a plain warning with its own message, not as a crash."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from cpdesk.errors import CpdeskError

logger = logging.getLogger(__name__)


def crash_text(exc_type, exc, tb, log_file: Path | None) -> tuple[str, str]:
    """The short message and the details shown in the crash dialog."""
    summary = (f"Something went wrong inside cpdesk: {exc_type.__name__}: {exc}\n\n"
               "Your data is safe: nothing half-done was saved. ")
    if log_file:
        summary += f"The details are in the log file:\n{log_file}"
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    return summary, details


def show_expected_error(exc: CpdeskError, parent=None) -> None:
    """A plain warning with the error's own message."""
    QMessageBox.warning(parent or QApplication.activeWindow(), "cpdesk", str(exc))


def install_crash_handler(log_file: Path | None) -> None:
    """Route uncaught exceptions on the GUI thread to the log and a dialog, not a silent exit."""

    def handle(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if issubclass(exc_type, CpdeskError):
            logger.warning("%s", exc)
            if QApplication.instance() is not None:
                show_expected_error(exc)
            return
        logger.error("unexpected error", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            return
        summary, details = crash_text(exc_type, exc, tb, log_file)
        box = QMessageBox(QMessageBox.Icon.Critical, "cpdesk: unexpected error", summary)
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = handle
