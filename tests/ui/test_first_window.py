"""What the first window builds and what it leaves until it is needed: it builds the page it opens on,
and every other page when its tab is first clicked (or the page is asked for), in its place among the
tabs, and only once; the navigator's search offers its clear button once there is text to clear."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from cpdesk.ui.context import AppContext
from cpdesk.ui.pages.charts_page import ChartsPage
from cpdesk.ui.pages.data_page import DataPage
from tests.ui.windows import demo_copy, settings_in, shown_window

TITLES = ["Dashboard", "Charts", "Data", "Imports & history"]


@pytest.fixture
def window(qtbot, tmp_path, demo_db_template):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path))
    win = shown_window(qtbot, ctx)
    yield win
    ctx.close()


def click_tab(qtbot, window, index: int) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_only_the_page_shown_is_built_at_first(window):
    assert list(window.pages) == TITLES
    assert [window.pages.built(title) is not None for title in TITLES] == [True, False, False, False]
    assert window.tabs.currentWidget() is window.pages["Dashboard"]
    assert window.pages["Dashboard"].card.tiles  # the report card is there, not a stand-in


def test_clicking_a_tab_builds_its_page_in_that_tab_once(qtbot, window):
    click_tab(qtbot, window, 1)
    charts = window.pages.built("Charts")
    assert isinstance(charts, ChartsPage)
    assert window.tabs.currentIndex() == 1 and window.tabs.currentWidget() is charts
    assert window.tabs.tabText(1) == "Charts"
    click_tab(qtbot, window, 0)
    click_tab(qtbot, window, 1)
    assert window.pages["Charts"] is charts and window.tabs.currentWidget() is charts
    assert [window.tabs.tabText(i).replace("&&", "&") for i in range(window.tabs.count())] == TITLES


def test_asking_for_a_page_builds_it_without_changing_the_tab_shown(window):
    data = window.pages["Data"]
    assert isinstance(data, DataPage)
    assert window.tabs.indexOf(data) == 2
    assert window.tabs.currentIndex() == 0


def test_a_dashboard_tile_opens_the_charts_page_built_on_the_way(qtbot, window):
    tile = next(iter(window.pages["Dashboard"].card.tiles.values()))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.pages.built("Charts")
    assert window.pages["Charts"].view.request.indicator_id == tile.row.indicator_id


def test_the_search_offers_its_clear_button_once_there_is_text_and_it_clears(qtbot, window):
    search = window.navigator.search
    assert not search.isClearButtonEnabled()
    qtbot.keyClicks(search, "repeat")
    assert search.isClearButtonEnabled()
    buttons = search.findChildren(QToolButton)
    clear = next(b for b in buttons if b.metaObject().className() == "QLineEditIconButton")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert search.text() == ""
