"""A sheet read as a long list by what its columns hold (``long_roles``), and what is said about it.

The officer is told how the sheet was read (which column gave the indicators, areas, periods, figures
and targets), which columns were not read and why, whose figures they are when no column names an
area, and, in one warning each, the rows passed over because their measure or area is not one cpdesk
knows. Whose figures: an area column's if the sheet has one; else the council given (``--council``);
else the officer's home council (the wizard's first page), said in a note; else nothing is read and
the error says how to give the council. "Statistical Neighbours" in an area column are the council
given's, else those of the one council the column names, else the home council's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cpdesk.issues import ERROR, INFO, Issue, Severity
from cpdesk.observation import CellRef
from cpdesk.read.grid import Sheet, column_letter
from cpdesk.read.long import LongHeader, LongReader
from cpdesk.read.long_not_read import NotReadBecause, RowsNotRead
from cpdesk.read.long_roles import CellJudge, ColumnRole, LongLayout, find_long_layout
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.headers import LabelContext
from cpdesk.read.tables.reader import how_to_give_the_council
from cpdesk.read.values import raw_text

logger = logging.getLogger(__name__)

_READ_AS = {ColumnRole.INDICATOR: "indicators", ColumnRole.AREA: "areas", ColumnRole.PERIOD: "periods",
            ColumnRole.VALUE: "figures", ColumnRole.TARGET: "targets", ColumnRole.UNIT: "units (checked)"}
_COUNCIL_ADVICE = ("If they are a council's statistical neighbours or areas inside a council, give the "
                   "council: choose it on the first page of the import wizard, or give its code with "
                   "--council on the command line (such as --council 937 or E10000031).")


@dataclass(frozen=True)
class Councils:
    """The councils an import names: given outright, and the officer's home council (codes or None)."""

    given: str | None = None
    home: str | None = None


def read_by_content(sheet: Sheet, reference, file_name: str, councils: Councils, result: ReadResult) -> bool:
    """Read ``sheet`` if it is a long list by content; False (nothing done) if it is not one."""
    areas = reference.areas
    given = _la_code(councils.given, areas)
    reader = LongReader(reference.schema, areas, file_name=file_name, council=given)
    judge = CellJudge(indicator_of=lambda text: _indicator_id(reader, text),
                      area_of=lambda text: reader.resolve_area(text).code)
    layout = find_long_layout(sheet, judge, LabelContext(reference.schema, areas, council=given))
    if layout is None:
        return False
    _Sheet(sheet, layout, reader, result).read(given, _la_code(councils.home, areas))
    return True


def _la_code(code: str | None, areas) -> str | None:
    area = areas.find(code) if code else None
    return area.code if area is not None and area.kind == "la" else None


def _indicator_id(reader: LongReader, text: str) -> str | None:
    found = reader.resolve_indicator(text)
    return getattr(found, "id", None)


