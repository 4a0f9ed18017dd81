"""How big a workbook cpdesk reads, checked before any reader allocates anything for it.

An .xlsx or .ods is a zip of XML. A few kilobytes of zip can inflate to gigabytes (a "zip bomb"), and
a sheet with one figure in A1 and another in XFD1048576 makes a reader allocate the 17 billion cells
between them. So before calamine sees the file, cpdesk checks what the zip declares (each part's size,
how far it inflates, all parts together) and then streams each sheet's XML once, with its own
inflater bounded by what was declared, counting the cells and finding the last row and column a cell
names. Anything past the limits below is refused with one plain line naming the file; nothing is
read into memory whole. The same pass notes whether a sheet holds anything calamine drops (formats,
errors, formulas, hidden rows, merges), so the second, detailed pass skips sheets that hold none. A big
sheet's XML is handed on as the pass goes (``CheckedXml``: ``sheet_pieces`` gives calamine pieces of
it), each chunk only once the pass has found everything up to its end within the limits.

The limits (docs/decisions.md says why these numbers):
"""

from __future__ import annotations

import functools
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cpdesk.issues import counted
from cpdesk.read.grid import ReadError, cell_name

logger = logging.getLogger(__name__)

MB = 1_000_000
MAX_SHEET_CELLS = 8_000_000  # rows x columns from A1 to a sheet's last cell, as a reader lays it out
MAX_INFLATED_BYTES = 600 * MB  # all the XML of one workbook, inflated
MAX_OTHER_PART_BYTES = 64 * MB  # a part that is not a sheet or its shared strings (styles, workbook.xml)
MAX_RATIO = 250  # inflated / compressed, for parts of more than RATIO_FLOOR bytes
RATIO_FLOOR = 16 * MB
CHUNK = 4 * 1024 * 1024
_CARRY = 1024  # bytes kept from the end of a chunk, so no tag is split between two chunks

_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_STORED, _DEFLATED = 0, 8
_DECLARATION = re.compile(rb"<\?xml[^>\t\r\n]*\?>\s*(?=<)")
_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")


@dataclass(frozen=True)
class _Patterns:
    r"""What the scan searches for. Attributes are separated by spaces in what Excel, LibreOffice and
    openpyxl write, and a pattern beginning with a literal space is searched three times faster than
    one beginning with ``\s``; a chunk holding a tab or a line break is searched with ``\s``."""

    space: bytes  # what comes before an attribute
    column: re.Pattern[bytes]  # a cell reference's letters
    row: re.Pattern[bytes]  # a cell reference's digits
    # A style, a row's style or a column range that is not a whole number: no spreadsheet program writes one.
    malformed: re.Pattern[bytes]

    @classmethod
    def after(cls, space: bytes) -> _Patterns:
        return cls(space, re.compile(space + rb'r="([A-Z]+)\d'), re.compile(space + rb'r="[A-Z]+(\d+)"'),
                   re.compile(space + rb'(?:s|min|max)="(?![0-9]{1,9}")([^"]{0,20})'))


_SPACED = _Patterns.after(b" ")
_ANY_SPACE = _Patterns.after(rb"\s")
_LAST_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+\d+)"')
# What calamine drops, each behind a byte it holds that a sheet's plain cells rarely do: a search for one
# byte runs many times faster than one for several, so the longer search runs only where it may match.
_MARKERS = ((b"e", (b't="e"',)), (b"f", (b"<f", b":f>", b":f ")), (b"h", (b'hidden="1"', b'hidden="true"')),
            (b"l", (b"mergeCell",)))
_RESTARTS = 4  # larger row numbers found before a chunk's rows are all read instead of searched past


def too_big(name: str, what: str, advice: str = "") -> ReadError:
    return ReadError(f"'{name}' is too big for cpdesk to read: {what}.{' ' + advice if advice else ''}")


def damaged(name: str, what: str) -> ReadError:
    return ReadError(f"'{name}' is damaged and cannot be opened: {what}. Try opening it in Excel and "
                     "saving it again.")


