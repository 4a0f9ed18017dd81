"""Where and when each row of a DfE file belongs: its area (by level and codes) and reporting year.

LA figures are filed under the LA that the DfE's old 3-digit code finds today: the DfE re-codes LAs
after a reorganisation (Buckinghamshire E10000002 became E06000060) but keeps the old code, so
keying by it gives one unbroken series, the one statistical-neighbour look-ups use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import CellRef
from cpdesk.read.dfe_rows import RowTally, Skip

__all__ = ["ENGLAND", "Place", "PlaceFinder"]

logger = logging.getLogger(__name__)

ENGLAND = "E92000001"
LEVELS = {"national": "national", "country": "national", "regional": "regional", "region": "regional",
          "local authority": "la", "local_authority": "la", "la": "la"}


@dataclass(frozen=True, slots=True)
class Place:
    """Where and when a row's figures belong."""

    area_code: str
    year: Period  # the reporting year (the year to 31 March)
    rounded: bool  # England and regional counts are given to the nearest 10


class PlaceFinder:
    """Finds each row's place, counting rows it cannot place and saying once why."""

    def __init__(self, geography: dict[str, int], areas, tally: RowTally,
                 cell: Callable[[int, int], CellRef]) -> None:
        self.geography = geography
        self.areas = areas
        self.tally = tally
        self.cell = cell
        self.issues: list[Issue] = []
        self._reported: set[str] = set()
        self._periods: dict[str, Period | None] = {}

    def place(self, row: list[str], row_number: int) -> Place | None:
        level_text = self.get(row, "geographic_level")
        level = LEVELS.get(level_text.casefold())
        if level is None:
            self.tally.skip(Skip.LEVEL, level_text or "(blank)")
            return None
        area_code = self._area(level, row, row_number)
        year = self._reporting_year(self.get(row, "time_period"), row_number)
        if area_code is None or year is None:
            self.tally.skip(Skip.AREA if area_code is None else Skip.PERIOD)
            return None
        return Place(area_code, year, level != "la")

    def get(self, row: list[str], name: str) -> str:
        column = self.geography.get(name)
        return row[column].strip() if column is not None and column < len(row) else ""

    def _area(self, level: str, row: list[str], row_number: int) -> str | None:
        if level == "la":
            area = self._la(row)
            codes = (self.get(row, name) for name in ("new_la_code", "old_la_code", "la_code"))
            label = next((code for code in codes if code), "")
        else:
            national = level == "national"
            label = (self.get(row, "country_code") or ENGLAND) if national else self.get(row, "region_code")
            area = self.areas.find(label) if label else None
        if area is None:
            self._unknown_area(label, row, row_number)
            return None
        return area.code

    def _unknown_area(self, label: str, row: list[str], row_number: int) -> None:
        if label in self._reported:
            return
        self._reported.add(label)
        self.issues.append(Issue.at(
            "dfe-unknown-area", WARNING, f"Area code '{label or '(blank)'}' ({self.get(row, 'la_name')}"
            f"{self.get(row, 'region_name')}) is not a known area; its rows were not imported.",
            self.cell(row_number, 0)))

    def _la(self, row: list[str]):
        either = self.get(row, "la_code")
        new_code = self.get(row, "new_la_code") or ("" if either.isdigit() else either)
        old_code = self.get(row, "old_la_code") or (either if either.isdigit() else "")
        by_new = self.areas.find(new_code) if new_code else None
        by_old = self.areas.find(old_code) if old_code.isdigit() else None
        if by_old is not None and (by_new is None or by_new.old_code in (None, by_old.old_code)):
            return by_old
        return by_new

    def _reporting_year(self, text: str, row_number: int) -> Period | None:
        if text not in self._periods:
            try:
                self._periods[text] = dfe_reporting_year(text)
            except ValueError:
                self._periods[text] = None
                self.issues.append(Issue.at(
                    "dfe-bad-period", ERROR, f"time_period '{text}' is not a DfE reporting year (such as "
                    "2020 or 201920); rows with it were not imported.", self.cell(row_number, 0)))
        return self._periods[text]
