"""Trend series: one area's figures for one indicator over time, each point keeping its provenance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cpdesk.indicators.model import Indicator, Period
from cpdesk.observation import TOTAL
from cpdesk.query.observations import (
    LOCAL_FIRST,
    ObservationIndex,
    PeriodKey,
    as_index,
    source_file_of,
    source_text,
)

# What a series is (its ``role``): the LA being reported on, a comparator, or a sub-area.
ROLES = ("home", "sn", "region", "england", "district", "operational", "la")

AS_PUBLISHED = "as published"


@dataclass(frozen=True)
class SeriesPoint:
    """One period's figure. ``value`` is None where there is only a status (TBC, suppressed ...).

    A computed comparator also says how many of its members had data and their range.
    """

    period: Period
    value: float | None
    status: str | None = None
    raw: str = ""
    source: str = ""
    publisher: str = ""
    n_with_data: int | None = None
    n_expected: int | None = None
    low: float | None = None
    high: float | None = None
    source_files: tuple[str, ...] = ()  # the files the figure was read from (several for a mean)


@dataclass(frozen=True)
class Series:
    """A named run of points, oldest first. ``basis`` says how the figures were arrived at."""

    indicator_id: str
    area_code: str
    name: str
    role: str
    points: tuple[SeriesPoint, ...]
    basis: str = AS_PUBLISHED

    @property
    def periods(self) -> list[Period]:
        return [point.period for point in self.points]

    def values(self) -> list[float | None]:
        return [point.value for point in self.points]

    def has_values(self) -> bool:
        return any(point.value is not None for point in self.points)

    def at(self, period_key: PeriodKey) -> SeriesPoint | None:
        for point in self.points:
            if point.period.key == period_key:
                return point
        return None

    def latest(self) -> SeriesPoint | None:
        """The most recent point that has a value."""
        for point in reversed(self.points):
            if point.value is not None:
                return point
        return None


def indicator_id_of(indicator: str | Indicator) -> str:
    return indicator if isinstance(indicator, str) else indicator.id


def area_name(code: str, areas: Any | None, index: ObservationIndex | None = None) -> str:
    """An area's name from the registry, else as the store gave it, else its code."""
    if areas is not None and code in areas:
        return areas.get(code).name
    return (index.area_name(code) if index is not None else None) or code


def point_from(observation: Any) -> SeriesPoint:
    return SeriesPoint(
        period=observation.period,
        value=observation.value,
        status=observation.status,
        raw=observation.raw or "",
        source=source_text(observation),
        publisher=observation.publisher,
        source_files=tuple(filter(None, (source_file_of(observation),))),
    )


def trend_series(
    observations: Iterable[Any] | ObservationIndex,
    indicator: str | Indicator,
    area_code: str,
    areas: Any | None = None,
    *,
    breakdown: str = TOTAL,
    prefer: Sequence[str] = LOCAL_FIRST,
    role: str = "home",
) -> Series:
    """The area's figures for the indicator, one point per period that has a value or a status.

    ``prefer`` orders the publishers: the council's own figures first by default, the DfE's where
    the council has none (see :mod:`cpdesk.query.observations`).
    """
    index = as_index(observations)
    indicator_id = indicator_id_of(indicator)
    figures = index.figures(indicator_id, area_code, breakdown, prefer)
    return Series(
        indicator_id=indicator_id,
        area_code=area_code,
        name=area_name(area_code, areas, index),
        role=role,
        points=tuple(point_from(obs) for obs in figures),
    )
