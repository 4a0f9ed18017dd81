"""Indicators the DfE files hold the parts of but do not publish: rates per 10,000 and percentages.

Two kinds of derivation:

* **Percentages from one row** (:class:`RowRecipe`): ``icpc_15wd_pct`` from C4's duration bands,
  ``s47_to_icpc_pct`` = ``ICPC`` / ``Section47``, ``assessments_45wd_pct`` from C2's day bands. The
  parts sit in the same row, so they are worked out while the row is read.
* **Rates per 10,000** (an indicator's ``rate_of``): the count over the ONS child population of
  mid-year T-1 for reporting year T. The population comes from an ONS file read alongside when there
  is one, otherwise from the packaged estimates.

A derived figure keeps its working in ``raw`` ("derived: 527 / 156647 x 10,000") and points at the
count's cell. When a part is suppressed nothing is guessed: the figure gets status ``x``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import coerce_period
from cpdesk.indicators.rates import population_year, rate_per_10k
from cpdesk.observation import CellRef, Observation
from cpdesk.read.values import parse_text
from cpdesk.validate.issues import INFO, Issue, counted

__all__ = ["RowRecipe", "derive_rates", "derive_row_percent", "plan_row_recipes", "population_from"]

logger = logging.getLogger(__name__)

POPULATION_INDICATOR = "child_population"
SUPPRESSED = "derived: count suppressed"

# C4's bands: Duration_0-10_days ... Duration_21+_days; C2's: Same_day, 1-5_days ... 41-45_days, ...
_DURATION_BAND = re.compile(r"^duration_(\d+)(?:-(\d+)|\+)_days$")
_DAYS_BAND = re.compile(r"^(\d+)-(\d+)_days$")


@dataclass(frozen=True, slots=True)
class RowRecipe:
    """A percentage worked out from columns of the same row: sum(numerator) / sum(denominator) x 100."""

    indicator: Indicator
    numerator: tuple[int, ...]
    denominator: tuple[int, ...]


Parts = tuple[tuple[int, ...], tuple[int, ...]] | None


def _s47_to_icpc(names: list[str]) -> Parts:
    if "icpc" in names and "section47" in names:
        return (names.index("icpc"),), (names.index("section47"),)
    return None


def _icpc_within_15_days(names: list[str]) -> Parts:
    bands = [(column, _DURATION_BAND.match(name)) for column, name in enumerate(names)]
    bands = [(column, match) for column, match in bands if match]
    within = tuple(column for column, match in bands if match.group(2) and int(match.group(2)) <= 15)
    if within and len(bands) > len(within):
        return within, tuple(column for column, _ in bands)
    return None


def _assessments_within_45_days(names: list[str]) -> Parts:
    if "assessments_completed" not in names:
        return None
    within = tuple(column for column, name in enumerate(names)
                   if name == "same_day" or ((match := _DAYS_BAND.match(name)) and int(match.group(2)) <= 45))
    return (within, (names.index("assessments_completed"),)) if within else None


# Indicator id -> how to find its parts among a file's (case-folded) column names.
ROW_RECIPES: dict[str, Callable[[list[str]], Parts]] = {
    "s47_to_icpc_pct": _s47_to_icpc,
    "icpc_15wd_pct": _icpc_within_15_days,
    "assessments_45wd_pct": _assessments_within_45_days,
}


def plan_row_recipes(labels: list[str], published: Iterable[Indicator], schema) -> list[RowRecipe]:
    """The percentages this file's columns can give, leaving out any the file publishes itself."""
    published_ids = {indicator.id for indicator in published}
    names = [label.strip().casefold() for label in labels]
    recipes = []
    for indicator_id, find_parts in ROW_RECIPES.items():
        indicator = schema.get(indicator_id)
        parts = find_parts(names) if indicator is not None and indicator_id not in published_ids else None
        if parts is not None:
            recipes.append(RowRecipe(indicator, *parts))
    return recipes


