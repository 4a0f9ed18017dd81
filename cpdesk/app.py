"""Composition root of the desktop app: paths, logging, database, QApplication.

Also the one way from the command line (``cpdesk/cli*.py``, which never imports ``cpdesk/ui``) to
Qt: opening the window, and drawing a chart or a PDF pack offscreen. Qt is loaded only inside these
functions, so importing this module stays cheap.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

from cpdesk import paths

logger = logging.getLogger(__name__)


def log_file_handler() -> logging.handlers.RotatingFileHandler:
    """The rotated log in the user log folder, shared by the app and the command line.

    Raises OSError when the folder cannot be created or the file cannot be opened."""
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(folder / "cpdesk.log", maxBytes=1_000_000,
                                                   backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging() -> Path:
    """Log to the user log folder; returns the log file's path (shown in crash dialogs)."""
    handler = log_file_handler()
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)


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


def draw_offscreen_without_display() -> None:
    """With no display (a server, a scheduled task) Qt draws offscreen; pyqtgraph always uses PySide6."""
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if not has_display and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def save_chart_image(spec: Any, out: Path, size: tuple[int, int]) -> Path:
    """Draw the chart ``spec`` (a :class:`cpdesk.chart.spec.ChartSpec`) to ``out``, a .png or .svg."""
    draw_offscreen_without_display()
    from cpdesk.ui.charts.export import render_spec_to_file

    return render_spec_to_file(spec, out, size)


def pdf_drawer() -> Any:
    """The function that draws the PDF board pack (for :func:`cpdesk.export.service.export`), with Qt
    told to draw offscreen when there is no display."""
    draw_offscreen_without_display()
    from cpdesk.ui.pdf_pack import write_pdf_pack

    return write_pdf_pack


def run_app(db: str | None = None, demo: bool = False) -> int:
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cpdesk.errors import EXPECTED_EXIT, CpdeskError
    from cpdesk.ui.context import AppContext
    from cpdesk.ui.crash import install_crash_handler
    from cpdesk.ui.first_run import welcome
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import AppSettings
    from cpdesk.ui.theme import apply_theme

    log_file = setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("cpdesk")
    app.setOrganizationName("cpdesk")
    app.setStyle("Fusion")
    install_crash_handler(log_file)
    settings = AppSettings()
    apply_theme(app, settings.theme)
    location = ensure_demo_db() if demo else Path(db) if db else Path(settings.database)
    try:
        ctx = AppContext(location, settings)
    except CpdeskError as exc:  # a locked or damaged database, a broken local_indicators.toml
        QMessageBox.warning(None, "cpdesk", str(exc))
        return EXPECTED_EXIT
    welcome(ctx)
    window = MainWindow(ctx, log_file=log_file)
    window.show()
    # The reference data, schema and widgets built so far live as long as the app: move them out of
    # the cyclic collector's way, so a full collection never re-walks them in the middle of a click.
    gc.freeze()
    code = app.exec()
    ctx.close()
    return code
