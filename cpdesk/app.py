"""Composition root of the desktop app: paths, logging, database, QApplication."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from cpdesk import paths

logger = logging.getLogger(__name__)


def setup_logging() -> Path:
    """Rotated logs in the user log folder; returns the log file's path (shown in crash dialogs)."""
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / "cpdesk.log"
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def demo_db_path() -> Path:
    return paths.data_dir() / "demo.sqlite"


def ensure_demo_db() -> Path:
    """The demo database, built from the sample workbooks the first time it is asked for."""
    db = demo_db_path()
    if not db.exists():
        from cpdesk.demo import build_demo

        for line in build_demo(db):
            logger.info("demo: %s", line)
    return db


def run_app(db: str | None = None, demo: bool = False) -> int:
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication

    from cpdesk.ui.main_window import MainWindow

    log_file = setup_logging()
    location = ensure_demo_db() if demo else Path(db) if db else paths.default_db_path()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("cpdesk")
    app.setOrganizationName("cpdesk")
    window = MainWindow(location, log_file=log_file)
    window.show()
    return app.exec()
