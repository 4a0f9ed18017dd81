import datetime as dt
import os
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, Qt

from cpdesk.demo import build_demo
from cpdesk.indicators.model import Period
from cpdesk.ui.context import AppContext
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.observations_model import ObservationsModel
from cpdesk.ui.settings import AppSettings
from tests.ui.windows import demo_copy, settings_in, shown_window

SCREENSHOTS = __import__("pathlib").Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(db)
    return db


@pytest.fixture
def window(qtbot, tmp_path, demo_db):
    ctx = AppContext(demo_db, settings_in(tmp_path))
    win = shown_window(qtbot, ctx)
    yield win
    ctx.close()


def test_main_window_has_the_four_pages_and_the_navigator(window):
    titles = [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())]
    assert titles == ["Dashboard", "Charts", "Data", "Imports & history"]
    areas = window.navigator.areas_tree
    assert areas.topLevelItem(0).text(0) == "Warwickshire"
    districts = {areas.topLevelItem(0).child(i).text(0) for i in range(areas.topLevelItem(0).childCount())}
    assert {"Rugby", "Warwick", "North Warwickshire"} <= districts
    assert "Warwickshire" in window.status_label.text()


def test_choosing_an_indicator_in_the_navigator_redraws_the_chart(window, qtbot):
    tree = window.navigator.indicators_tree
    target = None
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).data(0, Qt.ItemDataRole.UserRole) == "cpp_repeat_pct":
                target = group.child(j)
    assert target is not None
    tree.setFocus()
    tree.setCurrentItem(target)  # as the arrow keys or a click on it do
    assert window.ctx.indicator_id == "cpp_repeat_pct"
    assert window.pages["Charts"].view.request.indicator_id == "cpp_repeat_pct"


def test_search_box_filters_indicators(window, qtbot):
    window.find_action.trigger()
    qtbot.keyClicks(window.navigator.search, "repeat")
    tree = window.navigator.indicators_tree
    visible = [tree.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole)
               for i in range(tree.topLevelItemCount()) for j in range(tree.topLevelItem(i).childCount())
               if not tree.topLevelItem(i).child(j).isHidden()]
    assert "cpp_repeat_pct" in visible and "cla_count" not in visible


def test_window_layout_and_page_are_remembered(window, qtbot, tmp_path, demo_db):
    window.tabs.setCurrentIndex(2)
    window.close()
    ctx = AppContext(demo_db, window.ctx.settings)
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 2
    ctx.close()


def test_screenshots_of_each_page(window, qtbot, tmp_path):
    """Grabs each page; with CPDESK_SCREENSHOTS=1 they refresh docs/screenshots/."""
    folder = SCREENSHOTS if os.environ.get("CPDESK_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1400, 860)
    for index, name in enumerate(("dashboard", "charts", "data", "imports")):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        image = window.grab()
        assert image.width() >= 1000
        assert image.save(str(folder / f"main_{name}.png"))


def test_observations_model_passes_qt_model_tester(qtmodeltester):
    period = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
    row = SimpleNamespace(area_name="Warwickshire", indicator_id="cpp_rate", breakdown="", period=period,
                          value=29.8, status=None, source_file="t.xlsx", source_cell="E4")
    model = ObservationsModel([row, row])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 4)) == "29.8"


def test_export_from_the_menu_writes_a_board_workbook(window, monkeypatch, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QDialog, QFileDialog

    from cpdesk.ui.export_dialog import ExportChoiceDialog

    def choose_board_tables(dialog):
        dialog.kind.setCurrentText("Board tables with charts (.xlsx)")
        return QDialog.DialogCode.Accepted

    out = tmp_path / "board.xlsx"
    monkeypatch.setattr(ExportChoiceDialog, "exec", choose_board_tables)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_action.trigger()
    book = load_workbook(out)
    assert "CP-plan rate" in book.sheetnames  # cpp_rate's sheet, named by its short title


def test_first_run_dialog_sets_home_council_and_user(qtbot, tmp_path):
    from cpdesk.reference import load_reference
    from cpdesk.ui.first_run import FirstRunDialog

    settings = AppSettings(QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat))
    assert not settings.first_run_done
    dialog = FirstRunDialog(load_reference().areas, settings)
    qtbot.addWidget(dialog)
    dialog.council.setCurrentIndex(dialog.council.findData("E10000025"))
    dialog.user.clear()
    qtbot.keyClicks(dialog.user, "Sam Officer")
    dialog.accept()
    assert settings.home_council == "E10000025"
    assert settings.user_name == "Sam Officer"
    assert settings.first_run_done


