"""Where a table's figures go as they are read: whole Observations, or straight into Figures columns.

The table reader works out what each cell's figure is (indicator, area, period, category) from its row
label and column heading (``layouts``). Figure by figure (:class:`ObservationCells`, the reference) it
builds an ``Observation`` and a ``CellRef`` for every cell. Column-wise (:class:`FigureCells`) it
writes each figure's fields straight into :class:`Figures` columns, and a cell that holds a plain number
(:func:`plain_figure`) under a row and heading already worked out (:class:`CellPlans`) is written with
no look-up, parse or object of its own. Either way the figures keep the order they were read in and a
percentage written as a fraction is reported, not read (``fractions``), the same for both.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from cpdesk.figures import Figures
from cpdesk.indicators.model import Indicator, Period, Unit
from cpdesk.observation import CellRef, Observation
from cpdesk.read.dfe_plain import PLAIN_NUMBER
from cpdesk.read.fractions import SuspectedFraction, split_fractions
from cpdesk.read.values import is_percent_format, raw_text

__all__ = ["SLOW", "CellPlans", "FigureCells", "ObservationCells", "Resolved", "plain_figure"]

logger = logging.getLogger(__name__)

# A cell's figure worked out from its labels: (indicator, area, period fitted to the indicator, category).
Resolved = tuple[Indicator, str, Period, str]
# A row label and heading whose cells must each be worked out on their own (their figure may depend on
# the cell's value, or each cell is reported): never taken from a plan.
SLOW = "slow"


class IndicatorOf(Protocol):
    def __call__(self, indicator_id: str) -> Indicator | None: ...


def plain_figure(value: object, number_format: str | None) -> tuple[float, str] | None:
    """(figure, raw text) of a cell that ``parse_cell`` reads as exactly that number, with no status,
    problem or percentage: a number (not a bool or NaN) not formatted as a percentage, or text of
    plain digits. None for anything else, which is read on its own."""
    if isinstance(value, str):
        return (float(value), str(value)) if PLAIN_NUMBER.fullmatch(value) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if value != value or is_percent_format(number_format):  # NaN reads as a blank
        return None
    return float(value), raw_text(value)


class CellPlans:
    """What each readable heading's cells are under rows whose labels say the same (all but the area):
    worked out at the first cell, then taken for the rest. Keyed by the row's signature, then column."""

    def __init__(self) -> None:
        self._plans: dict[tuple, dict[int, Resolved | str]] = {}

    def for_row(self, row_key: dict, row_indicator, row_period,
                row_has_area: bool) -> dict[int, Resolved | str]:
        """The plan of rows like this one: ``row_key`` is the key its table context, section and label
        give (``layouts._key`` without a heading); the row label's own indicator, period and area count
        too, as a heading that names another is a conflict."""
        signature = (tuple((name, id(value)) for name, value in row_key.items() if name != "area"),
                     "area" in row_key, id(row_indicator), id(row_period), row_has_area)
        return self._plans.setdefault(signature, {})


Kept = tuple[Sequence[Observation], list[SuspectedFraction]]  # (figures kept, in order; fractions in doubt)


class ObservationCells:
    """The reference: an ``Observation`` (with its ``CellRef``) for each figure, as it is read."""

    def __init__(self, file_name: str, sheet_name: str) -> None:
        self.file_name = file_name
        self.sheet_name = sheet_name
        self.cells: list[tuple[Observation, bool]] = []  # with "was written as a percent"

    def add(self, area: str, indicator_id: str, period: Period, value: float | None, status: str | None,
            raw: str, category: str, cell: str, was_percent: bool) -> None:
        where = CellRef(self.file_name, self.sheet_name, cell)
        self.cells.append((Observation(area, indicator_id, period, value, status, raw, category, where),
                           was_percent))

    def add_plain(self, area: str, resolved: Resolved, value: float, raw: str, cell: str) -> None:
        """A plain number under labels already worked out."""
        indicator, _, period, category = resolved
        self.add(area, indicator.id, period, value, None, raw, category, cell, False)

    def without_fractions(self, indicator_of: IndicatorOf) -> Kept:
        """(the figures kept, in order; the percentages that may be fractions, not read)."""
        return split_fractions(self.cells, indicator_of)


class FigureCells(ObservationCells):
    """Each figure's fields written straight into :class:`Figures` columns."""

    def __init__(self, file_name: str, sheet_name: str) -> None:
        super().__init__(file_name, sheet_name)
        self.figures = Figures()
        self.was_percent: list[bool] = []

    def add(self, area: str, indicator_id: str, period: Period, value: float | None, status: str | None,
            raw: str, category: str, cell: str, was_percent: bool) -> None:
        self.figures.add_fields(area, indicator_id, category, period, "local", value, status, raw,
                                self.file_name, self.sheet_name, cell)
        self.was_percent.append(was_percent)

    def without_fractions(self, indicator_of: IndicatorOf) -> Kept:
        """As ``ObservationCells.without_fractions``: only percentage indicators' figures can be in
        doubt, so only they are looked at (as Observations); the rest are kept as they are."""
        f = self.figures
        units = {indicator_id: _unit(indicator_of, indicator_id) for indicator_id in set(f.indicator_id)}
        percents = [n for n, indicator_id in enumerate(f.indicator_id) if units[indicator_id] == Unit.PERCENT]
        if not percents:
            return f, []
        cells = [(f.observation(n), self.was_percent[n]) for n in percents]
        kept, suspected = split_fractions(cells, indicator_of)
        doubted = {id(doubt.observation) for doubt in suspected}
        left_out = {n for n, (obs, _) in zip(percents, cells, strict=True) if id(obs) in doubted}
        if not left_out:
            return f, suspected
        return f.take(n for n in range(len(f)) if n not in left_out), suspected


def _unit(indicator_of: IndicatorOf, indicator_id: str) -> str | None:
    indicator = indicator_of(indicator_id)
    return indicator.unit if indicator is not None else None
