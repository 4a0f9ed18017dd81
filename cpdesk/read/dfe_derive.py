"""Indicators cpdesk can work out from the DfE's files: rates per 10,000 and percentages.

Two kinds of working:

* **Figures from one row** (:class:`RowRecipe`): ``icpc_15wd_pct`` from C4's duration bands,
  ``s47_to_icpc_pct`` = ``ICPC`` / ``Section47``, ``assessments_45wd_pct`` from C2's day bands,
  ``cpp_repeat_pct`` = ``CPP_subsequent`` / ``CPP_start`` ... The parts sit in the same row, so
  they are worked out while the row is read.
* **Rates per 10,000** (an indicator's ``rate_of``): the count over the ONS child population of
  mid-year T-1 for reporting year T. The population comes from the file itself or an ONS file read
  alongside when there is one, otherwise from the packaged estimates.

Where the release publishes the figure itself, the published figure is stored and the working only
checks it (:mod:`cpdesk.read.dfe_checks`); otherwise the worked-out figure is stored. A derived
figure keeps its working in ``raw`` ("derived: 527 / 156647 x 10,000") and points at the count's
cell. When a part is suppressed nothing is guessed: the figure gets status ``x``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cpdesk.figures import Figures
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import coerce_period
from cpdesk.indicators.rates import PER, population_year, rate_per_10k, round_decimal_half_up
from cpdesk.issues import INFO, Issue, counted
from cpdesk.observation import CellRef, Observation
from cpdesk.read.dfe_checks import (
    Checked,
    Disagreement,
    Written,
    agrees,
    ratio_range,
    written,
    written_number,
)
from cpdesk.read.values import parse_text

__all__ = ["RateResult", "RowRecipe", "beyond_range", "check_row_figure", "derive_rates", "derive_row_figure",
           "plan_row_recipes", "population_from"]

logger = logging.getLogger(__name__)

POPULATION_INDICATOR = "child_population"
SUPPRESSED = "derived: count suppressed"
# The end of a worked-out figure's raw text when its parts give more than the indicator can be.
BEYOND_RANGE = "more than the indicator can be"

# C4's bands: Duration_0-10_days ... Duration_21+_days; C2's: Same_day, 1-5_days ... 41-45_days, ...
_DURATION_BAND = re.compile(r"^duration_(\d+)(?:-(\d+)|\+)_days$")
_DAYS_BAND = re.compile(r"^(\d+)-(\d+)_days$")


@dataclass(frozen=True, slots=True)
class RowRecipe:
    """A figure worked out from columns of the same row: sum(numerator) / sum(denominator) x ``per``."""

    indicator: Indicator
    numerator: tuple[int, ...]
    denominator: tuple[int, ...]
    per: int = 100


Parts = tuple[tuple[int, ...], tuple[int, ...]] | None


def _ratio(numerator: str, *denominator: str) -> Callable[[list[str]], Parts]:
    """Parts of a figure that is one column over the sum of others, found by their names."""
    def find(names: list[str]) -> Parts:
        if numerator in names and all(name in names for name in denominator):
            return (names.index(numerator),), tuple(names.index(name) for name in denominator)
        return None
    return find


def _icpc_within_15_days(names: list[str]) -> Parts:
    """The bands up to 15 days over the ICPCs, as the DfE works it out (England 2017/18: 61,150 of 79,470
    is the 76.9% it published; over the bands' own sum, 79,420, it would be 77.0). The bands can sum to
    less than ``ICPC`` (each is rounded, or some dates are not known); only a file without ``ICPC``
    falls back on their sum."""
    bands = [(column, match) for column, name in enumerate(names) if (match := _DURATION_BAND.match(name))]
    within = tuple(column for column, match in bands if match.group(2) and int(match.group(2)) <= 15)
    if not within or len(bands) == len(within):
        return None
    return within, (names.index("icpc"),) if "icpc" in names else tuple(column for column, _ in bands)


def _assessments_within_45_days(names: list[str]) -> Parts:
    if "assessments_completed" not in names:
        return None
    within = tuple(column for column, name in enumerate(names)
                   if name == "same_day" or ((match := _DAYS_BAND.match(name)) and int(match.group(2)) <= 45))
    return (within, (names.index("assessments_completed"),)) if within else None


# Indicator id -> how to find its parts among a file's (case-folded) column names.
ROW_RECIPES: dict[str, Callable[[list[str]], Parts]] = {
    "s47_to_icpc_pct": _ratio("icpc", "section47"),
    "icpc_15wd_pct": _icpc_within_15_days,
    "assessments_45wd_pct": _assessments_within_45_days,
    "cpp_repeat_pct": _ratio("cpp_subsequent", "cpp_start"),
    "rereferrals_12m_pct": _ratio("rereferral_count", "referral_count"),
    "cpp_current_2y_pct": _ratio("2_years_or_more", "cpp_at31"),
    "caseload_avg": _ratio("cases", "case_holders_fte"),
    "sw_vacancy_pct": _ratio("vacancy_fte", "vacancy_fte", "inpost_fte"),
}
# What a recipe's ratio is multiplied by, where it is not a percentage.
RECIPE_PER: dict[str, int] = {"caseload_avg": 1}


def plan_row_recipes(labels: list[str], schema) -> list[RowRecipe]:
    """Every figure this file's columns can give; the reader checks those the file also publishes."""
    names = [label.strip().casefold() for label in labels]
    recipes = []
    for indicator_id, find_parts in ROW_RECIPES.items():
        indicator = schema.get(indicator_id)
        parts = find_parts(names) if indicator is not None else None
        if parts is not None:
            recipes.append(RowRecipe(indicator, *parts, per=RECIPE_PER.get(indicator_id, 100)))
    return recipes


def _cells(row: list[str], columns: tuple[int, ...]) -> list[str]:
    return [row[column] if column < len(row) else "" for column in columns]


def _numbers(row: list[str], columns: tuple[int, ...]) -> list[float] | None:
    """The figures in ``columns``, or None when one of them is a symbol or blank rather than a number."""
    numbers = [value for text in _cells(row, columns) if (value := parse_text(text).value) is not None]
    return numbers if len(numbers) == len(columns) else None


def _written_parts(row: list[str], columns: tuple[int, ...], to_nearest_ten: bool) -> list[Written] | None:
    """The figures in ``columns`` as written, or None when one of them is not a number."""
    parts = [part for text in _cells(row, columns)
             if (part := written(text, to_nearest_ten=to_nearest_ten)) is not None]
    return parts if len(parts) == len(columns) else None


def _worked_out(recipe: RowRecipe, numerator: list[float], denominator: list[float]) -> float | None:
    """sum(numerator) / sum(denominator) x ``per``, rounded as the indicator is; None over nothing."""
    top = sum(Decimal(repr(part)) for part in numerator)
    bottom = sum(Decimal(repr(part)) for part in denominator)
    if bottom == 0:
        return None
    figure = round_decimal_half_up(top * recipe.per / bottom, recipe.indicator.decimals)
    return figure if math.isfinite(figure) else None  # counts of 1e308 (a damaged file) give no figure


def derive_row_figure(recipe: RowRecipe, row: list[str], area_code: str, period: Period, breakdown: str,
                      source: CellRef | None) -> Observation:
    """The recipe's figure for one row, or status ``x`` / ``z`` when it cannot be worked out."""
    def make(value: float | None, status: str | None, raw: str) -> Observation:
        return Observation(area_code, recipe.indicator.id, period, value, status, raw, breakdown, source,
                           publisher="dfe")

    numerator = _numbers(row, recipe.numerator)
    denominator = _numbers(row, recipe.denominator)
    if numerator is None or denominator is None:
        return make(None, "x", SUPPRESSED)
    value = _worked_out(recipe, numerator, denominator)
    if value is None:
        return make(None, "z", "derived: denominator is 0")
    working = _working(numerator, denominator, recipe.per)
    if value > recipe.indicator.valid_max:
        return make(None, "x", f"derived: {working} = {value:.{recipe.indicator.decimals}f}, {BEYOND_RANGE}")
    return make(value, None, f"derived: {working}")


def beyond_range(observation: Observation) -> bool:
    """True for a worked-out figure left as 'not available' because its parts gave an impossible value.

    ICPCs in a year can outnumber the section 47 enquiries started in it (a conference may follow an
    enquiry of the year before), so ICPC / Section47 can pass 100%; it is then no percentage of
    enquiries, and cpdesk does not store it as one.
    """
    return observation.status == "x" and observation.raw.endswith(BEYOND_RANGE)


def check_row_figure(recipe: RowRecipe, row: list[str], published: Observation, *,
                     to_nearest_ten: bool) -> Checked | None:
    """The row's published figure checked against what its parts give, allowing for rounding.

    None (no check) when the published figure or a part is a symbol rather than a number.
    """
    stated = written(published.raw) if published.value is not None else None
    numerator = _written_parts(row, recipe.numerator, to_nearest_ten)
    denominator = _written_parts(row, recipe.denominator, to_nearest_ten)
    if stated is None or numerator is None or denominator is None:
        return None
    bounds = ratio_range(numerator, denominator, recipe.per)
    if bounds is None:
        return None
    if agrees(stated, *bounds):
        return Checked(recipe.indicator.id)
    numbers = [float(part.value) for part in numerator], [float(part.value) for part in denominator]
    derived = _worked_out(recipe, *numbers)
    if derived is None:  # not reached: ratio_range gives no bounds over a denominator of nothing
        return None
    working = _working(*numbers, recipe.per)
    return Checked(recipe.indicator.id, Disagreement(published, derived, working))


def population_from(observations: Sequence[Observation]) -> dict[tuple[str, int], float | None]:
    """(area code, mid-year) -> children aged 0-17 from ONS figures among ``observations``.

    A suppressed estimate maps to None, so a rate over it is marked ``x`` rather than left out.
    """
    found: dict[tuple[str, int], float | None] = {}
    for index in _indices_of(observations, {POPULATION_INDICATOR}):
        o = observations[index]
        found[(o.area_code, o.period.end.year)] = o.value
    return found


def _indices_of(observations: Sequence[Observation], indicator_ids: Collection[str]) -> list[int]:
    """Where ``observations`` hold a figure of one of ``indicator_ids`` (Figures: from their column)."""
    if isinstance(observations, Figures):
        return [n for n, indicator in enumerate(observations.indicator_id) if indicator in indicator_ids]
    return [n for n, o in enumerate(observations) if o.indicator_id in indicator_ids]


def _index_by_key(observations: Sequence[Observation]) -> dict[tuple, int]:
    """(area, indicator, breakdown, period key) -> index of the last figure with it."""
    if isinstance(observations, Figures):
        f = observations
        return {(area, indicator_id, breakdown, period.key): n for n, (area, indicator_id, breakdown, period)
                in enumerate(zip(f.area_code, f.indicator_id, f.breakdown, f.period, strict=True))}
    return {(o.area_code, o.indicator_id, o.breakdown, o.period.key): n for n, o in enumerate(observations)}


PopulationTable = Mapping[tuple[str, int], float | None]


@dataclass
class RateResult:
    """Rates worked out for counts the release gives without their rate, and checks of those it gives."""

    derived: list[Observation] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)


