"""The report card: one row per indicator the LA has figures for, as a scrutiny paper lays it out.

Each row: a sparkline of the last (up to) 8 periods of one class, the headline value and its
period, the change since the period before it, the statistical neighbours' figure and England's for
the same period (not for a count, which follows each area's size), a RAG rating and the direction of
travel. The headline is the latest figure that
has a comparator (see :mod:`cpdesk.query.headline`), so an in-year snapshot never heads a row.
"Change since the previous period" compares the headline with the point immediately before it of
the same class; if that point has no value (TBC, suppressed) there is no change, rather than a
change measured over a longer, unstated span.

Built from one :class:`ObservationIndex`, so all rows together cost a few dictionary look-ups per
indicator (see ``benchmarks/bench_query.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cpdesk.indicators.areas import ENGLAND
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.rates import round_half_up
from cpdesk.observation import TOTAL
from cpdesk.query.comparators import compared_with_other_areas, sn_aggregate
from cpdesk.query.headline import headline
from cpdesk.query.observations import DFE_FIRST, LOCAL_FIRST, ObservationIndex, PeriodKey, as_index
from cpdesk.query.rag import Rag, direction_of_travel, rag_for
from cpdesk.query.series import Series, SeriesPoint, trend_series


@dataclass(frozen=True)
class ReportCardRow:
    indicator: Indicator
    recent: tuple[SeriesPoint, ...]  # up to 8 points of the headline's class, for the sparkline
    latest: SeriesPoint
    previous: SeriesPoint | None
    change: float | None
    sn_value: float | None
    sn_with_data: int | None  # None when the council's own SN figure is used
    sn_basis: str
    england: float | None
    rag: Rag
    direction: str

    @property
    def indicator_id(self) -> str:
        return self.indicator.id

    @property
    def sparkline(self) -> tuple[float | None, ...]:
        return tuple(point.value for point in self.recent)

    @property
    def sparkline_periods(self) -> tuple[Period, ...]:
        return tuple(point.period for point in self.recent)


def target_for(targets: Sequence[Any], period_key: PeriodKey) -> Any | None:
    """The target set for this period, else the one set for every period, else None."""
    general = None
    for target in targets:
        if getattr(target, "breakdown", TOTAL) != TOTAL:
            continue
        if target.period is None:
            general = general or target
        elif target.period.key == period_key:
            return target
    return general


def _row(index: ObservationIndex, indicator: Indicator, home: Series, la_code: str, areas: Any,
         targets: Sequence[Any]) -> ReportCardRow | None:
    sn = sn_aggregate(index, la_code, indicator, areas).shown
    england = trend_series(index, indicator, ENGLAND, areas, prefer=DFE_FIRST, role="england")
    head = headline(home, (sn, england), indicator)
    if head is None:
        return None
    latest, previous = head.latest, head.previous
    change = None
    if previous is not None and previous.value is not None and latest.value is not None:
        change = round_half_up(latest.value - previous.value, indicator.decimals)
    key = latest.period.key
    # A count's neighbours and England are areas of other sizes: the row leaves them out (compare the rate).
    sn_point, england_point = (sn.at(key), england.at(key)) if compared_with_other_areas(indicator) \
        else (None, None)
    target = target_for(targets, key)
    sn_value = sn_point.value if sn_point is not None else None
    return ReportCardRow(
        indicator=indicator,
        recent=head.recent,
        latest=latest,
        previous=previous,
        change=change,
        sn_value=sn_value,
        sn_with_data=sn_point.n_with_data if sn_point is not None else None,
        sn_basis=sn.basis,
        england=england_point.value if england_point is not None else None,
        rag=rag_for(latest.value, indicator.polarity, target=target.target if target else None,
                    tolerance=target.tolerance if target else None, sn_mean=sn_value,
                    decimals=indicator.decimals, unit=indicator.unit),
        direction=direction_of_travel(latest.value, previous.value if previous else None,
                                      indicator.polarity, indicator.decimals),
    )


def report_card(
    observations: Iterable[Any] | ObservationIndex,
    la_code: str,
    schema: Iterable[Indicator],
    areas: Any,
    *,
    targets: Mapping[str, Sequence[Any]] | None = None,
    prefer: Sequence[str] = LOCAL_FIRST,
) -> list[ReportCardRow]:
    """One row per indicator (in schema order, totals only) for which the LA has a value.

    ``targets`` maps an indicator id to its targets for this LA (``Store.targets`` gives them).
    """
    index = as_index(observations)
    present = index.indicator_ids(la_code)
    rows = []
    for indicator in schema:
        if indicator.id not in present:
            continue
        home = trend_series(index, indicator, la_code, areas, prefer=prefer)
        row = _row(index, indicator, home, la_code, areas, (targets or {}).get(indicator.id, ()))
        if row is not None:
            rows.append(row)
    return rows
