"""What a table says about its own figures, in its title, the lines above it, its footnotes and its
headings: cumulative (year-to-date) figures, calendar years, years ending in March, and headings that
mark figures as provisional. The reader refuses or notes figures accordingly (see ``layouts``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.indicators.period_spans import snapshot
from cpdesk.read.tables.detect import TableBlock
from cpdesk.recognise import counted_on_days

_CUMULATIVE = re.compile(r"\bcumulative\b|\byear[\s-]+to[\s-]+date\b|\bytd\b", re.IGNORECASE)
_CALENDAR = re.compile(r"\bcalendar\s+years?\b|\bjan(?:uary)?\s*(?:-|to)\s*dec(?:ember)?\b", re.IGNORECASE)
_TO_MARCH = re.compile(r"\bmarch\b|\byear[\s-]+end", re.IGNORECASE)
_MARKED = re.compile(r"\b(?:provisional|draft|estimated?|revised)\b|\((?:p|r)\)", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^\s*\d{4}(?:\.0)?\s*$")


@dataclass(frozen=True)
class TableWording:
    cumulative: bool  # "figures are cumulative (year to date)": its quarters are totals so far
    calendar_years: bool  # "calendar year", "January to December"
    years_to_march: bool  # the table itself says its years end in March
    counted_on: tuple[int, int] | None = None  # (month, day) "at 30 September" gives bare years

    @classmethod
    def of(cls, block: TableBlock) -> TableWording:
        texts = [text or "" for text in (block.title, *block.lines_above, *block.footnotes)]
        headings = [str(block.header_text(r, c) or "") for r in block.header_rows
                    for c in (*block.label_cols, *block.value_cols)]
        days = set().union(*(counted_on_days(text) for text in texts))
        return cls(counted_on=days.pop() if len(days) == 1 else None,
                   cumulative=any(_CUMULATIVE.search(text) for text in texts),
                   calendar_years=any(_CALENDAR.search(text) for text in texts),
                   years_to_march=any(_TO_MARCH.search(text) for text in (*texts, *headings)))

    def on_its_day(self, heading: str | None, indicator, period):
        """A bare year ("2020") under a title counting at a day of the year ("at 30 September"): the
        snapshot on that day of that year, not 31 March; otherwise ``period`` itself."""
        if indicator.period_kind != "snapshot":
            return period
        return bare_year_on(heading, self.counted_on) or period

    def allows(self, where, heading: str | None, indicator, period, log) -> bool:
        """False, after ``log`` says why, for a cell the table's own words rule out; notes a bare year."""
        flow = indicator.period_kind != PeriodKind.SNAPSHOT
        if self.cumulative and flow and period.kind in (PeriodKind.QUARTER, PeriodKind.MONTH):
            log.cumulative(where, indicator)
            return False
        if is_bare_year(str(heading or "")):
            if self.calendar_years:
                log.calendar_years(where)
                return False
            if not self.years_to_march:
                log.bare_year(where, heading)
        return True


def bare_year_on(heading, day: tuple[int, int] | None) -> Period | None:
    """A bare year ("2020") on the (month, day) a measure is counted on: that day of that year."""
    if day is None or not is_bare_year(str(heading or "")):
        return None
    try:
        return snapshot(dt.date(int(float(str(heading).strip())), *day))
    except ValueError:
        return None


def is_bare_year(heading: str) -> bool:
    """"2022" alone: a year with nothing to say whether it ends in March or December."""
    return bool(_BARE_YEAR.match(heading or ""))


def marks_figures(heading: str) -> bool:
    """A heading that marks its figures as provisional, draft, estimated or revised."""
    return bool(_MARKED.search(heading or ""))