def derive_rates(observations: Sequence[Observation], schema, *, population: PopulationTable | None = None,
                 rounded_areas: frozenset[str] = frozenset()) -> RateResult:
    """A rate per 10,000 for every count some rate indicator is ``rate_of``, unless the release gives it.

    A rate the release gives is kept and checked against the count and population instead.
    ``population`` (area code, mid-year) -> children is looked at first, then ONS figures among the
    observations themselves, then the packaged estimates. ``rounded_areas`` are the areas (England,
    regions) whose counts the release gives to the nearest 10.
    """
    rates_of: dict[str, list[Indicator]] = {}
    for indicator in schema:
        if indicator.rate_of:
            rates_of.setdefault(indicator.rate_of, []).append(indicator)
    lookup: dict = {**population_from(observations), **(population or {})}
    packaged: dict[tuple[str, int], float | None] = {}
    published = _index_by_key(observations)
    result = RateResult()
    missing: list[tuple[str, int]] = []
    for index in _indices_of(observations, rates_of):
        count = observations[index]
        for rate in rates_of[count.indicator_id]:
            period = coerce_period(count.period, rate.period_kind)
            given = published.get((count.area_code, rate.id, count.breakdown, period.key))
            if given is not None:
                _check_rate(observations[given], count, rate, (lookup, packaged),
                            count.area_code in rounded_areas, result)
                continue
            observation = _rate(count, rate, period, (lookup, packaged))
            if observation is None:
                missing.append((count.area_code, population_year(period)))
            else:
                result.derived.append(observation)
    result.issues = _missing_population_issues(missing, observations)
    return result


