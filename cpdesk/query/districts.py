"""District and operational-area tables: how an indicator varies inside one LA.

Rows are the LA's districts (ONS ``E07`` codes) and operational areas (``<LA code>-<slug>``) that
have a figure, sorted by the value in the last period asked for, largest first (figures without a
value go last), so the table and its bar chart read the same way. The LA's own figure for each
period comes with it, to draw as a line across the bars.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cpdesk.indicators.model import SUB_AREA_KINDS, AreaKind, Indicator, Period
from cpdesk.observation import TOTAL
from cpdesk.query.observations import LOCAL_FIRST, ObservationIndex, as_index
from cpdesk.query.series import SeriesPoint, area_name, indicator_id_of, point_from


@dataclass(frozen=True)
class DistrictRow:
    area_code: str
    name: str
    kind: AreaKind  # a district or an operational area
    points: tuple[SeriesPoint | None, ...]  # one per period of the table; None where nothing is held

    def value(self, position: int = -1) -> float | None:
        point = self.points[position]
        return point.value if point is not None else None


@dataclass(frozen=True)
class DistrictTable:
    indicator_id: str
    la_code: str
    la_name: str
    periods: tuple[Period, ...]
    rows: tuple[DistrictRow, ...]
    la_points: tuple[SeriesPoint | None, ...]

    @property
    def la_values(self) -> tuple[float | None, ...]:
        return tuple(p.value if p is not None else None for p in self.la_points)


def _sub_areas(areas: Any, la_code: str, kinds: Sequence[str]) -> list[Any]:
    found = []
    if AreaKind.DISTRICT in kinds:
        found += areas.districts_of(la_code)
    if AreaKind.OPERATIONAL in kinds:
        found += areas.operational_areas_of(la_code)
    return found


def _latest_period(index: ObservationIndex, indicator_id: str, codes: Iterable[str]) -> Period | None:
    keys = [keys[-1] for code in codes if (keys := index.period_keys(indicator_id, code))]
    if not keys:
        return None
    return max((index.period(key) for key in keys), key=lambda p: (p.end, p.start))


def _sort_key(row: DistrictRow) -> tuple[bool, float, str]:
    value = row.value()
    return (value is None, -(value or 0.0), row.name)


def district_table(
    observations: Iterable[Any] | ObservationIndex,
    indicator: str | Indicator,
    la_code: str,
    areas: Any,
    periods: Period | Sequence[Period] | None = None,
    *,
    kinds: Sequence[str] = SUB_AREA_KINDS,
    breakdown: str = TOTAL,
    prefer: Sequence[str] = LOCAL_FIRST,
) -> DistrictTable:
    """The LA's sub-areas with their figures for ``periods`` (default: the latest any of them has)."""
    index = as_index(observations)
    indicator_id = indicator_id_of(indicator)
    subs = _sub_areas(areas, la_code, kinds)
    if periods is None:
        latest = _latest_period(index, indicator_id, [a.code for a in subs])
        periods = () if latest is None else (latest,)
    elif isinstance(periods, Period):
        periods = (periods,)
    periods = tuple(periods)

    def points_for(code: str) -> tuple[SeriesPoint | None, ...]:
        found = (index.figure(indicator_id, code, p.key, breakdown, prefer) for p in periods)
        return tuple(point_from(obs) if obs is not None else None for obs in found)

    rows = [DistrictRow(a.code, a.name, a.kind, points_for(a.code)) for a in subs]
    rows = [row for row in rows if any(p is not None for p in row.points)]
    rows.sort(key=_sort_key)
    return DistrictTable(indicator_id, la_code, area_name(la_code, areas, index), periods, tuple(rows),
                         points_for(la_code))
