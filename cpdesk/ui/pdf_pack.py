"""The board pack as a PDF: a title page, a report card, then one page per indicator.

Boards that do not open Excel get the same tables as the board workbook (home council, statistical
neighbours, region and England by period) under the same trend chart the window draws, so a figure
reads the same on screen, in the workbook and on paper. Pages are A4 landscape at 300 dpi; the chart
is drawn offscreen by pyqtgraph and the tables are HTML laid out by a QTextDocument, which keeps the
fonts in points whatever the resolution.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from cpdesk.chart.format import format_value, status_marker
from cpdesk.chart.palette import RAG_COLOURS
from cpdesk.chart.requests import ChartRequest, ChartRequestError, ChartSource, build_spec
from cpdesk.export.as_at import figures_as_at
from cpdesk.export.board import table_rows
from cpdesk.export.board_periods import table_periods
from cpdesk.export.safe_write import write_safely
from cpdesk.indicators.periods import period_sort_key
from cpdesk.query.observations import ObservationIndex
from cpdesk.ui.charts.export import spec_image
from cpdesk.ui.charts.report_card import RAG_WORDS, change_text
from cpdesk.ui.theme import print_palette

logger = logging.getLogger(__name__)

RESOLUTION = 300
MARGIN_MM = 12
CHART_SIZE = (1100, 520)  # on-screen pixels
# Drawn at twice the on-screen size: about 200 dpi across the page, sharp in print, and a pack of
# twenty charts stays a few megabytes (three times made 12.6 MB for no difference on paper).
CHART_SCALE = 2
CHART_SHARE = 0.62  # of the page height, the rest is the table
TITLE = "Child protection performance"
TABLE_STYLE = (
    "table { border-collapse: collapse; } "
    "th { background-color: #DDEBF7; font-weight: bold; padding: 4px; } "
    "td { padding: 4px; } "
)


def write_pdf_pack(store: Any, reference: Any, path: str | os.PathLike, la_code: str,
                   indicators: Sequence[str], *, as_at: dt.date | None = None) -> Path:
    """Write the pack for council ``la_code`` and ``indicators`` (ids) to ``path``, with the figures
    held as at ``as_at`` (all of them when None); returns the path.

    Needs a QApplication for the charts; one is made offscreen-capable if none exists yet.
    """
    QApplication.instance() or QApplication([])
    source = ChartSource(ObservationIndex(figures_as_at(store.observations(), as_at)), reference, store)
    code = source.area_code(la_code)
    chosen = [source.indicator(i) for i in indicators]
    return write_safely(Path(path), lambda name: _write(name, source, code, chosen))


def _new_writer(filename: str) -> QPdfWriter:
    writer = QPdfWriter(filename)
    writer.setResolution(RESOLUTION)
    writer.setTitle(TITLE)
    writer.setCreator("cpdesk")
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setPageLayout(layout)
    return writer


def _write(filename: str, source: ChartSource, la_code: str, chosen: list) -> None:
    writer = _new_writer(filename)
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError(f"could not start writing {filename}")
    try:
        page = QRectF(writer.pageLayout().paintRectPixels(RESOLUTION))
        page.moveTo(0, 0)
        by_id = {row.indicator.id: row for row in source.report_card(la_code)}
        card = [by_id[i.id] for i in chosen if i.id in by_id]  # in the order the officer chose
        _title_page(painter, page, _area_name(source, la_code), card)
        writer.newPage()
        _html_page(painter, page, writer, _report_card_html(card, _area_name(source, la_code)))
        for indicator in chosen:
            writer.newPage()
            _indicator_page(painter, page, writer, source, la_code, indicator)
    finally:
        painter.end()
    logger.info("PDF pack: %d indicators for %s", len(chosen), la_code)


def _area_name(source: ChartSource, code: str) -> str:
    areas = source.reference.areas
    return areas.get(code).name if code in areas else code


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _title_page(painter: QPainter, page: QRectF, council: str, card: list) -> None:
    """Council, title, the day the pack was made and the latest period its figures reach."""
    latest = max((row.latest.period for row in card), key=period_sort_key, default=None)
    lines = [
        (_font(20), council, QColor("#404040")),
        (_font(34, bold=True), TITLE, QColor("#1F4E79")),
        (_font(14), f"Prepared {dt.date.today():%d %B %Y}", QColor("#404040")),
        (_font(14), f"Data as at {latest.label}" if latest else "No figures held", QColor("#404040")),
    ]
    top = page.top() + page.height() * 0.3
    for font, text, colour in lines:
        painter.setFont(font)
        painter.setPen(colour)
        height = painter.fontMetrics().height() * 1.8
        painter.drawText(QRectF(page.left(), top, page.width(), height),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), text)
        top += height


def _document(writer: QPdfWriter, body: str, width: float) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)  # points measured at the PDF's resolution
    document.setDefaultFont(_font(10))
    document.setDefaultStyleSheet(TABLE_STYLE)
    document.setHtml(body)
    document.setTextWidth(width)
    return document


def _html_page(painter: QPainter, page: QRectF, writer: QPdfWriter, body: str, top: float = 0.0) -> None:
    document = _document(writer, body, page.width())
    painter.save()
    painter.translate(page.left(), page.top() + top)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = print_palette()  # dark text on paper, whatever the app's theme
    context.clip = QRectF(0, 0, page.width(), page.height() - top)
    painter.setClipRect(context.clip)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _indicator_page(painter: QPainter, page: QRectF, writer: QPdfWriter, source: ChartSource,
                    la_code: str, indicator) -> None:
    """The trend chart across the top of the page and the comparison table under it."""
    chart_height = page.height() * CHART_SHARE
    try:
        spec = build_spec(source, ChartRequest(indicator.id, la_code, "trend"))
    except ChartRequestError as exc:  # no figures: say so on the page rather than drop the indicator
        body = f"<h2>{html.escape(indicator.title)}</h2><p>{html.escape(str(exc))}</p>"
        _html_page(painter, page, writer, body)
        return
    image = _chart(spec)
    scale = min(page.width() / image.width(), chart_height / image.height())
    target = QRectF(page.left() + (page.width() - image.width() * scale) / 2, page.top(),
                    image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)
    _html_page(painter, page, writer, _comparison_html(source, la_code, indicator), top=chart_height + 20)


def _chart(spec):
    return spec_image(spec, CHART_SIZE, scale=CHART_SCALE)


def _cell(point, indicator) -> str:
    if point is None:
        return ""
    if point.value is not None:
        return format_value(point.value, indicator)
    return status_marker(point.status, point.raw or "") or ""


def comparison_rows(source: ChartSource, la_code: str, indicator) -> tuple[list, list[list[str]]]:
    """Period labels and, per area row, its name then the formatted figures (as in the workbook)."""
    rows = table_rows(source.index, indicator, la_code, source.reference.areas)
    periods = table_periods(rows, indicator)
    cells = [[s.name] + [_cell(s.at(p.key), indicator) for p in periods] for s in rows]
    return periods, cells


def _comparison_html(source: ChartSource, la_code: str, indicator) -> str:
    periods, cells = comparison_rows(source, la_code, indicator)
    head = "".join(f"<th align='right'>{html.escape(p.label)}</th>" for p in periods)
    body = "".join(_comparison_row(row, home=(r == 0)) for r, row in enumerate(cells))
    if not cells:
        return "<p>No figures held for this indicator.</p>"
    return (f"<table width='100%' border='0.5' cellspacing='0'><tr><th align='left'>Area</th>{head}</tr>"
            f"{body}</table>")


def _comparison_row(row: list[str], home: bool) -> str:
    weight = " style='font-weight:bold'" if home else ""
    figures = "".join(f"<td align='right'{weight}>{html.escape(v)}</td>" for v in row[1:])
    return f"<tr><td{weight}>{html.escape(row[0])}</td>{figures}</tr>"


def _report_card_html(card: list, council: str) -> str:
    header = ("Indicator", "Period", "Latest", "Change", "Stat. neighbours", "England", "RAG")
    head = "".join(f"<th align='left'>{h}</th>" for h in header)
    rows = "".join(_report_card_row(row) for row in card)
    return (f"<h2>{html.escape(council)}: report card</h2>"
            f"<table width='100%' border='0.5' cellspacing='0'><tr>{head}</tr>{rows}</table>")


def _report_card_row(row) -> str:
    indicator = row.indicator
    colour = RAG_COLOURS.get(row.rag.status, RAG_COLOURS["none"])
    change = change_text(row).removeprefix("Change: ")
    cells = (indicator.title, row.latest.period.label, format_value(row.latest.value, indicator), change,
             format_value(row.sn_value, indicator), format_value(row.england, indicator))
    text = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
    word = html.escape(RAG_WORDS.get(row.rag.status, row.rag.status))
    return f"<tr>{text}<td style='background-color:{colour}; font-weight:bold'>{word}</td></tr>"
