"""The Settings dialog: home council, the officer's name, where the database lives, how figures
and neighbour averages are shown, and light or dark colours. Everything is written to AppSettings
when OK is pressed; the main window applies a new theme at once.

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
)

from cpdesk.ui.theme import THEME_CHOICES

DEFAULT_COUNCIL = "E10000031"
SN_CHOICES = (("Mean (as LAIT)", "mean"), ("Median (as the DfE dashboard)", "median"))


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


class SettingsDialog(QDialog):
    """Edits ``settings`` (an AppSettings); Cancel leaves it untouched."""

    def __init__(self, areas, settings, parent=None, open_database: str | Path | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.council = council_combo(areas, settings.home_council)
        self.user = QLineEdit(settings.user_name)
        self.database = QLineEdit(settings.database)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse_database)
        self.database_note = QLabel(open_database_note(str(open_database or settings.database),
                                                       settings.database))
        self.database_note.setWordWrap(True)
        self.thousands = QCheckBox("Show thousands separators (1,234)")
        self.thousands.setChecked(settings.thousands_separator)
        self.sn_statistic = QComboBox()
        for text, value in SN_CHOICES:
            self.sn_statistic.addItem(text, value)
        self.sn_statistic.setCurrentIndex(max(self.sn_statistic.findData(settings.sn_statistic), 0))
        self.theme = QComboBox()
        for text, value in THEME_CHOICES:
            self.theme.addItem(text, value)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme), 0))
        self._lay_out()

    def _lay_out(self) -> None:
        database_row = QHBoxLayout()
        database_row.addWidget(self.database, 1)
        database_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Home council", self.council)
        form.addRow("Your name", self.user)
        form.addRow("Database", database_row)
        form.addRow("", self.database_note)
        form.addRow("Figures", self.thousands)
        form.addRow("Statistical neighbours", self.sn_statistic)
        form.addRow("Colours", self.theme)
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
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Database location", self.database.text(), "cpdesk database (*.sqlite)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.database.setText(chosen)

    def database_changed(self) -> bool:
        """True if OK would point cpdesk at another database (shown after restart)."""
        return self.database.text().strip() != self.settings.database

    def accept(self) -> None:
        if not self.user.text().strip():
            return  # OK is disabled while the name is blank; Enter must not get round it
        self.settings.home_council = self.council.currentData() or DEFAULT_COUNCIL
        self.settings.user_name = self.user.text().strip()
        if self.database.text().strip():
            self.settings.database = self.database.text().strip()
        self.settings.thousands_separator = self.thousands.isChecked()
        self.settings.sn_statistic = self.sn_statistic.currentData()
        self.settings.theme = self.theme.currentData()
        self.settings.sync()
        super().accept()