def test_every_page_fits_a_1366_by_768_laptop_screen(window, qtbot):
    """The window's minimum size leaves room for a taskbar on the commonest council laptop screen."""
    window.resize(1366, 728)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert window.minimumSizeHint().width() <= 1366, window.tabs.tabText(index)
        assert window.minimumSizeHint().height() <= 728, window.tabs.tabText(index)
        assert window.width() == 1366
    data = window.pages["Data"]
    assert data.caption.wordWrap()
    assert data.indicator_combo.width() < 600  # sized for the screen, not for the longest title
    combo = data.indicator_combo
    metrics = combo.view().fontMetrics()
    widest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.view().minimumWidth() > widest  # the open list shows every name whole


def test_the_council_chosen_at_first_run_opens_every_page(qtbot, tmp_path, demo_db):
    """Hampshire chosen in the first-run dialog: the charts and the grid open on Hampshire, not on the
    council the selection held before (Warwickshire)."""
    from cpdesk.ui.first_run import welcome

    settings = AppSettings(QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(demo_db, settings)

    def answer(dialog):
        qtbot.addWidget(dialog)
        dialog.council.setCurrentIndex(dialog.council.findData("E10000014"))
        dialog.user.clear()
        qtbot.keyClicks(dialog.user, "Jo Tester")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return dialog.result()

    welcome(ctx, answer)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert ctx.area_code == "E10000014"
    assert win.pages["Data"].area_combo.currentData() == "E10000014"
    win.show()
    win.tabs.setCurrentWidget(win.pages["Charts"])
    view = win.pages["Charts"].view
    assert view.request.area_code == "E10000014"  # Hampshire's trend (or why it has none), not Warwickshire's
    ctx.close()


def test_import_dialog_opens_where_the_last_workbook_came_from(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda _parent, _title, folder, _filter: (asked.append(folder), ([], ""))[1])
    (tmp_path / "returns").mkdir()  # a folder gone since is not offered: the dialog starts in Documents
    window.ctx.settings.add_recent_file(str(tmp_path / "returns" / "march.xlsx"))
    window.open_import()
    assert asked == [str(tmp_path / "returns")]


def test_toolbar_undo_keeps_its_short_label_and_names_the_step_in_its_tooltip(qtbot, tmp_path, demo_db):
    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import Observation
    from cpdesk.ui.grid_commands import EditCellsCommand

    ctx = AppContext(demo_copy(demo_db, tmp_path), settings_in(tmp_path))  # it edits: its own database
    window = shown_window(qtbot, ctx)
    assert not window.toolbar_undo.isEnabled()
    edit = Observation("E10000031", "cpp_rate", parse_period("31 Mar 2019"), 31.2, raw="31.2")
    window.ctx.undo_stack.push(EditCellsCommand(window.ctx, [edit]))
    assert window.toolbar_undo.text() == "Undo" and window.toolbar_undo.isEnabled()
    assert window.toolbar_undo.toolTip().startswith("Undo edit of Children subject to a CP plan")
    window.toolbar_undo.trigger()
    assert window.ctx.undo_stack.index() == 0
    assert window.toolbar_redo.isEnabled() and not window.toolbar_undo.isEnabled()
    window.toolbar_redo.trigger()
    assert window.ctx.undo_stack.index() == 1
    ctx.close()


def test_clicking_a_region_or_england_in_the_navigator_charts_it(window, qtbot):
    """Both used to open the crash dialog ("'E12000005' is not a local authority")."""
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    tree = window.navigator.areas_tree
    found = {}
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value():
        item = iterator.value()
        found[item.data(0, Qt.ItemDataRole.UserRole)] = item
        iterator += 1
    for code in ("E12000005", "E92000001"):
        if code not in found:
            continue
        rect = tree.visualItemRect(found[code])
        tree.scrollToItem(found[code])
        rect = tree.visualItemRect(found[code])
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(50)
        assert tree.currentItem() is found[code]
        assert window.isVisible()
