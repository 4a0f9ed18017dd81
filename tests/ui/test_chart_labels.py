"""Text on the Charts page never overlaps nor is cut off, in the main window at 1366x768 and 1920x1080:
the x-axis labels printed (as pyqtgraph lays them out for painting) do not intersect and lie inside
the axis, the latest period (or the council, on a ranked chart) keeps its label, and the source note
wraps at words inside the chart."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QPainter, QPicture  # noqa: E402

from cpdesk.ui.context import AppContext  # noqa: E402
from tests.ui.windows import demo_copy, settings_in, shown_window  # noqa: E402

SIZES = [(1366, 768), (1920, 1080)]
WARWICKSHIRE, OXFORDSHIRE, HAMPSHIRE = "E10000031", "E10000025", "E10000014"
CHARTS = [
    ("cpp_starts", WARWICKSHIRE, "trend", "2024/25"),  # 13 years and 9 quarters
    ("referrals_rate", HAMPSHIRE, "trend", "2024/25"),
    ("cpp_count", OXFORDSHIRE, "trend", "31 Mar 2019"),  # years apart, in-year figures between
    ("cpp_repeat_pct", WARWICKSHIRE, "rank", "Warwickshire"),  # 153 councils
    ("cpp_rate", WARWICKSHIRE, "districts", "Nuneaton and Bedworth"),
    ("cpp_repeat_pct", WARWICKSHIRE, "neighbours", "Gloucestershire"),  # 11 councils, on two lines
]


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def charts_page(request, qtbot, demo_db_template, tmp_path):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path))
    window = shown_window(qtbot, ctx, request.param)
    page = window.pages["Charts"]
    window.tabs.setCurrentWidget(page)
    yield page
    window.close()
    ctx.close()


def printed_labels(axis) -> list[tuple[QRectF, str]]:
    """The text boxes the axis paints, worked out exactly as its paint() does."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        if axis.style["tickFont"]:
            painter.setFont(axis.style["tickFont"])
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _, text in texts if text]


def shown(qtbot, page, indicator_id, area_code, kind):
    assert page.view.show_chart(indicator_id, area_code, kind)
    qtbot.wait(10)  # the layout settles
    return page.view.plot


@pytest.mark.parametrize(("indicator_id", "area_code", "kind", "kept"), CHARTS)
def test_x_labels_never_overlap_and_stay_inside_the_axis(qtbot, charts_page, indicator_id, area_code, kind,
                                                         kept):
    plot = shown(qtbot, charts_page, indicator_id, area_code, kind)
    axis = plot.getAxis("bottom")
    labels = printed_labels(axis)
    bounds = axis.mapRectFromParent(axis.geometry())
    assert labels, "no label printed"
    for (a, text_a), (b, text_b) in itertools.combinations(labels, 2):
        assert not a.intersects(b), f"{text_a!r} overlaps {text_b!r}"
    for rect, text in labels:
        inside = bounds.left() <= rect.left() and rect.right() <= bounds.right()
        assert inside, f"{text!r} passes the axis' end"
    assert kept in [text for _, text in labels]
    if kind in ("districts", "neighbours"):
        assert sorted(text for _, text in labels) == sorted(label.text for label in axis.labels)


def test_labels_thin_evenly_when_the_years_do_not_fit(qtbot, charts_page):
    plot = shown(qtbot, charts_page, "cpp_starts", WARWICKSHIRE, "trend")
    axis = plot.getAxis("bottom")
    printed = [text for _, text in printed_labels(axis)]
    offered = [label.text for label in axis.labels]
    assert printed[-1] == offered[-1] == "2024/25"
    stride = offered.index(printed[-1]) - offered.index(printed[-2]) if len(printed) > 1 else 1
    assert printed == offered[::-1][::stride][::-1]


def test_the_source_note_wraps_at_words_inside_the_chart(qtbot, charts_page):
    plot = shown(qtbot, charts_page, "referrals_rate", WARWICKSHIRE, "trend")
    note = plot.getPlotItem().layout.itemAt(5, 1)
    footnote = charts_page.view.drawn.spec.footnote
    lines = note.lines()
    assert len(lines) >= 2
    assert " ".join(lines).split() == footnote.split()  # every word whole, none cut across lines
    scene_width = plot.getPlotItem().sceneBoundingRect().right()
    assert note.sceneBoundingRect().right() <= scene_width + 1
    assert note.item.boundingRect().height() <= note.rect().height() + 2  # no line hidden below the row


@pytest.fixture(scope="module")
def reference_data():
    from cpdesk.reference import load_reference

    return load_reference()


def test_a_chart_drawn_for_paper_holds_every_line_of_its_note(qtbot, demo_db_template, reference_data):
    from cpdesk.chart.requests import ChartRequest, ChartSource, build_spec
    from cpdesk.store import open_store
    from cpdesk.ui.charts.export import settle, unseen_plot
    from cpdesk.ui.charts.render import draw_spec
    from cpdesk.ui.theme import print_palette

    store = open_store(demo_db_template, create=False)
    try:
        spec = build_spec(ChartSource.from_store(store, reference_data),
                          ChartRequest("cpp_count", OXFORDSHIRE, "trend"))
    finally:
        store.close()
    plot = unseen_plot(700, 420)  # the PDF pack's size: a long note takes three lines
    try:
        draw_spec(plot, spec, print_palette(), 3)
        settle()
        note = plot.getPlotItem().layout.itemAt(5, 1)
        assert len(note.lines()) >= 2
        assert note.item.boundingRect().height() <= note.rect().height() + 2
        assert note.sceneBoundingRect().bottom() <= plot.getPlotItem().sceneBoundingRect().bottom() + 1
    finally:
        plot.close()
