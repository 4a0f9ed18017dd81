"""The Settings dialog reads AppSettings, and writes them back only on OK."""

import pytest
from PySide6.QtCore import QSettings

from cpdesk.reference import load_reference
from cpdesk.ui.settings import AppSettings
from cpdesk.ui.settings_dialog import SettingsDialog


@pytest.fixture(scope="module")
def areas():
    return load_reference().areas


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def open_dialog(qtbot, areas, settings):
    dialog = SettingsDialog(areas, settings)
    qtbot.addWidget(dialog)
    return dialog


def test_shows_the_current_settings(qtbot, areas, settings):
    settings.home_council = "E08000025"  # Birmingham
    settings.user_name = "J. Patel"
    settings.sn_statistic = "median"
    settings.thousands_separator = False
    dialog = open_dialog(qtbot, areas, settings)
    assert dialog.council.currentData() == "E08000025"
    assert "Birmingham" in dialog.council.currentText()
    assert dialog.user.text() == "J. Patel"
    assert dialog.sn_statistic.currentData() == "median"
    assert not dialog.thousands.isChecked()
    assert dialog.database.text() == settings.database
    assert not dialog.database_changed()


def test_ok_writes_every_setting(qtbot, areas, settings, tmp_path):
    dialog = open_dialog(qtbot, areas, settings)
    assert dialog.council.currentText() == ""  # no council is assumed until one is chosen
    dialog.council.setCurrentIndex(dialog.council.findData("E10000016"))  # Kent
    dialog.user.setText("  A. Officer ")
    dialog.database.setText(str(tmp_path / "shared" / "cp.sqlite"))
    assert dialog.database_changed()
    dialog.thousands.setChecked(False)
    dialog.sn_statistic.setCurrentIndex(dialog.sn_statistic.findData("median"))
    dialog.accept()
    reread = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert reread.home_council == "E10000016"
    assert reread.user_name == "A. Officer"
    assert reread.database == str(tmp_path / "shared" / "cp.sqlite")
    assert reread.thousands_separator is False
    assert reread.sn_statistic == "median"


def test_ok_with_no_council_chosen_leaves_none(qtbot, areas, settings, tmp_path):
    dialog = open_dialog(qtbot, areas, settings)
    dialog.user.setText("A. Officer")
    dialog.accept()
    reread = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert (reread.home_council, reread.user_name) == ("", "A. Officer")


def test_cancel_changes_nothing(qtbot, areas, settings):
    settings.home_council = "E10000031"
    dialog = open_dialog(qtbot, areas, settings)
    dialog.council.setCurrentIndex(dialog.council.findData("E10000016"))
    dialog.sn_statistic.setCurrentIndex(dialog.sn_statistic.findData("median"))
    dialog.reject()
    assert settings.home_council == "E10000031"
    assert settings.sn_statistic == "mean"


def test_only_open_councils_are_offered(qtbot, areas, settings):
    dialog = open_dialog(qtbot, areas, settings)
    codes = {dialog.council.itemData(i) for i in range(dialog.council.count())}
    open_las = {a.code for a in areas.all(kind="la") if a.closed is None}
    assert codes == open_las
    assert len(codes) > 140


def test_colours_choice_is_shown_and_written(qtbot, areas, settings, tmp_path):
    settings.theme = "dark"
    dialog = open_dialog(qtbot, areas, settings)
    assert dialog.theme.currentData() == "dark"
    dialog.theme.setCurrentIndex(dialog.theme.findData("system"))
    dialog.accept()
    assert AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)).theme == "system"