# The populations a release's rates are worked out over: (the file's own or given, the packaged
# estimates looked up so far).
Populations = tuple[dict, dict[tuple[str, int], float | None]]


def _children(area_code: str, period: Period, populations: Populations) -> float | None:
    """The child population of the rate's mid-year: the file's own or the one given, else the packaged
    estimate (looked up once for each area and year)."""
    lookup, packaged = populations
    key = (area_code, population_year(period))
    if key in lookup:
        return lookup[key]
    if key not in packaged:
        packaged[key] = _packaged_population(*key)
    return packaged[key]


def _check_rate(given: Observation, count: Observation, rate: Indicator, populations: Populations,
                to_nearest_ten: bool, result: RateResult) -> None:
    """Check the published rate against its count over the population, allowing for the rounding of
    all three (nothing is checked where one of them is a symbol or unknown)."""
    children = _children(count.area_code, given.period, populations)
    if count.value is None or not children:
        return
    stated = written(given.raw) if given.value is not None else None
    counted_as = written(count.raw, to_nearest_ten=to_nearest_ten)
    if stated is None or counted_as is None:
        return
    bounds = ratio_range([counted_as], [written_number(children)], PER)
    if bounds is None:
        return
    if agrees(stated, *bounds):
        result.checked.append(Checked(rate.id))
        return
    derived = rate_per_10k(count.value, children, rate.decimals)
    if derived is None:  # not reached: both parts are numbers and the population is not 0
        return
    working = f"{_number_text(count.value)} / {_number_text(children)} x 10,000"
    result.checked.append(Checked(rate.id, Disagreement(given, derived, working)))


