"""Settings that reach every page at once (a new home council), the navigator's search with Enter,
and the first-run and Settings dialogs refusing a blank name."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cpdesk.reference import load_reference
from cpdesk.ui.context import AppContext
from cpdesk.ui.first_run import FirstRunDialog
from cpdesk.ui.navigator import CODE_ROLE
from cpdesk.ui.settings import AppSettings
from cpdesk.ui.settings_dialog import SettingsDialog
from tests.ui.windows import shown_window

HAMPSHIRE = "E10000014"


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings, demo_db_template):
    """The app on the demo database; only settings change here, so the shared demo is not copied."""
    settings.home_council = "E10000031"
    ctx = AppContext(demo_db_template, settings)
    win = shown_window(qtbot, ctx)
    yield win
    ctx.close()


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def choose_in_settings(qtbot, window, work) -> None:
    """Open File > Settings... as the officer does and let ``work(dialog)`` fill it in."""
    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        work(dialog)

    QTimer.singleShot(0, fill_in)
    settings_action = next(a for a in window.menuBar().actions()[0].menu().actions()
                           if a.text() == "&Settings...")
    settings_action.trigger()


def pick_council(qtbot, dialog, code: str) -> None:
    dialog.council.setCurrentIndex(dialog.council.findData(code))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)


def visible_indicators(navigator) -> list[str]:
    tree = navigator.indicators_tree
    return [group.child(j).data(0, CODE_ROLE)
            for i in range(tree.topLevelItemCount()) if not (group := tree.topLevelItem(i)).isHidden()
            for j in range(group.childCount()) if not group.child(j).isHidden()]


def test_a_new_home_council_reaches_every_page_and_keeps_the_search(qtbot, window):
    navigator = window.navigator
    qtbot.keyClicks(navigator.search, "repeat")
    filtered = visible_indicators(navigator)
    assert 0 < len(filtered) < 10
    choose_in_settings(qtbot, window, lambda dialog: pick_council(qtbot, dialog, HAMPSHIRE))
    assert window.ctx.home_council == HAMPSHIRE
    assert navigator.areas_tree.topLevelItem(0).text(0) == "Hampshire"
    assert "Hampshire" in window.status_label.text()
    assert "Report card — Hampshire" in window.pages["Dashboard"].card.heading.text()
    assert window.pages["Charts"].view.request.area_code == HAMPSHIRE
    data = window.pages["Data"]
    assert data.area_combo.itemData(0) == HAMPSHIRE
    assert data.area_combo.currentData() == HAMPSHIRE
    assert navigator.search.text() == "repeat"
    assert visible_indicators(navigator) == filtered


def test_settings_names_the_database_open_now_when_it_is_not_the_configured_one(qtbot, window):
    seen = []

    def read_note(dialog):
        seen.append(dialog.database_note.text())
        dialog.reject()

    choose_in_settings(qtbot, window, read_note)
    assert f"Open now: {window.ctx.db_location} (the demo)" in seen[0]


def test_settings_says_plainly_when_the_open_database_is_the_configured_one(qtbot, settings, tmp_path):
    settings.database = str(tmp_path / "cpdesk.sqlite")
    dialog = SettingsDialog(load_reference().areas, settings, open_database=tmp_path / "cpdesk.sqlite")
    qtbot.addWidget(dialog)
    assert dialog.database_note.text().startswith(f"Open now: {Path(tmp_path / 'cpdesk.sqlite')}.")
    assert "demo" not in dialog.database_note.text()


def test_enter_in_the_search_opens_the_one_matching_indicator(qtbot, window):
    navigator = window.navigator
    qtbot.keyClicks(navigator.search, "cpp_repeat_pct")
    assert visible_indicators(navigator) == ["cpp_repeat_pct"]
    qtbot.keyClick(navigator.search, Qt.Key.Key_Return)
    assert window.ctx.indicator_id == "cpp_repeat_pct"
    assert navigator.indicators_tree.currentItem().data(0, CODE_ROLE) == "cpp_repeat_pct"
    assert window.pages["Charts"].view.request.indicator_id == "cpp_repeat_pct"


def test_enter_does_nothing_while_several_indicators_match(qtbot, window):
    navigator = window.navigator
    before = window.ctx.indicator_id
    qtbot.keyClicks(navigator.search, "rate")
    assert len(visible_indicators(navigator)) > 1
    qtbot.keyClick(navigator.search, Qt.Key.Key_Return)
    assert window.ctx.indicator_id == before


def first_run_with_a_council(settings):
    """The first-run dialog with the council chosen: only the name keeps OK off here."""
    settings.home_council = HAMPSHIRE
    return FirstRunDialog(load_reference().areas, settings)


@pytest.mark.parametrize("make_dialog", [
    first_run_with_a_council,
    lambda settings: SettingsDialog(load_reference().areas, settings),
], ids=["first run", "settings"])
def test_a_blank_name_cannot_be_saved(qtbot, settings, make_dialog):
    dialog = make_dialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.user.text()  # the login name is offered to start with
    dialog.user.selectAll()
    qtbot.keyClick(dialog.user, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.user, "   ")
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClick(dialog.user, Qt.Key.Key_Return)  # Enter does not get round it
    assert dialog.result() == 0 and dialog.isVisible()
    assert settings.q.value("officer/name") is None
    qtbot.keyClicks(dialog.user, "Sam Patel")
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert settings.user_name == "Sam Patel"


def test_the_navigator_follows_a_dashboard_tile_click(qtbot, window):
    """Clicking the repeat-plans tile opens its chart; the navigator highlights that indicator too."""
    window.tabs.setCurrentIndex(0)
    tile = window.pages["Dashboard"].card.tiles["cpp_repeat_pct"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    current = window.navigator.indicators_tree.currentItem()
    assert current is not None and current.data(0, CODE_ROLE) == "cpp_repeat_pct"
    assert window.navigator.areas_tree.currentItem().data(0, CODE_ROLE) == "E10000031"
