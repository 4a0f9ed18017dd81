"""The rules of ``rules_consistency`` (figures of a file against each other), column by column.

Which figures a rule concerns (rates, sub-areas' counts, shares of a breakdown) is decided over arrays
and the figure each needs (a rate's count, a district's LA) is found by key; only those figures are
then looked at one by one, with the reference's own functions, so the issues and their order are the
reference's.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cpdesk.indicators.model import SUB_AREA_KINDS, Area, Indicator, PeriodKind, Unit
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import TOTAL
from cpdesk.validate.columns import NOWHERE, FigureColumns
from cpdesk.validate.rules_consistency import (
    POPULATION_INDICATOR,
    RateGiven,
    category_total_text,
    districts_exceed_text,
    population_for,
    rate_mismatch_text,
    shares_of_a_whole,
)

# --- rate-mismatch ---------------------------------------------------------------------------------


def _populations_in_file(columns: FigureColumns) -> dict[tuple[str, int], float]:
    """``rules_consistency._populations_in_file``: (area code, mid-year) -> the file's child population."""
    code = columns.indicator.code.get(POPULATION_INDICATOR)
    if code is None:
        return {}
    mid_years = columns.per_period(lambda period: period.kind == PeriodKind.MID_YEAR)
    given = (columns.indicator.codes == code) & columns.has_value & (columns.value != 0) & mid_years
    areas, periods, values = columns.figures.area_code, columns.figures.period, columns.figures.value
    return {(areas[i], periods[i].end.year): values[i] for i in np.flatnonzero(given).tolist()}


def rate_mismatches(columns: FigureColumns) -> Iterator[Issue]:
    indicators = columns.indicators
    code = columns.indicator.code
    count_of = np.array([NOWHERE if indicator is None or not indicator.rate_of
                         else code.get(indicator.rate_of, NOWHERE) for indicator in indicators],
                        dtype=np.int64)
    is_rate = columns.per_indicator(lambda indicator: indicator is not None and bool(indicator.rate_of))
    rates = np.flatnonzero(columns.has_value & is_rate)
    if not len(rates):
        return
    counts = columns.figure_with_value(columns.key_of(
        columns.area.codes[rates], count_of[columns.indicator.codes[rates]], columns.breakdown.codes[rates],
        columns.period_keys.codes[rates], columns.publisher.codes[rates]))
    with_count = counts != NOWHERE
    in_file = _populations_in_file(columns)
    known: dict[tuple[str, int], float | None] = {}

    def population_of(area_code: str, mid_year: int) -> float | None:
        if (area_code, mid_year) not in known:
            known[(area_code, mid_year)] = population_for(area_code, mid_year, in_file, columns.context)
        return known[(area_code, mid_year)]

    figures, value_at = columns.figures, columns.value_at
    for index, count in zip(rates[with_count].tolist(), counts[with_count].tolist(), strict=True):
        indicator: Indicator = indicators[columns.indicator.codes[index]]
        given = RateGiven(figures.area_code[index], figures.period[index], value_at(index),  # type: ignore[arg-type]
                          figures.raw[index], value_at(count), indicator)  # type: ignore[arg-type]
        text = rate_mismatch_text(given, population_of)
        if text is not None:
            yield columns.issue("rate-mismatch", WARNING, index, text)


# --- districts-exceed-la ---------------------------------------------------------------------------


def _is_sub_area(area: Area | None) -> bool:
    return area is not None and area.kind in SUB_AREA_KINDS and bool(area.parent_code)


def _sub_area_groups(columns: FigureColumns) -> dict[tuple, list[int]]:
    """``rules_consistency._sub_area_groups``: sub-areas' count figures (the first of each key), grouped by
    (kind, the LA's key), as indices."""
    counts = columns.per_indicator(lambda indicator: indicator is not None and indicator.unit == Unit.COUNT)
    chosen = np.flatnonzero(columns.has_value & counts & columns.per_area(_is_sub_area))
    groups: dict[tuple, list[int]] = {}
    seen: set[int] = set()
    for index, key, area, *slot in columns.rows(chosen, columns.key, *columns.slot_codes()):
        if key in seen:
            continue
        seen.add(key)
        found: Area = columns.areas[area]
        groups.setdefault((found.kind, found.parent_code, *slot), []).append(index)
    return groups


def districts_exceeding_la(columns: FigureColumns) -> Iterator[Issue]:
    figures, value_at = columns.figures, columns.value_at
    for (kind, parent_code, *slot), parts in _sub_area_groups(columns).items():
        la = columns.first_figure_of(columns.area.code.get(parent_code, NOWHERE), *slot)
        if la == NOWHERE:
            continue
        given = [(figures.area_code[p], value_at(p)) for p in parts]
        text = districts_exceed_text(kind, given, figures.indicator_id[la], value_at(la),  # type: ignore[arg-type]
                                     columns.context)
        if text is not None:
            yield columns.issue("districts-exceed-la", ERROR, la, text)


# --- category-total --------------------------------------------------------------------------------


def category_totals(columns: FigureColumns) -> Iterator[Issue]:
    total = columns.breakdown.code.get(TOTAL, NOWHERE)
    chosen = np.flatnonzero(columns.per_indicator(shares_of_a_whole) & (columns.breakdown.codes != total))
    groups: dict[tuple, dict[int, int]] = {}
    area, indicator, breakdown, period_key, publisher = columns.slot_codes()
    for index, *group, category in columns.rows(chosen, area, indicator, period_key, publisher, breakdown):
        groups.setdefault(tuple(group), {}).setdefault(category, index)
    for (_, indicator_code, *_), by_category in groups.items():
        first = next(iter(by_category.values()))
        values = {columns.breakdown.distinct[category]: columns.value_at(index)
                  for category, index in by_category.items()}
        text = category_total_text(values, columns.indicators[indicator_code], columns.context)
        if text is not None:
            yield columns.issue("category-total", WARNING, first, text)

