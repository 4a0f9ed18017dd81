"""The cell-history dialog, opened from the Data page's right-click menu: modal to the window, and
every text shown whole (columns fit, or long ones wrap)."""

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QStyle

from cpdesk import pipeline
from cpdesk.indicators.model import Period
from cpdesk.ui.context import AppContext
from tests.conftest import SAMPLES
from tests.ui.windows import settings_in, shown_window

WARWICKSHIRE, OXFORDSHIRE = "E10000031", "E10000025"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


def data_window(qtbot, tmp_path, workbook, area: str, indicator: str):
    """A window on the Data page of ``indicator`` for ``area``, its database holding ``workbook``."""
    ctx = AppContext(tmp_path / "cpdesk.sqlite", settings_in(tmp_path, area))
    plan = pipeline.prepare_import(workbook, ctx.reference, ctx.store)
    pipeline.commit_import(plan, ctx.store, user="officer")
    ctx.select(indicator, area)
    win = shown_window(qtbot, ctx)
    win.tabs.setCurrentWidget(win.pages["Data"])
    win.pages["Data"].refresh()
    return ctx, win


@pytest.fixture
def window(qtbot, tmp_path):
    """A window on a database holding Warwickshire's update, whose sources are long file names."""
    ctx, win = data_window(qtbot, tmp_path, SAMPLES / "warwickshire_cp_update_2020.xlsx", WARWICKSHIRE,
                           "cpp_rate")
    yield win
    ctx.close()


def open_history_from_menu(window, qtbot, area: str = WARWICKSHIRE, label: str = MAR_2019.label):
    page = window.pages["Data"]
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.code == area)
    column = next(i for i, p in enumerate(model.periods) if p.label == label)
    index = model.index(row, column)
    page.table.setCurrentIndex(index)
    menu = page.build_context_menu(index)
    next(a for a in menu.actions() if a.text() == "History...").trigger()
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle().startswith("History - ")
    qtbot.waitExposed(dialog)
    return dialog


def lines_needed(text: str, font, width: int) -> float:
    """How tall ``text`` is laid out in ``width`` pixels, breaking words only when they are too wide."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height


def clipped_cells(table) -> list[str]:
    """Texts that do not fit their cell, even wrapped onto the row's lines."""
    model = table.model()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    clipped = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = model.index(row, column).data()
            width = table.columnWidth(column) - 2 * margin
            if lines_needed(text, table.font(), width) > table.rowHeight(row):
                clipped.append(text)
    return clipped


def test_history_shows_every_text_whole(window, qtbot):
    dialog = open_history_from_menu(window, qtbot)
    sources = [dialog.model.index(r, 6).data() for r in range(dialog.model.rowCount())]
    assert any("warwickshire_cp_update_2020.xlsx" in source for source in sources)
    assert clipped_cells(dialog.table) == []
    assert dialog.frameGeometry().width() <= dialog.screen().availableGeometry().width()
    dialog.resize(dialog.width() - 150, dialog.height())  # narrower still: texts wrap, never clip
    assert clipped_cells(dialog.table) == []
    dialog.close()


def test_history_is_modal_to_the_window_so_the_page_cannot_change_under_it(window, qtbot):
    dialog = open_history_from_menu(window, qtbot)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    tab_bar = window.tabs.tabBar()
    dashboard_tab = tab_bar.mapTo(window, tab_bar.tabRect(0).center())

    def click_dashboard_tab() -> None:  # through the window system, which applies modality
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=dashboard_tab)

    click_dashboard_tab()
    assert window.tabs.currentWidget() is window.pages["Data"]
    dialog.close()
    click_dashboard_tab()
    assert window.tabs.currentIndex() == 0


JULY_TITLE = "Children subject to a child protection plan at 31 July, Oxfordshire, 31 Jul 2015"


@pytest.fixture
def july_window(qtbot, tmp_path):
    """Oxfordshire's children on plans in July 2013-2015 (422, 454, 626, the 2015 report's snapshot)."""
    book = openpyxl.Workbook()
    for row in (["Oxfordshire County Council: snapshot"], ["", "July 2013", "July 2014", "July 2015"],
                ["Children on a child protection plan", 422, 454, 626]):
        book.active.append(row)
    book.save(tmp_path / "snapshots.xlsx")
    ctx, win = data_window(qtbot, tmp_path, tmp_path / "snapshots.xlsx", OXFORDSHIRE, "cpp_count")
    yield win
    ctx.close()


def test_the_history_of_a_month_end_figure_is_titled_with_its_own_day(july_window, qtbot):
    dialog = open_history_from_menu(july_window, qtbot, OXFORDSHIRE, "31 Jul 2015")
    assert dialog.windowTitle() == f"History - {JULY_TITLE}"
    assert dialog.findChild(QLabel).text().startswith(f"<b>{JULY_TITLE}</b>")
    dialog.close()


def test_an_edit_of_a_month_end_figure_is_named_with_its_own_day(july_window, qtbot):
    page = july_window.pages["Data"]
    row = next(i for i, r in enumerate(page.model.rows) if r.code == OXFORDSHIRE)
    column = next(i for i, p in enumerate(page.model.periods) if p.label == "31 Jul 2015")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, column))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "625")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: july_window.undo_action.text() == f"&Undo edit of {JULY_TITLE}")
    history = july_window.pages["Imports & history"].model
    described = [history.index(r, history.DESCRIPTION).data() for r in range(history.rowCount())]
    assert f"Edit: {JULY_TITLE}" in described
