"""The Data page over the demo database: typing, keys, paste, statuses and the history dialog."""

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from cpdesk.indicators.model import Period
from cpdesk.ui.context import AppContext
from cpdesk.ui.grid_columns import fit_columns_to_contents
from cpdesk.ui.grid_model import AREAS_MODE, INDICATORS_MODE
from cpdesk.ui.history_dialog import HistoryModel
from cpdesk.ui.pages.data_page import DataPage, parse_block
from cpdesk.ui.settings import AppSettings

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def ctx(demo_db_template, tmp_path, qapp):
    db = tmp_path / "db.sqlite"
    db.write_bytes(demo_db_template.read_bytes())
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = WARWICKSHIRE
    settings.user_name = "A. Officer"
    context = AppContext(db, settings)
    context.select("cpp_rate", WARWICKSHIRE)
    yield context
    context.close()


@pytest.fixture
def page(ctx, qtbot):
    widget = DataPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def index_of(page, area_code, period_label):
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.code == area_code)
    column = next(i for i, p in enumerate(model.periods) if p.label == period_label)
    return model.index(row, column)


def select_block(page, top_left, rows, columns):
    selection = page.table.selectionModel()
    selection.clearSelection()
    for r in range(rows):
        for c in range(columns):
            index = page.model.index(top_left.row() + r, top_left.column() + c)
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
    page.table.setCurrentIndex(top_left)
    selection.select(top_left, QItemSelectionModel.SelectionFlag.Select)


def revisions(ctx, area=WARWICKSHIRE, period=MAR_2019):
    return ctx.store.history(area, "cpp_rate", period)


