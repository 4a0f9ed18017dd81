"""Building periods of each kind, with their canonical labels.

Financial years run 1 April to 31 March and are labelled "2019/20"; their quarters "Q1 20/21"
(April-June 2020) to "Q4 20/21" (January-March 2021); months "Mar 2020"; snapshots "31 Mar 2019";
ONS mid-year estimates (30 June) "mid-2018". These labels are what the store and the exports show,
and :func:`cpdesk.indicators.periods.parse_period` reads each of them back to the same period.
"""

from __future__ import annotations

import calendar
import datetime as dt

from cpdesk.indicators.model import Period, PeriodKind

MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST_MONTH_OF_FY = 4


def fy_start_year(day: dt.date) -> int:
    """The calendar year in which the financial year holding ``day`` began (31 Mar 2019 -> 2018)."""
    return day.year if day.month >= FIRST_MONTH_OF_FY else day.year - 1


def financial_year(end_year: int) -> Period:
    """The financial year ending 31 March ``end_year`` (2020 -> "2019/20")."""
    start = dt.date(end_year - 1, 4, 1)
    end = dt.date(end_year, 3, 31)
    return Period(PeriodKind.YEAR, start, end, f"{end_year - 1}/{end_year % 100:02d}")


def fy_quarter(end_year: int, number: int) -> Period:
    """Quarter ``number`` (1-4) of the financial year ending in ``end_year``: Q1 is April to June."""
    if number not in (1, 2, 3, 4):
        raise ValueError(f"A quarter is numbered 1 to 4, not {number}")
    first_month = (FIRST_MONTH_OF_FY - 1 + 3 * (number - 1)) % 12 + 1
    year = end_year - 1 if first_month >= FIRST_MONTH_OF_FY else end_year
    start = dt.date(year, first_month, 1)
    end = _last_day(year, first_month + 2)
    label = f"Q{number} {(end_year - 1) % 100:02d}/{end_year % 100:02d}"
    return Period(PeriodKind.QUARTER, start, end, label)


def month_period(year: int, month: int) -> Period:
    """The calendar month (a flow over the month, labelled "Mar 2020")."""
    start = dt.date(year, month, 1)
    return Period(PeriodKind.MONTH, start, _last_day(year, month), f"{MONTH_ABBREVIATIONS[month - 1]} {year}")


def snapshot(day: dt.date) -> Period:
    """A count at one date ("31 Mar 2019"). A datetime is reduced to its date."""
    if isinstance(day, dt.datetime):
        day = day.date()
    label = f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"
    return Period(PeriodKind.SNAPSHOT, day, day, label)


def mid_year(year: int) -> Period:
    """The ONS mid-year estimate date, 30 June of ``year`` ("mid-2018")."""
    day = dt.date(year, 6, 30)
    return Period(PeriodKind.MID_YEAR, day, day, f"mid-{year}")


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
