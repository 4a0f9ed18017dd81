"""Rules about one cell at a time: is the id known, is the figure possible, is the period real?

Readers already report labels they cannot place; these rules catch ids that arrive as ids (tidy
returns and cpdesk's own format), figures that cannot be true whatever the council (a percentage
over 100, half a child, a negative count) and periods that have not started yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from cpdesk.indicators.model import Indicator, Period, PeriodKind, Unit
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import TOTAL, Observation
from cpdesk.validate.rules import (
    ValidationContext,
    area_of,
    breakdown_of,
    cell_issue,
    cell_name,
    indicator_of,
    indicator_table,
    same_figure,
    shared,
    show_figure,
    show_value,
)

# The range a unit allows whatever the indicator, with the words used when a figure falls outside it.
UNIT_RANGES: dict[str, tuple[float, float, str]] = {
    Unit.PERCENT: (0.0, 100.0, "a percentage between 0 and 100"),
    Unit.RATE_PER_10K: (0.0, 10_000.0, "a rate per 10,000 between 0 and 10,000"),
}
_NO_LIMITS = (float("-inf"), float("inf"), "")


def unknown_indicators(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    if context.schema is None:
        return
    indicators = indicator_table(context)
    for obs in observations:
        if indicators[obs.indicator_id] is None:
            text = unknown_indicator_text(obs.indicator_id)
            yield cell_issue("unknown-indicator", ERROR, obs, context, text)


def unknown_indicator_text(indicator_id: str) -> str:
    return f"'{indicator_id}' is not an indicator cpdesk knows; correct the id or add it as a local indicator"


def unknown_areas(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    if context.areas is None:
        return
    for obs in observations:
        if area_of(context, obs.area_code) is None:
            yield cell_issue("unknown-area", ERROR, obs, context, unknown_area_text(obs.area_code))


def unknown_area_text(area_code: str) -> str:
    return f"'{area_code}' is not an area code cpdesk knows (an ONS code such as E10000031)"


def unknown_breakdowns(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    indicators = indicator_table(context)
    for obs in observations:
        if obs.breakdown == TOTAL:
            continue
        text = unknown_breakdown_text(obs.breakdown, indicators[obs.indicator_id], context)
        if text is not None:
            yield cell_issue("unknown-breakdown", ERROR, obs, context, text)


def unknown_breakdown_text(category: str, indicator: Indicator | None,
                           context: ValidationContext) -> str | None:
    """Why ``category`` (not the total) is no category of ``indicator``, or None when it is one."""
    if indicator is None:
        return None  # reported as unknown-indicator
    if not indicator.breakdown:
        return f"'{category}' is a breakdown category, but this indicator is not broken down"
    if category not in _category_ids(context, indicator):
        return f"'{category}' is not a category of the breakdown '{indicator.breakdown}'"
    return None


def _category_ids(context: ValidationContext, indicator: Indicator) -> set[str]:
    """The category ids of an indicator's breakdown, worked out once per indicator while checking a file."""
    known = context.memo.setdefault("category_ids", {})
    if indicator.id not in known:
        breakdown = breakdown_of(context, indicator)
        known[indicator.id] = {c.id for c in breakdown.categories} if breakdown else set()
    return known[indicator.id]


def allows_negative(indicator: Indicator) -> bool:
    return indicator.valid_min < 0


