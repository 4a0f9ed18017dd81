"""The main window: navigator on the left, pages in the middle, menus, toolbar and status bar."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
)

from cpdesk.paths import documents_dir
from cpdesk.ui.import_history import history_counts
from cpdesk.ui.navigator import Navigator
from cpdesk.ui.pages.registry import LazyPages, page_factories
from cpdesk.ui.status_bar import ElidedLabel, StatusBar
from cpdesk.ui.theme import apply_theme

logger = logging.getLogger(__name__)

WORKBOOK_FILTER = "Workbooks (*.xlsx *.xlsm *.xls *.ods *.csv)"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
PREFERRED_SIZE = QSize(1280, 800)
SCREEN_SHARE = 0.9  # a first window leaves a margin of the screen for its frame and title bar


def first_geometry(available: QRect, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """Where the window opens when no layout was saved: its preferred size, but no more than
    ``SCREEN_SHARE`` of the screen's available area (1229 x 655 on a 1366 x 768 laptop with a
    taskbar), centred on that area."""
    width = min(preferred.width(), int(available.width() * SCREEN_SHARE))
    height = min(preferred.height(), int(available.height() * SCREEN_SHARE))
    placed = QRect(0, 0, width, height)
    placed.moveCenter(available.center())
    return placed


def fitted_geometry(restored: QRect, available: QRect) -> QRect:
    """A saved window place on the screen it opens on now: unchanged where it fits; otherwise (saved on
    a bigger monitor since unplugged) no bigger than a first window and moved wholly onto the screen."""
    if available.contains(restored):
        return QRect(restored)
    size = first_geometry(available, restored.size()).size()
    left = min(max(restored.left(), available.left()), available.right() + 1 - size.width())
    top = min(max(restored.top(), available.top()), available.bottom() + 1 - size.height())
    return QRect(left, top, size.width(), size.height())


def available_geometry(window: QMainWindow) -> QRect:
    """The available area (less taskbars and docks) of the screen the window would open on."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def redo_shortcuts() -> list[QKeySequence]:
    """Ctrl+Y and the platform's own Redo keys, each once: where the platform's Redo is Ctrl+Y
    (Windows), listing it twice makes Qt call the shortcut ambiguous and run nothing."""
    keys = [QKeySequence("Ctrl+Y"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
    return list({key.toString(): key for key in keys}.values())


class MainWindow(QMainWindow):
    def __init__(self, ctx, log_file: Path | None = None):
        super().__init__()
        self.ctx = ctx
        self.log_file = log_file
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages = LazyPages(self.tabs, page_factories(ctx, self))
        self.setCentralWidget(self.tabs)
        self.navigator = Navigator(ctx)
        dock = QDockWidget("Navigator", self)
        dock.setObjectName("navigator")
        dock.setWidget(self.navigator)
        self.navigator.setMinimumWidth(270)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.navigator.area_chosen.connect(lambda code: ctx.select(area_code=code))
        self.navigator.indicator_chosen.connect(lambda ind: ctx.select(indicator_id=ind))
        self.setStatusBar(StatusBar(self))
        self.status_label = ElidedLabel(Qt.TextElideMode.ElideMiddle)  # the council, imports, database
        self.statusBar().addPermanentWidget(self.status_label)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text))
        ctx.data_changed.connect(self.update_status)
        ctx.home_council_changed.connect(self.follow_home_council)
        self._build_actions()
        self._restore_layout()
        self._notice_shown = ""
        self.update_status()

    # -- actions and menus -------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("."))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            "&Import workbooks...", self.open_import, QKeySequence.StandardKey.Open
        )
        self.export_action = self._action("&Export...", self.open_export, QKeySequence.StandardKey.Save)
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_shortcuts())
        self.find_action = self._action("&Find indicator", self.focus_search, QKeySequence.StandardKey.Find)
        self.help_action = self._action("cpdesk &help", self.show_help, QKeySequence.StandardKey.HelpContents)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_action)
        self.recent_menu = file_menu.addMenu("Recent files")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self.export_action)
        self.restore_action = self._action("&Restore backup...", self.open_restore,
                                           tip="Put a backup of the database in its place")
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self._action("&Settings...", self.open_settings))
        file_menu.addSeparator()
        file_menu.addAction(self._action("E&xit", self.close, QKeySequence.StandardKey.Quit))
        edit_menu = self.menuBar().addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.find_action):
            edit_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        for index, title in enumerate(self.pages):
            view_menu.addAction(
                self._action(
                    title.replace("&", "&&"),
                    lambda _=False, i=index: self.tabs.setCurrentIndex(i),
                    f"Ctrl+{index + 1}",
                )
            )
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self._action("&About cpdesk", self.show_about))
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        self.toolbar_undo = short_twin("Undo", self.undo_action, self)
        self.toolbar_redo = short_twin("Redo", self.redo_action, self)
        for action in (self.import_action, self.export_action, self.toolbar_undo, self.toolbar_redo):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.ctx.settings.recent_files():
            self.recent_menu.addAction(path, lambda p=path: self.open_import([p]))
        self.recent_menu.setEnabled(bool(self.ctx.settings.recent_files()))

    # -- behaviour ---------------------------------------------------------------------------
    def open_import(self, paths: list[str] | None = None) -> None:
        from cpdesk.ui.import_wizard import ImportWizard

        if self.ctx.store.read_only:
            QMessageBox.warning(self, "Import workbooks", self.ctx.store.write_refusal)
            return
        if not paths:
            folder = str(self.ctx.settings.last_folder() or documents_dir())
            paths, _ = QFileDialog.getOpenFileNames(self, "Import workbooks", folder, WORKBOOK_FILTER)
            if not paths:
                return
        wizard = ImportWizard(self.ctx, [str(p) for p in paths], parent=self)
        wizard.open()

    def open_export(self) -> None:
        from cpdesk.ui.export_dialog import run_export_dialog

        run_export_dialog(self.ctx, self)

    def open_restore(self) -> None:
        from cpdesk.ui.restore_dialog import run_restore_dialog

        run_restore_dialog(self.ctx, self)
        self.show_database_state()

    def show_database_state(self) -> None:
        """The title, the import action and the grid follow the database: read-only or damaged ones take
        no imports or edits, and say so in the title and, once, in the status bar."""
        store = self.ctx.store
        file = store.location.path  # None for a team database: its URL, without password, names it
        name = file.name if file is not None else store.display_name
        self.setWindowTitle(f"cpdesk - {name}{' (read-only)' if store.read_only else ''}")
        self.import_action.setEnabled(not store.read_only)
        self.restore_action.setEnabled(file is not None)  # a server keeps its own backups
        if store.notice and store.notice != self._notice_shown:
            self._notice_shown = store.notice
            self.statusBar().showMessage(store.notice, 0)

    def open_settings(self) -> None:
        from cpdesk.ui.settings_dialog import SettingsDialog

        previous_home = self.ctx.home_council
        dialog = SettingsDialog(self.ctx.areas, self.ctx.settings, self, open_database=self.ctx.db_location)
        if dialog.exec():
            apply_theme(QApplication.instance(), self.ctx.settings.theme)
            if self.ctx.home_council != previous_home:
                self.ctx.notify_home_council_changed()
            self.update_status()

    def follow_home_council(self, _code: str) -> None:
        """Rebuild what names the home council: the navigator (search kept), the report card, the status."""
        self.navigator.populate()
        dashboard = self.pages.built("Dashboard")  # one not built yet reads the new council when it is
        if dashboard is not None:
            dashboard.refresh()
        self.update_status()

    def focus_search(self) -> None:
        self.navigator.search.setFocus()
        self.navigator.search.selectAll()

    def show_help(self) -> None:
        QMessageBox.information(self, "cpdesk help", HELP_TEXT)

    def show_about(self) -> None:
        from cpdesk import __version__

        QMessageBox.about(
            self,
            "About cpdesk",
            f"cpdesk {__version__}\nDatabase: {self.ctx.store.display_name}\nLog: {self.log_file or '-'}",
        )

    def update_status(self) -> None:
        home = self.ctx.areas.find(self.ctx.home_council)
        counts = history_counts(self.ctx.store.imports())
        state = "read-only  |  " if self.ctx.store.read_only else ""
        where = f"{state}{self.ctx.store.display_name}"  # a server's URL without its password
        self.status_label.setText(f"{home.name if home else '-'}  |  {counts}  |  {where}")
        self.show_database_state()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if any(u.toLocalFile().lower().endswith(SUFFIXES) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        files = [
            u.toLocalFile() for u in event.mimeData().urls() if u.toLocalFile().lower().endswith(SUFFIXES)
        ]
        if files:
            self.open_import(files)

    def _restore_layout(self) -> None:
        q = self.ctx.settings.q
        geometry, state = q.value("window/geometry"), q.value("window/state")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        self._fit_to_screen(restored)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.tabs.setCurrentIndex(int(q.value("window/page", 0) or 0))
        self.pages.current()  # the page the window opens on; the others wait until they are shown

    def _fit_to_screen(self, restored: bool) -> None:
        """Open within the screen: a first window at its share of it, a saved one moved onto it."""
        if self.isMaximized() or self.isFullScreen():
            return
        available = available_geometry(self)
        placed = fitted_geometry(self.geometry(), available) if restored else first_geometry(available)
        logger.debug("window placed at %s within %s", placed, available)
        self.setGeometry(placed)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        q = self.ctx.settings.q
        q.setValue("window/geometry", self.saveGeometry())
        q.setValue("window/state", self.saveState())
        q.setValue("window/page", self.tabs.currentIndex())
        self.ctx.settings.sync()
        super().closeEvent(event)


HELP_TEXT = """cpdesk keeps your child-protection figures with the history of every value.

Ctrl+O  import workbooks (or drop them on the window)
Ctrl+S  export to Excel
Ctrl+Z / Ctrl+Y  undo / redo an edit
Ctrl+F  find an indicator
Ctrl+1..4  switch page

Right-click a figure in the Data page to see its history. Undo a whole import from
Imports & history. Every change, even an undo, is kept in the history."""


def short_twin(label: str, full: QAction, parent) -> QAction:
    """A toolbar twin of ``full`` with a fixed short label: the toolbar keeps its width while the menu
    item says what would be undone ("Undo edit of ..."), which the twin's tooltip repeats."""
    twin = QAction(label, parent)
    twin.triggered.connect(full.trigger)

    def follow() -> None:
        twin.setEnabled(full.isEnabled())
        twin.setToolTip(full.text().replace("&", ""))

    full.changed.connect(follow)
    follow()
    return twin
