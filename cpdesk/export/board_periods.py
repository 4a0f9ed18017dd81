"""The periods a board table has as columns: one class of period, in order, with no gap hidden.

A table (and the chart drawn from it) takes the last periods of one class that any row has: the
indicator's own cycle (years, 31 March snapshots), or, where no row has one, the class most figures
have (a council's quarters), so a sheet is never left without columns while the report card shows a
figure. Periods of that class that no row has, between the first and the last, are columns too,
left empty: a chart then shows 2020 to 2024 as four years with no figures, never as one step, and
never joins a line across them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.indicators.period_spans import financial_year, fy_quarter, mid_year, month_period, snapshot
from cpdesk.indicators.periods import period_sort_key
from cpdesk.query.cycle import in_class, main_class

MAX_PERIODS = 8
# Stop filling a gap after this many periods (a typing slip such as 1920 for 2020 is no reason for
# a hundred empty columns); a gap longer than this is shown by the column headings alone.
MAX_FILLED = 40


def _one_year_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def next_in_class(period: Period) -> Period | None:
    """The period after ``period`` of the same class: the next year, 31 March, quarter or month."""
    end = period.end
    if period.kind == PeriodKind.YEAR:
        return financial_year(end.year + 1)
    if period.kind == PeriodKind.SNAPSHOT:
        return snapshot(_one_year_on(end))
    if period.kind == PeriodKind.MID_YEAR:
        return mid_year(end.year + 1)
    if period.kind == PeriodKind.QUARTER:
        number = ((end.month - 4) % 12) // 3 + 1  # Q1 ends in June
        fy_end = end.year + 1 if end.month >= 4 else end.year
        return fy_quarter(fy_end + 1, 1) if number == 4 else fy_quarter(fy_end, number + 1)
    if period.kind == PeriodKind.MONTH:
        return month_period(end.year + end.month // 12, end.month % 12 + 1)
    return None


def with_gaps(periods: list[Period]) -> list[Period]:
    """``periods`` (in order, of one class) with the periods missing between them put in."""
    filled: list[Period] = []
    for period in periods:
        if filled:
            between = next_in_class(filled[-1])
            count = 0
            while between is not None and between.end < period.end and count < MAX_FILLED:
                filled.append(between)
                between, count = next_in_class(between), count + 1
        filled.append(period)
    return filled


def table_periods(rows: Iterable[Any], indicator) -> list[Period]:
    """The columns of a board table: the last MAX_PERIODS periods of one class, gaps included, but
    never starting with a column no row has a figure for."""
    periods = {p.period.key: p.period for s in rows for p in s.points}
    ordered = sorted(periods.values(), key=period_sort_key)
    columns = with_gaps(in_class(ordered, main_class(indicator, ordered)))[-MAX_PERIODS:]
    while columns and columns[0].key not in periods:
        columns.pop(0)
    return columns
