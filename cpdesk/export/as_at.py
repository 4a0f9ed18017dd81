"""The "as at" date of an export: reading it as an officer writes it, and naming it in a pack.

An export "as at" a date holds only the figures of periods that had ended by that day, so every
table, chart and headline is the latest on or before it. With no date the export holds every figure,
and its stamp is the latest day its figures reach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.periods import parse_period
from cpdesk.query.as_at import held_by


def parse_as_at(text: str) -> dt.date:
    """A day as written: 2020-03-31, 31/03/2020, "31 March 2020"; ExportError when it is not one."""
    value = text.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    period = parse_period(value)
    if period is None or period.start != period.end:
        raise ExportError(f"'{text}' is not a day cpdesk can read as an 'as at' date "
                          "(write it as 2020-03-31).")
    return period.end


def figures_as_at(observations: Iterable[Any], as_at: dt.date | None) -> list[Any]:
    """The figures held on ``as_at`` (all of them when None), by the one rule of
    :func:`cpdesk.query.as_at.held_by`."""
    return [o for o in observations if held_by(o.period, as_at)]


def day_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def as_at_words(as_at: dt.date | None) -> str:
    return f"as at {day_words(as_at)}" if as_at else ""
