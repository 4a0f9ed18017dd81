"""CSV files as a one-sheet grid of strings.

Councils' CSVs come from many tools: Excel on Windows writes Windows-1252 ("£", "–") or UTF-8 with
a byte-order mark, European-locale Excel uses semicolons, some systems export tab-separated text.
Cells stay strings: ``parse_cell`` reads "23.8%" and "1,084" the same way as in a workbook, and the
raw text an officer typed is kept exactly.

The file is streamed, never held whole: one pass checks its encoding, a second reads its rows. A
tidy return repeats the same few texts (area codes, indicator names, periods) on every row, so each
distinct text is kept once and shared by every cell that holds it: a row's cells are looked up in a
dict of the texts seen (``_Texts``), one C-level look-up a cell, and only a text not seen before is
looked at in Python.
"""

from __future__ import annotations

import codecs
import csv
import logging
from pathlib import Path

from cpdesk.read.grid import ReadError, Sheet
from cpdesk.read.limits import MAX_INFLATED_BYTES, MAX_SHEET_CELLS, too_big

logger = logging.getLogger(__name__)

DELIMITERS = (",", ";", "\t")
SNIFF_CHARS = 65_536
_BLOCK = 1 << 20


def decode_text(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding of Excel's "CSV" on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(_unknown_encoding(file_name)) from exc


def _unknown_encoding(file_name: str) -> str:
    return f"'{file_name}' is not a text file cpdesk can read (unknown character encoding)."


def file_encoding(path: Path) -> str:
    """"utf-8-sig" or "cp1252", whichever decodes the whole file, found without holding it whole."""
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding):
            return encoding
    raise ReadError(_unknown_encoding(path.name))


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv_sheet(path: Path) -> Sheet:
    """The whole file as one sheet named after the file; empty cells become None."""
    if path.stat().st_size > MAX_INFLATED_BYTES:
        raise too_big(path.name, f"it is {path.stat().st_size / 1e6:,.0f} MB (cpdesk reads text files of up "
                      f"to {MAX_INFLATED_BYTES / 1e6:,.0f} MB)", "Split it into smaller files.")
    encoding = file_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        delimiter = sniff_delimiter(handle.read(SNIFF_CHARS))
        handle.seek(0)
        rows = _read_rows(csv.reader(handle, delimiter=delimiter), path.name)
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    logger.debug("read %s: %d rows, delimiter %r", path.name, len(rows), delimiter)
    return Sheet(name=path.stem, rows=rows)


class _Texts(dict[str, str | None]):
    """Each distinct text of the file, kept as first read; a blank one (spaces only) as None."""

    def __missing__(self, text: str) -> str | None:
        kept = text if text.strip() else None
        self[text] = kept
        return kept


def _read_rows(reader, file_name: str) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    cell_of = _Texts().__getitem__
    cells = 0
    try:
        for record in reader:
            rows.append(list(map(cell_of, record)))
            cells += len(record)
            if cells > MAX_SHEET_CELLS:
                raise too_big(file_name, f"it holds more than {MAX_SHEET_CELLS:,} cells (cpdesk reads files "
                              f"of up to {MAX_SHEET_CELLS:,} cells)", "Split it into smaller files.")
    except csv.Error as exc:
        raise ReadError(_csv_problem(file_name, reader.line_num, exc)) from exc
    return rows


def _csv_problem(file_name: str, line: int, exc: csv.Error) -> str:
    limit = csv.field_size_limit()
    if "field larger than field limit" in str(exc):
        return (f"'{file_name}' has a cell of more than {limit:,} characters (line {line:,}), far longer "
                "than any figure or label: it is not a table cpdesk can read.")
    return f"'{file_name}' could not be read as CSV at line {line:,} ({exc})."
