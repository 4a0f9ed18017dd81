"""The Settings dialog, built from the settings' declarations (:data:`cpdesk.preferences.SHOWN`): a
row per setting, its editor chosen by its kind. Everything is written to AppSettings when OK is
pressed; the main window applies a new theme at once.

Where the figures live is a choice of its own (:class:`DatabaseChoice`): "This computer (a file)" or
"Team database (PostgreSQL)" with a connection form. The settings file gets the team database's URL
without its password; the password goes to the OS keyring where there is one (else the form points to
libpq's PGPASSFILE). "Test connection" says what it found there: the login, cpdesk's schema version and
whether that login may import and edit.

The database location is read once at start-up (the open store cannot be swapped under the pages),
so a new location applies the next time cpdesk starts; the dialog says so, and names the database
open now when it is another one (the demo, or one given with --db).

The officer's name is recorded with every edit, so OK stays disabled while it is blank.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cpdesk import paths
from cpdesk.preferences import (
    DATABASE,
    HOME_COUNCIL,
    OFFICER_NAME,
    SHOWN,
    SN_STATISTIC,
    THEME,
    THOUSANDS,
    Setting,
    SettingKind,
)
from cpdesk.store import StoreError, credentials
from cpdesk.store.engine import locate

FILE_CHOICE, SERVER_CHOICE = "This computer (a file)", "Team database (PostgreSQL)"
NO_COUNCIL_YET = "Type or choose your council"


def require_name(name_field: QLineEdit, buttons: QDialogButtonBox) -> None:
    """Keep OK disabled while ``name_field`` is blank (edits are recorded under this name)."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

    def update() -> None:
        blank = not name_field.text().strip()
        ok.setEnabled(not blank)
        ok.setToolTip("Type your name first: it is recorded with every figure you change." if blank else "")

    name_field.textChanged.connect(update)
    update()


def open_database_note(open_now: str, configured: str) -> str:
    """Which database is open now, and the configured one when they differ (a URL without password)."""
    if credentials.is_server(open_now) or credentials.is_server(configured):
        now, then = server_url_or_none(open_now), server_url_or_none(configured)
        shown = locate(open_now).display if now is not None else credentials.masked(open_now)
        same = now is not None and then is not None and (
            credentials.saved_form(now) == credentials.saved_form(then))
    else:
        shown, same = open_now, Path(open_now) == Path(configured)
    demo = " (the demo)" if Path(open_now).name == "demo.sqlite" else ""
    if same:
        return f"Open now: {shown}. A new location applies the next time cpdesk starts."
    return (f"Open now: {shown}{demo}. The location above is used when cpdesk starts without "
            "a database given; a new one applies then.")


def council_combo(areas, current: str) -> QComboBox:
    """Every open local authority by name, each item carrying its ONS code; ``current`` chosen, or none
    (an empty field saying what to do) when it is no open council: no council is ever assumed."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a name typed is one of the list, or none
    for la in sorted(areas.all(kind="la"), key=lambda a: a.name):
        if la.closed is None:
            combo.addItem(f"{la.name} ({la.old_code or la.code})", la.code)
    combo.setCurrentIndex(combo.findData(current) if current else -1)
    combo.lineEdit().setPlaceholderText(NO_COUNCIL_YET)
    completer = combo.completer()  # typing "hamp" lists every council with "hamp" in its name
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


def chosen_council(combo: QComboBox) -> str:
    """The ONS code of the council the field names, as listed ("Kent (886)"), by name alone ("kent")
    or by code ("886"); "" while it names none (blank, or text that is no council's name or code)."""
    typed = combo.currentText().strip().casefold()
    for index in range(combo.count() if typed else 0):
        listed = combo.itemText(index)
        name, _, code = listed.rpartition(" (")
        if typed in (listed.casefold(), name.casefold(), code.removesuffix(")").casefold()):
            return str(combo.itemData(index))
    return ""


def editor_for(setting: Setting, areas, current: str | bool) -> QWidget:
    """The widget that edits ``setting``, showing ``current``."""
    if setting.kind == SettingKind.COUNCIL:
        return council_combo(areas, str(current))
    if setting.kind == SettingKind.FLAG:
        box = QCheckBox(setting.text)
        box.setChecked(bool(current))
        return box
    if setting.kind == SettingKind.CHOICE:
        combo = QComboBox()
        for text, value in setting.choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo
    return QLineEdit(str(current))


def edited_value(setting: Setting, editor: QWidget) -> str | bool:
    """What ``editor`` holds now, as the setting stores it (text stripped; "" for nothing chosen)."""
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox) and setting.kind == SettingKind.COUNCIL:
        return chosen_council(editor)  # none chosen: the setting is left as it was
    if isinstance(editor, QComboBox):
        chosen = editor.currentData()
        return str(chosen) if chosen else ""
    assert isinstance(editor, QLineEdit)
    return editor.text().strip()


