"""Hostile workbooks, each tiny on disk: zip bombs, far-flung cells, absurd attributes, huge CSV cells.

A bomb's sheet is written as one deflate block repeated: after a full flush the compressor forgets
what it has seen, so the same input compresses to the same bytes every time and a gigabyte of XML
costs a few kilobytes of work. The zip around it is written by hand, so its sizes can also lie.
Used by ``tools/hostile_files.py`` and ``tests/core/test_hostile_files.py``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cpdesk.read.grid import column_letter

MB = 1_000_000
GB = 1_000 * MB

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                 b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                 b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                 b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                 b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
             b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships"><sheets><sheet name="Return" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
                 b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                 b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 b'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main">')
STYLES = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
          b'spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellXfs>'
          b'</styleSheet>')
SHEET_PART = "xl/worksheets/sheet1.xml"


@dataclass(frozen=True)
class Member:
    """One zip member: its deflated bytes, the true size and CRC, and the size the directory declares."""

    name: str
    deflated: bytes
    size: int
    crc: int
    declared_size: int | None = None  # None: the truth


def deflated(name: str, data: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def repeated(name: str, head: bytes, block: bytes, times: int, tail: bytes) -> Member:
    """``head + block * times + tail``, deflated without ever holding more than one block."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert piece == again, "a full flush must make the block's compressed bytes repeat"
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Member(name, first + piece * times + last, len(head) + len(block) * times + len(tail), crc)


