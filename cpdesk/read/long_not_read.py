"""Rows of a long list that were not read because their measure or area is not one cpdesk knows.

A data warehouse export mixes the indicators cpdesk keeps with dozens it does not ("Adoptions within
12 months"), and LAIT lists comparators cpdesk may not place. Such rows are passed over with one
warning a sheet, grouped by the text that was not recognised, never an error that stops the rest of
the file: "'Adoptions within 12 months' (24 rows, B14:B37) is not an indicator cpdesk knows". The
long reader's answers for labels that name nothing (``UnknownIndicator``, ``AreaFound``) live here too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from cpdesk.issues import WARNING, Issue, agreeing, counted
from cpdesk.read.grid import column_letter

logger = logging.getLogger(__name__)

MAX_GROUPS = 12  # texts named in one warning; the rest are counted
MAX_RANGES = 4  # cell ranges named for one text


class NotAnIndicator(StrEnum):
    UNKNOWN = "is not an indicator cpdesk knows"


@dataclass(frozen=True)
class UnknownIndicator:
    """A measure's text that names no one indicator, and why."""

    text: str
    verdict: str  # why: a NotAnIndicator, or the resolver's reason ("no indicator counts X and Y together")

    @property
    def message(self) -> str:
        return f"indicator '{self.text}' {self.verdict}."


class AreaFound(NamedTuple):
    """An area label's code, or None with the reason for the officer and, shorter, why it fits none."""

    code: str | None
    reason: str = ""
    why: str = ""


class NotReadBecause(StrEnum):
    INDICATOR = "indicators-not-read"
    AREA = "areas-not-read"


_LEAD = {  # what follows "1 row" and "2 rows"
    NotReadBecause.INDICATOR: ("was not read because cpdesk does not know its measure",
                               "were not read because cpdesk does not know their measure"),
    NotReadBecause.AREA: ("was not read because cpdesk cannot tell which area it is for",
                          "were not read because cpdesk cannot tell which area they are for"),
}


@dataclass
class RowsNotRead:
    """The rows passed over in one sheet, by why and by the text that was not recognised."""

    file_name: str
    sheet: str
    advice: dict[NotReadBecause, str] = field(default_factory=dict)  # said after the list
    _groups: dict[tuple[NotReadBecause, str, str], list[int]] = field(default_factory=dict)
    _columns: dict[NotReadBecause, int] = field(default_factory=dict)

    def add(self, because: NotReadBecause, text: str, why: str, row: int, column: int) -> None:
        """Row ``row`` (0-based) was not read: its ``text`` in ``column`` ``why`` ("is ambiguous")."""
        self._groups.setdefault((because, text, why), []).append(row)
        self._columns.setdefault(because, column)

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self._groups.values())

    def issues(self) -> list[Issue]:
        """One warning for each reason rows were passed over, naming every text and its cells."""
        return [self._warning(because) for because in NotReadBecause if because in self._columns]

    def _warning(self, because: NotReadBecause) -> Issue:
        letter = column_letter(self._columns[because])
        groups = sorted(((text, why, rows) for (b, text, why), rows in self._groups.items() if b is because),
                        key=lambda group: group[2][0])
        total = sum(len(rows) for _, _, rows in groups)
        named = [f"'{text}' ({counted(len(rows), 'row')}, {cell_ranges(letter, rows)}) {why}"
                 for text, why, rows in groups[:MAX_GROUPS]]
        more = len(groups) - MAX_GROUPS
        listed = "; ".join(named) + (f"; and {counted(more, 'other')}" if more > 0 else "")
        advice = self.advice.get(because, "")
        lead = f"{counted(total, 'row')} {agreeing(total, *_LEAD[because])}"
        message = f"Sheet '{self.sheet}': {lead}: {listed}." + (f" {advice}" if advice else "")
        first = groups[0][2][0]
        logger.info("%s, sheet %r: %d rows not read (%s)", self.file_name, self.sheet, total, because)
        return Issue(str(because), WARNING, message, self.file_name, self.sheet, f"{letter}{first + 1}")


def cell_ranges(letter: str, rows: list[int]) -> str:
    """"B14:B37, B40": the rows (0-based, ascending) of one column as ranges of consecutive cells."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    named = [f"{letter}{a + 1}" + ("" if a == b else f":{letter}{b + 1}") for a, b in spans[:MAX_RANGES]]
    return ", ".join(named) + (" ..." if len(spans) > MAX_RANGES else "")
