"""Drawing a :class:`cpdesk.chart.spec.ChartSpec` on a pyqtgraph PlotWidget.

The spec decides what is drawn (figures, colours, words); this module only decides how. Lines get
markers and dashes (so a black-and-white print still reads), gaps where a figure is missing, and a
hollow marker with its text ("TBC", "c") along the bottom where a figure is withheld. Every point
has a hover tooltip with the exact value, period, status and source. Clicking a legend entry hides
or shows its series, including that series' gap markers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from cpdesk.chart.spec import ChartSeries, ChartSpec, ReferenceLine
from cpdesk.ui.charts.axes import PlannedAxis
from cpdesk.ui.charts.bars import HOME_BAR_OUTLINE, MOST_BARS_LABELLED, bar_geometry, draw_bars
from cpdesk.ui.charts.lines import PEN_STYLES, draw_line, rated_point, x_extent
from cpdesk.ui.charts.words import FOOTNOTE_ROW, TITLE_LINE_HEIGHT, ChartSample, set_words, wrapped
from cpdesk.ui.theme import ChartColours, chart_colours

logger = logging.getLogger(__name__)

FULL_WIDTH_BARS = ("rank", "neighbours")  # one list of areas drawn as groups: one bar per category
LEGEND_ROW = 4
LEGEND_COLUMNS = 4
LEGEND_LINE = 26  # pixels per row of legend entries
LEGEND_GAP = 24  # pixels between a legend entry and the next, with the layout's spacing
LEGEND_MARGIN = 80  # the y axis and the plot's margins beside the legend row
MESSAGE_WIDTH = 100  # characters per line of a "nothing to draw" message


@dataclass
class DrawnChart:
    """What was drawn, by series name, so tests and the toolbar can reach the plotted items."""

    spec: ChartSpec
    colours: ChartColours
    line_scale: float = 1.0  # pen widths are in device pixels: 2 on a 200% screen, 3 for a print PNG
    items: dict[str, pg.GraphicsObject] = field(default_factory=dict)
    companions: dict[str, list[pg.GraphicsObject]] = field(default_factory=dict)
    legend: pg.LegendItem | None = None

    def reset_view(self, plot: pg.PlotWidget) -> None:
        """Back to the spec's axes after zooming or panning."""
        plot.setXRange(*x_extent(self.spec), padding=0)
        if self.spec.y_range is not None:
            plot.setYRange(*self.spec.y_range, padding=0)
        else:
            plot.enableAutoRange(axis="y")


