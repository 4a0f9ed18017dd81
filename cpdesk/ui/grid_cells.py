"""The data grid's cells: which stored figure each shows, and its strings, worked out once per load.

No Qt here: the model (``grid_model``) turns these into answers for the view.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from cpdesk.indicators.model import Indicator, Period, PeriodKind
from cpdesk.indicators.periods import period_sort_key
from cpdesk.query.cycle import own_class, period_class
from cpdesk.store.reads import GridFigure

STATUS_SHOWN = {"tbc": "TBC", "na": "N/A", "blank": "(blank)", "low": "low"}
PUBLISHER_PREFERENCE = {"local": 0, "dfe": 1}  # which figure a cell shows when both are stored


# The classes of figures published once a year: the financial year, 31 March, the mid-year population.
YEARLY_CLASSES = frozenset({PeriodKind.YEAR, PeriodKind.MID_YEAR, "snapshot 31 Mar"})


def is_in_year(period: Period, indicator: Indicator | None = None) -> bool:
    """True for an in-year figure (a quarter, a month, a 31 July snapshot): outside the yearly cycle
    and outside the one indicator's own cycle, when the grid shows one."""
    cls = period_class(period)
    return cls not in YEARLY_CLASSES and (indicator is None or cls != own_class(indicator))


def grouped_periods(periods: Iterable[Period], indicator: Indicator | None = None) -> list[Period]:
    """The yearly columns in time order, then the in-year ones in time order: never interleaved."""
    return sorted(periods, key=lambda period: (is_in_year(period, indicator), period_sort_key(period)))


class GridCell(NamedTuple):
    """A cell's strings; the tooltip is made from ``figure`` only when asked (few cells ever are)."""

    display: str
    edit_text: str
    is_status: bool
    figure: object = None


EMPTY = GridCell("", "", False)


def format_value(value: float, decimals: int, thousands: bool = True) -> str:
    """'29.8', '1,084': the indicator's decimals, or every digit typed if there are more."""
    comma = "," if thousands else ""
    if math.isclose(round(value, decimals), value, abs_tol=1e-9):
        return f"{value:{comma}.{decimals}f}"
    return f"{value:{comma}.10g}"


def shown_figures(figures: Iterable[GridFigure], code_at: int,
                  home_council: str = "") -> tuple[set[tuple], dict[tuple, GridFigure]]:
    """Every (row code, period id) with a figure, and the one each cell shows.

    A cell shows the council's own figure if it has one, else the DfE's; the home council's cells
    keep that order even for a status (an officer's "TBC" stands). For any other area a figure with
    a value comes before a status, so a council report's "TBC" for England never hides the DfE's
    published figure: the rule the charts and report card follow. ``code_at`` is the field that
    names the row (area code or indicator id). Every figure read holds a value or a status.
    """
    present: set[tuple] = set()
    shown: dict[tuple, GridFigure] = {}
    for figure in figures:
        key = (figure[code_at], figure.period_id)
        present.add(key)
        if figure.publisher not in PUBLISHER_PREFERENCE:
            continue
        current = shown.get(key)
        if current is None or _shown_first(figure, home_council) < _shown_first(current, home_council):
            shown[key] = figure
    return present, shown


def _shown_first(figure: GridFigure, home_council: str) -> tuple[bool, int]:
    """Sort key of the figures stored for one cell: for another area a value first, then the
    preferred publisher."""
    is_status = figure.value is None and figure.area_code != home_council
    return is_status, PUBLISHER_PREFERENCE[figure.publisher]


class CellMaker:
    """Builds grid cells, formatting each distinct (value, decimals) once per load."""

    def __init__(self, schema, thousands: bool) -> None:
        self._decimals = {indicator.id: indicator.decimals for indicator in schema}
        self._thousands = thousands
        self._texts: dict[tuple[float, int], tuple[str, str]] = {}

    def cell(self, figure: GridFigure) -> GridCell:
        value = figure.value
        if value is None:
            shown = STATUS_SHOWN.get(figure.status, figure.status)
            return GridCell(shown, figure.raw or shown, True, figure)
        key = (value, self._decimals.get(figure.indicator_id, 1))
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = (format_value(value, key[1], self._thousands),
                                        format_value(value, key[1], False))
        return GridCell(texts[0], texts[1], False, figure)


def texts_by_column(cells: dict[tuple[int, int], GridCell], columns: int) -> list[dict]:
    """Per column, each distinct text shown, with a row that shows it and whether it is a status."""
    texts: list[dict[str, tuple[int, bool]]] = [{} for _ in range(columns)]
    for (row, column), cell in cells.items():
        if cell.display not in texts[column]:
            texts[column][cell.display] = (row, cell.is_status)
    return texts
