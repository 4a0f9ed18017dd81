"""Rules that compare a file with what came before it and with what it should contain.

A figure that doubles in a year, a figure that differs from the one already stored, a period the
file leaves out, and cells that hold a status instead of a number. None of these stops an import:
they are what an officer checks before a report goes to committee.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cpdesk.figures import Figures
from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.indicators.model import Indicator, Period, PeriodKind, Unit
from cpdesk.issues import INFO, WARNING, Issue
from cpdesk.observation import STATUSES, Observation
from cpdesk.read.values import footnote_mark
from cpdesk.validate.rules import (
    ValidationContext,
    area_of,
    cell_issue,
    cell_name,
    file_issue,
    indicator_of,
    indicator_table,
    same_figure,
    shared,
    show_figure,
    show_value,
)

# How far a figure may move from one period to the next before it is worth a second look.
PERCENT_POINTS_LIMIT = 25.0  # a percentage moving by more than 25 points
RATIO_LIMIT = 2.0  # any other figure more than doubling or halving...
RATIO_FLOOR = 10.0  # ...when both figures are above 10 (small numbers swing naturally)
# Months each kind of period steps back by to reach the one before.
_STEP_MONTHS = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1, PeriodKind.SNAPSHOT: 12,
                PeriodKind.MID_YEAR: 12}


def _shift_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier or later, kept inside the month (31 May - 3 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def previous_period_key(period: Period) -> tuple[str, dt.date, dt.date] | None:
    """The ``Period.key`` of the period before: last year's snapshot date, the previous year or quarter."""
    return _previous_period_key(period.kind, period.start, period.end)


@functools.lru_cache(maxsize=4096)
def _previous_period_key(kind: PeriodKind, start: dt.date,
                         end: dt.date) -> tuple[str, dt.date, dt.date] | None:
    """A file holds a few dozen distinct periods but many thousand figures: work each one out once."""
    period = Period(kind, start, end, "")
    step = _STEP_MONTHS.get(period.kind)
    if step is None:
        return None
    if period.kind in (PeriodKind.SNAPSHOT, PeriodKind.MID_YEAR):
        return (period.kind, _shift_months(period.start, -step), _shift_months(period.end, -step))
    return (period.kind, _shift_months(period.start, -step), period.start - dt.timedelta(days=1))


def _previous_key(obs: Observation) -> tuple | None:
    period_key = previous_period_key(obs.period)
    if period_key is None:
        return None
    return (obs.area_code, obs.indicator_id, obs.breakdown, *period_key, obs.publisher)


def history_keys(observations: Iterable[Observation], *, reference: bool = False) -> set[tuple]:
    """The keys to fetch from the store before validating: each figure's own and its previous period's.

    Figures' keys are worked out over their columns (``columns_history.history_keys``) unless
    ``reference``; the figure-by-figure loop here is the reference."""
    if isinstance(observations, Figures) and not reference:
        # imported here: the column-wise module builds on this one
        from cpdesk.validate.columns import KeySpaceTooLarge
        from cpdesk.validate.columns_history import history_keys as by_columns

        try:
            return by_columns(observations)
        except KeySpaceTooLarge:
            pass
    keys: set[tuple] = set()
    with without_gc_pauses():
        for obs in observations:
            keys.add(obs.key)
            previous = _previous_key(obs)
            if previous is not None:
                keys.add(previous)
    return keys


# --- outlier-change --------------------------------------------------------------------------------


def figures_by_key(observations: Sequence[Observation]) -> dict[tuple, Observation]:
    """The first figure (with a value) of each key in the file."""
    in_file: dict[tuple, Observation] = {}
    for obs in observations:
        if obs.value is not None:
            in_file.setdefault(obs.key, obs)
    return in_file


def is_outlier_change(old: float, new: float, indicator: Indicator) -> bool:
    if indicator.unit == Unit.PERCENT:
        return abs(new - old) > PERCENT_POINTS_LIMIT
    if old <= RATIO_FLOOR or new <= RATIO_FLOOR:
        return False
    return new > old * RATIO_LIMIT or new < old / RATIO_LIMIT


def _earlier_figure(obs: Observation, in_file: dict[tuple, Observation],
                    context: ValidationContext) -> tuple[float, str, str] | None:
    """(value, period label, where it came from) of the figure for the previous period, if known."""
    key = _previous_key(obs)
    if key is None:
        return None
    earlier = in_file.get(key)
    if earlier is not None and earlier.value is not None:  # in_file holds only figures with values
        return earlier.value, earlier.period.label, cell_name(earlier)
    stored = context.stored.get(key)
    if stored is not None and stored.value is not None:
        return stored_earlier(stored)
    return None


def stored_earlier(stored: Any) -> tuple[float, str, str]:
    """(value, period label, where it came from) of a stored figure for the previous period."""
    return stored.value, stored.period.label, f"the stored figure from {stored.source_file or 'an edit'}"


def outlier_text(value: float, earlier: tuple[float, str, str], indicator: Indicator) -> str:
    old, label, origin = earlier
    return (f"{show_value(value, indicator)} is a large change from {show_value(old, indicator)} "
            f"in {label} ({origin}); check it is not a typing error")


