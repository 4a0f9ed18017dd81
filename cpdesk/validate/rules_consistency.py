"""Rules that check figures in the same file against each other.

A rate must agree with its count and the child population; districts cannot hold more children
than their LA; the categories of a breakdown should share out (about) 100%. Each rule only speaks
when every figure it needs is present, so a partial table never produces a false alarm.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NamedTuple

from cpdesk.indicators.model import SUB_AREA_KINDS, AreaKind, Indicator, Period, PeriodKind, Unit
from cpdesk.indicators.rates import population_year, rate_per_10k
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import TOTAL, Observation
from cpdesk.validate.rules import (
    ValidationContext,
    area_of,
    breakdown_of,
    cell_issue,
    indicator_of,
    indicator_table,
    shared,
    show_value,
)

POPULATION_INDICATOR = "child_population"
# Breakdown percentages may not add to exactly 100 (rounding, children in two categories), but a
# sum outside this band means a category is missing, doubled or mistyped.
CATEGORY_TOTAL_BAND = (90.0, 110.0)
# Breakdowns whose categories overlap (one assessment names several risk factors): shares of these
# legitimately add up to well over 100%, so they are not checked.
OVERLAPPING_BREAKDOWNS = frozenset({"risk_factor"})
RATE_RELATIVE_TOLERANCE = 0.01  # revised population estimates move old rates by up to about 0.5%
_LAST_NUMBER = re.compile(r"\d+(?:\.(\d+))?(?!.*\d)")


def _slot(obs: Observation, indicator_id: str | None = None, area_code: str | None = None) -> tuple:
    """The key of the matching figure of another indicator or area (same breakdown, period, publisher)."""
    return (area_code or obs.area_code, indicator_id or obs.indicator_id, obs.breakdown, obs.period.key,
            obs.publisher)


def _figures_by_slot(observations: Sequence[Observation]) -> dict[tuple, Observation]:
    found: dict[tuple, Observation] = {}
    for obs in observations:
        if obs.value is not None:
            found.setdefault(_slot(obs), obs)
    return found


# --- rate-mismatch ---------------------------------------------------------------------------------


def _populations_in_file(observations: Sequence[Observation]) -> dict[tuple[str, int], float]:
    """(area code, mid-year) -> child population, from the file's own child_population figures."""
    return {(o.area_code, o.period.end.year): o.value for o in observations
            if o.indicator_id == POPULATION_INDICATOR and o.value and o.period.kind == PeriodKind.MID_YEAR}


def population_given(indicator_id: str, value: float | None, period: Period) -> bool:
    """Whether a figure is a child population the file gives for a mid-year (``_populations_in_file``)."""
    return indicator_id == POPULATION_INDICATOR and bool(value) and period.kind == PeriodKind.MID_YEAR


def population_for(area_code: str, mid_year: int, in_file: dict[tuple[str, int], float],
                context: ValidationContext) -> float | None:
    if (area_code, mid_year) in in_file:
        return in_file[(area_code, mid_year)]
    if context.population is not None:
        return context.population(area_code, mid_year)
    return None


def published_decimals(obs: Observation, indicator: Indicator) -> int:
    """How many decimals the figure was written with (at most the indicator's): '22' -> 0, '29.8' -> 1.

    District rates are often published as whole numbers; comparing them at one decimal would flag
    every one of them.
    """
    return decimals_written(obs.raw, indicator)


def decimals_written(raw: str | None, indicator: Indicator) -> int:
    """``published_decimals`` of a figure written as ``raw``."""
    match = _LAST_NUMBER.search(raw or "")
    if match is None:
        return indicator.decimals
    return min(indicator.decimals, len(match.group(1) or ""))


def _tolerance(rate: float, decimals: int) -> float:
    return max(1.5 * 10 ** -decimals, RATE_RELATIVE_TOLERANCE * rate) + 1e-9


def _matches(value: float, count: float, population: float | None, decimals: int) -> bool:
    expected = rate_per_10k(count, population, decimals) if population else None
    return expected is not None and abs(expected - value) <= _tolerance(expected, decimals)


