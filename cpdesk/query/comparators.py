"""Comparators for an LA: its statistical neighbours, its region and England.

Statistical neighbours are the DfE/NFER model's 10 per LA. Their comparator is computed from the
neighbours' own figures, as LAIT does (the simple mean of the neighbours that have data) or as the
DfE children's social care dashboard does (the median); each point says how many of the 10 had
data and their range. A period counts only where at least half the neighbours (5 of 10) have a
figure for that very period, of the same kind and dates: an in-year figure one council reported is
not "the neighbours' figure". A council's report often gives its own "Statistical neighbours" row instead:
stored as the area ``SN-<LA code>``, that series is what charts show (as given), and the computed
one stays available beside it; :attr:`Series.basis` says which is which.

Regional and England figures are taken as published (the DfE rounds them to the nearest 10 for
counts); they are never built by adding up LAs or regions.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cpdesk.indicators.areas import ENGLAND
from cpdesk.indicators.model import Area, Indicator, Unit
from cpdesk.indicators.periods import period_sort_key
from cpdesk.observation import TOTAL
from cpdesk.query.observations import (
    DFE_FIRST,
    LOCAL_FIRST,
    ObservationIndex,
    PeriodKey,
    as_index,
    source_file_of,
)
from cpdesk.query.series import Series, SeriesPoint, area_name, indicator_id_of, trend_series

# Comparators whose size is the size of the area, not of the problem: a count for England or a region
# dwarfs a council's and a neighbours' mean count is a mean of councils of every size. A count is
# compared through its rate; charts, report cards and board tables show the council's count alone.
SIZED_ROLES = frozenset({"sn", "region", "england"})
COUNT_NOTE = ("Neighbours, region and England are not shown for a count, which follows each area's size: "
              "compare the rate.")


def compared_with_other_areas(indicator: Indicator) -> bool:
    """False for a count: its neighbours', region's and England's figures say nothing about the council."""
    return indicator.unit != Unit.COUNT


def comparable_series(series: Sequence[Series], indicator: Indicator) -> list[Series]:
    """The series worth showing together: all of them, but for a count only the council's own."""
    if compared_with_other_areas(indicator):
        return list(series)
    return [s for s in series if s.role not in SIZED_ROLES]


def count_note(indicator: Indicator) -> str:
    return "" if compared_with_other_areas(indicator) else COUNT_NOTE


HOW = ("mean", "median")
AS_REPORTED = "as reported by the council"
# A computed comparator needs at least this share of the neighbours to have a figure for the very
# same period (same kind and dates): a "mean" of one or two councils is not their neighbours' figure.
MIN_SHARE_WITH_DATA = 0.5


def least_with_data(n_expected: int) -> int:
    """How many neighbours must have a figure: half of them (5 of 10), never fewer than one."""
    return max(1, math.ceil(n_expected * MIN_SHARE_WITH_DATA))


def computed_basis(how: str, n_expected: int) -> str:
    word = "mean" if how == "mean" else "median"
    return (f"computed: {word} of those of the {n_expected} statistical neighbours that have data, "
            f"for periods where at least {least_with_data(n_expected)} do")


@dataclass(frozen=True)
class SnComparison:
    """Both statistical-neighbour series: the council's (if stored) and the computed one."""

    la_code: str
    neighbours: tuple[Area, ...]
    computed: Series
    explicit: Series | None
    how: str = "mean"  # how the computed series was arrived at: "mean" or "median"

    @property
    def shown(self) -> Series:
        """The one series a single figure is read from: the council's own where it has one, else the
        computed one."""
        if self.explicit is not None and self.explicit.points:
            return self.explicit
        return self.computed

    def series(self) -> list[Series]:
        """Every neighbour series with figures, each labelled: the council's reported one and the
        computed one side by side where both exist, so neither hides the other."""
        reported = self.explicit if self.explicit is not None and self.explicit.points else None
        if reported is None:
            return [self.computed] if self.computed.points else []
        if not self.computed.points:
            return [reported]
        return [replace(reported, name=f"{reported.name} (as reported)"),
                replace(self.computed, name=f"{self.computed.name} ({self.how})")]


@dataclass(frozen=True)
class ComparatorSet:
    """The home LA and what it is compared with; a comparator without any figure is None."""

    home: Series
    sn: SnComparison
    region: Series | None
    england: Series | None

    def series(self) -> list[Series]:
        """Home first, then the comparators that have figures, in the order charts draw them."""
        found = [self.home, *self.sn.series(), self.region, self.england]
        return [s for s in found if s is not None and s.points]


