"""Which of an LA's figures heads a report-card row or a trend chart's RAG badge.

The headline is the latest figure held on the "as at" date (see :mod:`cpdesk.query.as_at`), in-year
figures included: a 31 July 2020 snapshot heads the row over 31 March 2020, labelled as 31 Jul 2020,
and its comparators are found for that day or named with their own period.

"Previous" is the figure the change is measured from (:func:`cpdesk.query.as_at.previous_figure`),
always named with its period. The sparkline ends with the headline: the figures of the indicator's
own cycle before it (31 March snapshots, years), then the headline itself, so its last point is
always the figure printed beside it. For a flow indicator an in-year headline (a quarter) is drawn
with the quarters before it, never joined to a line of whole years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cpdesk.indicators.model import Indicator
from cpdesk.query.as_at import counted_on_a_day, held_by, latest_held, previous_figure
from cpdesk.query.cycle import main_class, period_class
from cpdesk.query.series import Series, SeriesPoint

RECENT_LENGTH = 8


@dataclass(frozen=True)
class Headline:
    latest: SeriesPoint
    previous: SeriesPoint | None
    recent: tuple[SeriesPoint, ...]  # up to 8 points ending with the headline, for the sparkline


def sparkline_points(points: tuple[SeriesPoint, ...], latest: SeriesPoint,
                     indicator: Indicator) -> tuple[SeriesPoint, ...]:
    """Up to 8 points ending with ``latest`` (see the module docstring)."""
    before = [p for p in points if p.period.end < latest.period.end]
    wanted = period_class(latest.period)
    if counted_on_a_day(indicator):
        wanted = main_class(indicator, [p.period for p in before if p.value is not None] + [latest.period])
    line = [p for p in before if period_class(p.period) == wanted]
    return (*line[-(RECENT_LENGTH - 1):], latest)


def headline(home: Series, indicator: Indicator, as_at: dt.date | None = None) -> Headline | None:
    """The figure to head the row with (see the module docstring); None when nothing has a value
    on or before ``as_at``."""
    latest = latest_held(home.points, indicator, as_at)
    if latest is None:
        return None
    held = tuple(p for p in home.points if held_by(p.period, as_at))
    previous = previous_figure(held, latest, indicator)
    return Headline(latest, previous, sparkline_points(held, latest, indicator))
