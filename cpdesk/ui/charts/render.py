"""Drawing a :class:`cpdesk.chart.spec.ChartSpec` on a pyqtgraph PlotWidget.

The spec decides what is drawn (figures, colours, words); this module only decides how. Lines get
markers and dashes (so a black-and-white print still reads), gaps where a figure is missing, and a
hollow marker with its text ("TBC", "c") along the bottom where a figure is withheld. Every point
has a hover tooltip with the exact value, period, status and source. Clicking a legend entry hides
or shows its series, including that series' gap markers.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from cpdesk.chart.spec import ChartSeries, ChartSpec, ReferenceLine
from cpdesk.ui.theme import ChartColours, chart_colours, readable_text

logger = logging.getLogger(__name__)

PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
              "dashdot": Qt.PenStyle.DashDotLine}
SYMBOLS = {"circle": "o", "square": "s", "triangle": "t1", "diamond": "d", "none": None}
RANK_LABEL_ROLES = ("home", "sn")
LEGEND_ROW, FOOTNOTE_ROW = 4, 5
TITLE_LINE_HEIGHT = 21
FOOTNOTE_WIDTH = 160  # characters per footnote line
HOME_BAR_OUTLINE = "#333333"


def _tip(x: float, y: float, data: object) -> str:
    return str(data)


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
        count = max(len(self.spec.x_categories), 1)
        plot.setXRange(-0.6, count - 0.4, padding=0)
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
    _set_words(plot, spec, drawn)
    bar_count = sum(1 for s in spec.series if s.style == "bar")
    bar_position, gap_row = 0, 0
    for series in spec.series:
        if series.style == "bar":
            _draw_bars(plot, drawn, series, bar_position, bar_count, spec.kind == "rank")
            bar_position += 1
        else:
            gap_row += _draw_line(plot, drawn, series, spec, gap_row)
    label_side = _quiet_side(spec)
    for line in spec.reference_lines:
        _draw_reference(plot, drawn, line, label_side)
    _draw_annotations(plot, spec, colours)
    for name, main in drawn.items.items():
        main.visibleChanged.connect(lambda main=main, name=name: _follow(drawn, name, main))
    drawn.reset_view(plot)
    return drawn


def _fresh_legend(plot: pg.PlotWidget, colours: ChartColours) -> pg.LegendItem:
    """A legend in a row of its own under the x axis, so it never covers a bar or a line."""
    layout = plot.getPlotItem().layout
    for row in (LEGEND_ROW, FOOTNOTE_ROW):
        old = layout.itemAt(row, 1) if row < layout.rowCount() else None
        if old is not None:
            layout.removeItem(old)
            if old.scene() is not None:
                old.scene().removeItem(old)
    legend = pg.LegendItem(colCount=4, labelTextColor=colours.foreground, labelTextSize="10pt")
    # Laid out like the axes, so it scales with them when the chart is saved at print size.
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    layout.addItem(legend, LEGEND_ROW, 1)
    layout.setRowFixedHeight(LEGEND_ROW, 28)
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


def title_html(spec: ChartSpec) -> tuple[str, int]:
    """The title in lines (what; where and when; subtitle; RAG), and how many lines that is."""
    what, _, rest = spec.title.partition(" — ")
    lines = [f"<b>{what}</b>"] + ([rest] if rest else [])
    if spec.kind != "trend" and spec.subtitle:
        lines.append(f"<span style='font-size:9pt'>{spec.subtitle}</span>")
    if spec.rag is not None:
        basis = "" if spec.rag.basis in spec.rag.label else f" ({spec.rag.basis})"
        badge = f"background-color:{spec.rag.colour}; color:{readable_text(spec.rag.colour).name()}"
        lines.append(f"<span style='font-size:9pt'>Latest figure: <span style='{badge}'>&nbsp;"
                     f"{spec.rag.label}&nbsp;</span>{basis}</span>")
    return "<br>".join(lines), len(lines)


def _set_words(plot: pg.PlotWidget, spec: ChartSpec, drawn: DrawnChart) -> None:
    item, colours = plot.getPlotItem(), drawn.colours
    html, lines = title_html(spec)
    plot.setTitle(html, color=colours.foreground, size="11pt")
    item.titleLabel.setMaximumHeight(lines * TITLE_LINE_HEIGHT + 8)
    item.layout.setRowFixedHeight(0, lines * TITLE_LINE_HEIGHT + 8)
    plot.setLabel("left", spec.y_label, color=colours.foreground)
    if spec.x_label:
        plot.setLabel("bottom", spec.x_label, color=colours.foreground)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(colours.foreground, width=drawn.line_scale))
        axis.setTextPen(pg.mkPen(colours.foreground))
    plot.showGrid(y=True, alpha=0.2)
    _set_x_ticks(plot, spec)
    if spec.footnote:
        note = pg.LabelItem(_wrapped(spec.footnote), color=colours.muted, size="8pt", justify="left")
        item.layout.addItem(note, FOOTNOTE_ROW, 1)
        item.layout.setRowFixedHeight(FOOTNOTE_ROW, 16 * (note.text.count("<br>") + 1) + 4)


def _wrapped(text: str) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > FOOTNOTE_WIDTH:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])


def _set_x_ticks(plot: pg.PlotWidget, spec: ChartSpec) -> None:
    """Period or area names under the axis; on a rank chart only the home LA and its neighbours."""
    positions = list(enumerate(spec.x_categories))
    if spec.kind == "rank":
        marked = {p.x for s in spec.series if s.role in RANK_LABEL_ROLES for p in s.points}
        home = {p.x for s in spec.series if s.role == "home" for p in s.points}
        positions = [(x, name if x in home else "") for x, name in positions if x in marked]
    plot.getAxis("bottom").setTicks([positions, []])


def _values(series: ChartSeries) -> tuple[list[float], list[float], list[str]]:
    xs = [float(p.x) for p in series.points]
    ys = [math.nan if p.y is None else float(p.y) for p in series.points]
    return xs, ys, [p.tooltip for p in series.points]


def _draw_line(plot: pg.PlotWidget, drawn: DrawnChart, series: ChartSeries, spec: ChartSpec,
               gap_row: int) -> int:
    """Draw one line series; returns 1 if it drew gap markers (so the next stacks its text above)."""
    xs, ys, tips = _values(series)
    colour = drawn.colours.series(series.colour)
    style = PEN_STYLES.get(series.dash, Qt.PenStyle.SolidLine)
    pen = pg.mkPen(colour, width=2.5 * drawn.line_scale, style=style)
    symbol = SYMBOLS.get(series.marker) or "o"
    line = plot.plot(xs, ys, pen=pen, symbol=symbol, symbolSize=9, symbolBrush=colour,
                     symbolPen=pg.mkPen(colour), connect="finite", data=tips, hoverable=True, tip=_tip)
    drawn.legend.addItem(line, series.name)
    drawn.items[series.name] = line
    companions = _gap_markers(plot, series, spec, gap_row, colour)
    drew_gaps = 1 if companions else 0
    if series.role == "home" and spec.rag is not None:
        companions.append(_latest_point(plot, series, spec, drawn.colours.foreground))
    drawn.companions[series.name] = [c for c in companions if c is not None]
    return drew_gaps


def _gap_markers(plot: pg.PlotWidget, series: ChartSeries, spec: ChartSpec, gap_row: int,
                 colour: str) -> list[pg.GraphicsObject]:
    """A hollow marker and its text at the foot of the axis for each withheld figure."""
    gaps = [p for p in series.points if p.y is None and p.status_marker]
    if not gaps:
        return []
    low, high = spec.y_range or (0.0, 1.0)
    floor = low + (high - low) * (0.02 + 0.05 * gap_row)
    marks = pg.ScatterPlotItem([float(p.x) for p in gaps], [floor] * len(gaps), symbol="x", size=12,
                               pen=pg.mkPen(colour, width=2), brush=pg.mkBrush(None),
                               data=[p.tooltip for p in gaps], hoverable=True, tip=_tip)
    plot.addItem(marks)
    found: list[pg.GraphicsObject] = [marks]
    for point in gaps:
        text = pg.TextItem(point.status_marker, color=colour, anchor=(-0.3, 0.5))
        text.setPos(point.x, floor)
        plot.addItem(text)
        found.append(text)
    return found


def _latest_point(plot: pg.PlotWidget, series: ChartSeries, spec: ChartSpec,
                  outline: QColor) -> pg.GraphicsObject | None:
    present = [p for p in series.points if p.y is not None]
    if not present or spec.rag is None:
        return None
    last = present[-1]
    mark = pg.ScatterPlotItem([float(last.x)], [float(last.y)], symbol="o", size=16,
                              brush=pg.mkBrush(spec.rag.colour), pen=pg.mkPen(outline, width=1.5),
                              data=[f"{last.tooltip}; RAG: {spec.rag.label} ({spec.rag.basis})"],
                              hoverable=True, tip=_tip)
    plot.addItem(mark)
    return mark


def _draw_bars(plot: pg.PlotWidget, drawn: DrawnChart, series: ChartSeries, position: int, count: int,
               full_width: bool) -> None:
    present = [p for p in series.points if p.y is not None]
    width = 0.9 if full_width else 0.8 / max(count, 1)
    offset = 0.0 if full_width else (position - (count - 1) / 2) * width
    xs = [p.x + offset for p in present]
    heights = [float(p.y) for p in present]
    colour = drawn.colours.series(series.colour)
    outline = drawn.colours.series(HOME_BAR_OUTLINE if series.role == "home" else series.colour)
    bars = pg.BarGraphItem(x=xs, height=heights, width=width, brush=colour,
                           pen=pg.mkPen(outline, width=drawn.line_scale))
    plot.addItem(bars)
    drawn.legend.addItem(bars, series.name)
    drawn.items[series.name] = bars
    tops = pg.ScatterPlotItem(xs, heights, symbol="s", size=6, pen=pg.mkPen(None),
                              brush=pg.mkBrush(0, 0, 0, 0), data=[p.tooltip for p in present],
                              hoverable=True, tip=_tip)
    plot.addItem(tops)
    drawn.companions[series.name] = [tops]


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
        text.setPos(note.x - 0.45, top)
        plot.addItem(text)
