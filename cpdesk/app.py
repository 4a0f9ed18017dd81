"""Composition root of the desktop app: paths, logging, database, QApplication.

Also the one way from the command line (``cpdesk/cli*.py``, which never imports ``cpdesk/ui``) to
Qt: opening the window, and drawing a chart or a PDF pack offscreen. Qt is loaded only inside these
functions, so importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import logging.handlers
import os
import re
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from cpdesk import paths
from cpdesk.qt_needs import (
    CANNOT_START,
    QtCannotStart,
    cannot_load_qt,
    debian_package,
    display_problem,
    is_qts_own,
    linux_platform,
    platform_plugin_file,
)

logger = logging.getLogger(__name__)

APP_USER_MODEL_ID = "cpdesk.desktop"  # Windows' taskbar id, the same on the installer's shortcuts
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


class LogFile(logging.handlers.RotatingFileHandler):
    """The rotated log file, which never disturbs the work it records.

    When the file cannot be written (a full disk, a share gone away) logging would print a
    traceback per record on top of a good import. Instead cpdesk says so once, in one line on
    stderr, and logs nothing more to the file for the rest of the run."""

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        problem = sys.exc_info()[1]
        if not isinstance(problem, OSError):
            super().handleError(record)  # a record that cannot be formatted: a fault in cpdesk
            return
        if self.failed:
            return
        self.failed = True
        reason = problem.strerror or "it could not be written"
        with contextlib.suppress(OSError, ValueError):  # no terminal either: stay quiet
            print(f"cpdesk: the log file {self.baseFilename} cannot be written ({reason}); "
                  "nothing more is logged to it in this run.", file=sys.stderr, flush=True)
        self._let_go()

    def _let_go(self) -> None:
        stream, self.stream = self.stream, None  # type: ignore[assignment]
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # flushing the buffer fails again on a full disk
                stream.close()


def log_file_handler() -> LogFile:
    """The rotated log in the user log folder, shared by the app and the command line.

    Raises OSError when the folder cannot be created or the file cannot be opened."""
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = LogFile(folder / "cpdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def setup_logging() -> Path:
    """Log to the user log folder; returns the log file's path (shown in crash dialogs)."""
    handler = log_file_handler()
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)


def ensure_demo_db() -> Path:
    """The demo database, built from the sample workbooks the first time it is asked for."""
    db = paths.demo_db_path()
    if not db.exists():
        from cpdesk.demo import build_demo

        for line in build_demo(db):
            logger.info("demo: %s", line)
    return db


def database_to_open(db: str | None, demo: bool, saved: str) -> str:
    """The database the window opens: the demo's file, else ``--db``, else ``CPDESK_DB``, else the one
    chosen in Settings (``saved``); a file's path or a team database's URL, never a file named after one."""
    from cpdesk.preferences import chosen_database

    return str(ensure_demo_db()) if demo else chosen_database(db, saved=saved)


