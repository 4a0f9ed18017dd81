"""Words and numbers on charts, written the way performance officers write them.

Period labels (:func:`officer_label`):

- financial year "2019/20"; quarter "Q1 20/21"; ONS mid-year "mid-2018";
- month "Mar-20" (the form Excel and the council reports use, shorter than the store's "Mar 2020");
- snapshot "31 Mar 2019". A snapshot is not relabelled as the financial year it closes ("2018/19"),
  because a chart can hold both a year and a snapshot and they must not look alike; with
  ``short=True`` a snapshot becomes "Mar-19", for crowded axes such as sparklines.
"""

from __future__ import annotations

from collections.abc import Sequence

from cpdesk.indicators.model import Indicator, Period, PeriodKind, Unit
from cpdesk.indicators.rates import round_half_up
from cpdesk.observation import STATUSES

# What a gap shows where a figure is withheld or not yet known.
STATUS_MARKERS = {"tbc": "TBC", "c": "c", "x": "x", "z": "z", "u": "u", "low": "low", "na": "N/A",
                  "blank": ""}

_AXIS_LABELS = {
    Unit.RATE_PER_10K: "Rate per 10,000 children",
    Unit.PERCENT: "%",
    Unit.DAYS: "Days",
    Unit.MONTHS: "Months",
    Unit.RATIO: "Cases per social worker",
}


def officer_label(period: Period, *, short: bool = False) -> str:
    if period.kind == PeriodKind.MONTH:
        return f"{period.end:%b}-{period.end.year % 100:02d}"
    if period.kind == PeriodKind.SNAPSHOT:
        if short:
            return f"{period.end:%b}-{period.end.year % 100:02d}"
        return f"{period.end.day} {period.end:%b} {period.end.year}"
    return period.label


def span_text(periods: Sequence[Period], *, short: bool = False) -> str:
    """ "2015/16 to 2019/20", or one label when there is one period, "" for none."""
    if not periods:
        return ""
    first, last = officer_label(periods[0], short=short), officer_label(periods[-1], short=short)
    return first if first == last else f"{first} to {last}"


def axis_label(indicator: Indicator) -> str:
    """The y-axis label with the unit: "Rate per 10,000 children", "%", "Number of children" ..."""
    if indicator.unit == Unit.COUNT:
        return "Number of children" if indicator.title.lower().startswith(("children", "plans")) else "Number"
    return _AXIS_LABELS.get(indicator.unit, indicator.unit)


def format_value(value: float | None, indicator: Indicator) -> str:
    """A figure as published: rounded half up to the indicator's decimals, "%" for percentages."""
    if value is None:
        return ""
    rounded = round_half_up(value, indicator.decimals)
    text = f"{rounded:,.{indicator.decimals}f}"
    return f"{text}%" if indicator.unit == Unit.PERCENT else text


def status_marker(status: str | None, raw: str = "") -> str | None:
    """The short text to draw at a gap ("TBC", "c"); None where there is no status."""
    if status is None:
        return None
    return STATUS_MARKERS.get(status) or raw or status


def status_words(status: str | None) -> str:
    return STATUSES.get(status or "", status or "")


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def standing_words(rank: int, count: int, band: str | None, judged: bool) -> str:
    """A council's national standing, worded once for every chart, summary and pack: "66th of 153
    councils (band B)"; "10th lowest of 151 councils (band A)" where neither higher nor lower is better."""
    lowest = "" if judged else " lowest"
    return f"{ordinal(rank)}{lowest} of {count} councils" + (f" (band {band})" if band else "")


def nice_ceiling(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis (1, 2, 2.5, 5 x 10^n steps)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10 if value >= 1 else 1.0
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


HEADROOM = 1.05  # the top of the axis clears the highest point by 5%, so its marker is drawn whole
BAR_FIGURE_HEADROOM = 1.12  # and by 12% over bars that carry their figure above them


def suggested_y_range(values: Sequence[float | None], indicator: Indicator,
                      headroom: float = HEADROOM) -> tuple[float, float]:
    """From 0 (counts and rates are never drawn from a false floor) to a round number above the data,
    holding every point with room for its marker.

    Percentages stop at 100 unless a point is so near 100 that its marker would be cut: then the axis
    runs just past 100 (a 100% point is drawn whole, never a half-disc on the frame).
    """
    present = [v for v in values if v is not None]
    if not present:
        return (0.0, 1.0)
    highest, lowest = max(present), min(present)
    top = nice_ceiling(highest * 1.1)
    if indicator.unit == Unit.PERCENT:
        top = min(top, 100.0)
    top = max(top, highest * headroom)
    bottom = min(0.0, lowest * headroom)
    return (float(bottom), float(top))
