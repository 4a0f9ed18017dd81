"""Charts drawn from the demo database: the plotted arrays equal the stored figures."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("pytestqt")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from cpdesk.ui.charts.render import draw_spec  # noqa: E402
from cpdesk.ui.charts.specs import ChartRequest, ChartRequestError, build_spec  # noqa: E402

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
    xs, _ = home.getData()
    ys = _ys(home)
    by_period = dict(zip(spec.x_categories, ys, strict=True))
    assert [by_period[f"31 Mar {year}"] for year in range(2016, 2021)] == [42.0, 38.8, 49.0, 29.8, 25.1]
    assert ys == spec.series_named("Warwickshire").ys
    assert list(xs) == list(range(len(spec.x_categories)))
    sn = _ys(drawn.items["Warwickshire statistical neighbours"])
    assert by_period and sn[spec.x_categories.index("31 Mar 2020")] is None  # TBC is a gap
    ticks = plot.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == list(spec.x_categories)
    assert plot.getAxis("left").labelText == "Rate per 10,000 children"


def test_tbc_gets_its_own_marker(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    drawn = draw_spec(plot, spec)
    companions = drawn.companions["Warwickshire statistical neighbours"]
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
    assert len(drawn.items["Statistical neighbours"].opts["x"]) == 10
    others = drawn.items["Other LAs"]
    assert len(others.opts["x"]) + 11 == len(spec.x_categories) == 153
    assert "ranks 66th of 153" in spec.subtitle
    assert {"Lower quartile 20.0%", "Median 24.3%", "Upper quartile 27.6%"} <= set(drawn.items)
    labelled = [label for _, label in plot.getAxis("bottom")._tickLevels[0] if label]
    assert labelled == ["Warwickshire"]


def test_unknown_indicator_is_a_plain_error(source):
    with pytest.raises(ChartRequestError, match="not an indicator id"):
        build_spec(source, ChartRequest("no_such", WARWICKSHIRE))
