"""The record types of the seed figures: one table of a council report, and what each of its cells means.

A table is typed as printed (row labels, column labels, cells as raw text). What a cell means is
composed from its row's, its column's and the table's ``base`` meaning, the first that says something
winning: a row of Table 6 names the indicator, a column names the period, the table names the area.
A row or column marked ``skip`` (a "% change" column, a ranking) holds figures that are not
observations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Indicators measured at a date: a "2018/19" column means the snapshot at 31 March 2019 for these.
SNAPSHOT_INDICATORS = frozenset({
    "open_cases", "cin_plans_count", "cpp_count", "cpp_rate", "cpp_current_2y_pct", "cla_count",
    "cla_rate", "cla_uasc_count", "cla_by_legal_status_count", "caseload_avg", "unallocated_cases",
    "unallocated_cp_cases", "unallocated_cin_cases",
})
MID_YEAR_INDICATORS = frozenset({"child_population"})

# Printed status symbols -> cpdesk status codes (cpdesk.observation.STATUSES).
STATUS_OF_RAW = {"TBC": "tbc", "N/A": "na"}

_FOOTNOTE = re.compile(r"\s*[¹²³⁴⁵⁶⁷⁸⁹⁰*]+$")


def expected_value(raw: str) -> tuple[float | None, str | None]:
    """(value, status) of a printed cell: "23.8%" -> 23.8, "1,084" -> 1084, "TBC" -> status "tbc"."""
    if raw in STATUS_OF_RAW:
        return None, STATUS_OF_RAW[raw]
    text = _FOOTNOTE.sub("", raw).replace(",", "")
    text = text[:-1] if text.endswith("%") else text
    return float(text), None


@dataclass(frozen=True, slots=True)
class Periods:
    """A column's period, read two ways: for flow indicators and for snapshot ("at 31 March") ones."""

    flow: str | None  # None: a count over time here is not the period's own figure, so not read
    snapshot: str


@dataclass(frozen=True, slots=True)
class Part:
    """Part of a cell's meaning, given by a table, a row or a column; ``None`` fields say nothing."""

    indicator: str | None = None
    area: str | None = None
    breakdown: str | None = None
    period: str | Periods | None = None
    skip: bool = False


@dataclass(frozen=True, slots=True)
class CellMeaning:
    """What one printed cell is: an observation of ``indicator`` for ``area_code`` in ``period_label``."""

    indicator: str
    area_code: str
    breakdown: str
    period_label: str
    value: float | None
    status: str | None
    raw: str


@dataclass(frozen=True)
class SeedTable:
    """One table of a seed report, typed exactly as printed."""

    id: str
    seed_file: str
    council: str  # ONS code of the council whose report it is
    title: str
    layout: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    base: Part = field(default_factory=Part)
    row_parts: tuple[Part, ...] = ()
    column_parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.row_labels) or len(self.row_parts) != len(self.row_labels):
            raise ValueError(f"{self.id}: rows, row parts and cells differ in number")
        if len(self.column_parts) != len(self.column_labels):
            raise ValueError(f"{self.id}: columns and column parts differ in number")
        for row in self.cells:
            if len(row) != len(self.column_labels):
                raise ValueError(f"{self.id}: a row has {len(row)} cells, not {len(self.column_labels)}")

    def meaning(self, row: int, col: int) -> CellMeaning | None:
        """The observation the cell at (row, col) holds, or None for a blank or skipped cell."""
        raw = self.cells[row][col]
        parts = (self.row_parts[row], self.column_parts[col], self.base)  # the most specific first
        if raw == "" or any(p.skip for p in parts):
            return None
        indicator = _first(p.indicator for p in parts)
        area = _first(p.area for p in parts) or self.council
        period = _first(p.period for p in parts)
        if indicator is None or period is None:
            raise ValueError(f"{self.id}: cell ({row}, {col}) has no indicator or period")
        label = _period_label(period, indicator)
        if label is None:
            return None
        value, status = expected_value(raw)
        breakdown = _first(p.breakdown for p in parts) or ""
        return CellMeaning(indicator, area, breakdown, label, value, status, raw)

    @property
    def meanings(self) -> tuple[tuple[CellMeaning | None, ...], ...]:
        return tuple(tuple(self.meaning(r, c) for c in range(len(self.column_labels)))
                     for r in range(len(self.row_labels)))


def _first(values):
    return next((v for v in values if v is not None), None)


def _period_label(period: str | Periods, indicator: str) -> str | None:
    if isinstance(period, str):
        return period
    return period.snapshot if indicator in SNAPSHOT_INDICATORS else period.flow


def years(*labels: str) -> tuple[Part, ...]:
    """Column parts for financial years: "2018/19" is the year, or the snapshot at 31 March 2019."""
    return tuple(Part(period=Periods(label, f"31 Mar {int(label[:4]) + 1}")) for label in labels)


def same(part: Part, n: int) -> tuple[Part, ...]:
    return (part,) * n
