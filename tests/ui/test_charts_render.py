"""Charts drawn from the demo database: the plotted arrays equal the stored figures."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("pytestqt")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from cpdesk.chart.requests import ChartRequest, ChartRequestError, build_spec  # noqa: E402
from cpdesk.ui.charts.render import draw_spec  # noqa: E402

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    widget.resize(1000, 600)
    qtbot.addWidget(widget)
    return widget


def _ys(item) -> list[float | None]:
    _, ys = item.getData()
    return [None if math.isnan(y) else float(y) for y in ys]


def test_trend_plots_warwickshire_cp_rate(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    home = drawn.items["Warwickshire"]
    xs, ys = home.getData()
    at = dict(zip(spec.x_categories, spec.x_positions, strict=True))
    by_position = dict(zip(xs, ys, strict=True))
    assert [by_position[at[f"31 Mar {year}"]] for year in range(2015, 2021)] == [47.7, 42.0, 38.8, 49.0, 29.8,
                                                                                 25.1]
    assert at["31 Jul 2020"] not in by_position  # the July snapshot is not on the year-end line
    assert list(xs) == sorted(xs) and xs[1] - xs[0] == pytest.approx(1.0, abs=0.01)
    sn_xs, _ = drawn.items["Warwickshire statistical neighbours (as reported)"].getData()
    assert at["31 Mar 2020"] not in list(sn_xs)  # TBC is a gap
    mean_xs, _ = drawn.items["Warwickshire statistical neighbours (mean)"].getData()
    assert at["31 Mar 2020"] in list(mean_xs)  # the mean of the DfE's figures fills it, on its own line
    ticks = plot.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == [c for c in spec.x_categories if c != "31 Jul 2020"]
    assert [x for x, _ in ticks] == [at[c] for c in spec.x_categories if c != "31 Jul 2020"]
    assert plot.getAxis("left").labelText == "Rate per 10,000 children"


def test_an_in_year_point_is_a_marker_off_the_line_named_in_the_legend(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    companions = drawn.companions["Warwickshire"]
    markers = [c for c in companions if isinstance(c, pg.PlotDataItem)]
    assert [list(m.getData()[1]) for m in markers] == [[28.0]]
    named = {label.text: sample.item for sample, label in drawn.legend.items}
    assert named["Warwickshire, 31 Jul 2020"] is markers[0]
    assert not [c for c in companions if isinstance(c, pg.TextItem)]  # no text floating over the plot


def test_two_in_year_groups_are_named_apart_in_the_legend(source, plot):
    spec = build_spec(source, ChartRequest("cpp_count", "E10000025", "trend"))  # 31 Jul and 1 Sep figures
    drawn = draw_spec(plot, spec)
    named = [label.text for _, label in drawn.legend.items]
    assert named == ["Oxfordshire", "Oxfordshire, 31 Jul snapshot figures", "Oxfordshire, 1 Sep 2014"]
    rows = -(-len(named) // 4)
    assert plot.getPlotItem().layout.rowMaximumHeight(4) >= 26 * rows


def test_a_line_breaks_across_a_missing_year(bare_source, plot):
    spec = build_spec(bare_source, ChartRequest("cpp_count", "E10000025", "trend"))  # Oxfordshire's reports
    drawn = draw_spec(plot, spec)
    line = drawn.items["Oxfordshire"]
    assert list(line.opts["connect"]) == [False, False, True]  # 2009 | 2013 | 2019: years apart


def test_value_axis_has_thousands_separators(source, plot):
    spec = build_spec(source, ChartRequest("referrals", WARWICKSHIRE, "trend"))
    draw_spec(plot, spec)
    axis = plot.getAxis("left")
    assert axis.tickStrings([100000.0, 700000.0], 1, 100000.0) == ["100,000", "700,000"]
    assert axis.tickStrings([-2500.0, 12.5], 1, 0.5) == ["-2,500.0", "12.5"]


def test_a_bar_swatch_is_a_square_without_a_line(source, plot):
    from PySide6.QtGui import QImage, QPainter

    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts"))
    drawn = draw_spec(plot, spec)
    sample = drawn.legend.items[0][0]
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    sample.paint(painter)
    painter.end()
    assert image.pixelColor(0, 11).alpha() == 0  # nothing left of the square: no stray dash
    assert image.pixelColor(10, 10).alpha() == 255


def test_svg_title_is_plain_text(source, tmp_path):
    from cpdesk.ui.charts.export import render_spec_to_file

    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    out = render_spec_to_file(spec, tmp_path / "trend.svg", (1100, 650))
    title = out.read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "&lt;" not in title and "span" not in title
    assert title.startswith("Children subject to a CP plan per 10,000 children — Warwickshire vs")


def test_tbc_gets_its_own_marker(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    companions = drawn.companions["Warwickshire statistical neighbours (as reported)"]
    texts = [c.textItem.toPlainText() for c in companions if isinstance(c, pg.TextItem)]
    assert texts == ["TBC"]


def test_legend_click_toggles_series(source, plot, qtbot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    plot.show()
    qtbot.waitExposed(plot)
    england = drawn.items["England"]
    sample = next(sample for sample, label in drawn.legend.items if label.text == "England")
    centre = plot.mapFromScene(sample.mapToScene(sample.boundingRect().center()))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert not england.isVisible()
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert england.isVisible()


def test_districts_bars_are_table_7_sorted(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "31 March 2019"))
    drawn = draw_spec(plot, spec)
    bars = drawn.items["31 Mar 2019"]
    assert list(bars.opts["height"]) == [36.0, 26.0, 23.0, 23.0, 22.0]
    assert spec.x_categories == ("Nuneaton and Bedworth", "Stratford-on-Avon", "Rugby", "Warwick",
                                 "North Warwickshire")
    la_line = drawn.items["Warwickshire 31 Mar 2019: 29.8"]
    assert la_line.value() == pytest.approx(29.8)


def test_rank_chart_highlights_warwickshire(source, plot):
    spec = build_spec(source, ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank"))
    drawn = draw_spec(plot, spec)
    home = drawn.items["Warwickshire"]
    position = spec.x_categories.index("Warwickshire")
    assert list(home.opts["x"]) == [position]
    assert list(home.opts["height"]) == [23.0]
    sn = spec.series_with_role("sn")[0]
    assert len(drawn.items[sn.name].opts["x"]) == 10
    others = drawn.items["Other LAs"]
    assert len(others.opts["x"]) + 11 == len(spec.x_categories) == 153
    assert "66th of 153 councils" in spec.subtitle
    assert {"Lower quartile 20.0%", "Median 24.3%", "Upper quartile 27.6%"} <= set(drawn.items)
    offered = {label.text: label.priority for label in plot.getAxis("bottom").labels}
    neighbours = {spec.x_categories[p.x] for p in sn.points}
    assert offered == {"Warwickshire": 2} | dict.fromkeys(neighbours, 1)  # named, never the quartile
    # Where the axis has no room to name them all, each bar's tooltip and the note under the chart
    # (which a saved image keeps) say which they are.
    for point in sn.points:
        name = spec.x_categories[point.x]
        assert point.tooltip.startswith(f"{name} (statistical neighbour of Warwickshire), "), name


def test_a_rank_chart_drawn_for_paper_names_its_neighbours_without_tooltips(source):
    """A saved PNG or SVG has no tooltips: its legend promises none, and its note names each neighbour."""
    from cpdesk.ui.charts.export import settle, unseen_plot
    from cpdesk.ui.theme import print_palette

    spec = build_spec(source, ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank"))
    neighbours = [spec.x_categories[p.x] for p in spec.series_with_role("sn")[0].points]
    plot = unseen_plot(900, 500)
    try:
        drawn = draw_spec(plot, spec, print_palette(), 1)
        settle()
        legend = [label.text for _, label in drawn.legend.items]
        note = " ".join(plot.getPlotItem().layout.itemAt(5, 1).lines())
    finally:
        plot.close()
    assert "Statistical neighbours of Warwickshire (10, named under the chart)" in legend
    assert not any("tooltip" in text for text in legend)
    named = note.split("Statistical neighbours of Warwickshire, in bar order: ", 1)[1]
    assert named.startswith(", ".join(neighbours) + ".")


def test_the_ranked_chart_after_last_3_periods_ranks_the_latest(source, qtbot):
    from cpdesk.ui.charts.chart_view import ChartView

    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_repeat_pct", WARWICKSHIRE, "districts") is False  # no district figures
    view.years_box.setCurrentIndex(view.years_box.findData("recent"))
    view.kind_box.setCurrentIndex(view.kind_box.findData("rank"))
    assert view.drawn is not None and view.drawn.spec.kind == "rank"
    assert "is not a period" not in view.plot.getPlotItem().titleLabel.text
    assert "2024/25" in view.drawn.spec.title


def test_a_100_percent_point_is_drawn_whole(source, plot):
    spec = build_spec(source, ChartRequest("icpc_15wd_pct", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    _, ys = drawn.items["Warwickshire"].getData()
    assert max(ys) == 100.0
    low, high = plot.getViewBox().viewRange()[1]
    assert low <= 0.0 and high >= 100.0 * 1.05  # room above the marker, not a half-disc on the frame


def test_unknown_indicator_is_a_plain_error(source):
    with pytest.raises(ChartRequestError, match="not an indicator id"):
        build_spec(source, ChartRequest("no_such", WARWICKSHIRE))


def test_quartile_labels_sit_apart_along_their_lines(source, plot):
    """The median and a quartile can lie close together: their labels are stepped along the lines."""
    from cpdesk.ui.charts.render import staggered

    spec = build_spec(source, ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank"))
    drawn = draw_spec(plot, spec)
    positions = [drawn.items[line.label].label.orthoPos for line in spec.reference_lines]
    assert len(positions) == 3 and len(set(positions)) == 3
    assert all(0.0 <= p <= 1.0 for p in positions)
    assert [staggered(0.98, i) for i in range(3)] == pytest.approx([0.98, 0.78, 0.58])
    assert [staggered(0.02, i) for i in range(3)] == pytest.approx([0.02, 0.22, 0.42])


@pytest.mark.parametrize("width", [935, 1100])
def test_the_legend_wraps_to_rows_so_the_plot_stays_inside_the_widget(source, plot, qtbot, width):
    """Six legend entries, two of them long ('... statistical neighbours (as reported)'), on the
    chart's width at 1366x768 and wider: the legend takes more rows, never pushes the plot past
    the right edge (the 2024 and 2025 points were drawn off-screen)."""
    plot.resize(width, 600)
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    plot.show()
    qtbot.waitExposed(plot)
    qtbot.wait(20)
    item = plot.getPlotItem()
    assert len(drawn.legend.items) >= 6
    assert item.geometry().width() <= plot.width() + 0.5
    legend = drawn.legend.mapRectToScene(drawn.legend.boundingRect())
    assert legend.right() <= plot.width() + 0.5
