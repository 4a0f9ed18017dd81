"""The upgrade offered when cpdesk opens a team database of an older schema.

Opening never upgrades a shared database (``migrations.prepare_database`` refuses, naming both versions).
When the officer's login may upgrade it (it owns the tables, or is a superuser: ``upgrade.upgrade_needed``
says), cpdesk says what the upgrade does and asks; only after "Upgrade now" does it lock, back up and
migrate (``upgrade.upgrade``), then say what was done and where the backup is. Other logins get the plain
refusal, which tells them whom to ask.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk import paths
from cpdesk.store import StoreError
from cpdesk.store.credentials import is_server
from cpdesk.store.upgrade import UpgradeInfo, upgrade, upgrade_needed

logger = logging.getLogger(__name__)


class UpgradeOfferDialog(QDialog):
    """Says what the upgrade will do; "Upgrade now" makes it and says what was done, "Not now" leaves
    the database as it is. Accepted once the database is at this cpdesk's version."""

    def __init__(self, database: str, info: UpgradeInfo, backup_to: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.database, self.info, self.backup_to = database, info, backup_to
        self.setWindowTitle("cpdesk: upgrade the team database?")
        self.message = QLabel(self._question())
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(520)
        self.buttons = QDialogButtonBox()
        self.upgrade_button = QPushButton("Upgrade now")
        self.not_now_button = QPushButton("Not now")
        self.open_button = QPushButton("Open cpdesk")
        self.buttons.addButton(self.upgrade_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.not_now_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.hide()  # in the buttons once the upgrade is done
        self.upgrade_button.setAutoDefault(False)
        self.not_now_button.setDefault(True)  # Enter does not upgrade a team's database
        self.upgrade_button.clicked.connect(self._upgrade)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _question(self) -> str:
        info = self.info
        return (f"The team database {info.database} is at schema version {info.database_version}; this "
                f"cpdesk needs version {info.cpdesk_version}. Your login '{info.login}' may upgrade it.\n\n"
                f"If you choose Upgrade now, cpdesk backs the database up into {self.backup_to}, then "
                "upgrades it in one transaction (all or nothing). Officers' saves wait until it is done, "
                "and afterwards everyone needs this version of cpdesk (or newer) to open it.\n\n"
                "Not now leaves it as it is, and cpdesk does not open it.")

    def _upgrade(self) -> None:
        self.upgrade_button.setEnabled(False)
        self.not_now_button.setEnabled(False)
        self.message.setText(f"Backing up and upgrading {self.info.database}...")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            done = upgrade(self.database, self.backup_to)
        except StoreError as exc:
            logger.warning("The upgrade offered on opening failed: %s", exc)
            self.message.setText(f"{exc}\n\ncpdesk does not open it.")
            self.not_now_button.setText("Close")
            self.not_now_button.setEnabled(True)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.message.setText(f"{done.describe()}\n\nOfficers now need this version of cpdesk (or newer).")
        self.upgrade_button.hide()
        self.not_now_button.hide()
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.show()
        self.open_button.setDefault(True)
        self.open_button.setFocus()


def offer_upgrade(database: str, parent: QWidget | None = None) -> bool:
    """When ``database`` is a server database older than this cpdesk and this login may upgrade it, ask,
    and upgrade it on a yes. True when it is now at this cpdesk's version (open it again)."""
    if not is_server(database):
        return False
    try:
        info = upgrade_needed(database)
    except StoreError as exc:  # out of reach, or not a cpdesk database: the refusal already says so
        logger.info("No upgrade to offer for %s: %s", database, exc)
        return False
    if not (info.needed and info.may_upgrade):
        return False
    dialog = UpgradeOfferDialog(database, info, paths.data_dir() / "backups", parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
