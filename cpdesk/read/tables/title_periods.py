"""The period a table's title gives, and quarter headings ("Q1") that take their year from it."""

from __future__ import annotations

import re

from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.indicators.period_spans import fy_quarter
from cpdesk.indicators.periods import month_period, parse_period

_AT_DATE = re.compile(r"(?:\bas at|\bat|@)\s+(?P<when>[^,;:()]+?)\s*[.:]?\s*$", re.IGNORECASE)
_IN_BRACKETS = re.compile(r"\(([^()]+)\)")
# A financial year closing a title ("Quarterly performance 2023/24"): the slash makes it unambiguous.
_ENDING_FY = re.compile(r"(?:^|\s)((?:fy\s*)?\d{4}\s*/\s*\d{2})\s*[.:]?\s*$", re.IGNORECASE)
# A bracketed note closing a title: "..., 2014/15 (630 children became the subject of a plan)".
_CLOSING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_BARE_QUARTER = re.compile(r"^\s*(?:q|qtr|quarter)\s*([1-4])\s*$", re.IGNORECASE)


def quarter_of_year(text: str, year: Period | None) -> Period | None:
    """"Q1" under a table titled for 2023/24: quarter 1 of that financial year; None otherwise."""
    match = _BARE_QUARTER.match(text or "")
    if match is None or year is None or year.kind != PeriodKind.YEAR:
        return None
    return fy_quarter(year.end.year, int(match[1]))


_BARE_MONTH = re.compile(r"^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_of_year(text: str, year: Period | None) -> Period | None:
    """"Apr" under a table titled for 2024/25: April 2024 ("Jan" is January 2025); None otherwise."""
    match = _BARE_MONTH.match(text or "")
    if match is None or year is None or year.kind != PeriodKind.YEAR:
        return None
    month = _MONTHS.index(match[1].lower()) + 1
    return month_period(year.start.year if month >= 4 else year.end.year, month)


def period_in_text(text: str) -> Period | None:
    """The period a title states at its end ("... at 30 September 2015", "... (2014/15)", "..., 2014/15
    (630 children ...)"), or the period a title line is as a whole ("Year ending 31 March 2023"), if one.

    Only these explicit forms count: a year that merely appears in a sentence is not a period.
    """
    whole = text.strip().rstrip(".:").strip()
    if whole and not whole.isdigit() and (period := parse_period(whole)) is not None:
        return period
    found = [m.group(1) for m in _IN_BRACKETS.finditer(text)]
    at_date = _AT_DATE.search(text)
    if at_date:
        found.append(at_date.group("when"))
    ending = _ENDING_FY.search(text) or _ENDING_FY.search(_CLOSING_NOTE.sub("", text))
    if ending:
        found.append(ending.group(1))
    readings = (parse_period(t.strip()) for t in found if not t.strip().isdigit())
    periods = {p for p in readings if p is not None}
    return periods.pop() if len(periods) == 1 else None
