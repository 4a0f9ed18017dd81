"""CSV files as a one-sheet grid of strings.

Councils' CSVs come from many tools: Excel on Windows writes Windows-1252 ("£", "–") or UTF-8 with
a byte-order mark, European-locale Excel uses semicolons, some systems export tab-separated text.
Cells stay strings: ``parse_cell`` reads "23.8%" and "1,084" the same way as in a workbook, and the
raw text an officer typed is kept exactly.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from cpdesk.read.grid import ReadError, Sheet

logger = logging.getLogger(__name__)

DELIMITERS = (",", ";", "\t")


def decode_text(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding of Excel's "CSV" on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        message = f"'{file_name}' is not a text file cpdesk can read (unknown character encoding)."
        raise ReadError(message) from exc


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
    data = path.read_bytes()
    text = decode_text(data, path.name)
    delimiter = sniff_delimiter(text)
    rows: list[list[str | None]] = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([cell if cell.strip() else None for cell in record])
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    logger.debug("read %s: %d rows, delimiter %r", path.name, len(rows), delimiter)
    return Sheet(name=path.stem, rows=rows)
