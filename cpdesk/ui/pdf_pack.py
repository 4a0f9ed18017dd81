"""The board pack as a PDF: a title page, contents, the report card, then one page per indicator.

Boards that do not open Excel get the same tables as the board workbook (home council, statistical
neighbours, region and England by period) under the same trend chart the window draws, so a figure
reads the same on screen, in the workbook and on paper. Each indicator's page has its title once
(the chart under it says where and when, not the title again), the chart's one-line summary (the
same line the window shows under it), the chart, the table, the target and the officers' notes;
the chart takes the height the words leave, so the page is used to its foot. Every page carries
the council, the "data as at" stamp and "Page n of N".

The stamp is the chosen "as at" day, or else the last day the pack's latest figures reach, written
as a day ("31 March 2025"), never a period that only some figures are for.

Pages are A4 landscape at 300 dpi; charts are drawn offscreen by pyqtgraph and the words are HTML
laid out by a QTextDocument, which keeps the fonts in points whatever the resolution.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
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

from cpdesk.chart.requests import ChartRequest, ChartRequestError, ChartSource, build_spec
from cpdesk.export.as_at import day_words
from cpdesk.export.safe_write import write_safely
from cpdesk.query.report_card import target_for
from cpdesk.query.source import load_annotations
from cpdesk.ui.charts.export import spec_image
from cpdesk.ui.pdf_html import (
    comparison_html,
    comparison_rows,
    contents_html,
    indicator_words_html,
    report_card_html,
    status_notes,
    target_text,
)
from cpdesk.ui.theme import print_palette

logger = logging.getLogger(__name__)

RESOLUTION = 300
MARGIN_MM = 12
FOOTER_POINTS = 8
CHART_WIDTH = 1100  # on-screen pixels; the height follows the room the page leaves
MIN_CHART_SHARE = 0.4  # of the page body: notes never squeeze the chart below this
# Drawn at twice the on-screen size: about 200 dpi across the page, sharp in print, and a pack of
# twenty charts stays a few megabytes (three times made 12.6 MB for no difference on paper).
CHART_SCALE = 2
GAP_POINTS = 6
TITLE = "Child protection performance"
STYLE = (
    "table { border-collapse: collapse; } "
    "th { background-color: #DDEBF7; font-weight: bold; } "
    "h2 { font-size: 15pt; margin-bottom: 2px; } "
)


def write_pdf_pack(store: Any, reference: Any, path: str | os.PathLike, la_code: str,
                   indicators: Sequence[str], *, as_at: dt.date | None = None) -> Path:
    """Write the pack for council ``la_code`` and ``indicators`` (ids) to ``path``, with the figures
    held as at ``as_at`` (all of them when None); returns the path.

    Needs a QApplication for the charts; one is made offscreen-capable if none exists yet.
    """
    QApplication.instance() or QApplication([])
    source = ChartSource.from_store(store, reference).held_by(as_at)
    code = source.area_code(la_code)
    pack = _Pack(source, code, [source.indicator(i) for i in indicators], as_at)
    return write_safely(Path(path), pack.write)


def data_as_at(card: Sequence[Any], as_at: dt.date | None) -> str:
    """"Data as at 31 March 2025": the chosen day, else the last day the latest figures reach."""
    if as_at is not None:
        return f"Data as at {day_words(as_at)}"
    ends = [row.latest.period.end for row in card]
    return f"Data as at {day_words(max(ends))}" if ends else "No figures held"


@dataclass
class _Page:
    """One page to draw, and the heading the contents list it under (none for the title page)."""

    draw: Callable[[QPainter, QRectF], None]
    heading: str = ""


class _Pack:
    """The pack's pages for one council and its chosen indicators."""

    def __init__(self, source: ChartSource, la_code: str, chosen: list, as_at: dt.date | None) -> None:
        self.source, self.la_code, self.chosen, self.as_at = source, la_code, chosen, as_at
        by_id = {row.indicator.id: row for row in source.report_card(la_code, as_at)}
        self.card = [by_id[i.id] for i in chosen if i.id in by_id]  # in the order the officer chose
        self.rows = by_id
        area = source.reference.areas.find(la_code)
        self.council = area.name if area is not None else la_code
        self.stamp = data_as_at(self.card, as_at)

    def write(self, filename: str) -> None:
        writer = _new_writer(filename)
        painter = QPainter(writer)
        if not painter.isActive():
            raise OSError("the PDF could not be started")
        try:
            page = QRectF(writer.pageLayout().paintRectPixels(RESOLUTION))
            page.moveTo(0, 0)
            footer = _points(writer, 3 * FOOTER_POINTS)
            body = QRectF(page.left(), page.top(), page.width(), page.height() - footer)
            pages = self._pages(writer, body)
            for number, planned in enumerate(pages, start=1):
                if number > 1 and not writer.newPage():
                    raise OSError("the PDF could not be continued")
                planned.draw(painter, body)
                self._footer(painter, page, writer, number, len(pages))
        finally:
            finished = painter.end()
        if not finished:  # Qt's PDF writer ignores most write errors: write_safely checks the file too
            raise OSError("the PDF could not be finished")
        logger.info("PDF pack: %d indicators for %s (%s)", len(self.chosen), self.la_code, self.stamp)

    def _pages(self, writer: QPdfWriter, body: QRectF) -> list[_Page]:
        """Every page, counted before any is drawn: the contents and the report card take as many
        pages as they need (a table's heading row repeats on each)."""
        card_pages = [_Page(lambda p, r, d=d: _draw_at(p, r, d, 0), "Report card" if n == 0 else "")
                      for n, d in enumerate(self._card_documents(writer, body))]
        indicators = [_Page(lambda p, r, i=i: self._indicator_page(p, r, writer, i), i.title)
                      for i in self.chosen]
        headings = ["Report card", *(i.title for i in self.chosen)]
        rough = _paged(writer, contents_html([(h, 999) for h in headings], self.council, self.stamp), body)
        contents_pages = max(1, rough.pageCount())
        pages = [_Page(lambda p, r: self._title_page(p, r)), *([_Page(lambda p, r: None)] * contents_pages),
                 *card_pages, *indicators]
        entries = [(planned.heading, number) for number, planned in enumerate(pages, start=1)
                   if planned.heading]
        contents = _paged(writer, contents_html(entries, self.council, self.stamp), body)
        for n in range(contents_pages):
            pages[1 + n] = _Page(lambda p, r, n=n: _draw_document(p, r, contents, n))
        return pages

    def _card_documents(self, writer: QPdfWriter, body: QRectF) -> list[QTextDocument]:
        """The report card as one document per page, each holding as many whole rows as fit (a row
        is never split between pages)."""
        documents: list[QTextDocument] = []
        rows = list(self.card)
        while rows or not documents:
            first = not documents
            count = 1
            while count < len(rows) and \
                    self._card_page(writer, body, rows[:count + 1], first).size().height() <= body.height():
                count += 1
            documents.append(self._card_page(writer, body, rows[:count], first))
            rows = rows[count:]
        return documents

    def _card_page(self, writer: QPdfWriter, body: QRectF, rows: list, first: bool) -> QTextDocument:
        return _document(writer, report_card_html(rows, self.council, self.stamp, first=first), body.width())

    def _title_page(self, painter: QPainter, body: QRectF) -> None:
        """Council, title, the day the pack was made and what its figures are as at."""
        lines = [
            (_font(20), self.council, QColor("#404040")),
            (_font(34, bold=True), TITLE, QColor("#1F4E79")),
            (_font(14), f"Prepared {dt.date.today():%d %B %Y}", QColor("#404040")),
            (_font(14), self.stamp, QColor("#404040")),
            (_font(11), "Each figure is shown with the period it is for.", QColor("#595959")),
        ]
        top = body.top() + body.height() * 0.3
        for font, text, colour in lines:
            painter.setFont(font)
            painter.setPen(colour)
            height = painter.fontMetrics().height() * 1.8
            painter.drawText(QRectF(body.left(), top, body.width(), height),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), text)
            top += height

    def _footer(self, painter: QPainter, page: QRectF, writer: QPdfWriter, number: int, count: int) -> None:
        painter.save()
        painter.setFont(_font(FOOTER_POINTS))
        painter.setPen(QColor("#595959"))
        height = _points(writer, 2 * FOOTER_POINTS)
        strip = QRectF(page.left(), page.bottom() - height, page.width(), height)
        painter.drawText(strip, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         f"{self.council}  ·  {TITLE}  ·  {self.stamp}")
        painter.drawText(strip, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         f"Page {number} of {count}")
        painter.restore()

    def _indicator_page(self, painter: QPainter, body: QRectF, writer: QPdfWriter, indicator) -> None:
        """Title and summary, then the chart in the room the table and notes below it leave."""
        title = f"<h2>{html.escape(indicator.title)}</h2>"
        try:
            request = ChartRequest(indicator.id, self.la_code, "trend", as_at=self.as_at)
            spec = build_spec(self.source, request)
        except ChartRequestError as exc:  # no figures: say so on the page rather than drop the indicator
            refusal = _document(writer, f"{title}<p>{html.escape(str(exc))}</p>", body.width())
            _draw_at(painter, body, refusal, 0)
            return
        head = _document(writer, f"{title}<p>{html.escape(spec.summary)}</p>", body.width())
        words = _document(writer, self._words_html(indicator, spec), body.width())
        gap = _points(writer, GAP_POINTS)
        room = body.height() - head.size().height() - words.size().height() - 2 * gap
        chart_height = max(room, body.height() * MIN_CHART_SHARE)
        _draw_at(painter, body, head, 0)
        top = head.size().height() + gap
        _draw_chart(painter, QRectF(body.left(), body.top() + top, body.width(), chart_height), spec)
        _draw_at(painter, body, words, top + chart_height + gap)

    def _words_html(self, indicator, spec) -> str:
        periods, cells = comparison_rows(self.source, self.la_code, indicator)
        notes = status_notes(self.source, self.la_code, indicator)
        target = None
        row = self.rows.get(indicator.id)
        store = self.source.store
        if row is not None and row.withheld_text:
            notes.insert(0, row.withheld_text)
        if store is not None:
            if row is not None:
                target = target_for(store.targets(self.la_code, indicator.id), row.latest.period.key)
            notes += [_note_text(n) for n in load_annotations(store, self.la_code, indicator.id)]
        return comparison_html(periods, cells) + indicator_words_html(
            "", target_text(target, indicator), notes, spec.footnote)