def draw_spec(plot: pg.PlotWidget, spec: ChartSpec, palette: QPalette | None = None,
              line_scale: float | None = None) -> DrawnChart:
    """Clear ``plot`` and draw ``spec`` on it, in colours that suit ``palette`` (the plot's own if None),
    with lines ``line_scale`` times their width (the screen's device pixel ratio if None)."""
    plot.clear()
    colours = chart_colours(palette or plot.palette())
    plot.setBackground(colours.background)
    drawn = DrawnChart(spec, colours, line_scale or plot.devicePixelRatioF(),
                       legend=_fresh_legend(plot, colours))
    set_words(plot, spec, colours, drawn.line_scale)
    bar_count = sum(1 for s in spec.series if s.style == "bar")
    bar_position, gap_row = 0, 0
    for series in spec.series:
        if series.style == "bar":
            _draw_bars(plot, drawn, series, bar_position, bar_count, spec)
            bar_position += 1
        else:
            gap_row += _draw_line(plot, drawn, series, spec, gap_row)
    label_side = _quiet_side(spec)
    for index, line in enumerate(spec.reference_lines):
        _draw_reference(plot, drawn, line, staggered(label_side, index))
    _draw_annotations(plot, spec, colours)
    for name, main in drawn.items.items():
        main.visibleChanged.connect(lambda main=main, name=name: _follow(drawn, name, main))
    columns = fitted_legend_columns(drawn.legend, plot.width() - LEGEND_MARGIN)
    drawn.legend.setColumnCount(columns)
    rows = -(-len(drawn.legend.items) // columns)
    plot.getPlotItem().layout.setRowFixedHeight(LEGEND_ROW, LEGEND_LINE * max(rows, 1) + 2)
    drawn.reset_view(plot)
    return drawn


def fitted_legend_columns(legend: pg.LegendItem, width: float) -> int:
    """The most legend columns (up to ``LEGEND_COLUMNS``) whose entries fit side by side in ``width``:
    a legend wider than the chart would push the plot past the widget's right edge."""
    entries = [sample.boundingRect().width() + label.boundingRect().width() + LEGEND_GAP
               for sample, label in legend.items]
    for columns in range(LEGEND_COLUMNS, 1, -1):
        needed = sum(max(entries[start::columns], default=0) for start in range(columns))
        if needed <= width:
            return columns
    return 1


def draw_message(plot: pg.PlotWidget, text: str, palette: QPalette | None = None) -> None:
    """An empty chart that says why there is nothing to draw (no ranking without national figures)."""
    plot.clear()
    colours = chart_colours(palette or plot.palette())
    plot.setBackground(colours.background)
    _fresh_legend(plot, colours)
    plot.setTitle(wrapped(text, MESSAGE_WIDTH), color=colours.foreground, size="11pt")
    plot.getPlotItem().layout.setRowFixedHeight(0, 3 * TITLE_LINE_HEIGHT + 8)
    plot.getPlotItem().titleLabel.setMaximumHeight(3 * TITLE_LINE_HEIGHT + 8)
    plot.setLabel("left", "")
    for side in ("left", "bottom"):
        plot.getAxis(side).setTicks([[], []])
    bottom = plot.getAxis("bottom")
    if isinstance(bottom, PlannedAxis):
        bottom.set_labels([])  # no period or area names left over from the chart before


def _fresh_legend(plot: pg.PlotWidget, colours: ChartColours) -> pg.LegendItem:
    """A legend in a row of its own under the x axis, so it never covers a bar or a line."""
    layout = plot.getPlotItem().layout
    for row in (LEGEND_ROW, FOOTNOTE_ROW):
        old = layout.itemAt(row, 1) if row < layout.rowCount() else None
        if old is not None:
            layout.removeItem(old)
            if old.scene() is not None:
                old.scene().removeItem(old)
    layout.setRowFixedHeight(FOOTNOTE_ROW, 0)  # until a note is laid out there
    legend = pg.LegendItem(colCount=LEGEND_COLUMNS, labelTextColor=colours.foreground, labelTextSize="10pt",
                           sampleType=ChartSample)
    # Laid out like the axes, so it scales with them when the chart is saved at print size.
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    layout.addItem(legend, LEGEND_ROW, 1)
    layout.setRowFixedHeight(LEGEND_ROW, LEGEND_LINE + 2)
    return legend


def _quiet_side(spec: ChartSpec) -> float:
    """Where line labels go (0 left, 1 right): the end of the chart whose bars are lower."""
    bars = [s for s in spec.series if s.style == "bar" and s.points]
    heights = sorted((p.x, p.y) for s in bars for p in s.points if p.y is not None)
    if len(heights) < 2:
        return 0.98
    return 0.02 if heights[0][1] < heights[-1][1] else 0.98


def _follow(drawn: DrawnChart, name: str, main: pg.GraphicsObject) -> None:
    for companion in drawn.companions.get(name, []):
        companion.setVisible(main.isVisible())


def _draw_line(plot: pg.PlotWidget, drawn: DrawnChart, series: ChartSeries, spec: ChartSpec,
               gap_row: int) -> int:
    """Draw one line series; returns 1 if it drew gap markers (so the next stacks its text above)."""
    colour = drawn.colours.series(series.colour)
    line = draw_line(plot, series, spec, colour, drawn.line_scale, gap_row)
    drawn.legend.addItem(line.main, series.name)
    for marker, words in line.legend_entries:
        drawn.legend.addItem(marker, words)
    drawn.items[series.name] = line.main
    if series.role == "home":
        line.companions.append(rated_point(plot, series, spec, drawn.colours.foreground))
    drawn.companions[series.name] = [c for c in line.companions if c is not None]
    return 1 if line.drew_gaps else 0


def _draw_bars(plot: pg.PlotWidget, drawn: DrawnChart, series: ChartSeries, position: int, count: int,
               spec: ChartSpec) -> None:
    colour = drawn.colours.series(series.colour)
    outline = drawn.colours.series(HOME_BAR_OUTLINE if series.role == "home" else series.colour)
    bar_total = sum(len(s.points) for s in spec.series if s.style == "bar")
    labelled = spec.kind != "rank" and bar_total <= MOST_BARS_LABELLED
    bars, figures = draw_bars(plot, series, colour, outline, drawn.line_scale,
                              bar_geometry(position, count, spec.kind in FULL_WIDTH_BARS), labelled,
                              drawn.colours.foreground)
    drawn.legend.addItem(bars, series.name)
    drawn.items[series.name] = bars
    drawn.companions[series.name] = figures


LABEL_STEP = 0.2  # how far along its line each further reference line's label sits


def staggered(side: float, index: int) -> float:
    """Where along its line the ``index``-th reference label sits: stepped in from ``side`` (0 left,
    1 right), so the labels of lines close together (a median near a quartile) never overlap."""
    step = LABEL_STEP * index
    return min(max(side + step if side < 0.5 else side - step, 0.0), 1.0)


def _draw_reference(plot: pg.PlotWidget, drawn: DrawnChart, line: ReferenceLine, side: float) -> None:
    colours = drawn.colours
    style = PEN_STYLES.get(line.dash, Qt.PenStyle.DashLine)
    label = {"position": side, "color": colours.foreground, "anchors": [(side, 1), (side, 1)],
             "fill": pg.mkBrush(colours.label_fill())}
    pen = pg.mkPen(colours.series(line.colour), width=2 * drawn.line_scale, style=style)
    item = pg.InfiniteLine(pos=line.y, angle=0, pen=pen, label=line.label, labelOpts=label)
    item.setToolTip(line.label)
    plot.addItem(item)
    drawn.items[line.label] = item


def _draw_annotations(plot: pg.PlotWidget, spec: ChartSpec, colours: ChartColours) -> None:
    top = spec.y_range[1] if spec.y_range else 0.0
    for note in spec.annotations:
        if note.x is None:
            continue
        text = pg.TextItem(note.text, color=colours.muted, anchor=(0, 0))
        text.setPos(spec.x_position(note.x) - (0 if spec.x_positions else 0.45), top)
        plot.addItem(text)