def aggregate(values: Sequence[float], how: str) -> float:
    if how == "mean":
        return statistics.fmean(values)
    if how == "median":
        return float(statistics.median(values))
    raise ValueError(f"how must be one of {HOW}, not {how!r}")


def _sn_point(index: ObservationIndex, indicator_id: str, key: PeriodKey, codes: Sequence[str],
              how: str, breakdown: str, prefer: Sequence[str]) -> SeriesPoint | None:
    """The neighbours' figure for one period; None when too few of them have one."""
    figures = [index.figure(indicator_id, code, key, breakdown, prefer) for code in codes]
    present = [f for f in figures if f is not None and f.value is not None]
    values = [f.value for f in present]
    if len(values) < least_with_data(len(codes)):
        return None
    publishers = {f.publisher for f in present}
    return SeriesPoint(
        period=index.period(key),
        value=aggregate(values, how) if values else None,
        n_with_data=len(values),
        n_expected=len(codes),
        low=min(values) if values else None,
        high=max(values) if values else None,
        source=f"{len(values)} of {len(codes)} statistical neighbours had data",
        publisher=publishers.pop() if len(publishers) == 1 else "",
        source_files=tuple(sorted({file for f in present if (file := source_file_of(f))})),
    )


def sn_aggregate(
    observations: Iterable[Any] | ObservationIndex,
    la_code: str,
    indicator: str | Indicator,
    areas: Any,
    how: str = "mean",
    *,
    breakdown: str = TOTAL,
    prefer: Sequence[str] = DFE_FIRST,
) -> SnComparison:
    """The statistical-neighbour comparator for each period in which enough neighbours have a figure."""
    if how not in HOW:
        raise ValueError(f"how must be one of {HOW}, not {how!r}")
    index = as_index(observations)
    indicator_id = indicator_id_of(indicator)
    neighbours = tuple(areas.statistical_neighbours(la_code)) if _is_la(areas, la_code) else ()
    codes = [area.code for area in neighbours]
    keys = {key for code in codes for key in index.period_keys(indicator_id, code, breakdown)}
    ordered = sorted(keys, key=lambda k: period_sort_key(index.period(k)))
    found = (_sn_point(index, indicator_id, key, codes, how, breakdown, prefer) for key in ordered)
    points = tuple(point for point in found if point is not None)
    sn_code = f"SN-{la_code}"
    name = area_name(sn_code, areas, index)
    computed = Series(indicator_id, sn_code, name, "sn", points, computed_basis(how, len(codes)))
    explicit = None
    if index.has(indicator_id, sn_code, breakdown):
        given = trend_series(index, indicator_id, sn_code, areas, breakdown=breakdown,
                             prefer=LOCAL_FIRST, role="sn")
        explicit = Series(indicator_id, sn_code, name, "sn", given.points, AS_REPORTED)
    return SnComparison(la_code, neighbours, computed, explicit, how)


def _is_la(areas: Any, code: str) -> bool:
    """Only a council has statistical neighbours (a region or England charted on its own has none)."""
    area = areas.find(code)
    return area is not None and area.kind == "la"


def comparator_set(
    observations: Iterable[Any] | ObservationIndex,
    la_code: str,
    indicator: str | Indicator,
    areas: Any,
    *,
    how: str = "mean",
    breakdown: str = TOTAL,
    prefer: Sequence[str] = LOCAL_FIRST,
) -> ComparatorSet:
    """The home LA (its own figures first), its statistical neighbours, its region and England."""
    index = as_index(observations)
    home = trend_series(index, indicator, la_code, areas, breakdown=breakdown, prefer=prefer)
    sn = sn_aggregate(index, la_code, indicator, areas, how, breakdown=breakdown)
    region_area = areas.region_of(la_code)
    region = None
    if region_area is not None:
        region = trend_series(index, indicator, region_area.code, areas, breakdown=breakdown,
                              prefer=DFE_FIRST, role="region")
    england = trend_series(index, indicator, ENGLAND, areas, breakdown=breakdown, prefer=DFE_FIRST,
                           role="england")
    return ComparatorSet(
        home=home,
        sn=sn,
        region=region if region is not None and region.points else None,
        england=england if england.points else None,
    )
