"""The report card's sparkline: where its figures go, where its line breaks, and what it paints."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from cpdesk.ui.charts.sparkline import Sparkline, plotted, unbroken_runs

AREA = QRectF(10, 5, 100, 40)  # left 10, top 5, right 110, bottom 45


def test_figures_are_spaced_evenly_highest_at_the_top_lowest_at_the_bottom():
    points = plotted([3.0, 1.0, 2.0], AREA)
    assert points == [QPointF(10, 5), QPointF(60, 45), QPointF(110, 25)]


def test_a_period_without_a_figure_has_no_point_and_breaks_the_line():
    points = plotted([1.0, None, 2.0, 4.0, float("nan")], AREA)
    assert points[1] is None and points[4] is None
    assert [len(run) for run in unbroken_runs(points)] == [1, 2]


def test_equal_figures_and_a_single_figure_sit_in_the_middle():
    assert {p.y() for p in plotted([7.0, 7.0, 7.0], AREA)} == {25.0}
    assert plotted([7.0], AREA) == [QPointF(60, 25)]
    assert plotted([None, None], AREA) == [None, None]


def test_it_paints_the_line_in_its_colour_on_the_chart_background(qtbot):
    sparkline = Sparkline([1.0, 2.0, 3.0], "#d62728")
    qtbot.addWidget(sparkline)
    sparkline.resize(120, 50)
    image = sparkline.grab().toImage()
    assert image.pixelColor(0, 0) == sparkline.background()
    middle = sparkline.points()[1]
    centre = image.pixelColor(int(middle.x()), int(middle.y()))
    assert centre == QColor("#d62728")  # the middle figure's dot, in the line's colour
