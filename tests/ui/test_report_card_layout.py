"""The report card reflows its tiles to the width it is given.

The number of tile columns follows the width, there is never a horizontal scrollbar, tiles keep
their reading order and their figures, resizing moves the same tile widgets (nothing is rebuilt or
queried again), long titles wrap and one-line figures that cannot fit are elided with the full
text in their tooltip.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtWidgets import QScrollArea  # noqa: E402

from cpdesk.ui.charts.elided_label import ElidedLabel  # noqa: E402
from cpdesk.ui.charts.report_card import ReportCard  # noqa: E402
from cpdesk.ui.charts.tile_grid import MAX_TILE_WIDTH, MIN_TILE_WIDTH  # noqa: E402

WARWICKSHIRE = "E10000031"
COLUMNS_AT_WIDTH = {900: 2, 1250: 3, 1600: 4, 2200: 6}  # 328 px a column with its spacing

pytest_plugins = ["tests.ui.chart_fixtures"]


@pytest.fixture
def card(source, qtbot):
    card = ReportCard()
    qtbot.addWidget(card)
    card.show_rows(source.report_card(WARWICKSHIRE), "Warwickshire")
    card.resize(1400, 800)
    card.show()
    qtbot.waitExposed(card)
    return card


def resize_and_settle(qtbot, widget, width: int, height: int = 800) -> None:
    widget.resize(width, height)
    qtbot.wait(20)  # let the layouts run their posted requests


def tiles_in_reading_order(card: ReportCard) -> list[str]:
    """Indicator ids sorted by where their tiles are drawn: top to bottom, then left to right."""
    viewport = card.grid.viewport()
    placed = [(tile.mapTo(viewport, QPoint(0, 0)), indicator) for indicator, tile in card.tiles.items()]
    return [indicator for point, indicator in sorted(placed, key=lambda p: (p[0].y(), p[0].x()))]


def drawn_columns(card: ReportCard) -> int:
    viewport = card.grid.viewport()
    return len({tile.mapTo(viewport, QPoint(0, 0)).x() for tile in card.tiles.values()})


def shown_figures(card: ReportCard) -> dict[str, tuple[str, ...]]:
    return {indicator: (tile.figure_label.full_text(), tile.period_label.full_text(),
                        tile.change_label.full_text(), tile.comparators_label.text(),
                        tile.areas_label.text(), tile.badge.text(), tile.rag_basis_label.text())
            for indicator, tile in card.tiles.items()}


def assert_inside_viewport(card: ReportCard) -> None:
    viewport = card.grid.viewport()
    assert not card.grid.horizontalScrollBar().isVisible()
    for indicator, tile in card.tiles.items():
        left = tile.mapTo(viewport, QPoint(0, 0)).x()
        assert left >= 0, indicator
        assert left + tile.width() <= viewport.width(), (indicator, left, tile.width(), viewport.width())
        assert MIN_TILE_WIDTH <= tile.width() <= MAX_TILE_WIDTH, (indicator, tile.width())


def test_columns_follow_the_width_and_tiles_stay_inside(card, qtbot):
    schema_order = list(card.tiles)
    figures = shown_figures(card)
    widgets = dict(card.tiles)
    seen = {}
    for width in COLUMNS_AT_WIDTH:
        resize_and_settle(qtbot, card, width)
        seen[width] = (card.grid.columns, drawn_columns(card))
        assert_inside_viewport(card)
        assert tiles_in_reading_order(card) == schema_order, width
        assert shown_figures(card) == figures, width
        assert all(card.tiles[i] is widgets[i] for i in widgets), width
    assert seen == {width: (columns, columns) for width, columns in COLUMNS_AT_WIDTH.items()}


def test_narrowing_back_reflows_to_fewer_columns(card, qtbot):
    resize_and_settle(qtbot, card, 2200)
    resize_and_settle(qtbot, card, 800)
    assert card.grid.columns == drawn_columns(card) == 2
    resize_and_settle(qtbot, card, 400)
    assert card.grid.columns == drawn_columns(card) == 1
    assert_inside_viewport(card)
    assert card.grid.verticalScrollBar().isVisible()


def test_long_titles_wrap_and_are_not_clipped(card, qtbot):
    resize_and_settle(qtbot, card, 900)
    title = card.tiles["rereferrals_12m_count"].title_label
    assert "Re-referrals within 12 months of a previous referral" in title.text()
    one_line = title.fontMetrics().height()
    assert title.height() >= title.heightForWidth(title.width()) > 1.5 * one_line
    for indicator, tile in card.tiles.items():
        for label in wrapped_lines(tile):
            if label.isVisible():
                assert label.height() >= label.heightForWidth(label.width()), (indicator, label.text())
                assert tile.contentsRect().contains(label.geometry()), (indicator, label.text())


def figure_lines(tile):
    return tile.figure_label, tile.period_label, tile.change_label


def wrapped_lines(tile):
    return tile.title_label, tile.comparators_label, tile.areas_label, tile.rag_basis_label


def test_figure_lines_are_whole_when_the_tiles_have_room(card, qtbot):
    resize_and_settle(qtbot, card, 1600)
    shortened = [(indicator, label.text()) for indicator, tile in card.tiles.items()
                 for label in figure_lines(tile) if label.text() != label.full_text() or label.toolTip()]
    assert shortened == []


def test_figure_lines_show_their_whole_text_or_an_ellipsis_and_a_tooltip(card, qtbot):
    resize_and_settle(qtbot, card, 900)
    for indicator, tile in card.tiles.items():
        for label in figure_lines(tile):
            if label.text() == label.full_text():
                assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
            else:
                assert label.text().endswith("…") and label.toolTip() == label.full_text(), indicator
    comparators = {indicator: tile.comparators_label.text() for indicator, tile in card.tiles.items()}
    assert comparators["referrals"].endswith("not shown for a count (compare the rate)")
    # The council's own neighbours' figure (its report's, to 31 March 2019) is kept beside the mean and
    # median the national data pack gives for 31 March 2025.
    assert comparators["cpp_rate"].startswith("Neighbours: reported 34.7 at 31 Mar 2019 · mean ")
    assert "England 40.6 · " in card.tiles["cpp_rate"].areas_label.text()
    assert card.tiles["cpp_rate"].areas_label.text().endswith(" lowest of 151 councils (band A)")


def test_elided_label_shortens_to_fit_and_tooltips_the_whole(qtbot):
    label = ElidedLabel("SN: 151,352   England: 12,183,016")
    qtbot.addWidget(label)
    label.show()
    label.resize(80, label.sizeHint().height())
    qtbot.wait(10)
    assert label.text().endswith("…") and len(label.text()) < len(label.full_text())
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert label.toolTip() == "SN: 151,352   England: 12,183,016"
    label.resize(label.sizeHint().width() + 10, label.height())
    qtbot.wait(10)
    assert label.text() == label.full_text() and label.toolTip() == ""


def test_main_window_dashboard_reflows_without_side_scrolling_or_queries(qtbot, tmp_path, demo_db_template):
    """The window cannot be narrower than its widest page, so this starts at 1600 px."""
    from cpdesk.ui.context import AppContext
    from tests.ui.windows import demo_copy, settings_in, shown_window

    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path, WARWICKSHIRE))
    try:
        window = shown_window(qtbot, ctx, (1600, 1000))
        window.tabs.setCurrentIndex(0)
        page = window.pages["Dashboard"]
        queries = []
        real_get = page.sources.get
        page.sources.get = lambda: queries.append(1) or real_get()
        columns = []
        for width in (1600, 1920, 2560, 1600):
            resize_and_settle(qtbot, window, width, 1000)
            assert window.width() == width
            for scroll in page.findChildren(QScrollArea):
                assert not scroll.horizontalScrollBar().isVisible(), width
            assert_inside_viewport(page.card)
            columns.append(drawn_columns(page.card))
        assert columns[0] < columns[1] < columns[2] and columns[3] == columns[0] >= 3
        assert queries == []
    finally:
        ctx.close()
