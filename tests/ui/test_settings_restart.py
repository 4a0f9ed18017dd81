"""Settings survive a restart: what one run writes, the next reads, on every platform.

Qt keeps a settings file it has read in a cache for the rest of the process, so a restart is shown
by copying the file elsewhere: Qt then reads it from the disk as a new process would.
"""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from cpdesk.preferences import read_ini, saved_home_council
from cpdesk.reference import load_reference
from cpdesk.store import open_store
from cpdesk.ui.context import AppContext
from cpdesk.ui.first_run import FirstRunDialog, welcome
from cpdesk.ui.settings import AppSettings
from tests.ui.windows import demo_copy

HAMPSHIRE, KENT = "E10000014", "E10000016"
# What versions before the real groups wrote: Qt stores the group "general" as [%General].
OLD_FILE = """[%General]
home_council=E10000016
user_name=Sam Patel
first_run_done=true
database=/srv/cp/shared.sqlite

[charts]
sn_statistic=median
"""


def ini_settings(path: Path) -> AppSettings:
    return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))


def restarted(path: Path) -> AppSettings:
    """The settings as the next start of cpdesk reads them from the disk."""
    again = path.with_name(f"restart-{path.name}")
    shutil.copy(path, again)
    return ini_settings(again)


def test_every_setting_written_is_read_back_after_a_restart(tmp_path):
    settings = ini_settings(tmp_path / "cpdesk.ini")
    settings.home_council = HAMPSHIRE
    settings.user_name = "Jo Bloggs"
    settings.mark_first_run_done()
    settings.database = str(tmp_path / "cp.sqlite")
    settings.thousands_separator = False
    settings.sn_statistic = "median"
    settings.theme = "dark"
    settings.sync()
    again = restarted(tmp_path / "cpdesk.ini")
    assert again.home_council == HAMPSHIRE
    assert again.user_name == "Jo Bloggs"
    assert again.first_run_done
    assert again.database == str(tmp_path / "cp.sqlite")
    assert again.thousands_separator is False
    assert again.sn_statistic == "median"
    assert again.theme == "dark"
    assert "%General" not in (tmp_path / "cpdesk.ini").read_text()


def test_values_an_earlier_version_saved_are_carried_over(tmp_path):
    path = tmp_path / "cpdesk.ini"
    path.write_text(OLD_FILE)
    settings = ini_settings(path)
    assert settings.home_council == KENT
    assert settings.user_name == "Sam Patel"
    assert settings.first_run_done
    assert settings.database == "/srv/cp/shared.sqlite"
    assert settings.sn_statistic == "median"
    assert "%General" not in path.read_text()  # moved to the new groups, and kept there
    again = restarted(path)
    assert (again.home_council, again.user_name, again.first_run_done) == (KENT, "Sam Patel", True)


def test_a_new_value_wins_over_an_old_one_left_behind(tmp_path):
    path = tmp_path / "cpdesk.ini"
    path.write_text(OLD_FILE + "\n[council]\nhome=E10000014\n")
    assert ini_settings(path).home_council == HAMPSHIRE


def test_the_command_line_reads_the_home_council_without_qt(tmp_path):
    settings = ini_settings(tmp_path / "cpdesk.ini")
    settings.home_council = HAMPSHIRE
    settings.user_name = "Smith, Jo"  # Qt quotes a value with a comma
    settings.sync()
    assert saved_home_council(tmp_path / "cpdesk.ini") == HAMPSHIRE
    assert read_ini(tmp_path / "cpdesk.ini")["officer/name"] == "Smith, Jo"
    old = tmp_path / "old.ini"
    old.write_text(OLD_FILE)
    assert saved_home_council(old) == KENT  # as an earlier version left it
    assert saved_home_council(tmp_path / "missing.ini") is None


@pytest.fixture
def reference():
    return load_reference()


def test_edits_after_the_first_run_are_recorded_under_the_officers_name(qtbot, tmp_path, demo_db_template,
                                                                         reference):
    """The first run asks for a name; after a restart an edit in the grid is recorded under it, not
    under the login name (CPDESK_USER is "test-user" in the tests)."""
    from cpdesk.ui.pages.data_page import DataPage

    path = tmp_path / "cpdesk.ini"
    first = FirstRunDialog(reference.areas, ini_settings(path))
    qtbot.addWidget(first)
    first.council.setCurrentIndex(first.council.findData(HAMPSHIRE))
    first.user.selectAll()
    qtbot.keyClicks(first.user, "Sam Officer")
    qtbot.mouseClick(first.buttons.button(first.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert first.result()

    ctx = AppContext(demo_copy(demo_db_template, tmp_path), restarted(path), reference)
    asked = []
    welcome(ctx, ask=asked.append)
    assert not asked  # no second welcome after the restart
    assert ctx.home_council == HAMPSHIRE
    page = DataPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.set_selection("cpp_count", HAMPSHIRE)
    index = page.model.index(0, page.model.columnCount() - 1)  # Hampshire's latest figure
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "1234")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    target = page.model.target(index.row(), index.column())
    ctx.close()
    with open_store(tmp_path / "db.sqlite") as store:
        history = store.history(target.area_code, target.indicator_id, target.period, "", "local")
    assert history[-1].new_value == 1234
    assert history[-1].changed_by == "Sam Officer"


def test_an_expected_error_no_page_caught_is_a_plain_warning_not_the_crash_dialog(qapp, monkeypatch):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from cpdesk.store import StoreError
    from cpdesk.ui.crash import install_crash_handler

    warnings, crashes = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: crashes.append(box.text()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_crash_handler(None)
    sys.excepthook(StoreError, StoreError("cp.sqlite is locked by another program."), None)
    assert warnings == ["cp.sqlite is locked by another program."] and not crashes
    sys.excepthook(KeyError, KeyError("cpp_rate"), None)
    assert len(crashes) == 1 and "Something went wrong inside cpdesk" in crashes[0]
