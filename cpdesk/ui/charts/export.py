"""Saving and copying a drawn chart: PNG at print resolution, SVG for reports that scale.

A saved or copied chart is drawn afresh on an unseen plot of the same size, in the light (print)
colours whatever the app's theme, with lines as thick relative to the text as on screen: pen widths
are in device pixels, so a PNG three times the screen size gets pens three times as wide.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from cpdesk.chart.spec import ChartSpec
from cpdesk.ui.charts.render import DrawnChart, draw_spec
from cpdesk.ui.charts.words import plain_text, plain_title
from cpdesk.ui.theme import print_palette

logger = logging.getLogger(__name__)

PRINT_SCALE = 3  # three times the on-screen size: about 300 dpi for a chart a third of a page wide
COPY_SCALE = 2
SCREEN_DPI = 96
INCHES_PER_METRE = 39.37
EXTENSIONS = (".png", ".svg")
LAYOUT_PASSES = 3


def save_chart(plot: pg.PlotWidget, path: Path | str, *, scale: float = PRINT_SCALE,
               drawn: DrawnChart | None = None) -> Path:
    """Write the chart as PNG or SVG, chosen by the file's extension. With ``drawn`` (what is on
    ``plot``) it is redrawn for paper first; without, the plot is saved as it is."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(f"'{target.name}' must end in .png or .svg")
    with _on_paper(plot, drawn, 1 if suffix == ".svg" else scale) as paper:
        if suffix == ".svg":
            _save_svg(paper, target, plain_title(drawn.spec) if drawn is not None else "")
        else:
            _write_png(chart_image(paper, scale), target)
    logger.info("chart saved to %s", target)
    return target


def _write_png(image: QImage, target: Path) -> None:
    """Encode in memory, then write with Python: a full disk raises OSError(ENOSPC) to the caller
    instead of libpng printing "Write Error" on the terminal and Qt saying only that it failed."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"the chart could not be encoded as PNG for {target.name}")
    buffer.close()
    target.write_bytes(data.data())


def chart_image(plot: pg.PlotWidget, scale: float = PRINT_SCALE) -> QImage:
    """The chart drawn ``scale`` times wider, with text and markers scaled alike, marked as
    ``scale`` x 96 dpi so a document places it at its on-screen size."""
    item = plot.getPlotItem()
    exporter = exporters.ImageExporter(item)
    exporter.parameters()["width"] = int(max(item.sceneBoundingRect().width(), 1) * scale)
    exporter.parameters()["antialias"] = True
    image = exporter.export(toBytes=True)
    dots_per_metre = round(SCREEN_DPI * scale * INCHES_PER_METRE)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def settle() -> None:
    """Let the plot's layout settle: the source note, once wrapped to its width, asks for the height
    of its lines, which the layout gives on its next pass."""
    for _ in range(LAYOUT_PASSES):
        QApplication.processEvents()


def unseen_plot(width: int, height: int) -> pg.PlotWidget:
    """A plot laid out at ``width`` x ``height`` without a window appearing on screen."""
    plot = pg.PlotWidget()
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    plot.resize(width, height)
    plot.show()
    return plot


@contextmanager
def _on_paper(plot: pg.PlotWidget, drawn: DrawnChart | None, line_scale: float) -> Iterator[pg.PlotWidget]:
    """``drawn`` again on an unseen plot in print colours and pens for ``line_scale``, with the same
    series hidden and the same zoom; just ``plot`` when there is nothing to redraw."""
    if drawn is None:
        yield plot
        return
    paper = unseen_plot(plot.width(), plot.height())
    try:
        again = draw_spec(paper, drawn.spec, print_palette(), line_scale)
        for name, item in drawn.items.items():
            if name in again.items and not item.isVisible():
                again.items[name].setVisible(False)
        x_range, y_range = plot.getViewBox().viewRange()
        paper.setRange(xRange=x_range, yRange=y_range, padding=0)
        settle()
        yield paper
    finally:
        paper.close()
        paper.deleteLater()


def _save_svg(plot: pg.PlotWidget, target: Path, title: str) -> None:
    """The scene painted into an SVG generator (pyqtgraph's SVGExporter fails on some bar charts).
    The SVG's ``<title>`` is plain text: the chart's title without the on-screen markup."""
    source = plot.getPlotItem().sceneBoundingRect()
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title or plain_text(plot.getPlotItem().titleLabel.text))
    painter = QPainter(generator)
    plot.scene().render(painter, QRectF(0, 0, source.width(), source.height()), source)
    if not painter.end():
        raise OSError(f"could not write {target}")


def copy_chart(plot: pg.PlotWidget, drawn: DrawnChart | None = None) -> None:
    """Put the chart on the clipboard as an image, to paste into a report or an email."""
    with _on_paper(plot, drawn, COPY_SCALE) as paper:
        QGuiApplication.clipboard().setImage(chart_image(paper, COPY_SCALE))


def spec_image(spec: ChartSpec, size: tuple[int, int], scale: float = PRINT_SCALE) -> QImage:
    """``spec`` drawn for paper on an unseen plot of ``size`` screen pixels (the PDF board pack)."""
    plot = unseen_plot(*size)
    try:
        draw_spec(plot, spec, print_palette(), scale)
        settle()
        # The same view again, once the plot has its final size, lays the axes out at their real
        # length: the x-axis labels are planned for it (without this none is printed).
        x_range, y_range = plot.getViewBox().viewRange()
        plot.setRange(xRange=x_range, yRange=y_range, padding=0)
        settle()
        return chart_image(plot, scale)
    finally:
        plot.close()
        plot.deleteLater()


def render_spec_to_file(spec: ChartSpec, out: Path, size: tuple[int, int]) -> Path:
    """Draw ``spec`` on an unseen plot of ``size`` screen pixels and save it (``cpdesk chart``)."""
    QApplication.instance() or QApplication([])
    plot = unseen_plot(*size)
    try:
        drawn = draw_spec(plot, spec, print_palette(), 1)
        settle()
        return save_chart(plot, out, drawn=drawn)
    finally:
        plot.close()
        plot.deleteLater()