def write_edited(settings, editors: dict[Setting, QWidget]) -> None:
    """Store every editor's value; a blank text keeps the setting's fallback (the default database)."""
    for setting, editor in editors.items():
        value = edited_value(setting, editor)
        if value != "":
            settings.set_value(setting, value)


def server_url_or_none(location: str) -> sa.URL | None:
    """The team database's URL that ``location`` names; None for a file, or a URL cpdesk cannot read."""
    if not credentials.is_server(location):
        return None
    try:
        return locate(location).url
    except StoreError:
        return None


def password_note() -> str:
    """Where the typed password goes: the OS keyring, or (with none) nowhere, and libpq's own file."""
    problem = credentials.keyring_problem()
    if not problem:
        return "The password is kept in the OS keyring, never in cpdesk's settings file."
    return (f"The password is not saved: {problem}. It is used until cpdesk closes; to connect without "
            f"typing it, put it in {credentials.pgpass_file()} (libpq's PGPASSFILE).")


def fit_height(window: QWidget) -> None:
    """Give ``window`` the height its layout needs at its present width. ``adjustSize`` alone takes the
    notes' height at the narrower width of its size hint, so a long note wrapped at the real width
    squashed the fields above it."""
    layout = window.layout()
    width = window.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    window.resize(width, max(needed, layout.totalMinimumSize().height()))


class _CheckDone(QObject):
    """Carries a connection check's answer from its thread to the dialog."""

    done = Signal(object, int)  # the ConnectionCheck, the number of the check it answers


class DatabaseChoice(QWidget):
    """Where the figures live: a file on this computer, or a team database on a PostgreSQL server."""

    def __init__(self, saved: str, parent=None, open_now: str = ""):
        """``saved`` is the setting; the server form shows it, else the team database open now."""
        super().__init__(parent)
        self.on_this_computer, self.on_server = QRadioButton(FILE_CHOICE), QRadioButton(SERVER_CHOICE)
        self._kinds = QButtonGroup(self)
        for button in (self.on_this_computer, self.on_server):
            self._kinds.addButton(button)
        url = server_url_or_none(saved)
        server = url is not None
        self.file = QLineEdit(saved if not credentials.is_server(saved) else str(paths.default_db_path()))
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse)
        url = url or server_url_or_none(open_now) or sa.URL.create(credentials.DRIVER)
        self.host, self.name = QLineEdit(url.host or ""), QLineEdit(url.database or "cpdesk")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(url.port or credentials.DEFAULT_PORT)
        self.login = QLineEdit(url.username or paths.current_user())
        self.password = QLineEdit(url.password or "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from the OS keyring or PGPASSFILE when left blank")
        self.password_note, self.test_result = QLabel(password_note()), QLabel("")
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self._checks, self._answers = 0, _CheckDone(self)
        self._answers.done.connect(self._show_check)
        self.file_page, self.server_page = QWidget(), QWidget()
        self._lay_out()
        (self.on_server if server else self.on_this_computer).setChecked(True)
        self._follow_choice()
        self.on_server.toggled.connect(self._follow_choice)

    def _lay_out(self) -> None:
        file_row = QHBoxLayout(self.file_page)
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse_button)
        server = QVBoxLayout(self.server_page)  # the notes at full width, so that they wrap in full
        server.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        for label, field in (("Server (host)", self.host), ("Port", self.port), ("Database", self.name),
                             ("User", self.login), ("Password", self.password)):
            form.addRow(label, field)
        server.addLayout(form)
        for note in (self.password_note, self.test_result):
            note.setWordWrap(True)
        server.addWidget(self.password_note)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        server.addLayout(test_row)
        server.addWidget(self.test_result)
        kinds = QHBoxLayout()
        kinds.addWidget(self.on_this_computer)
        kinds.addWidget(self.on_server)
        kinds.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(kinds)
        layout.addWidget(self.file_page)
        layout.addWidget(self.server_page)

    def _follow_choice(self) -> None:
        self.file_page.setVisible(self.on_this_computer.isChecked())
        self.server_page.setVisible(self.on_server.isChecked())
        self._fit()

    def _fit(self) -> None:
        """The dialog takes the height of what it shows now (wrapped notes included)."""
        window = self.window()
        if window.isVisible():  # once the layouts have taken in what was shown or hidden; not if closed
            QTimer.singleShot(0, window, lambda: fit_height(window))

    def browse(self) -> None:
        start = self.file.text() or str(paths.documents_dir())
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Database location", start, "cpdesk database (*.sqlite)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.file.setText(chosen)

    def server_url(self) -> sa.URL:
        """The team database the form describes, without password."""
        return credentials.connection_url(self.host.text(), self.port.value(), self.name.text(),
                                          self.login.text())

    def missing(self) -> str:
        """What the connection form still lacks, in words; empty when it is complete."""
        blank = [label for label, field in (("the server", self.host), ("the database", self.name),
                                            ("the user", self.login)) if not field.text().strip()]
        return f"Fill in {' and '.join(blank)}." if blank else ""

    def location(self) -> str:
        """What the settings file gets: the file's path ("" keeps the default) or the URL, no password."""
        if self.on_this_computer.isChecked():
            return self.file.text().strip()
        return credentials.saved_form(self.server_url())

    def test_connection(self) -> None:
        """Connect in the background and say what is there (the button is off until the answer comes)."""
        if self.missing():
            self.test_result.setText(self.missing())
            return
        url = self.server_url()
        if self.password.text():
            url = url.set(password=self.password.text())
        self._checks += 1
        number = self._checks
        self.test_button.setEnabled(False)
        self.test_result.setText(f"Connecting to {url.host}:{url.port}…")
        threading.Thread(target=lambda: self._answers.done.emit(credentials.check_connection(url), number),
                         daemon=True, name="connection-check").start()

    def _show_check(self, found: credentials.ConnectionCheck, number: int) -> None:
        if number != self._checks:
            return  # an answer to a form since changed
        self.test_button.setEnabled(True)
        self.test_result.setText(found.describe())
        self._fit()

    def keep_password(self) -> str:
        """On OK: the typed password into the OS keyring; returns why it could not be kept ("" if it was,
        or if none was typed)."""
        if not self.on_server.isChecked() or not self.password.text():
            return ""
        return credentials.save_password(self.server_url(), self.password.text())


