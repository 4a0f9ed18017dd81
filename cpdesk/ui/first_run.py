"""First run: whose council this is (its statistical neighbours follow) and who is using cpdesk.

No council is assumed: the council field starts empty unless the settings already name one, or the
database makes one clear (every council report imported so far is about the same council, see
:func:`cpdesk.query.source.reported_council`), and then the dialog says why it is chosen. OK waits for
a council and a name. Cancel keeps no home council: the pages open on England, and the questions are
asked again at the next start.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from cpdesk.preferences import HOME_COUNCIL, OFFICER_NAME
from cpdesk.query.source import reported_council
from cpdesk.ui.settings_dialog import chosen_council, editor_for, write_edited

logger = logging.getLogger(__name__)

INTRO = ("Choose your council. Its statistical neighbours, region and England are set up as comparators "
         "for you. Your name is recorded with every figure you change.")
CANCEL_NOTE = "Cancel opens cpdesk on England, with no council of your own, and asks again at the next start."


class FirstRunDialog(QDialog):
    """Asks for the home council and the officer's name. ``suggested`` (an open council) is chosen to
    start with when the settings name none, and the dialog says it is the council of the reports."""

    def __init__(self, areas, settings, parent=None, suggested=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Welcome to cpdesk")
        intro, cancel_note = QLabel(INTRO), QLabel(CANCEL_NOTE)
        for label in (intro, cancel_note):
            label.setWordWrap(True)
        # The name starts as the login name, until the officer types another.
        self.editors = {setting: editor_for(setting, areas, settings.value(setting))
                        for setting in (HOME_COUNCIL, OFFICER_NAME)}
        self.council, self.user = self.editors[HOME_COUNCIL], self.editors[OFFICER_NAME]
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.suggested = ""
        if suggested is not None and not chosen_council(self.council):
            self._suggest(suggested)
        form = QFormLayout()
        form.addRow(HOME_COUNCIL.label, self.council)
        form.addRow("", self.why)
        form.addRow(OFFICER_NAME.label, self.user)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok_cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.council.currentTextChanged.connect(self._update)
        self.user.textChanged.connect(self._update)
        self._update()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(cancel_note)
        layout.addWidget(self.buttons)

    def _suggest(self, council) -> None:
        index = self.council.findData(council.code)
        if index < 0:
            return  # a council closed since its reports were written is not offered
        self.council.setCurrentIndex(index)
        self.suggested = council.code
        self.why.setText(f"{council.name}: the council your imported reports are about")

    def missing(self) -> str:
        """What OK still waits for, in words; "" when the council and the name are both given."""
        if not chosen_council(self.council):
            return "Choose your council first: figures that name no council are filed under it."
        if not self.user.text().strip():
            return "Type your name first: it is recorded with every figure you change."
        return ""

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.missing())
        ok.setToolTip(self.missing())
        self.why.setVisible(bool(self.suggested) and chosen_council(self.council) == self.suggested)

    def accept(self) -> None:
        if self.missing():
            return  # OK is disabled until both are given; Enter must not get round it
        write_edited(self.settings, self.editors)
        self.settings.mark_first_run_done()
        self.settings.sync()
        super().accept()


def suggested_council(ctx):
    """The council to offer at the first run when the settings name none: the one the imported council
    reports are about, if they are all about one (a quick look at the database), else None."""
    if ctx.settings.home_council:
        return None
    council = reported_council(ctx.store, ctx.areas)
    logger.info("first run: council of the imported reports: %s", council.code if council else "none clear")
    return council


def welcome(ctx, ask=None) -> None:
    """On the first start, ask for the home council and the user's name (``ask(dialog)`` runs it, so
    tests can answer), then select that council, so every page opens on it. Cancelled, no council is
    chosen: the pages open on the area selected before, else England, and the next start asks again."""
    if ctx.settings.first_run_done:
        return
    dialog = FirstRunDialog(ctx.areas, ctx.settings, suggested=suggested_council(ctx))
    answered = (ask or (lambda shown: shown.exec()))(dialog)
    if answered:
        ctx.select(area_code=ctx.settings.home_council)
