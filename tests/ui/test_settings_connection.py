"""Settings > Where the figures live: a team database on PostgreSQL, chosen with the connection form
and its Test connection button (clicked, against the real test server); the app opened on it shows
it without password, and a login that may only read gets imports and edits off, with the reason."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from cpdesk.reference import load_reference
from cpdesk.store import credentials as cr
from cpdesk.ui.context import AppContext
from cpdesk.ui.settings import AppSettings
from cpdesk.ui.settings_dialog import SettingsDialog
from tests.core import test_credentials
from tests.ui.windows import shown_window

# The test server's logins and the stand-in keyrings, as test_credentials sets them up.
_no_pgpass_of_the_machine = test_credentials._no_pgpass_of_the_machine
cpdesk_database, role = test_credentials.cpdesk_database, test_credentials.role
memory_keyring, no_keyring = test_credentials.memory_keyring, test_credentials.no_keyring


@pytest.fixture(scope="module")
def areas():
    return load_reference().areas


@pytest.fixture
def settings(tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.user_name = "A. Officer"
    settings.home_council = "E10000031"
    return settings


def open_dialog(qtbot, areas, settings) -> SettingsDialog:
    dialog = SettingsDialog(areas, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def fill_in(qtbot, dialog, url: sa.URL, password: str) -> None:
    qtbot.mouseClick(dialog.where.on_server, Qt.MouseButton.LeftButton)
    assert dialog.where.host.isVisible() and not dialog.database.isVisible()
    type_into(qtbot, dialog.where.host, url.host)
    dialog.where.port.setValue(url.port)
    type_into(qtbot, dialog.where.name, url.database)
    type_into(qtbot, dialog.where.login, url.username)
    type_into(qtbot, dialog.where.password, password)


def test_connection_result(qtbot, dialog) -> str:
    qtbot.mouseClick(dialog.where.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.where.test_button.isEnabled(), timeout=20000)
    return dialog.where.test_result.text()


test_connection_result.__test__ = False  # a helper, not a test


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_a_team_database_is_tested_then_saved_without_its_password(qtbot, areas, settings, role,
                                                                   memory_keyring, tmp_path):
    url, password = role()
    dialog = open_dialog(qtbot, areas, settings)
    fill_in(qtbot, dialog, url, "wrong")
    assert "refused the password" in test_connection_result(qtbot, dialog)
    type_into(qtbot, dialog.where.password, password)
    said = test_connection_result(qtbot, dialog)
    assert said.startswith(f"Connected as {url.username}. cpdesk schema version ")
    assert said.endswith("You may import and edit.")
    assert "kept in the OS keyring" in dialog.where.password_note.text()
    assert dialog.database_changed()
    press_ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.database == cr.saved_form(url) and password not in settings.database
    assert password not in (tmp_path / "s.ini").read_text()
    assert memory_keyring.kept[("cpdesk", cr.keyring_key(url))] == password
    again = open_dialog(qtbot, areas, settings)  # the form comes back as saved, the password blank
    assert again.where.on_server.isChecked() and again.where.host.text() == url.host
    assert (again.where.port.value(), again.where.name.text(), again.where.login.text()) == (
        url.port, url.database, url.username)
    assert again.where.password.text() == "" and not again.database_changed()
    assert test_connection_result(qtbot, again).startswith(f"Connected as {url.username}.")  # the keyring's


def test_without_a_keyring_the_form_points_to_pgpassfile_and_keeps_nothing(qtbot, areas, settings, role,
                                                                          no_keyring, tmp_path):
    url, password = role(grants="SELECT")
    dialog = open_dialog(qtbot, areas, settings)
    note = dialog.where.password_note.text()
    assert "The password is not saved: this computer has no OS keyring" in note
    assert str(cr.pgpass_file()) in note and "PGPASSFILE" in note
    fill_in(qtbot, dialog, url, password)
    said = test_connection_result(qtbot, dialog)
    assert said.startswith(f"Connected as {url.username}.") and "You may read only" in said
    assert "cpdesk_editor" in said
    press_ok(qtbot, dialog)
    assert settings.database == cr.saved_form(url) and password not in (tmp_path / "s.ini").read_text()
    assert dialog.password_problem.startswith("this computer has no OS keyring")


def test_an_incomplete_form_says_what_is_missing_and_is_not_saved(qtbot, areas, settings):
    before = settings.database
    dialog = open_dialog(qtbot, areas, settings)
    qtbot.mouseClick(dialog.where.on_server, Qt.MouseButton.LeftButton)
    dialog.where.host.clear()
    qtbot.mouseClick(dialog.where.test_button, Qt.MouseButton.LeftButton)
    assert dialog.where.test_result.text() == "Fill in the server."
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and settings.database == before
    qtbot.mouseClick(dialog.where.on_this_computer, Qt.MouseButton.LeftButton)
    assert dialog.database.isVisible() and not dialog.database_changed()


def window_on(qtbot, location: str, settings, size=(1366, 768)):
    ctx = AppContext(location, settings)
    window = shown_window(qtbot, ctx, size)
    return ctx, window


def test_the_app_opens_the_team_database_and_names_it_without_password(qtbot, settings, role, tmp_path,
                                                                       monkeypatch):
    url, password = role()
    monkeypatch.chdir(tmp_path)
    typed = url.set(password=password).render_as_string(hide_password=False)
    ctx, window = window_on(qtbot, typed, settings)
    try:
        assert ctx.store.location.path is None and not ctx.store.read_only
        shown = cr.saved_form(url).replace(f"{url.username}@", f"{url.username}:***@")
        assert window.windowTitle() == f"cpdesk - {shown}"
        assert window.status_label.text().endswith(shown) and password not in window.status_label.text()
        assert window.import_action.isEnabled() and not window.restore_action.isEnabled()
        assert not [p for p in tmp_path.rglob("*") if "postgresql" in p.name]
    finally:
        window.close()
        ctx.close()


def test_a_login_that_may_only_read_opens_with_imports_off_and_says_why(qtbot, settings, role,
                                                                       memory_keyring, tmp_path):
    url, password = role(grants="SELECT")
    cr.save_password(url, password)
    ctx, window = window_on(qtbot, cr.saved_form(url), settings)
    try:
        assert window.windowTitle() == f"cpdesk - {cr.saved_form(url)} (read-only)"
        assert not window.import_action.isEnabled()
        said = window.statusBar().currentMessage()
        assert said.startswith("Read-only: ask whoever manages the team database to grant you cpdesk_editor")
        assert f"The login {url.username} may read" in said and "read-only" in window.status_label.text()
        assert "grant you cpdesk_editor" in window.statusBar().message.shown_text()  # at 1366 wide
        data = window.pages["Data"]
        qtbot.mouseClick(window.tabs.tabBar(), Qt.MouseButton.LeftButton,
                         pos=window.tabs.tabBar().tabRect(list(window.pages).index("Data")).center())
        assert window.tabs.currentWidget() is data
        assert not data.reason.isEnabled() and "cpdesk_editor" in data.reason.toolTip()
        assert window.grab().save(str(tmp_path / "viewer_1366x768.png"))
    finally:
        window.close()
        ctx.close()


def test_the_settings_dialog_at_1366x768(qtbot, areas, settings, role, no_keyring, tmp_path):
    url, password = role()
    dialog = open_dialog(qtbot, areas, settings)
    fill_in(qtbot, dialog, url, password)
    test_connection_result(qtbot, dialog)
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.sizeHint().width() <= min(screen.width(), 1366)
    assert dialog.sizeHint().height() <= min(screen.height(), 768)
    dialog.resize(dialog.sizeHint())
    assert dialog.where.test_result.width() > 200
    assert dialog.grab().save(str(tmp_path / "settings_team_database.png"))


def test_the_app_opens_the_database_given_then_cpdesk_db_then_the_saved_one(pg_url, tmp_path, monkeypatch):
    from cpdesk.app import database_to_open

    monkeypatch.chdir(tmp_path)
    saved = cr.saved_form(sa.make_url(pg_url))
    assert database_to_open(None, False, saved) == saved
    monkeypatch.setenv("CPDESK_DB", pg_url)
    assert database_to_open(None, False, saved) == pg_url
    given = str(tmp_path / "given.sqlite")
    assert database_to_open(given, False, saved) == given
    assert not list(tmp_path.iterdir())  # nothing made yet, least of all a file named after the URL


def answer_when_shown(qtbot, kind, act) -> None:
    """Once a modal ``kind`` (a message box, the Settings dialog) is up, ``act`` on it."""

    def check() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind):
            act(shown)
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(50, check)


def test_a_saved_team_database_out_of_reach_offers_settings_and_opens_what_is_chosen(qtbot, settings,
                                                                                      cpdesk_database,
                                                                                      tmp_path):
    from cpdesk.app import open_context

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    settings.database = cr.saved_form(cpdesk_database.set(port=free_port))
    told: list[str] = []
    local = tmp_path / "this computer.sqlite"

    def choose_settings(box: QMessageBox) -> None:
        told.append(box.text())
        [settings_button] = [b for b in box.buttons() if b.text() == "Settings…"]
        answer_when_shown(qtbot, SettingsDialog, choose_this_computer)
        settings_button.click()

    def choose_this_computer(dialog: SettingsDialog) -> None:
        assert dialog.where.on_server.isChecked() and dialog.where.port.value() == free_port
        qtbot.mouseClick(dialog.where.on_this_computer, Qt.MouseButton.LeftButton)
        dialog.database.setText(str(local))
        press_ok(qtbot, dialog)

    answer_when_shown(qtbot, QMessageBox, choose_settings)
    ctx = open_context(settings.database, settings, from_settings=True)
    try:
        assert told and told[0].startswith(f"cpdesk cannot reach the database server 127.0.0.1:{free_port}")
        assert ctx is not None and ctx.store.location.path == local and settings.database == str(local)
    finally:
        if ctx is not None:
            ctx.close()


def test_closing_the_offer_opens_nothing(qtbot, settings, cpdesk_database):
    from cpdesk.app import open_context

    settings.database = cr.saved_form(cpdesk_database.set(database="no_such_cpdesk"))
    answer_when_shown(qtbot, QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Close).click())
    assert open_context(settings.database, settings, from_settings=True) is None
    assert settings.database.endswith("/no_such_cpdesk")


def test_a_saved_url_cpdesk_cannot_read_leaves_the_form_blank_and_hides_its_password(qtbot, areas,
                                                                                      settings):
    settings.database = "postgresql://jsmith:s3cret@cpdb:port/cpdesk"
    dialog = open_dialog(qtbot, areas, settings)
    assert dialog.where.on_this_computer.isChecked() and dialog.where.host.text() == ""
    assert "s3cret" not in dialog.database_note.text() and "jsmith:***@cpdb" in dialog.database_note.text()


def test_a_failed_test_leaves_every_field_its_height_and_the_note_points_up(qtbot, areas, settings, role,
                                                                          no_keyring, tmp_path):
    url, _ = role()
    settings.database = str(tmp_path / "figures.sqlite")
    dialog = SettingsDialog(areas, settings, open_database=cr.saved_form(url))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.where.on_server, Qt.MouseButton.LeftButton)
    where = dialog.where
    assert (where.host.text(), where.port.value(), where.name.text(), where.login.text()) == (
        url.host, url.port, url.database, url.username)  # the team database open now
    assert "The location above is used when cpdesk starts" in dialog.database_note.text()
    type_into(qtbot, where.password, "not-the-password")
    assert "refused the password" in test_connection_result(qtbot, dialog)
    qtbot.wait(100)  # the dialog fits what it shows after the answer
    for field in (where.host, where.port, where.name, where.login, where.password):
        assert field.height() >= field.sizeHint().height()
    for note in (where.test_result, dialog.database_note):
        assert note.height() >= note.heightForWidth(note.width())
    assert dialog.height() <= 768
    assert dialog.grab().save(str(tmp_path / "settings_failed_test.png"))