def out_of_range(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """Percentages 0-100, rates 0-10,000, then the indicator's own valid range.

    Negative figures of indicators that cannot be negative are left to the ``negative`` rule, so one
    wrong cell gives one error.
    """
    indicators = indicator_table(context)
    for obs in observations:
        value = obs.value
        if value is None:
            continue
        indicator = indicators[obs.indicator_id]
        if indicator is None or (value < 0 and not allows_negative(indicator)):
            continue
        low, high, _words = unit_range(indicator)
        if low <= value <= high and indicator.valid_min <= value <= indicator.valid_max:
            continue  # the common case, decided without formatting anything
        text = out_of_range_text(value, indicator)
        if text is not None:
            yield cell_issue("out-of-range", ERROR, obs, context, text)


def unit_range(indicator: Indicator) -> tuple[float, float, str]:
    """The range ``indicator``'s unit allows and its words (no limits and no words for most units)."""
    return UNIT_RANGES.get(indicator.unit, _NO_LIMITS)


def out_of_range_text(value: float, indicator: Indicator) -> str | None:
    """What is wrong with ``value`` as a figure of ``indicator``, or None when it is within its ranges."""
    low, high, words = unit_range(indicator)
    if words and not low <= value <= high:
        return f"{show_value(value, indicator)} is not {words}"
    if not indicator.valid_min <= value <= indicator.valid_max:
        shown = show_value(value, indicator)
        allowed = (f"{show_value(indicator.valid_min, indicator)} to "
                   f"{show_value(indicator.valid_max, indicator)}")
        return f"{shown} is outside the range this indicator allows ({allowed})"
    return None


def not_whole(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    indicators = indicator_table(context)
    for obs in observations:
        indicator = indicators[obs.indicator_id]
        if obs.value is None or indicator is None or indicator.unit != Unit.COUNT:
            continue
        if not float(obs.value).is_integer():
            yield cell_issue("not-whole", ERROR, obs, context, not_whole_text(obs.value, indicator))


def not_whole_text(value: float, indicator: Indicator) -> str:
    return f"{show_value(value, indicator)} is a count of children or cases, so it must be whole"


def negative(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    indicators = indicator_table(context)
    for obs in observations:
        indicator = indicators[obs.indicator_id]
        if obs.value is None or indicator is None or allows_negative(indicator):
            continue
        if obs.value < 0:
            yield cell_issue("negative", ERROR, obs, context, negative_text(obs.value, indicator))


def negative_text(value: float, indicator: Indicator) -> str:
    return f"{show_value(value, indicator)} is negative, which this indicator cannot be"


def future_periods(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    for obs in observations:
        if obs.period.start > context.today:
            text = future_period_text(obs.period, context.today)
            yield cell_issue("future-period", ERROR, obs, context, text)


def future_period_text(period: Period, today: dt.date) -> str:
    return (f"the period {period.label} starts on {period.start:%d %b %Y}, after today ({today:%d %b %Y}); "
            "check the year")


def one_day_flows(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """A count over a period (referrals in a year) given for a single day ("30/06/2024"), which could be
    the quarter, the month or the year to date: reported, never filed under that one day."""
    indicators = indicator_table(context)
    for obs in observations:
        if not counts_over_a_period(indicators[obs.indicator_id]):
            continue
        if obs.period.kind != PeriodKind.SNAPSHOT:
            continue
        yield cell_issue("one-day-flow", ERROR, obs, context, one_day_flow_text(obs.period))


def counts_over_a_period(indicator: Indicator | None) -> bool:
    """Whether ``indicator`` is known and counted over a period, not on a day."""
    return indicator is not None and indicator.period_kind != PeriodKind.SNAPSHOT


def one_day_flow_text(period: Period) -> str:
    return (f"{period.label} is a single day, but this indicator counts over a period (the year, or a "
            "quarter or month of it); give the period the figure covers, such as 2024/25, Q1 24/25 or "
            "Jun 2024")


def _repeat_pairs(observations: Sequence[Observation]) -> list[tuple[Observation, Observation]]:
    """(first, later) for every observation whose key was already filled earlier in the file."""
    first_by_key: dict[tuple, Observation] = {}
    pairs = []
    for obs in observations:
        first = first_by_key.setdefault(obs.key, obs)
        if first is not obs:
            pairs.append((first, obs))
    return pairs


def _repeats(observations: Sequence[Observation],
             context: ValidationContext) -> list[tuple[Observation, Observation]]:
    return shared(context, "repeats", observations, _repeat_pairs)


def conflicting_duplicates(observations: Sequence[Observation],
                           context: ValidationContext) -> Iterator[Issue]:
    for first, later in _repeats(observations, context):
        if same_figure(first.value, first.status, later.value, later.status):
            continue
        yield cell_issue("duplicate-conflict", ERROR, later, context, conflict_text(first, later, context))


def conflict_text(first: Observation, later: Observation, context: ValidationContext) -> str:
    indicator = indicator_of(context, later.indicator_id)
    return (f"{show_figure(later.value, later.status, later.raw, indicator)} contradicts "
            f"{show_figure(first.value, first.status, first.raw, indicator)} given for the same "
            f"figure in {cell_name(first)}; keep one of them")


def identical_duplicates(observations: Sequence[Observation],
                         context: ValidationContext) -> Iterator[Issue]:
    for first, later in _repeats(observations, context):
        if same_figure(first.value, first.status, later.value, later.status):
            yield cell_issue("duplicate", WARNING, later, context, repeat_text(first, later, context))


def repeat_text(first: Observation, later: Observation, context: ValidationContext) -> str:
    indicator = indicator_of(context, later.indicator_id)
    return (f"{show_figure(later.value, later.status, later.raw, indicator)} repeats the same figure "
            f"given in {cell_name(first)}; it is stored once")
