"""Which of an LA's figures heads a report-card row or a trend chart's RAG badge.

The headline is the latest figure that can be compared: the LA's latest period for which its
statistical neighbours or England have a figure. Where no period has one (a council's own
quarterly series), it is the latest figure of the indicator's own reporting cycle, else the latest
figure of any kind. So a 31 July snapshot never heads a row whose comparators are at 31 March: the
row says "31 Mar 2019" with the neighbours' and England's figures for 31 March 2019, and the July
figure stays on the chart, drawn and labelled as an in-year point.

"Previous" is the figure before the headline in the same class of period (the year before a year,
the 31 March before a 31 March), so a change is never measured between a year and a quarter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cpdesk.indicators.model import Indicator
from cpdesk.query.cycle import main_class, period_class
from cpdesk.query.series import Series, SeriesPoint

RECENT_LENGTH = 8


@dataclass(frozen=True)
class Headline:
    latest: SeriesPoint
    previous: SeriesPoint | None
    recent: tuple[SeriesPoint, ...]  # up to 8 points of the headline's class, the last 8 if they hold it


def _has_comparator(point: SeriesPoint, comparators: Sequence[Series | None]) -> bool:
    for series in comparators:
        found = series.at(point.period.key) if series is not None else None
        if found is not None and found.value is not None:
            return True
    return False


def headline(home: Series, comparators: Sequence[Series | None], indicator: Indicator) -> Headline | None:
    """The figure to head the row with (see the module docstring); None when nothing has a value."""
    valued = [p for p in home.points if p.value is not None]
    if not valued:
        return None
    compared = [p for p in valued if _has_comparator(p, comparators)]
    if compared:
        latest = compared[-1]
    else:
        cycle = main_class(indicator, [p.period for p in valued])
        latest = ([p for p in valued if period_class(p.period) == cycle] or valued)[-1]
    same = [p for p in home.points if period_class(p.period) == period_class(latest.period)]
    position = same.index(latest)
    previous = same[position - 1] if position > 0 else None
    start = min(max(0, len(same) - RECENT_LENGTH), position)
    return Headline(latest, previous, tuple(same[start:start + RECENT_LENGTH]))
