"""A big sheet handed to calamine in pieces, each as soon as the size check has passed it.

calamine parses a whole sheet into one block of cells before cpdesk sees any: for a tidy return of a
million rows that block is 330 MB, held while cpdesk builds its own rows from it (550 MB at once), and
it cannot start until the size check (``limits.scan_sheet``) has streamed the whole sheet, or a hostile
sheet could make it allocate billions of cells. So a sheet of more than ``PIECE_BYTES`` of XML is cut,
as the size check inflates it, into pieces of whole rows. Each piece goes to calamine, on a second
thread, in a small workbook of its own (the file's workbook, styles and shared strings, with the piece
as the sheet), and only once the size check has passed every byte of it and found its cells within
reach of a sheet cpdesk reads; cpdesk's rows are built from each piece, on the calling thread, as soon
as it is parsed, and the piece's cells are freed. calamine releases the GIL while it parses, so the
parse of one piece overlaps the check of the next and the building of the last one's rows, and no more
than two pieces are held at once.

Every piece but the first begins with a row naming its number (``<row r="...">``) right after the end
of the row before, where calamine's place in the sheet (the row's number, the first column) is what it
would be reading the sheet whole, so each cell lands where it would. A sheet that does not fit that
shape (a namespace prefix, comments or CDATA among the rows, a run of text the check could not keep
whole, a piece's rows before the last piece's), or a piece calamine refuses, is read whole instead,
as before: the pieces only ever give the rows reading the sheet whole gives.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.parsers.expat import ExpatError, ParserCreate

from python_calamine import CalamineWorkbook

logger = logging.getLogger(__name__)

MB = 1_000_000
PIECE_BYTES = 4 * MB  # sheets of more XML than this are read in pieces of about this much
_MAX_PARTS_BYTES = PIECE_BYTES // 4  # the other parts every piece's workbook carries (and calamine parses)
_MAX_HELD = 4  # pieces' worth of XML held waiting for a row to cut at before the pieces are given up
_IN_FLIGHT = 1  # pieces handed to calamine and not yet turned into rows, besides the one being cut
_SHEET_DATA = b"<sheetData>"
_CUT = b'</row><row r="'  # a piece ends after a row and the next begins with one naming its number
_ROW_END = len(b"</row>")
_CLOSE = b"</sheetData></worksheet>"
# A comment, CDATA or instruction among the rows could hide a row's tags; a DTD in the head could change
# what the rows mean. Each is looked for only where its second byte is: a search for one byte absent
# from a chunk is many times faster than one for two bytes the first of which begins every tag.
_UNCUTTABLE = (b"<!", b"<?")


@dataclass
class SheetRows:
    """cpdesk's rows of one sheet from A1, built from calamine's rows as they come: empty cells None,
    each distinct text kept once however many cells hold it (a tidy return repeats a few area codes,
    indicators and periods a million times), no empty cells at a row's end or empty rows at the end."""

    rows: list[list[Any]] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)

    def add(self, first_row: int, first_column: int, rows: Iterable[Sequence[Any]]) -> None:
        """calamine's ``rows`` from row ``first_row`` and column ``first_column`` (0-based)."""
        while len(self.rows) < first_row:
            self.rows.append([])
        before = [None] * first_column
        shared = self.shared
        for row in rows:
            cells = [None if cell == "" else shared.setdefault(cell, cell) if type(cell) is str else cell
                     for cell in row]
            if before:
                cells = before + cells
            while cells and cells[-1] is None:
                cells.pop()
            self.rows.append(cells)

    def done(self) -> list[list[Any]]:
        while self.rows and not self.rows[-1]:
            self.rows.pop()
        return self.rows


@dataclass
class SheetValues:
    """What calamine gives of one sheet: its rows as cpdesk holds them, and its merged ranges."""

    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]]


class PieceWorkbooks:
    """The parts of an .xlsx besides its sheets, inflated once, for the workbook each piece goes in."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts

    @classmethod
    def of(cls, archive: zipfile.ZipFile, sheet_parts: Iterable[str]) -> PieceWorkbooks | None:
        """The archive's other parts, or None where they are too big to carry into every piece (the
        sheets are then read whole) or cannot be read (calamine then says what it makes of them)."""
        sheets = set(sheet_parts)
        others = [info for info in archive.infolist() if info.filename not in sheets and not info.is_dir()]
        if sum(info.file_size for info in others) > _MAX_PARTS_BYTES:
            return None
        try:
            return cls({info.filename: archive.read(info) for info in others})
        except Exception as exc:  # noqa: BLE001 - any damage: the whole read reports it as before
            logger.info("sheets read whole: a part could not be read (%s)", exc)
            return None

    def workbook_with(self, part: str, *xml: bytes | memoryview) -> io.BytesIO:
        """A workbook holding the other parts and the pieces of ``xml``, one after another, as the sheet
        at ``part``; stored uncompressed, written once into memory."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as book:
            for name, data in self.parts.items():
                book.writestr(name, data)
            with book.open(part, "w") as sheet:
                for piece in xml:
                    sheet.write(piece)
        buffer.seek(0)
        return buffer


