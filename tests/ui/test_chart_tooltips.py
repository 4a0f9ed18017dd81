"""Every point and bar answers a hover with its area, period, value and source; district bars carry
their figures; the Warwickshire figures are those of its 2020 report (table 7, by district)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402

from cpdesk.chart.requests import ChartRequest, build_spec  # noqa: E402
from cpdesk.ui.charts.bars import TippedBars  # noqa: E402
from cpdesk.ui.charts.render import draw_spec  # noqa: E402

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]

REQUESTS = [
    ChartRequest("cpp_rate", WARWICKSHIRE, "trend"),
    ChartRequest("referrals_rate", WARWICKSHIRE, "trend"),
    ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "recent"),
    ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank"),
]


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    widget.resize(1100, 620)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.indicator_id}-{r.kind}")
def test_every_figure_has_area_period_value_and_source(source, request_):
    spec = build_spec(source, request_)
    names = {source.area_name(WARWICKSHIRE), *spec.x_categories}
    for series in spec.series:
        for point in series.points:
            if point.y is None:
                continue
            tip = point.tooltip
            assert any(tip.startswith(name) for name in names | {series.name}), tip
            period = series.name if spec.kind == "districts" else ""
            assert period in tip and point.label in tip and "source: " in tip, tip
            assert point.label, tip


def test_hovering_anywhere_on_a_district_bar_gives_its_figure(source, plot, qtbot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "recent"))
    drawn = draw_spec(plot, spec)
    qtbot.wait(20)
    bars = drawn.items["31 Mar 2020"]
    assert isinstance(bars, TippedBars)
    view = plot.getViewBox()
    for point, x in zip(bars.points, bars.xs, strict=True):
        scene = view.mapViewToScene(QPointF(x, point.y / 3))  # a third of the way up, far from the top
        qtbot.wait(60)  # pyqtgraph passes on at most one mouse move in 50 ms
        qtbot.mouseMove(plot.viewport(), plot.mapFromScene(scene))
        qtbot.waitUntil(lambda point=point: bars.toolTip() == point.tooltip, timeout=1000)
        assert spec.x_categories[point.x] in bars.toolTip() and "31 Mar 2020" in bars.toolTip()
    assert bars.tip_at(bars.xs[0] + 0.5, 1.0) == ""  # between two districts


def test_district_bars_carry_their_figures(source, plot):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "recent"))
    drawn = draw_spec(plot, spec)
    figures = {(round(t.pos().x(), 3), t.textItem.toPlainText()) for t in drawn.companions["31 Mar 2020"]}
    bars = drawn.items["31 Mar 2020"]
    table_7_2020 = {"North Warwickshire": "17.0", "Nuneaton and Bedworth": "36.0", "Rugby": "24.0",
                    "Stratford-on-Avon": "19.0", "Warwick": "20.0"}
    placed = zip(bars.points, bars.xs, strict=True)
    assert figures == {(round(x, 3), table_7_2020[spec.x_categories[p.x]]) for p, x in placed}
    top = spec.y_range[1]
    assert all(p.y * 1.12 <= top + 1e-9 for s in spec.series for p in s.points if p.y is not None)


def test_a_ranked_chart_has_no_figures_over_its_bars(source, plot):
    drawn = draw_spec(plot, build_spec(source, ChartRequest("cpp_repeat_pct", WARWICKSHIRE, "rank")))
    assert all(not companions for companions in drawn.companions.values())
