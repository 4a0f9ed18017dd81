"""CSV cells a spreadsheet will not run as formulas, and back.

A spreadsheet opening a CSV file treats a cell beginning ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula: a file name, a provenance or a raw text such as
``=HYPERLINK(...)`` or ``-2+3`` would run on the officer's machine. As OWASP advises, every such text
cell is written with a single quote before it, which spreadsheets show as text. Plain numbers stay
numbers: ``-3.5`` and ``-1e-07`` are figures, not formulas, and are written as they are.

``restored`` undoes it exactly, so cpdesk's own CSV reads back unchanged: a text that already begins
with a quote before one of those characters (or before another quote) is given one more quote on the
way out, and loses exactly one on the way in.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def neutralised(cell: Any) -> Any:
    """``cell`` as a CSV cell no spreadsheet reads as a formula; anything but text is left alone."""
    if not isinstance(cell, str) or not cell:
        return cell
    if _quoted(cell) or (cell[0] in FORMULA_STARTS and not _PLAIN_NUMBER.match(cell)):
        return QUOTE + cell
    return cell


def restored(cell: Any) -> Any:
    """The text ``neutralised`` was given: one leading quote fewer where it added one."""
    return cell[1:] if isinstance(cell, str) and _quoted(cell) else cell


def kept_exact(cell: Any) -> Any:
    """For a container that never runs a text as a formula (a workbook's string cells): only the extra
    quote before a text ``restored`` would otherwise shorten, so the round trip stays exact."""
    return QUOTE + cell if isinstance(cell, str) and _quoted(cell) else cell


def safe_row(cells: Iterable[Any]) -> list[Any]:
    """A row of cells, each ``neutralised``."""
    return [neutralised(cell) for cell in cells]


class SafeWriter:
    """A ``csv.writer`` whose rows are ``neutralised``, and which quotes every field holding a line
    break: Python's writer leaves a bare CR unquoted when lines end in LF alone, and a spreadsheet then
    starts a new row there, with whatever follows the CR at the start of a cell."""

    def __init__(self, stream: IO[str], lineterminator: str = "\r\n"):
        self._plain = csv.writer(stream, lineterminator=lineterminator)
        self._quoted = csv.writer(stream, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Iterable[Any]) -> None:
        row = safe_row(cells)
        breaks = any(isinstance(cell, str) and ("\r" in cell or "\n" in cell) for cell in row)
        (self._quoted if breaks else self._plain).writerow(row)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def _quoted(cell: str) -> bool:
    return len(cell) > 1 and cell[0] == QUOTE and (cell[1] in FORMULA_STARTS or cell[1] == QUOTE)