class SheetPieces:
    """One sheet's checked XML (``limits.CheckedXml``), cut into pieces of whole rows; each piece is
    parsed by calamine and turned into rows on ``parser``'s thread, one piece after another."""

    def __init__(self, name: str, part: str, books: PieceWorkbooks, parser: Executor):
        self.name, self.part, self.books, self.parser = name, part, books, parser
        self.header: bytes | None = None
        self.held: list[bytes] = []
        self.held_bytes = 0
        self.in_flight: deque[Future[_Parsed | None]] = deque()
        self.rows = SheetRows()
        self.merged: list[tuple[int, int, int, int]] = []
        self.last_row = -1
        self.failed = False

    def take(self, chunk: bytes) -> None:
        if self.failed:
            return
        if self.header is not None and _uncuttable(chunk):
            self.lose()
            return
        self.held.append(chunk)
        self.held_bytes += len(chunk)
        if self.header is None:
            self._find_header()
        if self.header is not None and self.held_bytes >= PIECE_BYTES:
            self._cut()

    def lose(self) -> None:
        if not self.failed:
            logger.info("sheet '%s' read whole: its XML cannot be cut into pieces", self.name)
        self.failed = True
        self.held, self.held_bytes = [], 0

    def finish(self) -> SheetValues | None:
        """The sheet's values once every piece is parsed, or None if the sheet must be read whole."""
        if not self.failed and self.header is not None:
            self._send(self.header, *self.held)
        self.held = []
        while self.in_flight:
            self._add(self._wait_for_oldest())
        if self.failed or self.header is None:
            return None
        return SheetValues(self.rows.done(), self.merged)

    def _find_header(self) -> None:
        """The sheet's XML up to its ``<sheetData>``, repeated at the head of every piece."""
        data = b"".join(self.held)
        at = data.find(_SHEET_DATA)
        if at < 0:
            if self.held_bytes > PIECE_BYTES:
                self.lose()
            return
        header, body = data[: at + len(_SHEET_DATA)], data[at + len(_SHEET_DATA):]
        if b"<!" in header or _uncuttable(body) or not _opens_sheet_data(header):
            self.lose()
            return
        self.header, self.held, self.held_bytes = header, [body], len(body)

    def _cut(self) -> None:
        """A piece of the rows held up to the last row ending in the newest chunk (or, if none ends
        there, in all of them), sent without joining the chunks."""
        assert self.header is not None
        newest = self.held[-1]
        at = newest.rfind(_CUT)
        if at < 0:
            newest = b"".join(self.held)
            self.held = [newest]
            at = newest.rfind(_CUT)
        if at < 0:
            if self.held_bytes > _MAX_HELD * PIECE_BYTES:
                self.lose()
            return
        cut = at + _ROW_END
        rows: list[bytes | memoryview] = [*self.held[:-1], memoryview(newest)[:cut]]
        self.held, self.held_bytes = [newest[cut:]], len(newest) - cut
        self._send(self.header, *rows, _CLOSE)

    def _send(self, *xml: bytes | memoryview) -> None:
        """A piece to calamine, once the one before has been parsed (so two at most are held); the one
        before is then added to the sheet's rows here while calamine parses this one."""
        parsed = []
        while len(self.in_flight) >= _IN_FLIGHT:
            parsed.append(self._wait_for_oldest())
        if not self.failed:
            book = self.books.workbook_with(self.part, *xml)
            self.in_flight.append(self.parser.submit(self._parse, book))
        for piece in parsed:
            self._add(piece)

    def _wait_for_oldest(self) -> _Parsed | None:
        """The oldest piece's values, or None (and the pieces given up) if calamine could not read it."""
        try:
            return self.in_flight.popleft().result()
        except BaseException as exc:  # calamine's PanicException is a BaseException
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise
            logger.info("sheet '%s' read whole: calamine could not read a piece (%s)", self.name, exc)
            self.lose()
            return None

    def _parse(self, book: io.BytesIO) -> _Parsed | None:
        """On the parser's thread: one piece's values as calamine gives them (None: no cells)."""
        if self.failed:
            return None
        workbook = CalamineWorkbook.from_filelike(book)
        try:
            sheet = workbook.get_sheet_by_name(self.name)
            merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            start, end = sheet.start, sheet.end
            if start is None or end is None:
                return _Parsed(None, None, [], merged)
            return _Parsed(start, end, sheet.to_python(), merged)
        finally:
            workbook.close()

    def _add(self, piece: _Parsed | None) -> None:
        """A parsed piece's values into the sheet's rows, on the calling thread (building cpdesk's rows
        holds the GIL: done here, it overlaps calamine's parse of the next piece rather than delaying
        it); a piece whose rows begin before the last one's end gives the pieces up."""
        if piece is None or self.failed:
            return
        if piece.start is not None and piece.end is not None:
            if piece.start[0] <= self.last_row:
                logger.info("sheet '%s' read whole: a piece's rows from %d came after row %d", self.name,
                            piece.start[0] + 1, self.last_row + 1)
                self.lose()
                return
            self.rows.add(piece.start[0], piece.start[1], piece.rows)
            self.last_row = piece.end[0]
        self.merged += piece.merged


class _Parsed(NamedTuple):
    """One piece as calamine parsed it: where its cells begin and end (None for none), its rows, its
    merged ranges."""

    start: tuple[int, int] | None
    end: tuple[int, int] | None
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]]


def _uncuttable(xml: bytes) -> bool:
    return any(mark[1:] in xml and mark in xml for mark in _UNCUTTABLE)


def _opens_sheet_data(header: bytes) -> bool:
    """Whether ``header`` is well-formed XML ending in a ``<sheetData>`` inside the ``<worksheet>``,
    with no namespace prefix: the head every piece can share."""
    opened: list[str] = []
    parser = ParserCreate()
    parser.StartElementHandler = lambda tag, _attributes: opened.append(tag)
    parser.EndElementHandler = lambda _tag: opened.pop()
    try:
        parser.Parse(header, False)
    except ExpatError:
        return False
    return opened == ["worksheet", "sheetData"]