def fix_in_settings(problem: str, settings, parent=None) -> bool:
    """The team database chosen in Settings could not be opened: say why and offer Settings; True when
    the officer changed them there (cpdesk then tries the database they now name)."""
    from cpdesk.reference import load_reference

    box = QMessageBox(QMessageBox.Icon.Warning, "cpdesk", problem, parent=parent)
    box.setInformativeText("Change where the figures live in Settings, or close cpdesk and try again later.")
    change = box.addButton("Settings…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not change:
        return False
    dialog = SettingsDialog(load_reference().areas, settings, parent)
    return bool(dialog.exec())


class SettingsDialog(QDialog):
    """Edits ``settings`` (an AppSettings); Cancel leaves it untouched."""

    def __init__(self, areas, settings, parent=None, open_database: str | Path | None = None):
        super().__init__(parent)
        self.settings = settings
        self.password_problem = ""  # why a password typed could not be kept in the OS keyring
        self.setWindowTitle("Settings")
        self.editors = {setting: editor_for(setting, areas, settings.value(setting))
                        for setting in SHOWN if setting is not DATABASE}
        self.where = DatabaseChoice(settings.database, open_now=str(open_database or ""))
        self.database_note = QLabel(open_database_note(str(open_database or settings.database),
                                                       settings.database))
        self.database_note.setWordWrap(True)
        self._lay_out()

    # The editors by name, for the main window and the tests.
    council = property(lambda self: self.editors[HOME_COUNCIL])
    user = property(lambda self: self.editors[OFFICER_NAME])
    database = property(lambda self: self.where.file)
    browse_button = property(lambda self: self.where.browse_button)
    thousands = property(lambda self: self.editors[THOUSANDS])
    sn_statistic = property(lambda self: self.editors[SN_STATISTIC])
    theme = property(lambda self: self.editors[THEME])

    def _lay_out(self) -> None:
        form = QFormLayout()
        for setting in SHOWN:
            if setting is DATABASE:
                form.addRow(setting.label, self.where)
                form.addRow("", self.database_note)
            else:
                form.addRow(setting.label, self.editors[setting])
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        require_name(self.user, buttons)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def browse_database(self) -> None:
        self.where.browse()

    def database_changed(self) -> bool:
        """True if OK would point cpdesk at another database (shown after restart)."""
        return self.where.location() != self.settings.database

    def accept(self) -> None:
        if not self.user.text().strip():
            return  # OK is disabled while the name is blank; Enter must not get round it
        if self.where.on_server.isChecked() and self.where.missing():
            self.where.test_result.setText(self.where.missing())
            return
        write_edited(self.settings, self.editors)
        if self.where.location():
            self.settings.database = self.where.location()
        self.password_problem = self.where.keep_password()
        self.settings.sync()
        super().accept()
