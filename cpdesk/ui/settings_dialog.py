"""The Settings dialog, built from the settings' declarations (:data:`cpdesk.preferences.SHOWN`): a
row per setting, its editor chosen by its kind. Everything is written to AppSettings when OK is
pressed; the main window applies a new theme at once.

The database location is read once at start-up (the open store cannot be swapped under the pages),
so a new location applies the next time cpdesk starts; the dialog says so, and names the database
open now when it is another one (the demo, or one given with --db).

The officer's name is recorded with every edit, so OK stays disabled while it is blank.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk import paths
from cpdesk.preferences import (
    DATABASE,
    DEFAULT_COUNCIL,
    HOME_COUNCIL,
    OFFICER_NAME,
    SHOWN,
    SN_STATISTIC,
    THEME,
    THOUSANDS,
    Setting,
    SettingKind,
)


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
    """Which database is open now, and the configured one when they differ."""
    demo = " (the demo)" if Path(open_now).name == "demo.sqlite" else ""
    if Path(open_now) == Path(configured):
        return f"Open now: {open_now}. A new location applies the next time cpdesk starts."
    return (f"Open now: {open_now}{demo}. The location below is used when cpdesk starts without "
            "a database given; a new one applies then.")


def council_combo(areas, current: str) -> QComboBox:
    """Every open local authority by name, each item carrying its ONS code."""
    combo = QComboBox()
    combo.setEditable(True)
    for la in sorted(areas.all(kind="la"), key=lambda a: a.name):
        if la.closed is None:
            combo.addItem(f"{la.name} ({la.old_code or la.code})", la.code)
    combo.setCurrentIndex(max(combo.findData(current or DEFAULT_COUNCIL), 0))
    return combo


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
    if isinstance(editor, QComboBox):
        chosen = editor.currentData()
        return str(chosen) if chosen else (DEFAULT_COUNCIL if setting.kind == SettingKind.COUNCIL else "")
    assert isinstance(editor, QLineEdit)
    return editor.text().strip()


def write_edited(settings, editors: dict[Setting, QWidget]) -> None:
    """Store every editor's value; a blank text keeps the setting's fallback (the default database)."""
    for setting, editor in editors.items():
        value = edited_value(setting, editor)
        if value != "":
            settings.set_value(setting, value)


class SettingsDialog(QDialog):
    """Edits ``settings`` (an AppSettings); Cancel leaves it untouched."""

    def __init__(self, areas, settings, parent=None, open_database: str | Path | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.editors = {setting: editor_for(setting, areas, settings.value(setting)) for setting in SHOWN}
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse_database)
        self.database_note = QLabel(open_database_note(str(open_database or settings.database),
                                                       settings.database))
        self.database_note.setWordWrap(True)
        self._lay_out()

    # The editors by name, for the main window and the tests.
    council = property(lambda self: self.editors[HOME_COUNCIL])
    user = property(lambda self: self.editors[OFFICER_NAME])
    database = property(lambda self: self.editors[DATABASE])
    thousands = property(lambda self: self.editors[THOUSANDS])
    sn_statistic = property(lambda self: self.editors[SN_STATISTIC])
    theme = property(lambda self: self.editors[THEME])

    def _lay_out(self) -> None:
        form = QFormLayout()
        for setting, editor in self.editors.items():
            if setting.kind == SettingKind.PATH:
                row = QHBoxLayout()
                row.addWidget(editor, 1)
                row.addWidget(self.browse_button)
                form.addRow(setting.label, row)
                form.addRow("", self.database_note)
            else:
                form.addRow(setting.label, editor)
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
        start = self.database.text() or str(paths.documents_dir())
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Database location", start, "cpdesk database (*.sqlite)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.database.setText(chosen)

    def database_changed(self) -> bool:
        """True if OK would point cpdesk at another database (shown after restart)."""
        return self.database.text().strip() != self.settings.database

    def accept(self) -> None:
        if not self.user.text().strip():
            return  # OK is disabled while the name is blank; Enter must not get round it
        write_edited(self.settings, self.editors)
        self.settings.sync()
        super().accept()
