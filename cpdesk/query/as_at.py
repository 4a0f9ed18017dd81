""""As at": which figure is the latest, one rule for every view and export.

With no date, an indicator's headline is the latest figure held, in-year figures included: a
snapshot at 31 July 2020 beats the one at 31 March 2020, and 2019/20 beats 2018/19. With an "as at"
date, it is the latest figure whose period ended on or before that date (a year that has not ended
by then is not yet known). Two figures ending on the same day: the one of the indicator's own cycle
wins (the year 2019/20 over its fourth quarter).

Every figure carries its own period, named by :func:`period_name`: "31 Mar 2020", "2019/20". A
snapshot indicator (a count or rate *at* a date) reported for a quarter or a month is named by the
day it was counted, that period's last day ("30 Jun 2020"), never by the indicator's "at 31 March".

Comparators (statistical neighbours, region, England) are taken for the headline's own period where
they have one; otherwise the latest they have of the same kind of period on or before it, and the
period is named with the figure ("England 43.7 at 31 Mar 2019"), never passed off as the same year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cpdesk.indicators.model import Indicator, Period, PeriodKind
from cpdesk.query.cycle import own_class, period_class
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.series import Series, SeriesPoint


def held_by(period: Period, as_at: dt.date | None) -> bool:
    """Whether a figure for ``period`` is known on ``as_at``: its period has ended by then."""
    return as_at is None or period.end <= as_at


def held_dates(index: ObservationIndex, area_code: str) -> list[dt.date]:
    """The days on which a period of the area's figures ended, newest first: the "as at" days worth
    offering, as each one changes what is latest."""
    days = {index.period(key).end for indicator_id in index.indicator_ids(area_code)
            for key in index.period_keys(indicator_id, area_code)}
    return sorted(days, reverse=True)


def counted_on_a_day(indicator: Indicator) -> bool:
    """A snapshot indicator counts on a day, whatever kind of period a council filed the figure under."""
    return indicator.period_kind == PeriodKind.SNAPSHOT


def period_name(period: Period, indicator: Indicator | None = None) -> str:
    """The period a figure is for, as a board paper names it: "31 Mar 2020", "2019/20", "Q1 2020/21".

    A snapshot indicator's figure for a quarter or a month is the count at that period's last day.
    """
    if period.kind == PeriodKind.SNAPSHOT or (
            indicator is not None and counted_on_a_day(indicator) and period.kind != PeriodKind.MID_YEAR):
        return f"{period.end.day} {period.end:%b} {period.end.year}"
    if period.kind == PeriodKind.MONTH:
        return f"{period.end:%b} {period.end.year}"
    return period.label


YEAR_END_WORDS = (" at 31 March", " on 31 March")


def title_for(indicator: Indicator, period: Period) -> str:
    """The indicator's title for a figure of ``period``: "Children looked after at 31 March" loses
    its "at 31 March" when the figure was counted on another day (its period names the day)."""
    if (period.end.month, period.end.day) == (3, 31):
        return indicator.title
    title = indicator.title
    for words in YEAR_END_WORDS:
        title = title.replace(words, "")
    return title


def period_phrase(period: Period, indicator: Indicator | None = None) -> str:
    """"at 31 Mar 2020" for a figure counted on a day, "in 2019/20" for one over a span."""
    name = period_name(period, indicator)
    on_a_day = period.kind == PeriodKind.SNAPSHOT or (indicator is not None and counted_on_a_day(indicator))
    return f"at {name}" if on_a_day else f"in {name}"


def _precedence(point: SeriesPoint, indicator: Indicator) -> tuple[dt.date, bool, int]:
    """Later end first; on the same day, the indicator's own cycle, then the longer period."""
    period = point.period
    return (period.end, period_class(period) == own_class(indicator), -period.start.toordinal())


def latest_held(points: Iterable[SeriesPoint], indicator: Indicator,
                as_at: dt.date | None = None) -> SeriesPoint | None:
    """The latest point with a value whose period ended by ``as_at`` (see the module docstring)."""
    held = [p for p in points if p.value is not None and held_by(p.period, as_at)]
    return max(held, key=lambda p: _precedence(p, indicator)) if held else None


def comparable_kind(a: Period, b: Period, indicator: Indicator) -> bool:
    """Whether two figures measure the same kind of span: any two days for a snapshot indicator,
    else the same kind of period (a quarter's referrals are not a year's)."""
    if counted_on_a_day(indicator):
        return (a.kind == PeriodKind.MID_YEAR) == (b.kind == PeriodKind.MID_YEAR)
    return a.kind == b.kind


# What a comparator beside a headline is: the council's own neighbours' figure, the neighbours' mean
# and median computed from their figures, the region and England.
COMPARED_ROLES = ("sn_reported", "sn_mean", "sn_median", "region", "england")


@dataclass(frozen=True)
class Compared:
    """A comparator's figure beside a headline: its value, the period it is for, and what it is.

    ``same_period`` is False when the comparator has no figure for the headline's period and its
    latest earlier one stands in; its period is then always named with it.
    """

    role: str  # one of COMPARED_ROLES
    name: str  # "England", "South East", "Statistical neighbours' mean"
    value: float
    period: Period
    basis: str  # how the figure was arrived at ("as published", "mean of 9 of 10 ...")
    same_period: bool
    n_with_data: int | None = None
    n_expected: int | None = None


def compared_point(series: Series | None, headline: Period,
                   indicator: Indicator) -> tuple[SeriesPoint, bool] | None:
    """The comparator's point for the headline's period, else its latest of the same kind before it."""
    if series is None:
        return None
    same = series.at(headline.key)
    if same is not None and same.value is not None:
        return same, True
    earlier = [p for p in series.points if p.value is not None and p.period.end <= headline.end
               and comparable_kind(p.period, headline, indicator)]
    found = latest_held(earlier, indicator)
    return (found, False) if found is not None else None


def compared(series: Series | None, role: str, name: str, headline: Period, indicator: Indicator,
             basis: str | None = None) -> Compared | None:
    """``series``' figure beside a headline for ``headline`` (see :func:`compared_point`)."""
    found = compared_point(series, headline, indicator)
    if found is None or series is None:
        return None
    point, same = found
    assert point.value is not None
    described = basis if basis is not None else (point.source if point.n_with_data else series.basis)
    return Compared(role, name, point.value, point.period, described, same, point.n_with_data,
                    point.n_expected)


def previous_figure(points: Sequence[SeriesPoint], latest: SeriesPoint,
                    indicator: Indicator) -> SeriesPoint | None:
    """The figure a change is measured from: the latest earlier one of a comparable kind.

    For a snapshot indicator that is the previous day counted (31 Mar 2020 before 31 Jul 2020); for
    any other, the period before of the same class (2018/19 before 2019/20, never a quarter).
    """
    if counted_on_a_day(indicator):
        earlier = [p for p in points if p.period.end < latest.period.end
                   and comparable_kind(p.period, latest.period, indicator)]
    else:
        wanted = period_class(latest.period)
        earlier = [p for p in points if p.period.end < latest.period.end and period_class(p.period) == wanted]
    return latest_held(earlier, indicator)