def rate_mismatches(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """A rate whose count and population are known must equal count / population x 10,000.

    The comparison is made at the precision the rate was published at, allowing 1.5 units of its
    last digit (0.15 at one decimal) for rounding, or 1% of the rate if that is more: the ONS has
    revised past mid-year estimates since the DfE published its rates (Warwickshire's 42.0 at
    31 March 2016 is 473 / 113,133 = 41.8 with today's estimate), and that is not a mistake.
    A rate that matches the year before's estimate also passes: councils' in-year figures use
    the latest estimate published at the time (Oxfordshire's 32.4 at 1 September 2014).
    """
    indicators = indicator_table(context)
    rates = [(obs, indicator) for obs in observations if obs.value is not None
             and (indicator := indicators[obs.indicator_id]) is not None and indicator.rate_of]
    if not rates:
        return
    counts = shared(context, "figures_by_slot", observations, _figures_by_slot)
    in_file = _populations_in_file(observations)
    for obs, indicator in rates:
        count = counts.get(_slot(obs, indicator.rate_of))
        if count is None or count.value is None or obs.value is None:
            continue
        given = RateGiven(obs.area_code, obs.period, obs.value, obs.raw, count.value, indicator)
        text = rate_mismatch_text(given, lambda area, year: population_for(area, year, in_file, context))
        if text is not None:
            yield cell_issue("rate-mismatch", WARNING, obs, context, text)


class RateGiven(NamedTuple):
    """A rate in a file with the count of the same cell of the indicator it is a rate of."""

    area_code: str
    period: Period
    value: float
    raw: str
    count_value: float
    indicator: Indicator


def rate_mismatch_text(rate: RateGiven, population_of: Callable[[str, int], float | None]) -> str | None:
    """Why ``rate`` does not match its count and the child population (``population_of(area, mid-year)``),
    or None when it matches or there is no population to check it with."""
    mid_year = population_year(rate.period)
    population = population_of(rate.area_code, mid_year)
    if not population:
        return None
    decimals = decimals_written(rate.raw, rate.indicator)
    if _matches(rate.value, rate.count_value, population, decimals) or _matches(
            rate.value, rate.count_value, population_of(rate.area_code, mid_year - 1), decimals):
        return None
    expected = rate_per_10k(rate.count_value, population, decimals)
    given = show_value(rate.value, rate.indicator, decimals)  # as written: "30", not "30.0"
    return (f"{given} does not match {show_value(rate.count_value, None)} out of a child "
            f"population of {population:,.0f} (mid-{mid_year}), which gives "
            f"{expected:.{decimals}f} per 10,000")


# --- districts-exceed-la ---------------------------------------------------------------------------


def _sub_area_groups(observations: Sequence[Observation],
                     context: ValidationContext) -> dict[tuple, list[Observation]]:
    """Count figures of districts (or operational areas), grouped by their LA's matching slot."""
    indicators = indicator_table(context)
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    seen: set[tuple] = set()
    for obs in observations:
        indicator = indicators[obs.indicator_id]
        area = area_of(context, obs.area_code)
        if obs.value is None or indicator is None or indicator.unit != Unit.COUNT or area is None:
            continue
        if area.kind not in SUB_AREA_KINDS or not area.parent_code or obs.key in seen:
            continue
        seen.add(obs.key)
        groups[(area.kind, _slot(obs, area_code=area.parent_code))].append(obs)
    return groups


def districts_exceeding_la(observations: Sequence[Observation],
                           context: ValidationContext) -> Iterator[Issue]:
    """Districts (or operational areas) of one LA cannot hold more children than the LA itself."""
    la_figures = shared(context, "figures_by_slot", observations, _figures_by_slot)
    for (kind, la_slot), parts in _sub_area_groups(observations, context).items():
        la_obs = la_figures.get(la_slot)
        if la_obs is None or la_obs.value is None:
            continue
        text = districts_exceed_text(kind, [(p.area_code, p.value) for p in parts if p.value is not None],
                                     la_obs.indicator_id, la_obs.value, context)
        if text is not None:
            yield cell_issue("districts-exceed-la", ERROR, la_obs, context, text)


def districts_exceed_text(kind: str, parts: list[tuple[str, float]], indicator_id: str, la_value: float,
                          context: ValidationContext) -> str | None:
    """What is wrong when the sub-areas' ``parts`` ((area code, value), in file order) add up to more
    than their LA's ``la_value``; None when they do not."""
    total = sum(value for _, value in parts)
    if total <= la_value + 1e-9:
        return None
    indicator = indicator_of(context, indicator_id)
    listed = ", ".join(f"{_area_name(code, context)} {show_value(value, indicator)}" for code, value in parts)
    noun = "districts" if kind == AreaKind.DISTRICT else "operational areas"
    return (f"its {noun}' figures add up to {show_value(total, indicator)} ({listed}), more than the "
            f"{show_value(la_value, indicator)} given for the whole authority")


def _area_name(area_code: str, context: ValidationContext) -> str:
    area = area_of(context, area_code)
    return area.name if area else area_code


# --- category-total --------------------------------------------------------------------------------


def _category_groups(observations: Sequence[Observation],
                     context: ValidationContext) -> dict[tuple, dict[str, Observation]]:
    indicators = indicator_table(context)
    groups: dict[tuple, dict[str, Observation]] = defaultdict(dict)
    for obs in observations:
        if obs.breakdown == TOTAL or not shares_of_a_whole(indicators[obs.indicator_id]):
            continue
        group = (obs.area_code, obs.indicator_id, obs.period.key, obs.publisher)
        groups[group].setdefault(obs.breakdown, obs)
    return groups


def category_totals(observations: Sequence[Observation], context: ValidationContext) -> Iterator[Issue]:
    """The shares of the categories of a breakdown should make about 100%.

    Shares above 110% are wrong however many categories are given (each plan has one initial
    category); a total below 90% only means something when every category has a figure, since
    councils often leave one out ("multiple") or suppress a small one.
    """
    for by_category in _category_groups(observations, context).values():
        first = next(iter(by_category.values()))
        values = {category: obs.value for category, obs in by_category.items()}
        text = category_total_text(values, indicator_of(context, first.indicator_id), context)
        if text is not None:
            yield cell_issue("category-total", WARNING, first, context, text)


def shares_of_a_whole(indicator: Indicator | None) -> bool:
    """Whether ``indicator``'s categories share out a whole: a known percentage broken down by a
    breakdown whose categories do not overlap."""
    return (indicator is not None and indicator.unit == Unit.PERCENT and bool(indicator.breakdown)
            and indicator.breakdown not in OVERLAPPING_BREAKDOWNS)


def category_total_text(values: Mapping[str, float | None], indicator: Indicator | None,
                        context: ValidationContext) -> str | None:
    """What is wrong with the shares ``values`` (category id -> the first figure given for it) of one
    area, period and publisher, or None when they make about 100% (or cannot be checked)."""
    low, high = CATEGORY_TOTAL_BAND
    breakdown = breakdown_of(context, indicator)
    if breakdown is None or not breakdown.categories:
        return None
    given = [value for c in breakdown.categories if (value := values.get(c.id)) is not None]
    total = sum(given)
    complete = len(given) == len(breakdown.categories)
    if total > high or (complete and total < low):
        return (f"the {len(given)} categories of '{breakdown.title}' given add up to {total:.1f}%, "
                f"not about 100%; check for a missing, doubled or mistyped category")
    return None

