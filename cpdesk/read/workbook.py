"""Open any workbook an officer has (xlsx, xlsm, xls, ods, csv) as plain grids of cells.

The file's real type is taken from its first bytes, not its name: council systems often save CSV or
HTML with an ".xls" name, and a password-protected .xlsx is really an OLE2 container. Values come
from python-calamine (fast, and it never runs macros); for .xlsx/.xlsm a streaming pass over the
sheet XML adds what calamine drops (percent and date formats, Excel error values, formulas with no
saved result, hidden rows, merged cells) - see ``xlsx_parts``; ``ods_parts`` does the same for .ods.
For .xls, xlrd supplies the formats and ``xls_extras`` finds formulas with no saved result. A big
.xlsx sheet goes to calamine in pieces as the size check passes them (``sheet_pieces``).
Anything that cannot be read raises ``ReadError`` with a message naming the file.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.parsers.expat import ExpatError

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from cpdesk.issues import counted
from cpdesk.read import limits, ods_parts, sheet_pieces, xlsx_parts
from cpdesk.read.csv_grid import read_csv_sheet
from cpdesk.read.grid import ReadError, Sheet, Workbook, cell_name
from cpdesk.read.xls_extras import check_xls_extent, read_xls_extras

logger = logging.getLogger(__name__)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_LISTED_CELLS = 5
# Formats that are always zip archives: text under one of these names is a mistake, not an export.
# (An ".xls" holding CSV is left alone: older council systems really do export CSV under that name.)
ZIP_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".ods")


# What zipfile raises on a damaged archive: its own error, a compression method or version it does not
# know, a stream cut short, deflate data that does not inflate, a part flagged as encrypted (RuntimeError:
# Excel encrypts a whole workbook in an OLE2 file, never a part of its zip), an offset before the file's
# start (OSError EINVAL).
ZIP_DAMAGE = (zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error, ValueError, RuntimeError,
              OSError)


def open_workbook(path: str | Path, *, in_pieces: bool = True) -> Workbook:
    """Every sheet of the file as a grid; raises ReadError with a plain message if it cannot be read.

    ``in_pieces``: an .xlsx sheet of more than ``sheet_pieces.PIECE_BYTES`` of XML goes to calamine in
    pieces while the size check reads on (``sheet_pieces``); False reads each sheet whole after the
    check, as the reference the pieces are tested against."""
    path = Path(path)
    kind = detect_kind(path)
    logger.info("opening %s as %s", path.name, kind)
    if kind == "csv":
        return Workbook(str(path), [read_csv_sheet(path)])
    return _open_with_calamine(path, kind, in_pieces)


def detect_kind(path: Path) -> str:
    """"xlsx", "xls", "ods" or "csv", from the file's content; ReadError for anything else."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError as exc:
        raise ReadError(f"'{name}' was not found. It may have been moved or renamed.") from exc
    except OSError as exc:
        message = f"'{name}' could not be opened ({exc.strerror}). Is it open in another program?"
        raise ReadError(message) from exc
    if not head:
        raise ReadError(f"'{name}' is empty.")
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        if _ENCRYPTED in path.read_bytes():
            raise ReadError(f"'{name}' is protected with a password. Remove the password in Excel "
                            "(File > Info > Protect Workbook) and import it again.")
        return "xls"
    return _text_kind(head, name)


def list_cells(cells: list[str]) -> str:
    """"B6, C6, D6": the first ``MAX_LISTED_CELLS`` cells named in a message, then "..."."""
    return ", ".join(cells[:MAX_LISTED_CELLS]) + (" ..." if len(cells) > MAX_LISTED_CELLS else "")


def damaged_message(name: str) -> str:
    return (f"'{name}' is damaged and cannot be opened (the file is incomplete or corrupt). "
            "Try opening it in Excel and saving it again.")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIME:
                return "ods"
    except ZIP_DAMAGE as exc:
        raise ReadError(damaged_message(path.name)) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReadError(f"'{path.name}' is not a spreadsheet (it looks like another kind of Office document).")


