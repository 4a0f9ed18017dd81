"""One plain-English line saying what a chart shows, for the screen, the PDF pack and the workbook.

"CP-plan rate 28.0 at 31 Jul 2020, 15.7 below England (43.7 at 31 Mar 2020), 9th lowest of 11 with
its neighbours at 31 Mar 2020". The figure is the area's latest held (in-year figures included), on or
before an "as at" day when one is given. England is compared for the same period where it has a
figure, else its latest before, and then its period is named; the neighbours' standing is for the
latest period the council and at least half its neighbours share, named when it is another period.
Words stay neutral ("below", "lowest") where neither higher nor lower is better, ranked from the
lowest as LAIT ranks them; where one is, a standing says "best". A count is not compared with other
areas (England's count dwarfs any council's): its line says the figure and the change since the
period before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cpdesk.chart.format import format_value, officer_label
from cpdesk.chart.neighbours import ENGLAND, NeighbourFigures, neighbour_figures
from cpdesk.chart.rank import ranked_words
from cpdesk.indicators.model import Indicator, Period, Unit
from cpdesk.indicators.periods import period_sort_key
from cpdesk.indicators.rates import round_half_up
from cpdesk.query.comparators import comparator_set, compared_with_other_areas
from cpdesk.query.cycle import period_class
from cpdesk.query.districts import DistrictTable
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.ranking import Ranking
from cpdesk.query.series import Series, SeriesPoint


def short_title(indicator: Indicator) -> str:
    return getattr(indicator, "short_title", "") or indicator.title


def when(period: Period) -> str:
    """ "at 31 Jul 2020" for a day's count, "in 2019/20" for a period's."""
    label = officer_label(period)
    return f"at {label}" if period.start == period.end else f"in {label}"


def latest_figure(series: Series | None, as_at: dt.date | None = None) -> SeriesPoint | None:
    """The latest point with a value, on or before ``as_at`` when given."""
    if series is None:
        return None
    valued = [p for p in series.points if p.value is not None and (as_at is None or p.period.end <= as_at)]
    return max(valued, key=lambda p: period_sort_key(p.period)) if valued else None


def comparator_figure(series: Series | None, period: Period) -> SeriesPoint | None:
    """The comparator's figure for ``period``, else its latest of the same kind before it."""
    if series is None:
        return None
    same = series.at(period.key)
    if same is not None and same.value is not None:
        return same
    earlier = [p for p in series.points if p.value is not None and p.period.end <= period.end
               and period_class(p.period) == period_class(period)]
    earlier = earlier or [p for p in series.points if p.value is not None and p.period.end <= period.end]
    return max(earlier, key=lambda p: period_sort_key(p.period)) if earlier else None


def difference_words(value: float, other: float, indicator: Indicator, name: str) -> str:
    """ "15.7 below England", "2.1 points above England", "level with England"."""
    gap = round_half_up(value, indicator.decimals) - round_half_up(other, indicator.decimals)
    gap = round_half_up(gap, indicator.decimals)
    if gap == 0:
        return f"level with {name}"
    unit = " points" if indicator.unit == Unit.PERCENT else ""
    size = f"{abs(gap):,.{indicator.decimals}f}{unit}"
    return f"{size} {'above' if gap > 0 else 'below'} {name}"


def summary_line(indicator: Indicator, latest: SeriesPoint, *, england: SeriesPoint | None = None,
                 neighbours: NeighbourFigures | None = None, previous: SeriesPoint | None = None) -> str:
    """The line for a figure and whatever it is compared with (each optional)."""
    parts = [f"{short_title(indicator)} {format_value(latest.value, indicator)} {when(latest.period)}"]
    if england is not None and england.value is not None and latest.value is not None:
        words = difference_words(latest.value, england.value, indicator, "England")
        if england.period.key != latest.period.key:
            words += f" ({format_value(england.value, indicator)} {when(england.period)})"
        parts.append(words)
    if neighbours is not None:
        words = neighbours.standing()
        if neighbours.period.key != latest.period.key:
            words += f" {when(neighbours.period)}"
        parts.append(words)
    if previous is not None and previous.value is not None and latest.value is not None:
        parts.append(change_words(latest.value, previous, indicator))
    return ", ".join(parts)


def change_words(value: float, previous: SeriesPoint, indicator: Indicator) -> str:
    """ "up 12 since 31 Mar 2019", "no change since 2018/19"."""
    gap = round_half_up(value - float(previous.value or 0.0), indicator.decimals)
    since = f"since {officer_label(previous.period)}"
    if gap == 0:
        return f"no change {since}"
    return f"{'up' if gap > 0 else 'down'} {abs(gap):,.{indicator.decimals}f} {since}"


def _previous_of_class(series: Series, latest: SeriesPoint) -> SeriesPoint | None:
    earlier = [p for p in series.points if p.value is not None and p.period.end < latest.period.end
               and period_class(p.period) == period_class(latest.period)]
    return max(earlier, key=lambda p: period_sort_key(p.period)) if earlier else None


def summary_for(index: ObservationIndex, indicator: Indicator, area_code: str, areas: Any, *,
                as_at: dt.date | None = None) -> str:
    """The summary line of ``indicator`` for an area, from the stored figures (the packs call this)."""
    found = comparator_set(index, area_code, indicator, areas)
    latest = latest_figure(found.home, as_at)
    if latest is None:
        by = f" on or before {as_at:%d %b %Y}" if as_at else ""
        return f"{short_title(indicator)}: no figure held{by}"
    if not compared_with_other_areas(indicator):
        return summary_line(indicator, latest, previous=_previous_of_class(found.home, latest))
    england = comparator_figure(found.england, latest.period) if area_code != ENGLAND else None
    neighbours = neighbour_figures(index, indicator, area_code, areas, as_at)
    return summary_line(indicator, latest, england=england, neighbours=neighbours)


def district_summary(table: DistrictTable, indicator: Indicator) -> str:
    """ "CP-plan rate at 31 Jul 2020: highest Rugby 33.0, lowest Warwick 16.0; Warwickshire 28.0"."""
    period = table.periods[-1]
    valued = [(row.name, row.value()) for row in table.rows if row.value() is not None]
    text = f"{short_title(indicator)} {when(period)}"
    if valued:
        high = max(valued, key=lambda pair: pair[1] or 0.0)
        low = min(valued, key=lambda pair: pair[1] or 0.0)
        text += f": highest {high[0]} {format_value(high[1], indicator)}"
        if low[0] != high[0]:
            text += f", lowest {low[0]} {format_value(low[1], indicator)}"
    la_value = table.la_values[-1]
    if la_value is not None:
        text += f"; {table.la_name} {format_value(la_value, indicator)}"
    return text


def rank_summary(ranking: Ranking, home_code: str, home_name: str, indicator: Indicator) -> str:
    """ "Re-plans % 23.0% in 2024/25: 66th of 153 councils (band B)"."""
    entry = ranking.entry(home_code)
    head = f"{short_title(indicator)}"
    if entry is None:
        return f"{head}: {home_name} has no figure {when(ranking.period)}"
    head += f" {format_value(entry.value, indicator)} {when(ranking.period)}"
    return f"{head}: {ranked_words(entry, ranking)}"
