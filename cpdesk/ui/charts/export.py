"""Saving and copying a drawn chart: PNG at print resolution, SVG for reports that scale."""

from __future__ import annotations

import logging
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as exporters
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from cpdesk.chart.spec import ChartSpec
from cpdesk.ui.charts.render import draw_spec

logger = logging.getLogger(__name__)

PRINT_SCALE = 3  # three times the on-screen size: about 300 dpi for a chart a third of a page wide
EXTENSIONS = (".png", ".svg")


def save_chart(plot: pg.PlotWidget, path: Path | str, *, scale: int = PRINT_SCALE) -> Path:
    """Write the chart as PNG or SVG, chosen by the file's extension."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(f"'{target.name}' must end in .png or .svg")
    if suffix == ".svg":
        _save_svg(plot, target)
    elif not chart_image(plot, scale).save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    logger.info("chart saved to %s", target)
    return target


def chart_image(plot: pg.PlotWidget, scale: float = PRINT_SCALE) -> QImage:
    """The chart drawn ``scale`` times wider, with text, lines and markers scaled alike."""
    item = plot.getPlotItem()
    exporter = exporters.ImageExporter(item)
    exporter.parameters()["width"] = int(max(item.sceneBoundingRect().width(), 1) * scale)
    exporter.parameters()["antialias"] = True
    return exporter.export(toBytes=True)


def _save_svg(plot: pg.PlotWidget, target: Path) -> None:
    """The scene painted into an SVG generator (pyqtgraph's SVGExporter fails on some bar charts)."""
    source = plot.getPlotItem().sceneBoundingRect()
    generator = QSvgGenerator()
    generator.setFileName(str(target))
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(plot.getPlotItem().titleLabel.text)
    painter = QPainter(generator)
    plot.scene().render(painter, QRectF(0, 0, source.width(), source.height()), source)
    if not painter.end():
        raise OSError(f"could not write {target}")


def copy_chart(plot: pg.PlotWidget) -> None:
    """Put the chart on the clipboard as an image, to paste into a report or an email."""
    QGuiApplication.clipboard().setImage(chart_image(plot, 2))


def render_spec_to_file(spec: ChartSpec, out: Path, size: tuple[int, int]) -> Path:
    """Draw ``spec`` on an unseen plot of ``size`` screen pixels and save it (``cpdesk chart``)."""
    app = QApplication.instance() or QApplication([])
    plot = pg.PlotWidget()
    plot.resize(*size)
    draw_spec(plot, spec)
    plot.show()
    app.processEvents()
    try:
        return save_chart(plot, out)
    finally:
        plot.close()
