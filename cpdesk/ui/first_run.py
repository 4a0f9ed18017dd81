"""First run: whose council this is (its statistical neighbours follow) and who is using cpdesk."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from cpdesk.ui.settings_dialog import council_combo, require_name


class FirstRunDialog(QDialog):
    def __init__(self, areas, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Welcome to cpdesk")
        intro = QLabel("Choose your council. Its statistical neighbours, region and England are set up "
                       "as comparators for you. Your name is recorded with every figure you change.")
        intro.setWordWrap(True)
        self.council = council_combo(areas, settings.home_council)
        self.user = QLineEdit(settings.user_name)  # the login name until the officer types another
        form = QFormLayout()
        form.addRow("Home council", self.council)
        form.addRow("Your name", self.user)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        require_name(self.user, buttons)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.user.text().strip():
            return  # OK is disabled while the name is blank; Enter must not get round it
        self.settings.home_council = self.council.currentData() or "E10000031"
        self.settings.user_name = self.user.text().strip()
        self.settings.mark_first_run_done()
        super().accept()


def welcome(ctx, ask=None) -> None:
    """On the first start, ask for the home council and the user's name (``ask(dialog)`` runs it, so
    tests can answer), then select that council, so every page opens on it."""
    if ctx.settings.first_run_done:
        return
    dialog = FirstRunDialog(ctx.areas, ctx.settings)
    answered = (ask or (lambda shown: shown.exec()))(dialog)
    if not answered:
        ctx.settings.home_council = ctx.settings.home_council or "E10000031"
    ctx.select(area_code=ctx.settings.home_council)
