"""The Charts page beyond the chart itself: the one-line summary under it, the table alternative
(checked with qtmodeltester), and the navigator's "Statistical neighbours", which charts the council
beside each of its neighbours."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QTreeWidgetItemIterator  # noqa: E402

from cpdesk.chart.format import format_value, officer_label  # noqa: E402
from cpdesk.chart.requests import ChartRequest, build_spec, latest_rank_period  # noqa: E402
from cpdesk.query.observations import DFE_FIRST  # noqa: E402
from cpdesk.ui.charts.chart_table import ChartTableModel  # noqa: E402
from cpdesk.ui.charts.chart_view import ChartView  # noqa: E402
from cpdesk.ui.context import AppContext  # noqa: E402
from tests.ui.windows import demo_copy, settings_in, shown_window  # noqa: E402

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]


@pytest.mark.parametrize("request_", [
    ChartRequest("cpp_rate", WARWICKSHIRE, "trend"),
    ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "recent"),
    ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank"),
    ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "neighbours"),
], ids=lambda r: f"{r.indicator_id}-{r.kind}")
def test_every_chart_has_a_table_model_that_passes_qtmodeltester(source, qtmodeltester, request_):
    spec = build_spec(source, request_)
    model = ChartTableModel(spec)
    qtmodeltester.check(model)
    assert model.rowCount() >= len({p.x for s in spec.series for p in s.points})


def test_the_trend_table_holds_the_plotted_figures_and_their_sources(source):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    model = ChartTableModel(spec)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Period", *(series.name for series in spec.series)]
    rows = {model.data(model.index(r, 0)): [model.data(model.index(r, c)) for c in range(1, len(headers))]
            for r in range(model.rowCount())}
    home = [rows[period][0] for period in ("31 Mar 2019", "31 Mar 2020", "31 Jul 2020")]
    assert home == ["29.8", "25.1", "28.0"]  # Warwickshire's 2020 report
    for column, series in enumerate(spec.series):
        for point in series.points:
            shown = point.label if point.y is not None else (point.status_marker or "")
            assert rows[spec.x_categories[point.x]][column] == shown  # withheld: "TBC", not blank
    july = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "31 Jul 2020")
    assert "warwickshire_cp_update_2020.xlsx" in model.data(model.index(july, 1), Qt.ItemDataRole.ToolTipRole)


def test_show_table_swaps_the_chart_for_its_table_and_back(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_repeat_pct", WARWICKSHIRE, "rank")
    assert view.stack.currentWidget() is view.plot
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.table and view.table_button.text() == "Show chart"
    model = view.table.model()
    councils = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "Warwickshire" in councils and len([c for c in councils if c]) >= 153
    row = councils.index("Warwickshire")
    assert model.data(model.index(row, 1)) == "23.0%" and model.data(model.index(row, 2)) == "Warwickshire"
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.plot


def test_the_summary_line_is_shown_under_the_chart(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_rate", WARWICKSHIRE, "trend")
    from cpdesk.chart.summary import summary_for

    schema, areas = source.reference.schema, source.reference.areas
    assert view.summary.text() == summary_for(source.index, schema["cpp_rate"], WARWICKSHIRE, areas)
    assert view.summary.text().startswith("CP-plan rate ") and "England" in view.summary.text()
    assert not view.show_chart("open_cases", "E10000017", "trend")  # Lancashire: none held, no stale line
    assert view.summary.text() == ""


@pytest.fixture
def window(qtbot, demo_db_template, tmp_path):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path))
    window = shown_window(qtbot, ctx, (1366, 768))
    yield window
    window.close()
    ctx.close()


def _click_area(qtbot, tree, text):
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value() and iterator.value().text(0) != text:
        iterator += 1
    item = iterator.value()
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    qtbot.wait(20)
    assert tree.currentItem() is item


def test_statistical_neighbours_in_the_navigator_charts_each_neighbour(window, qtbot):
    page = window.pages["Charts"]
    window.tabs.setCurrentWidget(page)
    window.ctx.select(indicator_id="cpp_repeat_pct")
    _click_area(qtbot, window.navigator.areas_tree, "Statistical neighbours")
    spec = page.view.drawn.spec
    assert spec.kind == "neighbours" and page.view.kind_box.currentData() == "neighbours"
    assert len(spec.x_categories) == 11 and "Warwickshire" in spec.x_categories
    assert "Warwickshire is 2nd best of 11" in spec.subtitle
    labels = {label.text for label in page.view.plot.getAxis("bottom").labels}
    assert labels == set(spec.x_categories)  # every bar named by its council
    _click_area(qtbot, window.navigator.areas_tree, "Rugby")  # a district: back to a trend
    assert page.view.request.kind == "trend" and page.view.request.area_code == "E07000220"


def test_a_refused_chart_keeps_no_labels_of_the_chart_before(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_rate", WARWICKSHIRE, "trend")
    assert not view.show_chart("cpp_rate", "E12000005", "districts")  # a region has no districts
    assert view.plot.getAxis("bottom").labels == []


def test_a_region_charted_on_its_own_is_drawn_once_and_named_in_its_ranking(source):
    trend = build_spec(source, ChartRequest("cpp_rate", "E12000005", "trend"))
    assert [s.name for s in trend.series] == ["West Midlands", "England"]
    rank = build_spec(source, ChartRequest("cpp_rate", "E12000005", "rank"))
    cpp_rate = source.reference.schema.get("cpp_rate")
    period = latest_rank_period(source, cpp_rate, "E12000005")
    region = source.index.figure("cpp_rate", "E12000005", period.key, prefer=DFE_FIRST)
    words = f"West Midlands {format_value(region.value, cpp_rate)} at {officer_label(period)}"
    assert rank.subtitle == f"Councils ranked. {words}: the line across them (not a council, so not ranked)"
    assert rank.summary.endswith(rank.subtitle) and "E12000005" not in rank.subtitle + rank.summary
    line = next(r for r in rank.reference_lines if r.role == "region")
    assert (line.label, line.y) == (f"West Midlands {format_value(region.value, cpp_rate)}", region.value)
    assert "has no figure" not in rank.summary  # it has one: it is only not among the councils