def write_zip(path: Path, members: Iterable[Member]) -> Path:
    """A plain (non-zip64) archive of deflated members, written byte by byte."""
    local, central = bytearray(), bytearray()
    count = 0
    for member in members:
        name = member.name.encode()
        size = member.size if member.declared_size is None else member.declared_size
        fields = (20, 0, 8, 0, 0x21, member.crc, len(member.deflated), size, len(name), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, len(local)) + name
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + member.deflated
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def xlsx_with_sheet(path: Path, sheet: Member, *, styles: bool = False) -> Path:
    parts = [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", ROOT_RELS),
             deflated("xl/workbook.xml", WORKBOOK), deflated("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)]
    if styles:
        parts.append(deflated("xl/styles.xml", STYLES))
    return write_zip(path, [*parts, sheet])


def small_sheet(cells: str, *, before_data: str = "") -> Member:
    body = f"{before_data}<sheetData>{cells}</sheetData></worksheet>".encode()
    return deflated(SHEET_PART, SHEET_HEAD + body)


def tidy_cells(rows: list[list[str | float]]) -> str:
    """Rows of cells with explicit references, strings inline, from A1."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{r}", value) for c, value in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def _cell(ref: str, value: str | float) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


HEADINGS = ["area_code", "area_name", "indicator", "breakdown", "period", "value"]
FIGURE = ["E10000031", "Warwickshire", "cpp_rate", "", "31 Mar 2019", 29.8]


# --- the hostile files --------------------------------------------------------------------------------

def cells_bomb(path: Path, inflated: int = 1_200 * MB) -> Path:
    """A sheet of rows of cells without references (each the next), inflating to ``inflated`` bytes."""
    row = b"<row>" + b"<c><v>1</v></c>" * 40 + b"</row>"
    block = row * (65_536 // len(row))
    return xlsx_with_sheet(path, repeated(SHEET_PART, SHEET_HEAD + b"<sheetData>", block,
                                          inflated // len(block), b"</sheetData></worksheet>"))


def whitespace_bomb(path: Path, inflated: int = 1_200 * MB) -> Path:
    block = b" " * 1_048_576
    return xlsx_with_sheet(path, repeated(SHEET_PART, SHEET_HEAD + b"<sheetData>", block,
                                          inflated // len(block), b"</sheetData></worksheet>"))


def lying_bomb(path: Path, inflated: int = 1_200 * MB) -> Path:
    """The whitespace bomb, its directory declaring the sheet 1 MB (the CRC is of the true bytes)."""
    block = b" " * 1_048_576
    sheet = repeated(SHEET_PART, SHEET_HEAD + b"<sheetData>", block, inflated // len(block),
                     b"</sheetData></worksheet>")
    return xlsx_with_sheet(path, Member(sheet.name, sheet.deflated, sheet.size, sheet.crc, 1 * MB))


def far_corner(path: Path) -> Path:
    """Cells at A1 and XFD1048576, Excel's last cell: 17 billion cells between them."""
    return xlsx_with_sheet(path, small_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                                             '<c r="XFD1048576"><v>2</v></c></row>'))


def far_dimension(path: Path) -> Path:
    """A figure in A1, the sheet declaring it spans A1:XFD1048576."""
    return xlsx_with_sheet(path, small_sheet('<row r="1"><c r="A1"><v>1</v></c></row>',
                                             before_data='<dimension ref="A1:XFD1048576"/>'))


def negative_columns(path: Path) -> Path:
    """``<col min="-2000000000" hidden="1">`` before a real little table."""
    return xlsx_with_sheet(path, small_sheet(tidy_cells([HEADINGS, FIGURE]),
                                             before_data='<cols><col min="-2000000000" max="5" hidden="1"/>'
                                                         '</cols>'))


def bad_style(path: Path) -> Path:
    """A real little table whose figure cell has the style index ``s="x"``."""
    cells = tidy_cells([HEADINGS, FIGURE]).replace('<c r="F2">', '<c r="F2" s="x">')
    return xlsx_with_sheet(path, small_sheet(cells), styles=True)


def bad_row_number(path: Path) -> Path:
    """A hidden row numbered ``r="x"``."""
    cells = tidy_cells([HEADINGS, FIGURE]).replace('<row r="2">', '<row r="x" hidden="1">')
    return xlsx_with_sheet(path, small_sheet(cells))


def huge_csv_field(path: Path, size: int = 1 * MB) -> Path:
    path.write_text(",".join(HEADINGS) + "\n" + ",".join(map(str, FIGURE)) + "\n"
                    + 'E10000031,Warwickshire,cpp_rate,,31 Mar 2020,"' + "9" * size + '"\n')
    return path


def million_rows_csv(path: Path, rows: int = 1_000_000) -> Path:
    """A valid tidy return of ``rows`` figures: areas x indicators x months, written in blocks."""
    from cpdesk.reference import load_reference

    reference = load_reference()
    areas = sorted(a.code for a in reference.areas.all() if a.kind == "la")
    indicators = ["contacts", "referrals", "open_cases", "cin_count", "cin_plans_count", "s47_enquiries",
                  "icpc_count", "cpp_count", "cpp_starts", "cpp_ended", "cla_count", "cla_starts",
                  "cla_uasc_count", "unallocated_cases"]
    months = [f"{month} {year}" for year in range(1990, 2026) for month in
              ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("area_code,indicator,period,value\n")
        written = 0
        for code in areas:
            for indicator in indicators:
                lines = [f"{code},{indicator},{month},{_value(written + i)}\n"
                         for i, month in enumerate(months)]
                out.writelines(lines[:rows - written])
                written += len(lines[:rows - written])
                if written >= rows:
                    return path
    return path


def million_rows_xlsx(path: Path, rows: int = 1_000_000) -> Path:
    """The same return as ``million_rows_csv``, as an .xlsx whose sheet is written row by row."""
    import zipfile

    source = million_rows_csv(path.with_name(path.stem + "-source.csv"), rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            archive.writestr(name, data)
        with archive.open(SHEET_PART, "w", force_zip64=True) as sheet, source.open(encoding="utf-8") as lines:
            sheet.write(SHEET_HEAD + b"<sheetData>")
            block = []
            for number, line in enumerate(lines, start=1):
                fields = line.rstrip("\n").split(",")
                block.append(_xlsx_row(number, fields))
                if len(block) == 10_000:
                    sheet.write("".join(block).encode())
                    block = []
            sheet.write("".join(block).encode() + b"</sheetData></worksheet>")
    source.unlink()
    return path


def _xlsx_row(number: int, fields: list[str]) -> str:
    cells = [_cell(f"{column_letter(c)}{number}", float(v) if v.isdigit() else v)
             for c, v in enumerate(fields)]
    return f'<row r="{number}">{"".join(cells)}</row>'


def _value(row: int) -> int:
    """Figures that jump between about 50 and 950 every month: a change an officer should
    check, so about half the rows draw an outlier warning, as a real system's bad extract can."""
    return (50 if row % 2 else 950) + row % 7


# --- OpenDocument -------------------------------------------------------------------------------------

ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
                b'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:'
                b'full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                b'</manifest:manifest>')
ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:'
            b'tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
            b'<office:spreadsheet><table:table table:name="Return">')
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_with_rows(path: Path, rows: bytes) -> Path:
    return write_zip(path, [deflated("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                            deflated("META-INF/manifest.xml", ODS_MANIFEST),
                            deflated("content.xml", ODS_HEAD + rows + ODS_TAIL)])


def ods_repeated_figure(path: Path) -> Path:
    """One figure repeated across all 16,384 columns of all 1,048,576 rows: two XML elements."""
    return ods_with_rows(path, b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                               b'table:number-columns-repeated="16384" office:value-type="float" '
                               b'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')


# --- Excel 97-2003 -----------------------------------------------------------------------------------

def far_corner_xls(path: Path, *, blank: bool = False) -> Path:
    """An .xls with figures in A1 and IV65536, its last cell (or, with ``blank``, a formatted blank
    there, which holds no value)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Return")
    sheet.write(0, 0, 1)
    sheet.write(65_535, 255, None if blank else 2, xlwt.easyxf("font: bold on"))
    book.save(str(path))
    return path


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, what it is, and how to build it."""

    name: str
    what: str
    build: Callable[[Path], Path]


HOSTILE_FILES = (
    Hostile("cells_bomb.xlsx", "a sheet inflating to 1.2 GB of cells", cells_bomb),
    Hostile("whitespace_bomb.xlsx", "a sheet inflating to 1.2 GB of whitespace", whitespace_bomb),
    Hostile("lying_bomb.xlsx", "1.2 GB of whitespace whose zip declares 1 MB", lying_bomb),
    Hostile("far_corner.xlsx", "cells at A1 and XFD1048576", far_corner),
    Hostile("far_dimension.xlsx", "a sheet declaring A1:XFD1048576", far_dimension),
    Hostile("negative_columns.xlsx", '<col min="-2000000000" hidden="1">', negative_columns),
    Hostile("bad_style.xlsx", '<c s="x">', bad_style),
    Hostile("bad_row_number.xlsx", '<row r="x" hidden="1">', bad_row_number),
    Hostile("huge_field.csv", "a CSV cell of 1 MB", huge_csv_field),
    Hostile("far_corner.xls", "an .xls with figures in A1 and IV65536", far_corner_xls),
    Hostile("repeated_figure.ods", "an .ods repeating one figure over every cell (two elements)",
            ods_repeated_figure),
)