def derive_row_percent(recipe: RowRecipe, row: list[str], area_code: str, period: Period, breakdown: str,
                       source: CellRef) -> Observation:
    """The recipe's percentage for one row, or status ``x`` / ``z`` when it cannot be worked out."""
    def make(value: float | None, status: str | None, raw: str) -> Observation:
        return Observation(area_code, recipe.indicator.id, period, value, status, raw, breakdown, source,
                           publisher="dfe")

    numerator = [parse_text(row[c] if c < len(row) else "").value for c in recipe.numerator]
    denominator = [parse_text(row[c] if c < len(row) else "").value for c in recipe.denominator]
    if any(part is None for part in numerator + denominator):
        return make(None, "x", SUPPRESSED)
    top = sum(Decimal(repr(part)) for part in numerator)
    bottom = sum(Decimal(repr(part)) for part in denominator)
    if bottom == 0:
        return make(None, "z", "derived: denominator is 0")
    quantum = Decimal(1).scaleb(-recipe.indicator.decimals)
    value = float((top * 100 / bottom).quantize(quantum, rounding=ROUND_HALF_UP))
    return make(value, None, f"derived: {_sum_text(numerator)} / {_sum_text(denominator)} x 100")


def population_from(observations: Iterable[Observation]) -> dict[tuple[str, int], float | None]:
    """(area code, mid-year) -> children aged 0-17 from ONS figures among ``observations``.

    A suppressed estimate maps to None, so a rate over it is marked ``x`` rather than left out.
    """
    return {(o.area_code, o.period.end.year): o.value for o in observations
            if o.indicator_id == POPULATION_INDICATOR}


PopulationTable = Mapping[tuple[str, int], float | None]


def derive_rates(observations: list[Observation], schema, *,
                 population: PopulationTable | None = None) -> tuple[list[Observation], list[Issue]]:
    """A rate per 10,000 for every count some rate indicator is ``rate_of``, unless already present.

    ``population`` (area code, mid-year) -> children is looked at first, then ONS figures among the
    observations themselves, then the packaged estimates.
    """
    rates_of: dict[str, list[Indicator]] = {}
    for indicator in schema:
        if indicator.rate_of:
            rates_of.setdefault(indicator.rate_of, []).append(indicator)
    lookup = {**population_from(observations), **(population or {})}
    present = {(o.area_code, o.indicator_id, o.breakdown, o.period.key) for o in observations}
    derived: list[Observation] = []
    missing: list[tuple[str, int]] = []
    for count in observations:
        for rate in rates_of.get(count.indicator_id, ()):
            period = coerce_period(count.period, rate.period_kind)
            if (count.area_code, rate.id, count.breakdown, period.key) in present:
                continue
            observation = _rate(count, rate, period, lookup)
            if observation is None:
                missing.append((count.area_code, population_year(period)))
            else:
                derived.append(observation)
    return derived, _missing_population_issues(missing, observations)


def _rate(count: Observation, rate: Indicator, period: Period, lookup: dict) -> Observation | None:
    def make(value: float | None, status: str | None, raw: str) -> Observation:
        return Observation(count.area_code, rate.id, period, value, status, raw, count.breakdown,
                           count.source, publisher=count.publisher)

    if count.value is None:
        return make(None, "x", SUPPRESSED)
    key = (count.area_code, population_year(period))
    children = lookup[key] if key in lookup else _packaged_population(*key)
    if key in lookup and children is None:
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


def _missing_population_issues(missing: list[tuple[str, int]], observations: list[Observation]
                               ) -> list[Issue]:
    """One note for all the rates left out for want of a child population, with a few examples."""
    if not missing:
        return []
    file = next((o.source.file for o in observations if o.source), "")
    examples = ", ".join(f"{code} mid-{year}" for code, year in sorted(set(missing))[:5])
    return [Issue("dfe-no-population", INFO, f"{counted(len(missing), 'rate')} per 10,000 could not be "
                  f"derived because the child population is not known (e.g. {examples}). Import the ONS "
                  "mid-year estimates file with this one to add them.", file)]


def _sum_text(parts: list[float]) -> str:
    text = " + ".join(_number_text(part) for part in parts)
    return f"({text})" if len(parts) > 1 else text


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))
