"""A workbook as plain grids of cells: what every table finder works on, whatever the file type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpdesk.errors import CpdeskError


class ReadError(CpdeskError):
    """A file that cannot be read at all; the message is for the officer."""


def column_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based row and column -> A1 notation."""
    return f"{column_letter(col)}{row + 1}"


@dataclass
class Sheet:
    """One sheet. ``rows[r][c]`` holds the cell's value (a formula's cached value), 0-based.

    ``formats`` maps (row, col) to the Excel number format of numeric cells whose format matters
    (percentages, dates); readers that cannot see formats leave it empty.
    """

    name: str
    rows: list[list[Any]]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 inclusive

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def number_format(self, row: int, col: int) -> str | None:
        return self.formats.get((row, col))

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    path: str
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)  # e.g. "formula in B4 has no cached value"

    @property
    def file_name(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).name