@dataclass
class SheetScan:
    """What one streaming pass over a sheet's XML found; rows and columns are counts from A1."""

    cells: int = 0
    referenced: int = 0  # cells naming their place (r="B4"); others follow the cell before them
    rows: int = 0
    columns: int = 0
    widest_row: int = 0  # cells in the longest row, where cells do not name their place
    row_tags: int = 0  # rows counted where cells do not name their place
    worth_scanning: bool = False  # holds a wanted format, an error, a formula, a hidden row or a merge


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose parts declare more than cpdesk reads, or inflate like a bomb."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        _check_ratio(path.name, info.filename, info.file_size, info.compress_size)
        if not _is_big_part(info.filename) and info.file_size > MAX_OTHER_PART_BYTES:
            raise too_big(path.name, f"its part '{info.filename}' inflates to {_mb(info.file_size)}, far "
                          "more than any workbook's")
    if total > MAX_INFLATED_BYTES:
        raise too_big(path.name, f"it inflates to {_mb(total)} of XML (cpdesk reads workbooks of up to "
                      f"{_mb(MAX_INFLATED_BYTES)})", "Save the sheets cpdesk needs in a smaller workbook.")


def _is_big_part(part: str) -> bool:
    return part.startswith("xl/worksheets/") or part in ("xl/sharedStrings.xml", "content.xml")


def _check_ratio(name: str, part: str, inflated: int, compressed: int) -> None:
    if inflated > RATIO_FLOOR and inflated > MAX_RATIO * max(compressed, 1):
        raise too_big(name, f"its part '{part}' inflates {inflated // max(compressed, 1):,} times over, to "
                      f"{_mb(inflated)} (no real workbook inflates more than {MAX_RATIO} times): it looks "
                      "like a zip bomb")


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= 10 * MB else f"{size / MB:,.1f} MB"


