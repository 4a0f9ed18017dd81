"""The cell-history dialog, opened from the Data page's right-click menu: modal to the window, and
every text shown whole (columns fit, or long ones wrap)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle

from cpdesk import pipeline
from cpdesk.indicators.model import Period
from cpdesk.ui.context import AppContext
from tests.conftest import SAMPLES
from tests.ui.windows import settings_in, shown_window

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


@pytest.fixture
def window(qtbot, tmp_path):
    """A window on a database holding Warwickshire's update, whose sources are long file names."""
    ctx = AppContext(tmp_path / "cpdesk.sqlite", settings_in(tmp_path, WARWICKSHIRE))
    plan = pipeline.prepare_import(SAMPLES / "warwickshire_cp_update_2020.xlsx", ctx.reference, ctx.store)
    pipeline.commit_import(plan, ctx.store, user="officer")
    ctx.select("cpp_rate", WARWICKSHIRE)
    win = shown_window(qtbot, ctx)
    win.tabs.setCurrentWidget(win.pages["Data"])
    win.pages["Data"].refresh()
    yield win
    ctx.close()


def open_history_from_menu(window, qtbot):
    page = window.pages["Data"]
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.code == WARWICKSHIRE)
    column = next(i for i, p in enumerate(model.periods) if p.label == MAR_2019.label)
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