def outlier_changes(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    indicators = indicator_table(context)
    in_file = shared(context, "figures_by_key", observations, figures_by_key)
    for obs in observations:
        indicator = indicators[obs.indicator_id]
        if obs.value is None or indicator is None:
            continue
        earlier = _earlier_figure(obs, in_file, context)
        if earlier is None or not is_outlier_change(earlier[0], obs.value, indicator):
            continue
        yield cell_issue("outlier-change", WARNING, obs, context, outlier_text(obs.value, earlier, indicator))


# --- differs-from-stored ---------------------------------------------------------------------------


def _stored_origin(stored: Any) -> str:
    parts = [stored.source_file or "an edit in cpdesk"]
    if getattr(stored, "source_sheet", None):
        parts.append(f"sheet '{stored.source_sheet}'")
    if getattr(stored, "source_cell", None):
        parts.append(f"cell {stored.source_cell}")
    return ", ".join(parts)


def differences_from_stored(observations: Sequence[Observation],
                            context: ValidationContext) -> Iterator[Issue]:
    for obs in observations:
        stored = context.stored.get(obs.key)
        if stored is None or same_figure(obs.value, obs.status, stored.value, stored.status):
            continue
        yield cell_issue("differs-from-stored", WARNING, obs, context, differs_text(obs, stored, context))


def differs_text(obs: Observation, stored: Any, context: ValidationContext) -> str:
    indicator = indicator_of(context, obs.indicator_id)
    new = show_figure(obs.value, obs.status, obs.raw, indicator)
    old = show_figure(stored.value, stored.status, stored.raw, indicator)
    return (f"{new} differs from the stored {old} (from {_stored_origin(stored)}); importing "
            "keeps the old figure as a revision")


# --- missing-expected ------------------------------------------------------------------------------


def _missing_from_expected(observations: Sequence[Observation], context: ValidationContext,
                           expected: set[tuple[str, str]]) -> Iterator[Issue]:
    present = {(o.indicator_id, o.period.label) for o in observations}
    yield from missing_from_expected(present, context, expected)


def missing_from_expected(present: set[tuple[str, str]], context: ValidationContext,
                          expected: set[tuple[str, str]]) -> Iterator[Issue]:
    """The (indicator id, period label) pairs ``expected`` that are not ``present``, in order."""
    for indicator_id, label in sorted(expected - present):
        indicator = indicator_of(context, indicator_id)
        title = indicator.title if indicator else indicator_id
        yield file_issue("missing-expected", INFO, context, f"no figure for {title} ({indicator_id}) "
                         f"for {label}, which this return is expected to hold.")


def _missing_within_file(observations: Sequence[Observation],
                         context: ValidationContext) -> Iterator[Issue]:
    """Per area: an indicator given for some of the area's periods (of its kind) but not the others."""
    area_periods: dict[tuple[str, str], dict[tuple, Period]] = defaultdict(dict)
    given: dict[tuple[str, str, str], set[tuple]] = defaultdict(set)
    for obs in observations:
        area_periods[(obs.area_code, obs.period.kind)][obs.period.key] = obs.period
        given[(obs.area_code, obs.indicator_id, obs.period.kind)].add(obs.period.key)
    for (area_code, indicator_id, kind), keys in given.items():
        periods = area_periods[(area_code, kind)]
        missing = [periods[k] for k in periods if k not in keys]
        if missing:
            yield missing_periods_issue(area_code, indicator_id, missing, context)


def missing_periods_issue(area_code: str, indicator_id: str, missing: list[Period],
                          context: ValidationContext) -> Issue:
    """An indicator given for some of an area's periods but not ``missing`` (in the order first met)."""
    labels = ", ".join(p.label for p in sorted(missing, key=lambda p: p.start))
    indicator = indicator_of(context, indicator_id)
    area = area_of(context, area_code)
    title = indicator.title_beside(missing) if indicator else indicator_id
    text = (f"{title} for {area.name if area else area_code} is missing for {labels}, though the file has "
            "other figures for that area then.")
    return file_issue("missing-expected", INFO, context, text)


def missing_expected(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    if context.expected is not None:
        yield from _missing_from_expected(observations, context, context.expected)
    else:
        yield from _missing_within_file(observations, context)


# --- status-value ----------------------------------------------------------------------------------


def status_values(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """One summary for the whole file: how many cells hold a status, and which ones."""
    tally = Counter(o.status for o in observations if o.value is None and o.status)
    yield from status_summary(tally, context)


def status_summary(tally: Counter[str], context: ValidationContext) -> Iterator[Issue]:
    """The summary of the statuses in ``tally`` (status -> cells, counted in the order first met)."""
    if not tally:
        return
    parts = ", ".join(f"{n} {STATUSES.get(status, status)} ({status})" for status, n in tally.most_common())
    total = sum(tally.values())
    cells = "cell holds" if total == 1 else "cells hold"
    yield file_issue("status-value", INFO, context, f"{total} {cells} a status instead of a figure: "
                     f"{parts}. They are kept as statuses, never as numbers.")


MARKED_LISTED = 5  # cells named in the summary of figures with footnote marks


def marked_figures(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """One summary for the whole file: figures written with a footnote mark ("25.1*", "42¹"), read as
    the number alone. The mark usually says something about the figure (provisional, revised)."""
    marked = [o for o in observations if o.value is not None and footnote_mark(o.raw)]
    yield from marked_summary(marked[:MARKED_LISTED], len(marked), context)


def marked_summary(first: Sequence[Observation], count: int, context: ValidationContext) -> Iterator[Issue]:
    """The summary of ``count`` figures with footnote marks, naming the ``first`` of them."""
    if not count:
        return
    shown = ", ".join(f"{o.raw} in {cell_name(o)}" for o in first[:MARKED_LISTED])
    more = f" and {count - MARKED_LISTED} more" if count > MARKED_LISTED else ""
    figures = "figure carries" if count == 1 else "figures carry"
    text = (f"{count} {figures} a footnote mark ({shown}{more}). Each was read as the number alone, "
            "and its text kept. Check the workbook's footnotes: a mark often means a figure is provisional "
            "or revised.")
    yield file_issue("marked-figure", INFO, context, text)