def draw_offscreen_without_display() -> None:
    """With no display, or one that does not answer (a server, a scheduled task, SSH), Qt draws offscreen;
    pyqtgraph always uses PySide6."""
    chosen = os.environ.get("QT_QPA_PLATFORM")
    if not chosen and sys.platform.startswith("linux") and display_problem(os.environ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


@contextlib.contextmanager
def loading_qt_to(doing: str) -> Any:
    """Loading Qt to do something ("draw the chart"): a system library it needs that is missing (libGL.so.1)
    becomes :class:`QtCannotStart` naming it and its package, instead of an ImportError traceback."""
    try:
        yield
    except ImportError as exc:
        problem = cannot_load_qt(exc, doing)
        if problem is None:
            raise
        logger.error("%s (%s)", problem, exc)
        raise QtCannotStart(problem) from exc


def save_chart_image(spec: Any, out: Path, size: tuple[int, int]) -> Path:
    """Draw the chart ``spec`` (a :class:`cpdesk.chart.spec.ChartSpec`) to ``out``, a .png or .svg.

    Raises QtCannotStart when a system library Qt needs is missing."""
    draw_offscreen_without_display()
    with loading_qt_to("draw the chart"):
        from cpdesk.ui.charts.export import render_spec_to_file

    return render_spec_to_file(spec, out, size)


def pdf_drawer() -> Any:
    """The function that draws the PDF board pack (for :func:`cpdesk.export.service.export`), with Qt
    told to draw offscreen when there is no display. Raises QtCannotStart when a system library Qt needs
    is missing."""
    draw_offscreen_without_display()
    with loading_qt_to("draw the PDF pack"):
        from cpdesk.ui.pdf_pack import write_pdf_pack

    return write_pdf_pack


def run_smoke_test() -> int:
    """``cpdesk --smoke-test`` (cpdesk/ui/smoke_test.py): 0 when this copy of cpdesk works here."""
    from cpdesk.ui.smoke_test import run_smoke_test as run

    return run()


def xcb_plugin() -> Path | None:
    """PySide6's X11 platform plugin, found without loading Qt."""
    return platform_plugin_file("xcb")


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries ``library`` needs that the system cannot find, as ``ldd`` reports them
    (none when ``ldd`` itself cannot run)."""
    try:
        found = subprocess.run(["ldd", str(library)], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(found.stdout)))


def cannot_open_window(missing: list[str]) -> str:
    """What to tell the officer (or their IT) when Qt's X11 platform would fail for lack of ``missing``."""
    system = [name for name in missing if not is_qts_own(name)]
    lines = [f"cpdesk cannot open its window: Qt's X11 (xcb) platform needs {', '.join(missing)}, "
             "which cannot be found."]
    if system:
        lines.append("On Debian or Ubuntu install it with:  sudo apt-get install "
                     + " ".join(debian_package(name) for name in system))
    if len(system) < len(missing):
        lines.append("Qt's own libraries are missing: install PySide6 again "
                     "(pip install --force-reinstall PySide6).")
    return "\n".join(lines)


def window_preflight() -> str | None:
    """On Linux, the reason Qt's X11 (xcb) platform would fail to open the window, if it would: a system
    library it needs is missing, or there is no display, or the X server does not answer.

    Qt itself only says "could not load the Qt platform plugin" (or that xcb-cursor0 is needed) and
    aborts, naming no library and no display."""
    has_wayland = partial(platform_plugin_file, "wayland")
    if not sys.platform.startswith("linux") or linux_platform(os.environ, has_wayland) != "xcb":
        return None
    plugin = xcb_plugin()
    missing = missing_libraries(plugin) if plugin is not None else []
    return cannot_open_window(missing) if missing else display_problem(os.environ)


def x11_when_wayland_is_left_out() -> None:
    """The built app carries no Wayland plugin: on a Wayland desktop Qt would first print that it cannot
    find it, then fall back to X11 (XWayland), so cpdesk asks for X11 at once."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and os.environ.get("WAYLAND_DISPLAY") and platform_plugin_file("wayland") is None):
        os.environ["QT_QPA_PLATFORM"] = "xcb"


def _main_window(ctx: Any, log_file: Path) -> Any:
    """The main window; when the database cannot be read for it (damaged), its backups are offered
    and the window built on the one restored. None when the officer restores none."""
    from cpdesk.errors import CpdeskError
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.restore_dialog import offer_restore

    while True:
        try:
            return MainWindow(ctx, log_file=log_file)
        except CpdeskError as exc:
            logger.warning("the window could not read the database: %s", exc)
            no_backups = ctx.db_location is None or paths.database_file(ctx.db_location) is None  # a server
            if no_backups or not offer_restore(ctx, str(exc)):
                return None


def open_context(location: str, settings: Any, *, from_settings: bool, fix: Any = None) -> Any:
    """The app's context on ``location``, or None when it cannot be opened (the officer was told why).

    A team database chosen in Settings that cannot be reached (the server down, the password changed)
    must not lock the officer out of Settings: the message offers them, and cpdesk tries again with
    what they choose (``fix(message, settings)``, true when the settings were changed)."""
    from PySide6.QtWidgets import QMessageBox

    from cpdesk.errors import CpdeskError
    from cpdesk.preferences import chosen_database
    from cpdesk.store.credentials import is_server
    from cpdesk.ui.context import AppContext
    from cpdesk.ui.settings_dialog import fix_in_settings
    from cpdesk.ui.upgrade_offer import offer_upgrade

    while True:
        try:
            return AppContext(location, settings)
        except CpdeskError as exc:  # a locked or damaged database, a server refusing, local_indicators.toml
            if offer_upgrade(location):  # an older team database, and a login that may upgrade it
                continue
            if not (from_settings and is_server(location)):
                QMessageBox.warning(None, "cpdesk", str(exc))
                return None
            if not (fix or fix_in_settings)(str(exc), settings):
                return None
            location = chosen_database(None, saved=settings.database)


def set_window_icon(app: Any) -> None:
    """Every window's icon (title bar, taskbar, Alt+Tab): cpdesk.ico with all its sizes."""
    from PySide6.QtGui import QIcon

    group_on_taskbar()
    icon = QIcon(str(paths.icon_file()))
    if icon.isNull():  # the resources or Qt's imageformats plugin are missing: Qt's default icon stays
        logger.warning("the window icon %s could not be read", paths.icon_file())
    app.setWindowIcon(icon)


def group_on_taskbar() -> None:
    """On Windows, the process takes the Start menu shortcut's AppUserModelID (packaging/cpdesk.iss), so
    its windows share one taskbar button, pinnable, with cpdesk's icon (run from source, not Python's)."""
    if sys.platform != "win32":
        return
    import ctypes

    try:
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    except (AttributeError, OSError) as exc:  # a Windows without it: the taskbar groups by program instead
        logger.warning("the taskbar id could not be set: %s", exc)


def open_when_shown(window: Any, file: str) -> None:
    """Start the import wizard on ``file`` ("Open with cpdesk") once the window is up."""
    from PySide6.QtCore import QTimer

    logger.info("opened with %s: starting the import wizard on it", file)
    QTimer.singleShot(0, window, lambda: window.open_import([file]))


def run_app(db: str | None = None, demo: bool = False, open_file: str | None = None) -> int:
    """The desktop app on the database chosen (see :func:`database_to_open`); with ``open_file``, the
    import wizard opens on that file once the window is up."""
    x11_when_wayland_is_left_out()
    problem = window_preflight()
    if problem:
        print(problem, file=sys.stderr)
        return CANNOT_START
    from cpdesk.errors import EXPECTED_EXIT
    from cpdesk.gc_pauses import without_gc_pauses

    # Opening builds hundreds of thousands of objects that hold no reference cycles (Qt's modules, the
    # reference data, every stored figure, the widgets): with the cyclic collector held off until the
    # window is built, the first window is painted about 0.09 s sooner (docs/PERFORMANCE.md, Start-up).
    with without_gc_pauses():
        opened = _open_window(db, demo)
    if opened is None:
        return EXPECTED_EXIT
    app, ctx, window = opened
    from PySide6.QtWidgets import QMessageBox

    from cpdesk.ui.startup_probe import probe_first_paint

    window.show()
    probe_first_paint(window)  # only when CPDESK_STARTUP_PROBE names a file: the start-up benchmark
    if ctx.store.damaged:  # read-only until a backup is restored (File > Restore backup...)
        QMessageBox.warning(window, "cpdesk", ctx.store.notice)
    if open_file:
        open_when_shown(window, open_file)
    # The reference data, schema and widgets built so far live as long as the app: move them out of
    # the cyclic collector's way, so a full collection never re-walks them in the middle of a click.
    gc.freeze()
    code = app.exec()
    ctx.close()
    return code


def _open_window(db: str | None, demo: bool) -> tuple[Any, Any, Any] | None:
    """The QApplication, the context on the database and the main window, not yet shown; None when the
    officer was told why the database cannot be opened, or restored no backup of a damaged one."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication

    from cpdesk.preferences import DATABASE_VARIABLE
    from cpdesk.ui.crash import install_crash_handler
    from cpdesk.ui.first_run import welcome
    from cpdesk.ui.settings import AppSettings
    from cpdesk.ui.theme import apply_theme

    log_file = setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("cpdesk")
    app.setOrganizationName("cpdesk")
    app.setStyle("Fusion")
    set_window_icon(app)
    install_crash_handler(log_file)
    settings = AppSettings()
    apply_theme(app, settings.theme)
    location = database_to_open(db, demo, settings.database)
    from_settings = not (db or demo or os.environ.get(DATABASE_VARIABLE))
    ctx = open_context(location, settings, from_settings=from_settings)
    if ctx is None:
        return None
    welcome(ctx)
    window = _main_window(ctx, log_file)
    if window is None:
        ctx.close()
        return None
    return app, ctx, window
