"""First run: whose council this is (its statistical neighbours follow) and who is using cpdesk."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from cpdesk.preferences import DEFAULT_COUNCIL, HOME_COUNCIL, OFFICER_NAME
from cpdesk.ui.settings_dialog import editor_for, require_name, write_edited


class FirstRunDialog(QDialog):
    def __init__(self, areas, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Welcome to cpdesk")
        intro = QLabel("Choose your council. Its statistical neighbours, region and England are set up "
                       "as comparators for you. Your name is recorded with every figure you change.")
        intro.setWordWrap(True)
        # The name starts as the login name, until the officer types another.
        self.editors = {setting: editor_for(setting, areas, settings.value(setting))
                        for setting in (HOME_COUNCIL, OFFICER_NAME)}
        self.council, self.user = self.editors[HOME_COUNCIL], self.editors[OFFICER_NAME]
        form = QFormLayout()
        for setting, editor in self.editors.items():
            form.addRow(setting.label, editor)
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
        write_edited(self.settings, self.editors)
        self.settings.mark_first_run_done()
        self.settings.sync()
        super().accept()


def welcome(ctx, ask=None) -> None:
    """On the first start, ask for the home council and the user's name (``ask(dialog)`` runs it, so
    tests can answer), then select that council, so every page opens on it."""
    if ctx.settings.first_run_done:
        return
    dialog = FirstRunDialog(ctx.areas, ctx.settings)
    answered = (ask or (lambda shown: shown.exec()))(dialog)
    if not answered:
        ctx.settings.home_council = ctx.settings.home_council or DEFAULT_COUNCIL
    ctx.select(area_code=ctx.settings.home_council)