def _text_kind(head: bytes, name: str) -> str:
    if head.startswith(b"%PDF"):
        raise ReadError(f"'{name}' is a PDF, not a workbook. cpdesk reads Excel, OpenDocument and CSV files.")
    if b"\x00" in head:
        raise ReadError(f"'{name}' is not a workbook cpdesk can read (Excel .xlsx/.xlsm/.xls, .ods or .csv).")
    lowered = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise ReadError(f"'{name}' is a web page or XML file saved under a spreadsheet name. Open it in "
                        "Excel and save it as an Excel workbook (.xlsx), then import that.")
    if name.lower().endswith(ZIP_EXTENSIONS):
        raise ReadError(f"'{name}' is not an Excel workbook: it holds plain text. If it is a CSV file, "
                        "rename it to .csv.")
    return "csv"


def _open_with_calamine(path: Path, kind: str, in_pieces: bool = True) -> Workbook:
    # Sizes first: a zip bomb or a sheet reaching XFD1048576 is refused before calamine allocates it
    # (a big .xlsx sheet's pieces each go to calamine once the check has passed them).
    plan = _check_xlsx(path, in_pieces) if kind == "xlsx" else None
    ods_found = _check_ods(path) if kind == "ods" else None
    if kind == "xls":
        check_xls_extent(path)
    # An .xlsx's formats are read from its XML on a second thread while calamine parses its values:
    # calamine releases the GIL while it parses, so the two overlap on a machine with two cores.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpdesk-xlsx-extras") as pool:
        extras = pool.submit(_read_xlsx_extras, path, plan) if plan is not None else None
        workbook = _read_values(path, plan.values if plan is not None else {})
        if extras is not None:
            _add_xlsx_extras(path, workbook, extras)
    if kind == "xls":
        _add_xls_formats(path, workbook)
    elif isinstance(ods_found, Exception):
        _note_formats_unreadable(path, workbook, ods_found)
    elif ods_found is not None:
        _apply_found(workbook, ods_found)
    return workbook


def _read_values(path: Path, read: dict[str, sheet_pieces.SheetValues]) -> Workbook:
    """Every visible or hidden worksheet's values, as calamine reads them; the sheets in ``read`` were
    read in pieces already."""
    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise ReadError(f"'{path.name}' is protected with a password. Remove the password in Excel and "
                        "import it again.") from exc
    except (CalamineError, OSError, ValueError) as exc:
        logger.warning("could not open %s: %s", path.name, exc)
        raise ReadError(damaged_message(path.name)) from exc
    workbook = Workbook(str(path), [])
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            hidden = meta.visible != SheetVisibleEnum.Visible
            workbook.sheets.append(_sheet_values(book, meta.name, hidden, read.get(meta.name)))
    except (CalamineError, ValueError) as exc:
        logger.warning("could not read all of %s: %s", path.name, exc)
        raise ReadError(damaged_message(path.name)) from exc
    except BaseException as exc:
        # A date cell holding -1e308 makes calamine's Rust code panic, which pyo3 raises as its
        # PanicException: a BaseException that cannot be imported by name.
        if type(exc).__name__ != "PanicException":
            raise
        logger.warning("calamine failed on %s: %s", path.name, exc)
        raise ReadError(damaged_message(path.name)) from exc
    finally:
        book.close()
    return workbook


def _sheet_values(book: CalamineWorkbook, name: str, hidden: bool,
                  read: sheet_pieces.SheetValues | None) -> Sheet:
    if read is not None:
        return Sheet(name, read.rows, hidden=hidden, merged=read.merged)
    calamine_sheet = book.get_sheet_by_name(name)
    sheet = Sheet(name, _calamine_rows(calamine_sheet), hidden=hidden)
    _calamine_merges(calamine_sheet, sheet)
    return sheet


def _calamine_rows(sheet) -> list[list]:
    """Calamine's rows from A1 (``sheet_pieces.SheetRows``), taken one at a time. ``iter_rows`` starts
    at the first column holding anything, so the columns before it are put back."""
    start = sheet.start
    rows = sheet_pieces.SheetRows()
    rows.add(0, start[1] if start else 0, sheet.iter_rows())
    return rows.done()


