"""The upgrade cpdesk offers on opening a team database of an older schema: to a login that may upgrade
it, after a question whose buttons are clicked here; others get the plain refusal."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from cpdesk.store import migrations, open_store, team
from cpdesk.store.upgrade import upgrade_needed
from cpdesk.ui.settings import AppSettings
from cpdesk.ui.upgrade_offer import UpgradeOfferDialog, offer_upgrade
from tests.core import test_team_migrations
from tests.core.test_team_migrations import add_rag_note, has_rag_note, version_of

# A team database made by the cpdesk released today, and this cpdesk one schema version on.
released, next_version = test_team_migrations.released, test_team_migrations.next_version


def next_version_of(monkeypatch) -> int:
    """This cpdesk, one schema version on: the released one plus ``add_rag_note``."""
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_rag_note])
    return migrations.latest_version()


def shown_dialog(qtbot, released, tmp_path) -> UpgradeOfferDialog:
    dialog = UpgradeOfferDialog(released, upgrade_needed(released), tmp_path / "backups")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_upgrade_now_backs_up_upgrades_and_says_so(qtbot, released, next_version, tmp_path):
    dialog = shown_dialog(qtbot, released, tmp_path)
    question = dialog.message.text()
    assert f"schema version {next_version - 1}; this cpdesk needs version {next_version}" in question
    assert f"backs the database up into {tmp_path / 'backups'}" in dialog.message.text()
    assert not dialog.open_button.isVisible() and dialog.not_now_button.isDefault()

    qtbot.mouseClick(dialog.upgrade_button, Qt.MouseButton.LeftButton)

    assert version_of(released) == next_version and has_rag_note(released)
    [dump] = (tmp_path / "backups").glob("*.dump")
    assert f"to {next_version}. The copy taken first: {dump}" in dialog.message.text()
    assert dialog.open_button.isVisible() and not dialog.upgrade_button.isVisible()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    open_store(released).close()  # this cpdesk opens it now


def test_not_now_leaves_the_database_as_it_was(qtbot, released, next_version, tmp_path):
    dialog = shown_dialog(qtbot, released, tmp_path)

    qtbot.mouseClick(dialog.not_now_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialog.DialogCode.Rejected
    assert version_of(released) == next_version - 1 and not (tmp_path / "backups").exists()


def click_when_shown(button_name: str, seen: list[str]) -> None:
    def check() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, UpgradeOfferDialog):
            seen.append(shown.message.text())
            getattr(shown, button_name).click()
            if button_name == "upgrade_button":
                shown.open_button.click()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(50, check)


def test_the_app_opening_an_older_database_offers_the_upgrade_then_opens_it(qtbot, released, next_version,
                                                                           tmp_path, monkeypatch):
    from cpdesk.app import open_context

    monkeypatch.setenv("CPDESK_HOME", str(tmp_path / "home"))
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    seen: list[str] = []
    click_when_shown("upgrade_button", seen)

    ctx = open_context(released, settings, from_settings=False)

    try:
        assert ctx is not None and len(seen) == 1 and version_of(released) == next_version
        assert len(list((tmp_path / "home" / "backups").glob("*.dump"))) == 1
    finally:
        if ctx is not None:
            ctx.close()


def test_a_login_that_may_not_upgrade_is_not_offered_it(qtbot, released, pg_server, monkeypatch):
    team.init(released)
    login = "upgrade_offer_editor"
    with pg_server.admin_engine().connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD 'pw'")
    try:
        team.grant(released, login, team.Role.EDITOR)
        next_version = next_version_of(monkeypatch)
        editor_url = sa.make_url(released).set(username=login, password="pw")
        editor = editor_url.render_as_string(hide_password=False)
        assert upgrade_needed(editor).needed and not offer_upgrade(editor)  # no dialog: it would wait here
    finally:
        pg_server.drop_logins(released, [login])
    assert version_of(released) == next_version - 1
