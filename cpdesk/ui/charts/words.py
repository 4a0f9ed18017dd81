"""The words around a drawn chart: title lines, axis labels, the source note and the legend's swatches.

The title is rich text on screen; :func:`plain_title` is the same words without markup, for an SVG's
``<title>``. The x-axis labels are planned to fit the axis (see :mod:`cpdesk.chart.ticks` and
:mod:`cpdesk.ui.charts.axes`); the value axis writes numbers as officers do (700,000).
"""

from __future__ import annotations

import html
import logging
import re

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QRectF

from cpdesk.chart.spec import ChartSpec
from cpdesk.chart.ticks import axis_plan
from cpdesk.ui.charts.axes import FootnoteItem, PlannedAxis, ThousandsAxis
from cpdesk.ui.theme import ChartColours, readable_text

logger = logging.getLogger(__name__)

FOOTNOTE_ROW = 5
TITLE_LINE_HEIGHT = 21


class ChartSample(ItemSample):
    """A legend swatch; a bar series gets a plain filled square (pyqtgraph also strokes a line
    under it, which shows as a stray dash beside the square)."""

    def paint(self, painter, *args) -> None:
        if isinstance(self.item, pg.BarGraphItem) and self.item.isVisible():
            painter.setPen(pg.mkPen(self.item.opts.get("pen")))
            painter.setBrush(pg.mkBrush(self.item.opts["brush"]))
            painter.drawRect(QRectF(2, 2, 16, 16))
            return
        super().paint(painter, *args)


def title_lines(spec: ChartSpec) -> list[str]:
    """What; where and when; the subtitle (not on a trend, whose subtitle is the definition)."""
    what, _, rest = spec.title.partition(" — ")
    lines = [what] + ([rest] if rest else [])
    if spec.kind != "trend" and spec.subtitle:
        lines.append(spec.subtitle)
    return lines


def rag_words(spec: ChartSpec) -> tuple[str, str]:
    """("31 Mar 2019", " (statistical neighbours' mean 34.7)"): the rated figure and the basis."""
    if spec.rag is None:
        return "", ""
    basis = "" if spec.rag.basis in spec.rag.label else f" ({spec.rag.basis})"
    return spec.rag.period or "Latest figure", basis


def plain_title(spec: ChartSpec) -> str:
    """The title as plain text on one line (an SVG's ``<title>``), with the RAG in words."""
    lines = title_lines(spec)
    if spec.rag is not None:
        period, basis = rag_words(spec)
        lines.append(f"{period}: {spec.rag.label}{basis}")
    return " — ".join(lines)


def plain_text(rich: str) -> str:
    """Rich text as plain text: line breaks kept, tags dropped, entities read."""
    lines = re.split(r"<br\s*/?>", rich)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", line)).replace("\xa0", " ").strip()
                     for line in lines)


def title_html(spec: ChartSpec) -> tuple[str, int]:
    """The title in lines (what; where and when; subtitle; RAG), and how many lines that is."""
    words = [html.escape(line) for line in title_lines(spec)]
    lines = [f"<b>{words[0]}</b>", *words[1:2]]
    lines += [f"<span style='font-size:9pt'>{line}</span>" for line in words[2:]]
    if spec.rag is not None:
        period, basis = rag_words(spec)
        badge = f"background-color:{spec.rag.colour}; color:{readable_text(spec.rag.colour).name()}"
        lines.append(f"<span style='font-size:9pt'>{html.escape(period)}: <span style='{badge}'>&nbsp;"
                     f"{html.escape(spec.rag.label)}&nbsp;</span>{html.escape(basis)}</span>")
    return "<br>".join(lines), len(lines)


def set_words(plot: pg.PlotWidget, spec: ChartSpec, colours: ChartColours, line_scale: float) -> None:
    item = plot.getPlotItem()
    if not isinstance(item.getAxis("left"), ThousandsAxis):
        item.setAxisItems({"left": ThousandsAxis("left")})
    if not isinstance(item.getAxis("bottom"), PlannedAxis):
        item.setAxisItems({"bottom": PlannedAxis("bottom")})
    text, lines = title_html(spec)
    plot.setTitle(text, color=colours.foreground, size="11pt")
    item.titleLabel.setMaximumHeight(lines * TITLE_LINE_HEIGHT + 8)
    item.layout.setRowFixedHeight(0, lines * TITLE_LINE_HEIGHT + 8)
    plot.setLabel("left", spec.y_label, color=colours.foreground)
    if spec.x_label:
        plot.setLabel("bottom", spec.x_label, color=colours.foreground)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(colours.foreground, width=line_scale))
        axis.setTextPen(pg.mkPen(colours.foreground))
    plot.showGrid(y=True, alpha=0.2)
    plot.getAxis("left").setTicks(None)
    plan = axis_plan(spec)
    plot.getAxis("bottom").set_labels(plan.labels, plan.lanes)
    if spec.footnote:
        note = FootnoteItem(html.escape(spec.footnote), item.layout, FOOTNOTE_ROW, color=colours.muted,
                            size="8pt")
        item.layout.addItem(note, FOOTNOTE_ROW, 1)


def wrapped(text: str, width: int) -> str:
    """``text`` escaped for rich text, in lines of at most ``width`` characters."""
    lines, current = [], ""
    for word in html.escape(text).split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])