def test_typing_in_the_editor_stores_and_undo_restores(page, ctx, qtbot):
    index = index_of(page, WARWICKSHIRE, "31 Mar 2019")
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.findChild(QLineEdit)
    assert editor is not None and editor.text() == "29.8"
    editor.setText("31.2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    assert index_of(page, WARWICKSHIRE, "31 Mar 2019").data() == "31.2"
    history = revisions(ctx)
    assert len(history) == 2 and history[-1].new_value == 31.2 and history[-1].changed_by == "A. Officer"
    ctx.undo_stack.undo()  # Ctrl+Z is the main window's action on the same stack
    assert index_of(page, WARWICKSHIRE, "31 Mar 2019").data() == "29.8"
    assert len(revisions(ctx)) == 3
    ctx.undo_stack.redo()
    assert index_of(page, WARWICKSHIRE, "31 Mar 2019").data() == "31.2"
    assert len(revisions(ctx)) == 4


def test_refused_edit_shows_the_reason_and_stores_nothing(page, ctx, qtbot):
    grid_top = page.table.geometry().top()
    index = index_of(page, WARWICKSHIRE, "31 Mar 2019")
    assert not page.model.setData(index, "abc", Qt.ItemDataRole.EditRole)
    assert page.message.isVisible() and "'abc' is not a number" in page.message.text()
    assert len(revisions(ctx)) == 1
    qtbot.wait(20)
    assert page.table.geometry().top() == grid_top  # the grid does not jump under the pointer


def test_paste_of_a_block_is_one_undo_step(page, ctx, qtbot):
    top_left = index_of(page, WARWICKSHIRE, "31 Mar 2018")
    select_block(page, top_left, 1, 1)
    QGuiApplication.clipboard().setText("30\t31\n32\t33\n")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    shown = [[page.model.index(top_left.row() + r, top_left.column() + c).data() for c in range(2)]
             for r in range(2)]
    assert shown == [["30.0", "31.0"], ["32.0", "33.0"]]
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert index_of(page, WARWICKSHIRE, "31 Mar 2018").data() == "49.0"
    assert index_of(page, WARWICKSHIRE, "31 Mar 2019").data() == "29.8"


def test_paste_with_one_bad_cell_stores_nothing(page, ctx):
    top_left = index_of(page, WARWICKSHIRE, "31 Mar 2018")
    select_block(page, top_left, 2, 2)
    QGuiApplication.clipboard().setText("30\t31\n32\tlots\n")
    imports_before = len(ctx.store.imports())
    assert not page.paste()
    assert "'lots' is not a number" in page.message.text()
    assert len(ctx.store.imports()) == imports_before
    assert index_of(page, WARWICKSHIRE, "31 Mar 2018").data() == "49.0"


def test_delete_and_status_menu_set_statuses(page, ctx, qtbot):
    index = index_of(page, WARWICKSHIRE, "31 Mar 2019")
    select_block(page, index, 1, 1)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert index_of(page, WARWICKSHIRE, "31 Mar 2019").data() == "(blank)"
    menu = page.build_context_menu(index)
    status_menu = next(a.menu() for a in menu.actions() if a.text() == "Set status")
    next(a for a in status_menu.actions() if "(c)" in a.text()).trigger()
    shown = index_of(page, WARWICKSHIRE, "31 Mar 2019")
    assert shown.data() == "c" and shown.data(Qt.ItemDataRole.FontRole).italic()
    assert [r.new_status for r in revisions(ctx)[1:]] == ["blank", "c"]


def test_history_dialog_lists_every_revision(page, ctx, qtmodeltester):
    index = index_of(page, WARWICKSHIRE, "31 Mar 2019")
    page.model.setData(index, "31.2", Qt.ItemDataRole.EditRole)
    ctx.undo_stack.undo()
    dialog = page.open_history(index_of(page, WARWICKSHIRE, "31 Mar 2019"))
    model = dialog.model
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    # The DfE's figure (from the national data pack) and the council's, each with its own history.
    assert [row[5] for row in rows] == ["import of National data pack 2025.1 (DfE 2025)",
                                        "import of warwickshire_cp_update_2020.xlsx", "edit", "undo of edit"]
    assert [row[2] for row in rows] == ["DfE", "Council", "Council", "Council"]
    assert [(row[3], row[4]) for row in rows] == [("(empty)", "derived: 345 / 115696 x 10,000"),
                                                  ("(empty)", "29.8"), ("29.8", "31.2"), ("31.2", "29.8")]
    assert rows[0][6].startswith("d5_cpps_at31march_by_duration_2013_to_2025.csv, sheet ")
    assert rows[1][6] == "warwickshire_cp_update_2020.xlsx, sheet 'CP tables', cell E4"
    dialog.close()
    assert HistoryModel([]).rowCount() == 0


def test_selection_follows_the_context(page, ctx):
    ctx.select("cpp_repeat_pct", WARWICKSHIRE)
    assert page.indicator_combo.currentData() == "cpp_repeat_pct"
    assert page.model.indicator_id == "cpp_repeat_pct"
    page.mode_combo.setCurrentIndex(1)
    assert page.model.mode == "indicators"
    assert "cpp_rate" in [row.code for row in page.model.rows]


def test_parse_block_reads_excel_clipboard_text():
    assert parse_block("30\t31\r\n32\t33\r\n") == [["30", "31"], ["32", "33"]]
    assert parse_block("7") == [["7"]]


def test_screenshot_of_the_data_page(page, tmp_path):
    """With CPDESK_SCREENSHOTS=1 the grab refreshes docs/screenshots/."""
    folder = SCREENSHOTS if os.environ.get("CPDESK_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "data_page.png"
    assert page.grab().save(str(target))
    assert target.stat().st_size > 0


def column_widths(table) -> list[int]:
    return [table.columnWidth(column) for column in range(table.model().columnCount())]


def qt_column_widths(table) -> list[int]:
    table.resizeColumnsToContents()
    return column_widths(table)


@pytest.mark.parametrize("mode", [AREAS_MODE, INDICATORS_MODE])
def test_fitted_column_widths_are_qts_own(page, mode):
    model, table = page.model, page.table
    assert model.setData(model.index(0, 0), "9999.87654321", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, 1), "TBC", Qt.ItemDataRole.EditRole)
    model.load(mode, "cpp_rate", WARWICKSHIRE)
    expected = qt_column_widths(table)
    for column in range(len(expected)):
        table.setColumnWidth(column, 5)
    fit_columns_to_contents(table)
    assert column_widths(table) == expected
    header = table.horizontalHeader()
    assert any(width > header.sectionSizeHint(column) for column, width in enumerate(expected))


def test_switching_selection_fits_the_new_columns(page):
    page.set_selection("cpp_repeat_pct", WARWICKSHIRE)
    assert column_widths(page.table) == qt_column_widths(page.table)


def test_a_redo_is_stored_as_a_redo(page, ctx):
    """Edit, undo, redo: the cell's history says which each was (the audit trail reads true)."""
    page.model.setData(index_of(page, WARWICKSHIRE, "31 Mar 2019"), "31.2", Qt.ItemDataRole.EditRole)
    ctx.undo_stack.undo()
    ctx.undo_stack.redo()
    assert [r.reason for r in revisions(ctx)][-3:] == ["edit", "undo of edit", "redo of edit"]
    assert revisions(ctx)[-1].new_value == 31.2
