"""Imports & history after typing, undoing, redoing and pasting in the Data grid: each row numbered and
saying what it changed, columns sized to their texts, and the status bar telling imports from edits."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox

from cpdesk.ui.context import AppContext
from cpdesk.ui.pages.imports_page import ImportsModel
from tests.ui.windows import demo_copy, settings_in, shown_window

WARWICKSHIRE = "E10000031"
RATE_TITLE = "Children subject to a CP plan per 10,000 children"
EDITED = f"{RATE_TITLE}, Warwickshire, 31 Mar 2019"  # as the Undo button names it


@pytest.fixture
def window(qtbot, tmp_path, demo_db_template):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path, WARWICKSHIRE))
    ctx.select("cpp_rate", WARWICKSHIRE)
    win = shown_window(qtbot, ctx, (1366, 768))  # the smallest screen officers use
    yield win
    ctx.close()


def grid_cell(window, period_label: str, row_offset: int = 0):
    page = window.pages["Data"]
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.code == WARWICKSHIRE) + row_offset
    column = next(i for i, p in enumerate(model.periods) if p.label == period_label)
    return page.table, model.index(row, column)


def type_into_grid(qtbot, window, text: str) -> None:
    table, index = grid_cell(window, "31 Mar 2019")
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # opens the cell's editor
    editor = table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def history_rows(window) -> list[dict[str, str]]:
    model = window.pages["Imports & history"].model
    return [{model.columns[c]: model.index(r, c).data() for c in range(model.columnCount())}
            for r in range(model.rowCount())]


def test_edits_undo_redo_and_a_paste_each_say_what_they_changed(qtbot, window):
    window.tabs.setCurrentWidget(window.pages["Data"])
    type_into_grid(qtbot, window, "31.2")
    assert window.undo_action.text() == f"&Undo edit of {RATE_TITLE}, Warwickshire, 31 Mar 2019"
    assert window.minimumSizeHint().width() <= 1366  # the longer toolbar text still fits a laptop
    assert history_rows(window)[0]["File or change"] == f"Edit: {EDITED}"  # named at once
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    table, index = grid_cell(window, "31 Mar 2019", row_offset=1)
    QGuiApplication.clipboard().setText("10\t11\n12\t13\n")
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_action.text() == "&Undo edit of 4 figures"
    window.tabs.setCurrentWidget(window.pages["Imports & history"])
    rows = history_rows(window)
    assert [row["File or change"] for row in rows[:4]] == [
        "Edit: 4 figures", f"Redo of edit: {EDITED}", f"Undo of edit: {EDITED}", f"Edit: {EDITED}"]
    numbers = [int(row["Import"]) for row in rows]
    assert numbers == sorted(numbers, reverse=True)
    files = sum(row["Kind"] == "Import" for row in rows)
    assert f"{files} imports, 4 edits" in window.status_label.text()


def test_an_undone_import_is_named_by_the_number_in_the_import_column(qtbot, window, monkeypatch):
    page = window.pages["Imports & history"]
    window.tabs.setCurrentWidget(page)
    first_file = next(row for row in history_rows(window) if row["Kind"] == "Import")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select_import(int(first_file["Import"]))
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert history_rows(window)[0]["File or change"] == f"Undo of import {first_file['Import']}"
    assert ", 1 undo" in window.status_label.text()


def test_file_names_are_shown_whole_and_status_is_only_as_wide_as_its_words(qtbot, window):
    page = window.pages["Imports & history"]
    window.tabs.setCurrentWidget(page)
    table, model = page.table, page.model
    metrics = table.fontMetrics()
    longest = max(metrics.horizontalAdvance(model.index(r, ImportsModel.DESCRIPTION).data())
                  for r in range(model.rowCount()))
    assert table.columnWidth(ImportsModel.DESCRIPTION) >= longest
    status = model.columnCount() - 1
    widest_status = max([metrics.horizontalAdvance(model.index(r, status).data())
                         for r in range(model.rowCount())] + [metrics.horizontalAdvance("Status")])
    assert table.columnWidth(status) < widest_status + 40
    assert sum(table.columnWidth(c) for c in range(model.columnCount())) <= table.viewport().width()


def test_an_edit_from_an_earlier_session_is_named_from_the_store(qtbot, window):
    """Edits the undo stack never saw (made before cpdesk was last started) are named all the same."""
    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import Observation

    march_2019 = parse_period("31 Mar 2019")
    window.ctx.store.record_edits([Observation(WARWICKSHIRE, "cpp_rate", march_2019, 30.1, raw="30.1")],
                                  "A. Officer")
    window.ctx.data_changed.emit()
    window.tabs.setCurrentWidget(window.pages["Imports & history"])
    assert window.ctx.undo_stack.count() == 0
    assert history_rows(window)[0]["File or change"] == f"Edit: {EDITED}"