def inflated_chunks(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A zip member's bytes, inflated by cpdesk itself so that no more than its declared size is ever
    produced: a member inflating past what the zip declares is damaged, whatever its checksum says."""
    if info.compress_type not in (_STORED, _DEFLATED):
        raise damaged(path.name, f"its part '{info.filename}' is compressed in a way Excel does not use")
    with path.open("rb") as raw:
        raw.seek(info.header_offset)
        header = raw.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(header)[0] != 0x04034B50:
            raise damaged(path.name, f"its part '{info.filename}' is missing")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        raw.seek(name_length + extra_length, 1)
        yield from _inflate(raw, info, path.name)


def _inflate(raw, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15) if info.compress_type == _DEFLATED else None
    left, produced, crc = info.compress_size, 0, 0
    pending = b""
    while left or pending:
        if not pending:
            pending = raw.read(min(left, CHUNK))
            if not pending:
                raise damaged(name, f"its part '{info.filename}' is cut short")
            left -= len(pending)
        if inflater is None:
            chunk, pending = pending, b""
        else:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
        produced += len(chunk)
        if produced > info.file_size:
            raise damaged(name, f"its part '{info.filename}' holds more than the zip says it does")
        crc = zlib.crc32(chunk, crc)
        yield chunk
        if inflater is not None and inflater.eof:
            break
    if produced != info.file_size or crc != info.CRC:
        raise damaged(name, f"its part '{info.filename}' does not match its checksum")


class CheckedXml(Protocol):
    """What is told of a sheet's XML as the scan passes it: ``take`` gets each chunk the scan has found
    within every limit so far (the cells it names reach no further than a sheet cpdesk reads), in order;
    ``lose`` says the chunks given no longer make up the whole XML (a run of text was cut short, or the
    cells reach too far), and none follow."""

    def take(self, chunk: bytes) -> None: ...

    def lose(self) -> None: ...


def scan_sheet(path: Path, info: zipfile.ZipInfo, sheet_name: str, wanted_styles: set[int],
               checked: CheckedXml | None = None) -> SheetScan:
    """One streaming pass over a sheet's XML; refuses a sheet past ``MAX_SHEET_CELLS``. ``checked``, if
    given, is handed the XML as it passes (see ``CheckedXml``)."""
    scan = _Scanner(wanted_styles)
    lost = checked.lose if checked is not None else None
    for chunk in _whole_tags(inflated_chunks(path, info), lost):
        try:
            scan.feed(chunk)
        except MalformedSheet as exc:
            raise damaged(path.name, f"sheet '{sheet_name}' has {exc}") from exc
        _check_cells(path.name, sheet_name, scan.found)
        if checked is not None:
            _hand_on(chunk, scan.found, checked)
    _check_extent(path.name, sheet_name, scan.found)
    return scan.found


def _hand_on(chunk: bytes, found: SheetScan, checked: CheckedXml) -> None:
    """The chunk to ``checked`` while the cells so far stay within a sheet cpdesk reads; past that the
    sheet will be refused when the scan ends (the cells only ever reach further), so nothing more is
    handed on."""
    if _extent(found) > MAX_SHEET_CELLS:
        checked.lose()
    else:
        checked.take(chunk)


def count_shared_strings(path: Path, info: zipfile.ZipInfo) -> int:
    """How many shared strings the workbook holds; refused past ``MAX_SHEET_CELLS``."""
    strings = 0
    for chunk in _whole_tags(inflated_chunks(path, info)):
        strings += chunk.count(b"<si>") + chunk.count(b"<si ") + chunk.count(b":si>")
        if strings > MAX_SHEET_CELLS:
            raise too_big(path.name, f"it holds more than {MAX_SHEET_CELLS:,} different texts")
    return strings


def _whole_tags(chunks: Iterator[bytes], lost: Callable[[], None] | None = None) -> Iterator[bytes]:
    """Chunks cut after a tag's end, so no tag is split between two; a run of text with no tag in it
    (a megabyte of spaces) is cut anyway, keeping only its last ``_CARRY`` bytes (and ``lost`` is
    called, as the chunks no longer make up the whole stream)."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b">") + 1
        if cut == 0:
            cut = max(len(data) - _CARRY, 0)
            carry = data[cut:]
            if cut and lost is not None:
                lost()
            continue
        carry = data[cut:]
        if len(carry) > CHUNK:
            carry = carry[-_CARRY:]
            if lost is not None:
                lost()
        yield data[:cut]
    if carry:
        yield carry


class MalformedSheet(ValueError):
    """An attribute no spreadsheet program writes; the message says which and where."""


class _Scanner:
    """Counts and extents from raw XML bytes: a search of bytes in C, never a call per element."""

    def __init__(self, wanted_styles: set[int]):
        self.found = SheetScan()
        self.cell_tags: tuple[bytes, ...] = (b"<c ", b"<c>", b"<c/>")
        self.row_tags: tuple[bytes, ...] = (b"<row ", b"<row>")
        self.run = 0  # cells since the last row began, when cells do not name their place
        wanted = b"|".join(str(i).encode() for i in sorted(wanted_styles))
        self.wanted = re.compile(rb'\ss="(?:' + wanted + rb')"') if wanted_styles else None  # rarely searched
        self.first = True

    def feed(self, chunk: bytes) -> None:
        found = self.found
        sheet_start = _past_declaration(chunk) if self.first else 0
        if self.first:
            self._use_prefix(chunk)
        found.cells += self._count_cells(chunk)
        patterns = _ANY_SPACE if any(chunk.find(space, sheet_start) >= 0 for space in b"\n\t\r") else _SPACED
        references = patterns.column.findall(chunk)
        if references:
            found.referenced += len(references)
            found.columns = max(found.columns, max(_column_number(letters) for letters in set(references)))
            found.rows = _last_row(chunk, patterns, found.rows)
        if found.referenced < found.cells:
            self._measure_rows(chunk)
        self._refuse_malformed(chunk, patterns.malformed)
        if not found.worth_scanning:
            found.worth_scanning = _holds_marker(chunk) or (
                self.wanted is not None and self.wanted.search(chunk) is not None)

    def _count_cells(self, chunk: bytes) -> int:
        """``<c `` is how nearly every cell begins: ``<c>`` and ``<c/>`` are counted only where some
        ``<c`` is not followed by a space."""
        spaced = chunk.count(self.cell_tags[0])
        if chunk.count(self.cell_tags[0][:-1]) == spaced:
            return spaced
        return spaced + chunk.count(self.cell_tags[1]) + chunk.count(self.cell_tags[2])

    def _refuse_malformed(self, chunk: bytes, malformed: re.Pattern[bytes]) -> None:
        bad = malformed.search(chunk)
        if bad is None:
            return
        cells = _LAST_CELL.findall(chunk, max(bad.start() - 4096, 0), bad.start())
        where = f" in cell {cells[-1].decode()}" if cells else ""
        attribute = bad.group(0).decode("utf-8", "replace").strip()
        raise MalformedSheet(f'{attribute}"{where}, which no spreadsheet program writes')

    def _use_prefix(self, chunk: bytes) -> None:
        self.first = False
        match = _PREFIX.search(chunk)
        prefix = match.group(1) if match and match.group(1) else b""
        if prefix:
            self.cell_tags = (b"<" + prefix + b"c ", b"<" + prefix + b"c>", b"<" + prefix + b"c/>")
            self.row_tags = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")

    def _measure_rows(self, chunk: bytes) -> None:
        """Cells without a reference follow the one before: the longest row and the number of rows
        bound where they can reach."""
        found = self.found
        found.row_tags += sum(chunk.count(tag) for tag in self.row_tags)
        pieces = re.split(b"|".join(re.escape(tag) for tag in self.row_tags), chunk)
        self.run += sum(pieces[0].count(tag) for tag in self.cell_tags)
        for piece in pieces[1:]:
            found.widest_row = max(found.widest_row, self.run)
            self.run = sum(piece.count(tag) for tag in self.cell_tags)
        found.widest_row = max(found.widest_row, self.run)


def _past_declaration(chunk: bytes) -> int:
    """Where the sheet begins after its XML declaration and the line break after it: a break there,
    before a ``<``, starts no attribute, so it need not slow the search of the whole chunk."""
    declaration = _DECLARATION.match(chunk)
    return declaration.end() if declaration else 0


def _holds_marker(chunk: bytes) -> bool:
    return any(byte in chunk and any(marker in chunk for marker in markers) for byte, markers in _MARKERS)


def _last_row(chunk: bytes, patterns: _Patterns, rows: int) -> int:
    """The largest row number a cell reference in ``chunk`` names, or ``rows`` if larger.

    Rows mostly rise through a sheet, so the last reference's row is searched past: one search finds
    any reference naming a larger row, without a Python object per cell. A chunk whose rows keep
    rising past each guess (a hostile one) is read whole after a few guesses, as each reference
    before the last guess is known to be no larger than it."""
    tail = patterns.row.findall(chunk, max(len(chunk) - _CARRY, 0))
    rows = max([rows, *map(int, tail)])
    start = 0
    for _ in range(_RESTARTS):
        larger = _larger_row(patterns.space, rows).search(chunk, start)
        if larger is None:
            return rows
        rows, start = int(larger.group(1)), larger.start()
    return max([rows, *map(int, patterns.row.findall(chunk, start))])


@functools.lru_cache(maxsize=64)
def _larger_row(space: bytes, rows: int) -> re.Pattern[bytes]:
    """A cell reference naming a row after ``rows``: more digits, or as many with a larger one where
    they first differ; leading zeros name no row."""
    digits = str(rows)
    larger = [rb"[1-9]\d{%d,}" % len(digits)]
    for at, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - at - 1
            larger.append(digits[:at].encode() + b"[%d-9]" % (int(digit) + 1) + rb"\d{%d}" % rest)
    return re.compile(space + rb'r="[A-Z]+0*(' + b"|".join(larger) + rb')"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _check_cells(name: str, sheet: str, found: SheetScan) -> None:
    if found.cells > MAX_SHEET_CELLS:
        raise too_big(name, f"sheet '{sheet}' holds more than {MAX_SHEET_CELLS:,} cells (cpdesk reads sheets "
                      f"of up to {MAX_SHEET_CELLS:,} cells)", "Split it into smaller sheets or files.")


def _check_extent(name: str, sheet: str, found: SheetScan) -> None:
    check_extent(name, sheet, *_reach(found))


def _reach(found: SheetScan) -> tuple[int, int]:
    """Rows and columns from A1 that the cells found so far reach, named or following the one before."""
    return max(found.rows, found.row_tags, 1), max(found.columns, found.widest_row, 1)


def _extent(found: SheetScan) -> int:
    rows, columns = _reach(found)
    return rows * columns


def check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose cells reach ``rows`` by ``columns`` from A1, past ``MAX_SHEET_CELLS``."""
    if rows * columns > MAX_SHEET_CELLS:
        last = cell_name(rows - 1, columns - 1)
        raise too_big(name, f"sheet '{sheet}' reaches cell {last}, {counted(rows * columns, 'cell')} from A1 "
                      f"(cpdesk reads sheets of up to {MAX_SHEET_CELLS:,} cells)",
                      "Delete the unused rows and columns beyond the table in Excel, save it and import it "
                      "again.")