def _rate(count: Observation, rate: Indicator, period: Period,
          populations: Populations) -> Observation | None:
    def make(value: float | None, status: str | None, raw: str) -> Observation:
        return Observation(count.area_code, rate.id, period, value, status, raw, count.breakdown,
                           count.source, publisher=count.publisher)

    if count.value is None:
        return make(None, "x", SUPPRESSED)
    key = (count.area_code, population_year(period))
    children = _children(count.area_code, period, populations)
    if key in populations[0] and children is None:
        return make(None, "x", "derived: child population suppressed")
    if not children:
        return None
    value = rate_per_10k(count.value, children, rate.decimals)
    return make(value, None, f"derived: {_number_text(count.value)} / {_number_text(children)} x 10,000")


def _packaged_population(area_code: str, year: int) -> float | None:
    """The packaged ONS estimate, or None when it (or the module holding it) is not available."""
    try:
        from cpdesk.indicators.population import child_population
    except ImportError:  # pragma: no cover - the estimates ship with cpdesk
        return None
    try:
        return child_population(area_code, year)
    except (OSError, KeyError, ValueError) as error:
        logger.warning("No packaged child population for %s mid-%s: %s", area_code, year, error)
        return None


def _missing_population_issues(missing: list[tuple[str, int]], observations: Sequence[Observation]
                               ) -> list[Issue]:
    """One note for all the rates left out for want of a child population, with a few examples."""
    if not missing:
        return []
    file = next((o.source.file for o in observations if o.source), "")
    examples = ", ".join(f"{code} mid-{year}" for code, year in sorted(set(missing))[:5])
    return [Issue("dfe-no-population", INFO, f"{counted(len(missing), 'rate')} per 10,000 could not be "
                  f"derived because the child population is not known (e.g. {examples}). Import the ONS "
                  "mid-year estimates file with this one to add them.", file)]


def _working(numerator: list[float], denominator: list[float], per: int) -> str:
    """"(6240 + 52430) / (6240 + 52430 + 6430 + 6990) x 100"; a ratio of 1 has no "x 1"."""
    scale = f" x {per:,}" if per != 1 else ""
    return f"{_sum_text(numerator)} / {_sum_text(denominator)}{scale}"


def _sum_text(parts: list[float]) -> str:
    text = " + ".join(_number_text(part) for part in parts)
    return f"({text})" if len(parts) > 1 else text


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))
