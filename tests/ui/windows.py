"""Opening the main window in UI tests: a copy of the demo database, settings in the test's own
folder, and the window shown on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.settings import AppSettings

WARWICKSHIRE = "E10000031"


def demo_copy(demo_db_template: Path, folder: Path) -> Path:
    """A copy of the demo database in ``folder``, for a test that changes it."""
    db = folder / "db.sqlite"
    db.write_bytes(demo_db_template.read_bytes())
    return db


def settings_in(folder: Path, home_council: str = WARWICKSHIRE) -> AppSettings:
    """Settings kept in ``folder``, with ``home_council`` chosen."""
    settings = AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = home_council
    return settings


def shown_window(qtbot, ctx, size: tuple[int, int] | None = None) -> MainWindow:
    """The main window on ``ctx``, resized to ``size`` if given, shown and exposed."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