class _Sheet:
    """One sheet found to be a long list: works out whose figures they are, reads them, says how."""

    def __init__(self, sheet: Sheet, layout: LongLayout, reader: LongReader, result: ReadResult):
        self.sheet, self.layout, self.reader, self.result = sheet, layout, reader, result
        self.file_name = reader.file_name

    def read(self, given: str | None, home: str | None) -> None:
        has_areas = self.layout.column(ColumnRole.AREA) is not None
        fixed = None if has_areas else (given or home)
        if not has_areas and fixed is None:
            self._issue("no-area", ERROR, f"Sheet '{self.sheet.name}' lists figures one a row "
                        f"({self._columns_read()}) but names no area, so cpdesk cannot tell whose they are. "
                        + how_to_give_the_council({}))
            return
        if has_areas and given is None:
            self._context_from_the_sheet(home)
        self._issue("read-by-content", INFO, f"Sheet '{self.sheet.name}' was read as a list of figures, one "
                    f"a row, by what its columns hold: {self._columns_read()}.{self._whose(fixed, given)}")
        self._note_columns_not_read()
        self._note_bare_years()
        not_read = RowsNotRead(self.file_name, self.sheet.name)
        if self.reader.council is None:
            not_read.advice[NotReadBecause.AREA] = _COUNCIL_ADVICE
        header = LongHeader(self.layout.header_row, self.layout.tidy_columns(), by_content=True,
                            fixed_area=fixed)
        self.reader.read(self.sheet, header, self.result, not_read)
        self.result.issues.extend(not_read.issues())
        self.result.not_read += not_read.rows
        self.result.layout = self.result.layout or "long"

    def _context_from_the_sheet(self, home: str | None) -> None:
        """With no council given, the council whose "Statistical Neighbours" rows these are: the one LA
        the area column names (a LAIT download for one council), else the officer's home council."""
        las = [code for code in self.layout.areas_named if self.reader.areas.get(code).kind == "la"]
        council = las[0] if len(las) == 1 else home
        if council is None:
            return
        unplaced = [text for text in self._area_texts() if self.reader.resolve_area(text).code is None]
        within = LongReader(self.reader.schema, self.reader.areas, file_name=self.file_name, council=council)
        placed = [text for text in unplaced if within.resolve_area(text).code is not None]
        if not placed:
            return
        self.reader.council = council
        named = ", ".join(f"'{text}'" for text in placed)
        why = (f"the only council sheet '{self.sheet.name}' names" if len(las) == 1
               else "your home council, as the sheet names several")
        self._issue("council-assumed", INFO, f"{named} in {self._named(ColumnRole.AREA)} were read as "
                    f"{self.reader.areas.get(council).name}'s, {why}.", self.layout.column(ColumnRole.AREA))

    def _area_texts(self) -> set[str]:
        c = self.layout.column(ColumnRole.AREA)
        if c is None:
            return set()
        return {raw_text(row[c]) for row in self.sheet.rows[self.layout.header_row + 1:]
                if c < len(row) and raw_text(row[c])}

    def _columns_read(self) -> str:
        """"indicators from B 'MeasureName', periods from C 'ReportingMonth', figures from D 'Actual'"."""
        read = [(c, role) for c, role in self.layout.roles.items() if role in _READ_AS]
        return ", ".join(f"{_READ_AS[role]} from {self.layout.named(c)}" for c, role in read)

    def _whose(self, fixed: str | None, given: str | None) -> str:
        if fixed is None:
            return ""
        name = self.reader.areas.get(fixed).name
        if fixed == given:
            return f" Every figure is {name}'s, the council given: the sheet names no area."
        return (f" The sheet names no area, so every figure was taken to be {name}'s, your home council. "
                "If they are another council's, choose it on the first page of the import wizard.")

    def _note_columns_not_read(self) -> None:
        reasons = {
            ColumnRole.MORE_INDICATORS: f"name measures, as {self._named(ColumnRole.INDICATOR)} does "
                                        "for more rows",
            ColumnRole.MORE_AREAS: f"name areas, as {self._named(ColumnRole.AREA)} does for more of them",
            ColumnRole.SIDE: "ratings, polarity or comments beside the figures: cpdesk works out RAG itself",
            ColumnRole.CONTEXT: "codes or text naming no indicator, area or period, kept only as context",
        }
        groups = {role: [c for c, r in self.layout.roles.items() if r is role] for role in reasons}
        parts = [f"{', '.join(self.layout.named(c) for c in columns)} ({reasons[role]})"
                 for role, columns in groups.items() if columns]
        if parts:
            first = min(c for columns in groups.values() for c in columns)
            self._issue("ignored-columns", INFO, f"Sheet '{self.sheet.name}': columns not read: "
                        f"{'; '.join(parts)}. What they hold was not imported.", first)

    def _note_bare_years(self) -> None:
        if self.layout.bare_years:
            self._issue("bare-year", INFO, f"Years alone in {self._named(ColumnRole.PERIOD)} (such as 2019) "
                        "were read as years to 31 March, as LAIT and the DfE use them: 2019 is 2018/19 for a "
                        "count over a year and 31 Mar 2019 for children on plans.",
                        self.layout.column(ColumnRole.PERIOD))

    def _named(self, role: ColumnRole) -> str:
        c = self.layout.column(role)
        return self.layout.named(c) if c is not None else "another column"

    def _issue(self, code: str, severity: Severity, message: str, column: int | None = 0) -> None:
        """An issue about the sheet, at the heading of ``column`` (of the sheet as a whole if None)."""
        cell = f"{column_letter(column)}{self.layout.header_row + 1}" if column is not None else ""
        where = CellRef(self.file_name, self.sheet.name, cell)
        self.result.issues.append(Issue.at(code, severity, message, where))
