"""The report card: one row per indicator the LA has figures for, as a scrutiny paper lays it out.

Each row follows one rule, "as at" (see :mod:`cpdesk.query.as_at`): the headline is the latest figure
held on the date chosen (with no date, the latest held, in-year figures included), and every figure
in the row carries its own period. The row holds

- the headline and a sparkline of up to 8 figures that ends with it;
- the change and the figure it is measured from ("down 3.9 since 31 Mar 2020");
- the comparators: the council's own reported neighbours' figure, the neighbours' mean and median
  computed from their own figures, the region and England, each for the headline's period where it
  has one, else its latest earlier figure with that period named (:class:`Compared`); none for a
  count, which follows each area's size;
- the council's national rank for the headline's period, where at least half the councils have a
  figure for it (none for a count), with its quartile band;
- a RAG rating that says what it was measured against (target, neighbours or England, with the
  polarity) or, with nothing to measure against, how to get one: set a target;
- the direction of travel.

Built from one :class:`ObservationIndex`, so all rows together cost a few dictionary look-ups per
indicator (see ``benchmarks/bench_query.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cpdesk.indicators.areas import ENGLAND
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.rates import round_half_up
from cpdesk.observation import STATUSES, TOTAL
from cpdesk.query.as_at import Compared, compared, held_by, period_name, period_phrase
from cpdesk.query.comparators import compared_with_other_areas, sn_aggregate
from cpdesk.query.headline import headline
from cpdesk.query.observations import DFE_FIRST, LOCAL_FIRST, ObservationIndex, PeriodKey, as_index
from cpdesk.query.rag import Rag, direction_of_travel, rag_for
from cpdesk.query.ranking import has_national_figures, judged, rank_all_las
from cpdesk.query.series import Series, SeriesPoint, trend_series

SN_NAMES = {
    "sn_reported": "Statistical neighbours (as reported)",
    "sn_mean": "Statistical neighbours' mean",
    "sn_median": "Statistical neighbours' median",
}


@dataclass(frozen=True)
class NationalRank:
    """Where the council stands among all councils with a figure for the period."""

    rank: int  # 1 = best, or the lowest value where neither higher nor lower is better
    count: int
    band: str | None
    judged: bool  # False where neither higher nor lower is better: the rank only says where it lies


@dataclass(frozen=True)
class ReportCardRow:
    indicator: Indicator
    recent: tuple[SeriesPoint, ...]  # up to 8 points ending with the headline, for the sparkline
    latest: SeriesPoint
    previous: SeriesPoint | None  # the figure the change is measured from
    change: float | None
    comparisons: tuple[Compared, ...]  # in the order of cpdesk.query.as_at.COMPARED_ROLES
    rag: Rag
    direction: str
    as_at: dt.date | None = None
    national: NationalRank | None = None
    withheld: tuple[SeriesPoint, ...] = ()  # later periods held only as a status (suppressed, TBC ...)

    @property
    def withheld_text(self) -> str:
        """'Later, no figure: 31 Mar 2024 and 31 Mar 2025 suppressed (1 to 5 children)' ('' when the
        headline is the council's last period)."""
        by_status: dict[str, list[str]] = {}
        for point in self.withheld:
            words = STATUSES.get(point.status or "", point.status or "no figure")
            by_status.setdefault(words, []).append(period_name(point.period, self.indicator))
        parts = [f"{' and '.join(names)} {words}" for words, names in by_status.items()]
        return "Later, no figure: " + "; ".join(parts) if parts else ""

    @property
    def indicator_id(self) -> str:
        return self.indicator.id

    @property
    def sparkline(self) -> tuple[float | None, ...]:
        return tuple(point.value for point in self.recent)

    @property
    def sparkline_periods(self) -> tuple[Period, ...]:
        return tuple(point.period for point in self.recent)

    def compared(self, role: str) -> Compared | None:
        return next((c for c in self.comparisons if c.role == role), None)

    def neighbours(self) -> Compared | None:
        """The neighbours' figure to show in one column: for the headline's period the council's own,
        else the mean; failing both, the later of their earlier figures (its period named)."""
        found = [c for c in (self.compared("sn_reported"), self.compared("sn_mean")) if c is not None]
        latest = max(found, key=lambda c: c.period.end, default=None)  # the council's own on a tie
        return next((c for c in found if c.same_period), latest)

    @property
    def sn_value(self) -> float | None:
        """The neighbours' figure for the headline's own period (the council's, else the mean)."""
        found = self.neighbours()
        return found.value if found is not None and found.same_period else None

    @property
    def sn_with_data(self) -> int | None:
        found = self.neighbours()
        return found.n_with_data if found is not None and found.same_period else None

    @property
    def england(self) -> float | None:
        """England's figure for the headline's own period; None where England has none for it."""
        found = self.compared("england")
        return found.value if found is not None and found.same_period else None


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


def comparisons_for(index: ObservationIndex, indicator: Indicator, la_code: str, areas: Any,
                    period: Period) -> tuple[Compared, ...]:
    """Every comparator's figure beside a headline for ``period`` (none for a count)."""
    if not compared_with_other_areas(indicator):
        return ()
    mean = sn_aggregate(index, la_code, indicator, areas, "mean")
    median = sn_aggregate(index, la_code, indicator, areas, "median")
    region_area = areas.region_of(la_code)
    region = (trend_series(index, indicator, region_area.code, areas, prefer=DFE_FIRST, role="region")
              if region_area is not None else None)
    england = trend_series(index, indicator, ENGLAND, areas, prefer=DFE_FIRST, role="england")
    found = (
        compared(mean.explicit, "sn_reported", SN_NAMES["sn_reported"], period, indicator),
        compared(mean.computed, "sn_mean", SN_NAMES["sn_mean"], period, indicator),
        compared(median.computed, "sn_median", SN_NAMES["sn_median"], period, indicator),
        compared(region, "region", region.name if region is not None else "", period, indicator),
        compared(england, "england", "England", period, indicator),
    )
    return tuple(c for c in found if c is not None)


def national_rank(index: ObservationIndex, indicator: Indicator, la_code: str, areas: Any,
                  period: Period) -> NationalRank | None:
    """The council's rank among all councils for ``period``; None for a count, or without the
    national figures (see :func:`cpdesk.query.ranking.has_national_figures`)."""
    if not compared_with_other_areas(indicator):
        return None
    ranking = rank_all_las(index, indicator, period, areas=areas)
    entry = ranking.entry(la_code)
    if entry is None or not has_national_figures(ranking, areas):
        return None
    return NationalRank(entry.rank, ranking.count, entry.band, judged(indicator.polarity))


def row_rag(indicator: Indicator, latest: SeriesPoint, comparisons: tuple[Compared, ...],
            target: Any | None) -> Rag:
    """Against the target, else the neighbours' figure for the same period (the council's own, else
    the mean), else England's for the same period."""
    same = {c.role: c for c in comparisons if c.same_period}
    sn = same.get("sn_reported") or same.get("sn_mean")
    england = same.get("england")
    return rag_for(latest.value, indicator.polarity, target=target.target if target else None,
                   tolerance=target.tolerance if target else None,
                   sn_mean=sn.value if sn is not None else None, england=england.value if england else None,
                   sn_name=sn.name.lower() if sn is not None else "", decimals=indicator.decimals,
                   unit=indicator.unit, when=period_phrase(latest.period, indicator))


def card_row(index: ObservationIndex, indicator: Indicator, home: Series, la_code: str, areas: Any,
             targets: Sequence[Any], as_at: dt.date | None = None) -> ReportCardRow | None:
    """One indicator's row as at ``as_at``; None when the LA has no figure held by then."""
    head = headline(home, indicator, as_at)
    if head is None:
        return None
    latest, previous = head.latest, head.previous
    change = None
    if previous is not None and previous.value is not None and latest.value is not None:
        change = round_half_up(latest.value - previous.value, indicator.decimals)
    comparisons = comparisons_for(index, indicator, la_code, areas, latest.period)
    return ReportCardRow(
        indicator=indicator,
        recent=head.recent,
        latest=latest,
        previous=previous,
        change=change,
        comparisons=comparisons,
        rag=row_rag(indicator, latest, comparisons, target_for(targets, latest.period.key)),
        direction=direction_of_travel(latest.value, previous.value if previous else None,
                                      indicator.polarity, indicator.decimals),
        as_at=as_at,
        national=national_rank(index, indicator, la_code, areas, latest.period),
        withheld=withheld_after(home, latest, as_at),
    )


def withheld_after(home: Series, latest: SeriesPoint, as_at: dt.date | None) -> tuple[SeriesPoint, ...]:
    """The council's figures after the headline held only as a status by ``as_at``: a newer year
    suppressed is said beside an older headline, never passed over in silence."""
    return tuple(p for p in home.points if p.value is None and p.status and held_by(p.period, as_at)
                 and p.period.end > latest.period.end)


def report_card(
    observations: Iterable[Any] | ObservationIndex,
    la_code: str,
    schema: Iterable[Indicator],
    areas: Any,
    *,
    targets: Mapping[str, Sequence[Any]] | None = None,
    prefer: Sequence[str] = LOCAL_FIRST,
    as_at: dt.date | None = None,
) -> list[ReportCardRow]:
    """One row per indicator (in schema order, totals only) for which the LA has a figure held on
    ``as_at`` (None: the latest held).

    ``targets`` maps an indicator id to its targets for this LA (``Store.targets`` gives them).
    """
    index = as_index(observations)
    present = index.indicator_ids(la_code)
    rows = []
    for indicator in schema:
        if indicator.id not in present:
            continue
        home = trend_series(index, indicator, la_code, areas, prefer=prefer)
        row = card_row(index, indicator, home, la_code, areas, (targets or {}).get(indicator.id, ()), as_at)
        if row is not None:
            rows.append(row)
    return rows