def _calamine_merges(calamine_sheet, sheet: Sheet) -> None:
    try:
        ranges = calamine_sheet.merged_cell_ranges or []
    except (CalamineError, AttributeError):  # not every format carries merges
        return
    sheet.merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges]


@dataclass
class _XlsxPlan:
    """What the size check learnt of an .xlsx: its wanted formats and each worksheet's part and scan."""

    styles: dict[int, str]
    parts: dict[str, str]
    scans: dict[str, limits.SheetScan]
    values: dict[str, sheet_pieces.SheetValues]  # sheets calamine read in pieces during the check


# What checking an .xlsx's parts raises on a damaged one, besides a ReadError of its own.
_PART_DAMAGE = (KeyError, SyntaxError, ExpatError, xlsx_parts.DamagedPart, *ZIP_DAMAGE)


def _check_xlsx(path: Path, in_pieces: bool = True) -> _XlsxPlan:
    """Refuse an .xlsx past cpdesk's limits (``limits``), streaming each sheet once to find out; with
    ``in_pieces``, big sheets are read by calamine in pieces as they pass (``sheet_pieces``)."""
    try:
        with zipfile.ZipFile(path) as archive, ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="cpdesk-calamine-pieces") as parser:
            limits.check_archive(path, archive)
            styles = xlsx_parts.read_style_formats(archive)
            sheet_parts = xlsx_parts.sheet_paths(archive)
            parts = {name: part for name, part in sheet_parts.items()
                     if "/chartsheets/" not in part and part in archive.NameToInfo}
            # The shared strings are checked first, as every piece's workbook carries them; a problem
            # with them is told after the sheets', as it always was.
            strings_problem = _shared_strings_problem(path, archive)
            pieces = _Pieces(archive, list(sheet_parts.values()), parser,
                             allowed=in_pieces and strings_problem is None)
            scans, values = _scan_sheets(path, archive, parts, set(styles), pieces)
            if strings_problem is not None:
                raise strings_problem
    except _PART_DAMAGE as exc:
        logger.warning("could not check the parts of %s: %s", path.name, exc)
        raise ReadError(_damaged_at(path.name, exc)) from exc
    return _XlsxPlan(styles, parts, scans, values)


def _shared_strings_problem(path: Path, archive: zipfile.ZipFile) -> Exception | None:
    """Why the shared strings are refused (too many, or damaged), or None."""
    if "xl/sharedStrings.xml" not in archive.NameToInfo:
        return None
    try:
        limits.count_shared_strings(path, archive.getinfo("xl/sharedStrings.xml"))
    except (ReadError, *_PART_DAMAGE) as exc:
        return exc
    return None


class _Pieces:
    """Where a big sheet's pieces go (``sheet_pieces``): the workbook each is put in is made from the
    archive's other parts when the first big sheet comes."""

    def __init__(self, archive: zipfile.ZipFile, sheet_parts: list[str], parser: ThreadPoolExecutor, *,
                 allowed: bool):
        self.archive, self.sheet_parts, self.parser, self.allowed = archive, sheet_parts, parser, allowed
        self.books: sheet_pieces.PieceWorkbooks | None = None

    def of(self, name: str, part: str, info: zipfile.ZipInfo) -> sheet_pieces.SheetPieces | None:
        """The pieces of a sheet of more than ``sheet_pieces.PIECE_BYTES``; None to read it whole."""
        if not self.allowed or info.file_size <= sheet_pieces.PIECE_BYTES:
            return None
        if self.books is None:
            self.books = sheet_pieces.PieceWorkbooks.of(self.archive, self.sheet_parts)
            self.allowed = self.books is not None
        return sheet_pieces.SheetPieces(name, part, self.books, self.parser) if self.books else None


def _scan_sheets(path: Path, archive: zipfile.ZipFile, parts: dict[str, str], styles: set[int],
                 pieces: _Pieces) -> tuple[dict[str, limits.SheetScan], dict[str, sheet_pieces.SheetValues]]:
    """Each sheet's scan; a big sheet is read in pieces as it passes, and its values kept unless it
    must be read whole."""
    scans, values = {}, {}
    for name, part in parts.items():
        info = archive.getinfo(part)
        sheet = pieces.of(name, part, info)
        scans[name] = limits.scan_sheet(path, info, name, styles, sheet)
        read = sheet.finish() if sheet is not None else None
        if read is not None:
            values[name] = read
    return scans, values


