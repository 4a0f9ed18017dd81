"""An index over observations, built once, that every query reads from.

Queries take either a plain sequence of observation-like objects (``cpdesk.observation.Observation``,
``cpdesk.store.StoredObservation`` or anything with the same attributes) or an
:class:`ObservationIndex` built from one. A report card asks for dozens of series from the same
figures, so scanning the whole list per series would be quadratic; the index files every figure
under (indicator, area, breakdown) -> period -> publisher once, and every look-up after that is a
dictionary access.

The same cell can be held twice, once as the council published it ("local") and once as the DfE
did ("dfe"). A query names the order of preference; for each period the first preferred publisher
with a value wins, and only if no publisher has a value does a status (TBC, suppressed ...) stand
in. So a council's "TBC" is replaced by the DfE's figure once it is published, and the point
remembers which publisher it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import period_sort_key
from cpdesk.observation import TOTAL, CellRef

PeriodKey = tuple[str, dt.date, dt.date]
LOCAL_FIRST: tuple[str, ...] = ("local", "dfe")
DFE_FIRST: tuple[str, ...] = ("dfe", "local")


class ObservationLike(Protocol):
    """What the queries read from a figure; both Observation and StoredObservation fit (read-only, as
    both are frozen)."""

    @property
    def area_code(self) -> str: ...
    @property
    def indicator_id(self) -> str: ...
    @property
    def breakdown(self) -> str: ...
    @property
    def period(self) -> Period: ...
    @property
    def value(self) -> float | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def publisher(self) -> str: ...


def has_figure(observation: Any) -> bool:
    """A value or a status: a cell emptied by an undo holds neither and is ignored."""
    return observation.value is not None or observation.status is not None


def source_text(observation: Any) -> str:
    """Where a figure came from, in words ("d3.csv, sheet 'T1', cell C4"); "" if unknown."""
    source = getattr(observation, "source", None)
    if isinstance(source, CellRef):
        return source.describe()
    file = getattr(observation, "source_file", None)
    if file:
        return CellRef(file, getattr(observation, "source_sheet", None) or "",
                       getattr(observation, "source_cell", None) or "").describe()
    return ""


def source_file_of(observation: Any) -> str:
    """The file a figure was read from ("d3.csv"); "" if unknown."""
    source = getattr(observation, "source", None)
    if isinstance(source, CellRef):
        return source.file or ""
    return getattr(observation, "source_file", None) or ""


def choose(by_publisher: dict[str, Any], prefer: Sequence[str]) -> Any | None:
    """The figure to show for one period: first preferred publisher with a value, else with a status."""
    order = [*prefer, *sorted(p for p in by_publisher if p not in prefer)]
    candidates = [by_publisher[p] for p in order if p in by_publisher]
    for observation in candidates:
        if observation.value is not None:
            return observation
    return candidates[0] if candidates else None


class ObservationIndex:
    """Figures filed by (indicator, area, breakdown) -> period key -> publisher. Read-only after building."""

    def __init__(self, observations: Iterable[Any]) -> None:
        self._cells: dict[tuple[str, str, str], dict[PeriodKey, dict[str, Any]]] = {}
        self._periods: dict[PeriodKey, Period] = {}
        self._names: dict[str, str] = {}
        self._sorted: dict[tuple[str, str, str], list[PeriodKey]] = {}
        cells, periods, names = self._cells, self._periods, self._names
        for obs in observations:
            if obs.value is None and obs.status is None:
                continue
            period = obs.period
            key = period.key
            cell_key = (obs.indicator_id, obs.area_code, obs.breakdown)
            cell = cells.get(cell_key)
            if cell is None:
                cell = cells[cell_key] = {}
                name = getattr(obs, "area_name", None)
                if name:
                    names.setdefault(obs.area_code, name)
            by_publisher = cell.get(key)
            if by_publisher is None:
                by_publisher = cell[key] = {}
                periods.setdefault(key, period)
            by_publisher[obs.publisher] = obs

    def period(self, key: PeriodKey) -> Period:
        return self._periods[key]

    def area_name(self, area_code: str) -> str | None:
        """The area's name as the store gave it, if the figures carried one."""
        return self._names.get(area_code)

    def has(self, indicator_id: str, area_code: str, breakdown: str = TOTAL) -> bool:
        return (indicator_id, area_code, breakdown) in self._cells

    def period_keys(self, indicator_id: str, area_code: str, breakdown: str = TOTAL) -> list[PeriodKey]:
        """The periods this cell has figures for, oldest first."""
        cell_key = (indicator_id, area_code, breakdown)
        keys = self._sorted.get(cell_key)
        if keys is None:
            cell = self._cells.get(cell_key, {})
            keys = sorted(cell, key=lambda k: period_sort_key(self._periods[k]))
            self._sorted[cell_key] = keys
        return keys

    def figure(self, indicator_id: str, area_code: str, period_key: PeriodKey,
               breakdown: str = TOTAL, prefer: Sequence[str] = LOCAL_FIRST) -> Any | None:
        """The chosen figure for one period, or None."""
        by_publisher = self._cells.get((indicator_id, area_code, breakdown), {}).get(period_key)
        return choose(by_publisher, prefer) if by_publisher else None

    def figures(self, indicator_id: str, area_code: str, breakdown: str = TOTAL,
                prefer: Sequence[str] = LOCAL_FIRST) -> list[Any]:
        """The chosen figure for every period the cell has, oldest first."""
        cell = self._cells.get((indicator_id, area_code, breakdown), {})
        return [choose(cell[key], prefer) for key in self.period_keys(indicator_id, area_code, breakdown)]

    def figures_for_period(self, indicator_id: str, period_key: PeriodKey, breakdown: str = TOTAL,
                           prefer: Sequence[str] = DFE_FIRST) -> dict[str, Any]:
        """Every area's chosen figure for one indicator and period, by area code."""
        found: dict[str, Any] = {}
        for (indicator, area, cat), cell in self._cells.items():
            if indicator == indicator_id and cat == breakdown and period_key in cell:
                found[area] = choose(cell[period_key], prefer)
        return found

    def held_by(self, as_at: dt.date | None) -> ObservationIndex:
        """A new index of the figures whose periods had ended by ``as_at`` (this one for None): what
        every query sees "as at" that date (see :mod:`cpdesk.query.as_at`)."""
        if as_at is None:
            return self
        return ObservationIndex(obs for cell in self._cells.values() for by_publisher in cell.values()
                                for obs in by_publisher.values() if obs.period.end <= as_at)

    def indicator_ids(self, area_code: str, breakdown: str = TOTAL) -> set[str]:
        """The indicators this area has figures for."""
        return {ind for (ind, area, cat) in self._cells if area == area_code and cat == breakdown}


def as_index(observations: Iterable[Any] | ObservationIndex) -> ObservationIndex:
    """The index itself, or one built from a sequence of figures."""
    if isinstance(observations, ObservationIndex):
        return observations
    return ObservationIndex(observations)
