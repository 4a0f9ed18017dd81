"""A report-card row in words, the same on the Dashboard, in the board workbook and in the PDF pack.

Every figure is said with its period where that is not the headline's own: "Up 2.9 since 31 Mar
2020", "England 43.7 at 31 Mar 2019". The neighbours' figures are all kept: the council's own
reported one, and the mean and median computed from the neighbours' own figures, each named.
"""

from __future__ import annotations

import datetime as dt

from cpdesk.chart.format import format_value, standing_words
from cpdesk.indicators.model import Unit
from cpdesk.query.as_at import Compared, period_name, period_phrase
from cpdesk.query.comparators import compared_with_other_areas
from cpdesk.query.report_card import ReportCardRow

NEIGHBOUR_WORDS = {"sn_reported": "reported", "sn_mean": "mean", "sn_median": "median"}
COUNT_COMPARATORS = "Neighbours, region, England: not shown for a count (compare the rate)"


def headline_period(row: ReportCardRow) -> str:
    """"at 31 Jul 2020", "in 2019/20": when the headline figure is for."""
    return period_phrase(row.latest.period, row.indicator)


def amount_text(amount: float, row: ReportCardRow) -> str:
    """A difference in the indicator's units: "2.9", "15.3 pts" for a percentage."""
    text = format_value(abs(amount), row.indicator)
    return text.removesuffix("%") + " pts" if row.indicator.unit == Unit.PERCENT else text


def change_words(row: ReportCardRow) -> str:
    """"Up 2.9 since 31 Mar 2020"; "No earlier figure to compare" when there is none."""
    if row.previous is None or row.change is None:
        return "Change: no earlier figure to compare"
    since = period_name(row.previous.period, row.indicator)
    if row.change == 0:
        return f"No change since {since}"
    return f"{'Up' if row.change > 0 else 'Down'} {amount_text(row.change, row)} since {since}"


def compared_text(found: Compared, row: ReportCardRow, name: str | None = None) -> str:
    """"England 43.7", or "England 43.7 at 31 Mar 2019" when it is for another period."""
    text = f"{found.name if name is None else name} {format_value(found.value, row.indicator)}"
    return text if found.same_period else f"{text} {period_phrase(found.period, row.indicator)}"


def neighbours_line(row: ReportCardRow) -> str:
    """"Neighbours: reported 34.7 · mean 36.1 · median 35.0", each with its period if not the row's."""
    found = [(role, row.compared(role)) for role in NEIGHBOUR_WORDS]
    parts = [compared_text(c, row, NEIGHBOUR_WORDS[role]) for role, c in found if c is not None]
    return "Neighbours: " + (" · ".join(parts) if parts else "no figure")


def areas_line(row: ReportCardRow) -> str:
    """"West Midlands 50.2 · England 43.7 at 31 Mar 2019"."""
    found = (row.compared("region"), row.compared("england"))
    parts = [compared_text(c, row) for c in found if c is not None]
    return " · ".join(parts) if parts else "Region, England: no figure"


def national_words(row: ReportCardRow) -> str:
    """"66th of 153 councils (band B)"; "12th lowest of 153 councils (band A)" where neither higher nor
    lower is better; "" without the national figures."""
    found = row.national
    if found is None:
        return ""
    return standing_words(found.rank, found.count, found.band, found.judged)


def comparator_lines(row: ReportCardRow) -> tuple[str, ...]:
    """The neighbours' line, the region's and England's with the national rank, or one line saying
    why a count has none."""
    if not compared_with_other_areas(row.indicator):
        return (COUNT_COMPARATORS,)
    rank = national_words(row)
    return neighbours_line(row), areas_line(row) + (f" · {rank}" if rank else "")


def rag_words(row: ReportCardRow) -> str:
    """What the rating rests on: "Against England in 2019/20: 78.2%; higher is better", or why there
    is none and how to get one ("A count follows the council's size: set a target to rate it")."""
    if row.rag.status in ("green", "amber", "red"):
        return f"Against {row.rag.basis}"
    why = row.rag.basis[:1].upper() + row.rag.basis[1:]
    return f"{why}: set a target to rate it" if row.rag.advice == "set a target" else why


def as_at_words(as_at: dt.date | None) -> str:
    """The card's "as at" line."""
    if as_at is None:
        return "Latest figure held for each indicator, each with its own date or period"
    return f"As at {as_at.day} {as_at:%b %Y}: the latest figure on or before that day for each indicator"