def _check_ods(path: Path) -> dict[str, xlsx_parts.SheetExtras] | Exception:
    """Refuse an .ods past cpdesk's limits; else the percentages, errors, unsaved formulas, hidden rows
    and merges calamine's values do not carry (one pass finds both), or why they could not be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            limits.check_archive(path, archive)
            return _ods_extras(archive)
    except ZIP_DAMAGE as exc:
        raise ReadError(damaged_message(path.name)) from exc


def _ods_extras(archive: zipfile.ZipFile) -> dict[str, xlsx_parts.SheetExtras] | Exception:
    try:
        return ods_parts.read_ods_extras(archive)
    except (KeyError, ExpatError, *ZIP_DAMAGE) as exc:
        return exc  # the values may still read: the formats are noted as unreadable once they have


def _damaged_at(name: str, exc: Exception) -> str:
    if isinstance(exc, xlsx_parts.DamagedPart):
        return f"'{name}' is damaged and cannot be read: {exc}. Try opening it in Excel and saving it again."
    return damaged_message(name)


def _read_xlsx_extras(path: Path, plan: _XlsxPlan) -> dict[str, xlsx_parts.SheetExtras]:
    """Formats, errors, hidden rows and merges that calamine's values do not carry, by sheet name;
    only sheets the size check found holding any are parsed."""
    with zipfile.ZipFile(path) as archive:
        return {name: xlsx_parts.read_sheet_extras(archive, part, plan.styles, plan.scans[name].rows)
                for name, part in plan.parts.items() if plan.scans[name].worth_scanning}


def _add_xlsx_extras(path: Path, workbook: Workbook, extras: Future) -> None:
    try:
        found = extras.result()
    except xlsx_parts.DamagedPart as exc:
        raise ReadError(_damaged_at(path.name, exc)) from exc
    except (KeyError, SyntaxError, ExpatError, *ZIP_DAMAGE) as exc:  # ValueError too: s="x", r="A0"
        _note_formats_unreadable(path, workbook, exc)
        return
    _apply_found(workbook, found)


def _note_formats_unreadable(path: Path, workbook: Workbook, exc: Exception) -> None:
    logger.warning("could not read formats of %s: %s", path.name, exc)
    workbook.notes.append(f"Number formats in '{path.name}' could not be read; percentages stored as "
                          "fractions (0.049 for 4.9%) will be reported rather than converted.")


def _apply_found(workbook: Workbook, found: dict[str, xlsx_parts.SheetExtras]) -> None:
    """Each sheet's extras (formats, errors, hidden rows and columns, merges), found by its name."""
    for sheet in workbook.sheets:
        if sheet.name in found:
            _apply_extras(sheet, found[sheet.name], workbook)


def _apply_extras(sheet: Sheet, extras: xlsx_parts.SheetExtras, workbook: Workbook) -> None:
    sheet.formats = extras.formats
    sheet.hidden_rows = extras.hidden_rows
    sheet.hidden_cols = extras.hidden_cols
    if extras.merged:
        sheet.merged = extras.merged
    for (r, c), text in extras.errors.items():
        _put(sheet, r, c, text)
    if extras.uncached_formulas:
        cells = [cell_name(r, c) for r, c in sorted(extras.uncached_formulas)]
        listed = list_cells(cells)
        workbook.notes.append(
            f"Sheet '{sheet.name}': {counted(len(cells), 'formula cell')} with no saved result ({listed}), "
            "read as blank. If they should hold figures, open the file in Excel, let it calculate, save it "
            "and import it again.")


def _put(sheet: Sheet, r: int, c: int, value) -> None:
    while len(sheet.rows) <= r:
        sheet.rows.append([])
    row = sheet.rows[r]
    while len(row) <= c:
        row.append(None)
    row[c] = value


def _add_xls_formats(path: Path, workbook: Workbook) -> None:
    found = read_xls_extras(path)
    _apply_found(workbook, found)
