"""The rules of ``rules_values`` (one cell at a time) decided column by column over a file's arrays.

Each function gives the issues its twin in ``rules_values`` gives, worded by the same functions, in
the same order: it asks each distinct indicator, area, breakdown or period once, decides every figure
with array operations, and builds an ``Observation`` only for a figure it reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from cpdesk.indicators.model import Indicator, PeriodKind, Unit
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import TOTAL
from cpdesk.validate.columns import FigureColumns, Mask
from cpdesk.validate.rules import same_figure
from cpdesk.validate.rules_values import (
    allows_negative,
    conflict_text,
    counts_over_a_period,
    future_period_text,
    negative_text,
    not_whole_text,
    one_day_flow_text,
    out_of_range_text,
    repeat_text,
    unit_range,
    unknown_area_text,
    unknown_breakdown_text,
    unknown_indicator_text,
)


def unknown_indicators(columns: FigureColumns) -> Iterator[Issue]:
    if columns.context.schema is not None:
        unknown = columns.per_indicator(lambda indicator: indicator is None)
        yield from _unknown(columns, "unknown-indicator", unknown, columns.figures.indicator_id,
                            unknown_indicator_text)


def unknown_areas(columns: FigureColumns) -> Iterator[Issue]:
    if columns.context.areas is not None:
        unknown = columns.per_area(lambda area: area is None)
        yield from _unknown(columns, "unknown-area", unknown, columns.figures.area_code, unknown_area_text)


def _unknown(columns: FigureColumns, code: str, unknown: Mask, ids: Sequence[str],
             text: Callable[[str], str]) -> Iterator[Issue]:
    """An error for each figure whose id (in ``ids``) is ``unknown``, worded by ``text`` of the id."""
    yield from columns.issues(code, ERROR, np.flatnonzero(unknown), lambda i: text(ids[i]))


def unknown_breakdowns(columns: FigureColumns) -> Iterator[Issue]:
    """Decided once per (indicator, category) pair the file holds."""
    total = columns.breakdown.code.get(TOTAL)
    broken_down = np.flatnonzero(columns.breakdown.codes != (-1 if total is None else total))
    if not len(broken_down):
        return
    categories = len(columns.breakdown)
    pairs = columns.indicator.codes[broken_down] * categories + columns.breakdown.codes[broken_down]
    distinct, inverse = np.unique(pairs, return_inverse=True)
    texts = [unknown_breakdown_text(columns.breakdown.distinct[pair % categories],
                                    columns.indicators[pair // categories], columns.context)
             for pair in distinct.tolist()]
    pair_of = inverse.reshape(-1)
    wrong = np.fromiter((text is not None for text in texts), dtype=bool, count=len(texts))[pair_of]
    for index, pair in zip(broken_down[wrong].tolist(), pair_of[wrong].tolist(), strict=True):
        yield columns.issue("unknown-breakdown", ERROR, index, texts[pair])


def _limits(indicator: Indicator | None) -> tuple[float, float]:
    """The range within which a figure of ``indicator`` passes both its unit's and its own range."""
    if indicator is None:
        return float("-inf"), float("inf")
    low, high, _ = unit_range(indicator)
    return max(low, float(indicator.valid_min)), min(high, float(indicator.valid_max))


def _known(indicator: Indicator | None) -> bool:
    return indicator is not None


def _negative_not_allowed(columns: FigureColumns) -> Mask:
    """Figures below zero of known indicators that cannot be negative (NaN is not below zero)."""
    cannot = columns.per_indicator(lambda indicator: indicator is not None and not allows_negative(indicator))
    return cannot & (columns.value < 0)


def out_of_range(columns: FigureColumns) -> Iterator[Issue]:
    """A negative figure of an indicator that cannot be negative is left to ``negative``, as there."""
    limits = [_limits(indicator) for indicator in columns.indicators]
    low = np.array([lo for lo, _ in limits], dtype=np.float64)[columns.indicator.codes]
    high = np.array([hi for _, hi in limits], dtype=np.float64)[columns.indicator.codes]
    value = columns.value
    within = (low <= value) & (value <= high)
    flagged = columns.has_value & columns.per_indicator(_known) & ~within & ~_negative_not_allowed(columns)
    yield from _value_issues(columns, "out-of-range", flagged, out_of_range_text)


def not_whole(columns: FigureColumns) -> Iterator[Issue]:
    value = columns.value
    counts = columns.per_indicator(lambda indicator: indicator is not None and indicator.unit == Unit.COUNT)
    with np.errstate(invalid="ignore"):
        fraction = ~np.isfinite(value) | (value != np.floor(value))
    yield from _value_issues(columns, "not-whole", counts & columns.has_value & fraction, not_whole_text)


def negative(columns: FigureColumns) -> Iterator[Issue]:
    yield from _value_issues(columns, "negative", _negative_not_allowed(columns), negative_text)


def _value_issues(columns: FigureColumns, code: str, flagged: Mask,
                  text: Callable[[float, Indicator], str | None]) -> Iterator[Issue]:
    """An error for each ``flagged`` figure (each with a value and a known indicator), worded by ``text``
    of its value and indicator."""
    indicators, codes, value_at = columns.indicators, columns.indicator.codes, columns.value_at
    yield from columns.issues(code, ERROR, np.flatnonzero(flagged),
                              lambda i: text(value_at(i), indicators[codes[i]]))  # type: ignore[arg-type]


def future_periods(columns: FigureColumns) -> Iterator[Issue]:
    today = columns.context.today
    future = columns.per_period(lambda period: period.start > today)
    periods = columns.figures.period
    yield from columns.issues("future-period", ERROR, np.flatnonzero(future),
                              lambda i: future_period_text(periods[i], today))


def one_day_flows(columns: FigureColumns) -> Iterator[Issue]:
    flows = columns.per_indicator(counts_over_a_period)
    days = columns.per_period(lambda period: period.kind == PeriodKind.SNAPSHOT)
    periods = columns.figures.period
    yield from columns.issues("one-day-flow", ERROR, np.flatnonzero(flows & days),
                              lambda i: one_day_flow_text(periods[i]))


def _repeats(columns: FigureColumns, same: bool) -> Iterator[tuple[int, int]]:
    """The (first, later) repeats whose figures agree (``same``) or contradict each other."""
    value_at, status = columns.value_at, columns.figures.status
    for first, later in columns.repeats:
        if same_figure(value_at(first), status[first], value_at(later), status[later]) == same:
            yield first, later


def conflicting_duplicates(columns: FigureColumns) -> Iterator[Issue]:
    for first, later in _repeats(columns, same=False):
        obs = columns.observation(later)
        text = conflict_text(columns.observation(first), obs, columns.context)
        yield columns.issue("duplicate-conflict", ERROR, later, text, obs)


def identical_duplicates(columns: FigureColumns) -> Iterator[Issue]:
    for first, later in _repeats(columns, same=True):
        obs = columns.observation(later)
        text = repeat_text(columns.observation(first), obs, columns.context)
        yield columns.issue("duplicate", WARNING, later, text, obs)

