"""An indicator's reporting cycle, and the figures that fall outside it.

Each indicator is published on one cycle: snapshot indicators at 31 March, flow indicators for the
financial year, the population at mid-year. Councils also report in-year figures: a snapshot at
31 July, a quarter, a month to date. Those must never be joined into the year-by-year line, nor
compared with a neighbour's year-end figure, so every period belongs to a *class*:

- a snapshot's class is the day it is taken ("snapshot 31 Mar", "snapshot 31 Jul"), so July
  snapshots join each other but not the March ones;
- any other period's class is its kind ("year", "quarter", "month", "mid_year").

The indicator's *own* class is "snapshot 31 Mar" for snapshot indicators and its period kind for
the rest. Where a chart or table has no figure of the indicator's own class (a council that only
reports quarters), the class most of its figures have stands in (:func:`main_class`).

Time on a chart: each period sits at its end date (:func:`time_position`), in years. A snapshot is
measured on that day; a year, quarter or month is known when it closes, so "2019/20" and
"31 Mar 2020" share a position, and a year-to-date month sits just before its year's end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from cpdesk.indicators.model import Indicator, Period, PeriodKind

YEAR_END = (3, 31)
CLASS_WORDS: dict[str, str] = {
    PeriodKind.YEAR: "year", PeriodKind.QUARTER: "quarterly", PeriodKind.MONTH: "monthly",
    PeriodKind.MID_YEAR: "mid-year",
}


def period_class(period: Period) -> str:
    if period.kind == PeriodKind.SNAPSHOT:
        return f"snapshot {period.end.day} {period.end:%b}"
    return period.kind


def own_class(indicator: Indicator) -> str:
    if indicator.period_kind == PeriodKind.SNAPSHOT:
        return f"snapshot {YEAR_END[1]} {dt.date(2000, *YEAR_END):%b}"
    return indicator.period_kind


def main_class(indicator: Indicator, periods: Iterable[Period]) -> str:
    """The indicator's own class if any period has it, else the commonest (the latest on a tie)."""
    classes = [period_class(p) for p in sorted(periods, key=lambda p: p.end)]
    own = own_class(indicator)
    if own in classes or not classes:
        return own
    counts = Counter(classes)
    return max(reversed(classes), key=lambda c: counts[c])


def in_class(periods: Iterable[Period], wanted: str) -> list[Period]:
    return [p for p in periods if period_class(p) == wanted]


def class_words(cls: str) -> str:
    """How a chart names figures of a class outside the line: "31 Jul snapshot", "quarterly"."""
    if cls.startswith("snapshot "):
        return f"{cls.removeprefix('snapshot ')} snapshot"
    return CLASS_WORDS.get(cls, cls)


CLASS_YEARS: dict[str, float] = {PeriodKind.QUARTER: 0.25, PeriodKind.MONTH: 1 / 12}


def cycle_years(cls: str) -> float:
    """How long one period of the class lasts, in years: 1 for years, mid-years and snapshots."""
    return CLASS_YEARS.get(cls, 1.0)


def time_position(period: Period) -> float:
    """The period's end date in years (2020-03-31 -> about 2020.25), for a time-proportional axis."""
    end = period.end
    first = dt.date(end.year, 1, 1)
    days = (dt.date(end.year + 1, 1, 1) - first).days
    return end.year + ((end - first).days + 1) / days
