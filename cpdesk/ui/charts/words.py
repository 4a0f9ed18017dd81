"""The words around a drawn chart: title lines, axis ticks, the footnote and the legend's swatches.

The title is rich text on screen; :func:`plain_title` is the same words without markup, for an SVG's
``<title>``. Y-axis ticks are written as officers write numbers (700,000, not 700000). On a time
axis only the periods of the lines' own cycle get a tick; a figure of another kind (a 31 July
snapshot) is labelled beside its own marker instead, so labels never crowd or overlap.
"""

from __future__ import annotations

import html
import logging
import re

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QRectF

from cpdesk.chart.spec import ChartSpec
from cpdesk.ui.theme import ChartColours, readable_text

logger = logging.getLogger(__name__)

FOOTNOTE_ROW = 5
TITLE_LINE_HEIGHT = 21
FOOTNOTE_WIDTH = 160  # characters per footnote line
RANK_LABEL_ROLES = ("home", "sn")


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


class ThousandsAxis(pg.AxisItem):
    """A value axis whose ticks carry thousands separators: "700,000"."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        texts = super().tickStrings(values, scale, spacing)
        return [_with_separators(text) for text in texts]


def _with_separators(text: str) -> str:
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith(("-", "−")) else ""
    digits = whole.lstrip("-−")
    if not digits.isdigit():
        return text
    return f"{sign}{int(digits):,}{dot}{fraction}"


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
    plot.getAxis("bottom").setTicks([x_ticks(spec), []])
    if spec.footnote:
        note = pg.LabelItem(wrapped(spec.footnote), color=colours.muted, size="8pt", justify="left")
        item.layout.addItem(note, FOOTNOTE_ROW, 1)
        item.layout.setRowFixedHeight(FOOTNOTE_ROW, 16 * (note.text.count("<br>") + 1) + 4)


def wrapped(text: str, width: int = FOOTNOTE_WIDTH) -> str:
    """``text`` escaped for rich text, in lines of at most ``width`` characters."""
    lines, current = [], ""
    for word in html.escape(text).split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])


def x_ticks(spec: ChartSpec) -> list[tuple[float, str]]:
    """Period or area names under the axis, at their positions: on a time axis only the categories
    of the lines' own cycle; on a rank chart only the home LA (its neighbours get a bare tick)."""
    positions = [(spec.x_position(x), name) for x, name in enumerate(spec.x_categories)]
    if spec.kind == "rank":
        marked = {p.x for s in spec.series if s.role in RANK_LABEL_ROLES for p in s.points}
        home = {p.x for s in spec.series if s.role == "home" for p in s.points}
        return [(spec.x_position(x), name if x in home else "") for x, name in enumerate(spec.x_categories)
                if x in marked]
    if spec.x_positions:
        on_lines = {p.x for s in spec.series for p in s.points if not p.group}
        return [tick for x, tick in enumerate(positions) if x in on_lines]
    return positions
