"""Periods: reading them from whatever a workbook holds, fitting them to an indicator, ordering them.

A period reaches cpdesk as header text ("2015/16", "Q1 20/21", "31 March 2015"), as an Excel date
cell (a date or datetime), as an Excel serial number the reader could not format, or as a DfE
``time_period`` (201920, or 2020 for reporting year 2019/20). :func:`parse_period` turns each into a
:class:`~cpdesk.indicators.model.Period` with a canonical label; :func:`coerce_period` then fits it
to the indicator's period kind (a "2018/19" column of a snapshot indicator is the count at
31 March 2019).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers

from cpdesk.indicators.model import PERIOD_KINDS, Period, PeriodKind
from cpdesk.indicators.period_spans import (
    financial_year,
    fy_quarter,
    fy_start_year,
    mid_year,
    month_period,
    snapshot,
)
from cpdesk.indicators.period_text import EARLIEST_YEAR, LATEST_YEAR, fy_end_year, parse_period_text

__all__ = [
    "coerce_period",
    "dfe_reporting_year",
    "excel_serial_date",
    "financial_year",
    "fy_quarter",
    "fy_start_year",
    "mid_year",
    "month_period",
    "parse_period",
    "period_sort_key",
    "snapshot",
]

# Excel serial day numbers count from 30 December 1899 (this absorbs Excel's phantom 29 Feb 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers accepted as dates: 1954-10-03 to 2119-01-10, well clear of years and counts.
EXCEL_SERIAL_RANGE = (20_000, 80_000)


def parse_period(value: object, *, prefer: str | None = None) -> Period | None:
    """The period ``value`` names, or None when it names none ("Total", "TBC", "", a place name).

    ``prefer`` is the period kind of the indicator being read, and only settles readings that are
    otherwise ambiguous: a bare year "2019" is the snapshot at 31 March 2019, or with
    ``prefer="year"`` the financial year 2018/19, or with ``prefer="mid_year"`` mid-2019; a date cell
    on the first of a month (as Excel stores "Mar-20") is that month, or with ``prefer="snapshot"``
    the snapshot at that very date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.date):
        return _from_date(value, prefer)
    if isinstance(value, numbers.Real):
        return _from_number(float(value), prefer)
    if isinstance(value, str):
        return parse_period_text(value, prefer)
    return None


def excel_serial_date(serial: float) -> dt.date | None:
    """The date of an Excel serial day number (any time of day is dropped), or None out of range."""
    low, high = EXCEL_SERIAL_RANGE
    if not math.isfinite(serial) or not low < serial < high:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def coerce_period(period: Period, kind: str) -> Period:
    """``period`` fitted to an indicator measured over periods of ``kind``, where that is meaningful.

    - to a snapshot: a financial year, a quarter or a month becomes the snapshot at its last day (a
      scorecard's "Q1 20/21" column of children on plans is the count on 30 June 2020);
    - to a financial year: a snapshot at 31 March becomes the year ending that day (so a bare year
      "2019", read as 31 March 2019, becomes 2018/19);
    - to mid-year: a snapshot at 30 June becomes that mid-year, and so does 31 March (how a bare
      year reads: "2018" in an ONS file, whose ``time_period`` is the mid-year, is mid-2018);
    - to a month: a snapshot becomes the month holding it.
    Anything else (a quarter for a flow measured over years, say) is returned unchanged.
    """
    if period.kind == kind or kind not in PERIOD_KINDS:
        return period
    if kind == PeriodKind.SNAPSHOT and period.kind in (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH):
        return snapshot(period.end)
    if period.kind != PeriodKind.SNAPSHOT:
        return period
    day = period.end
    if kind == PeriodKind.YEAR and (day.month, day.day) == (3, 31):
        return financial_year(day.year)
    if kind == PeriodKind.MID_YEAR and (day.month, day.day) in ((6, 30), (3, 31)):
        return mid_year(day.year)
    if kind == PeriodKind.MONTH:
        return month_period(day.year, day.month)
    return period


def dfe_reporting_year(time_period: int | str) -> Period:
    """The financial year of a DfE ``time_period``: reporting year 2020 or "201920" -> 2019/20."""
    text = str(time_period).strip()
    if text.isdigit() and len(text) == 4 and EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
        return financial_year(int(text))
    if text.isdigit() and len(text) == 6:
        try:
            return financial_year(fy_end_year(text[:4], text[4:]))
        except ValueError:
            pass
    raise ValueError(f"{time_period!r} is not a DfE time_period (expected e.g. 2020 or 201920)")


def period_sort_key(period: Period) -> tuple[dt.date, dt.date, int]:
    """Chronological order: by end date, then the longer period first, then by kind."""
    return (period.end, period.start, PERIOD_KINDS.index(period.kind) if period.kind in PERIOD_KINDS else 99)


def _from_date(value: dt.date, prefer: str | None) -> Period | None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # 0 formatted as a date is 1899, not a period
        return None
    if day.day == 1 and prefer != PeriodKind.SNAPSHOT:
        return month_period(day.year, day.month)
    return snapshot(day)


def _from_number(number: float, prefer: str | None) -> Period | None:
    if not math.isfinite(number):
        return None
    if number.is_integer():
        whole = int(number)
        if EARLIEST_YEAR <= whole <= LATEST_YEAR:
            return parse_period_text(str(whole), prefer)
        if 100_000 <= whole <= 999_999:
            return parse_period_text(str(whole), prefer)
    day = excel_serial_date(number)
    return _from_date(day, prefer) if day is not None else None