def _note_text(note: Any) -> str:
    when = f"{note.period.label}: " if getattr(note, "period", None) else ""
    return f"{when}{note.text} ({note.author})"


def _new_writer(filename: str) -> QPdfWriter:
    writer = QPdfWriter(filename)
    writer.setResolution(RESOLUTION)
    writer.setTitle(TITLE)
    writer.setCreator("cpdesk")
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setPageLayout(layout)
    return writer


def _points(writer: QPdfWriter, points: float) -> float:
    return points * writer.resolution() / 72


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _document(writer: QPdfWriter, body: str, width: float) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)  # points measured at the PDF's resolution
    document.setDefaultFont(_font(10))
    document.setDefaultStyleSheet(STYLE)
    document.setHtml(body)
    document.setTextWidth(width)
    return document


def _paged(writer: QPdfWriter, body_html: str, body: QRectF) -> QTextDocument:
    """A document laid out in pages the size of the page body."""
    document = _document(writer, body_html, body.width())
    document.setPageSize(QSizeF(body.width(), body.height()))
    return document


def _draw_at(painter: QPainter, body: QRectF, document: QTextDocument, top: float) -> None:
    """Draw ``document`` from ``top`` down, clipped at the foot of the page body."""
    painter.save()
    painter.translate(body.left(), body.top() + top)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = print_palette()  # dark text on paper, whatever the app's theme
    context.clip = QRectF(0, 0, body.width(), max(0.0, body.height() - top))
    painter.setClipRect(context.clip)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _draw_document(painter: QPainter, body: QRectF, document: QTextDocument, page: int) -> None:
    """Page ``page`` of a document paginated to the page body (a long report card)."""
    painter.save()
    painter.translate(body.left(), body.top() - page * body.height())
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = print_palette()
    context.clip = QRectF(0, page * body.height(), body.width(), body.height())
    painter.setClipRect(context.clip)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _draw_chart(painter: QPainter, target: QRectF, spec) -> None:
    """The chart, drawn at the target's shape so it fills it; its title says where and when only,
    as the page's heading already names the indicator, and its source is printed under the table."""
    what, _, where_when = spec.title.partition(" — ")
    spec = dataclasses.replace(spec, title=where_when or what, footnote="")  # the source is under the table
    height = max(300, round(CHART_WIDTH * target.height() / target.width()))
    image = spec_image(spec, (CHART_WIDTH, height), scale=CHART_SCALE)
    scale = min(target.width() / image.width(), target.height() / image.height())
    placed = QRectF(target.left() + (target.width() - image.width() * scale) / 2, target.top(),
                    image.width() * scale, image.height() * scale)
    painter.drawImage(placed, image)
