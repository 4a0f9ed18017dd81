"""Saving and copying a drawn chart: PNG at print resolution, SVG for reports that scale."""

from __future__ import annotations

import logging
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as exporters

logger = logging.getLogger(__name__)

PRINT_SCALE = 3  # three times the on-screen size: about 300 dpi for a chart a third of a page wide
EXTENSIONS = (".png", ".svg")


def save_chart(plot: pg.PlotWidget, path: Path | str, *, scale: int = PRINT_SCALE) -> Path:
    """Write the chart as PNG or SVG, chosen by the file's extension."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValueError(f"'{target.name}' must end in .png or .svg")
    item = plot.getPlotItem()
    if suffix == ".svg":
        exporters.SVGExporter(item).export(str(target))
    else:
        exporter = exporters.ImageExporter(item)
        exporter.parameters()["width"] = int(max(item.sceneBoundingRect().width(), 1) * scale)
        exporter.parameters()["antialias"] = True
        exporter.export(str(target))
    logger.info("chart saved to %s", target)
    return target


def copy_chart(plot: pg.PlotWidget) -> None:
    """Put the chart on the clipboard as an image, to paste into a report or an email."""
    exporter = exporters.ImageExporter(plot.getPlotItem())
    exporter.parameters()["width"] = int(max(plot.getPlotItem().sceneBoundingRect().width(), 1) * 2)
    exporter.export(copy=True)
