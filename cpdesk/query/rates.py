"""Count and rate versions of an indicator, one click apart.

A rate per 10,000 names the count it is computed from (``Indicator.rate_of``: ``cpp_rate`` is
``cpp_count`` per 10,000 children). :func:`rate_counterpart` finds the other half of the pair, and
:func:`rate_series_from_counts` turns a count series into rates with the ONS mid-year estimate the
DfE uses (mid-(T-1) for the year to 31 March T), rounded half up to one decimal as published.
Where a rate is published, show that; a computed rate says so in its ``basis``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cpdesk.indicators.model import Indicator
from cpdesk.indicators.rates import population_year, rate_per_10k
from cpdesk.query.series import Series, SeriesPoint

# (area code, mid-year) -> children aged 0-17, or None where the estimate is not known.
PopulationLookup = Callable[[str, int], float | None]

COMPUTED_RATE = "computed: count per 10,000 children aged 0-17 (ONS mid-year estimate)"


def rate_counterpart(indicator_id: str, schema: Iterable[Indicator]) -> str | None:
    """The rate computed from this count, or the count this rate is computed from; None if unpaired."""
    indicators = list(schema)
    for indicator in indicators:
        if indicator.id == indicator_id and indicator.rate_of:
            return indicator.rate_of
    for indicator in indicators:
        if indicator.rate_of == indicator_id:
            return indicator.id
    return None


def _rate_point(point: SeriesPoint, area_code: str, population: PopulationLookup,
                decimals: int) -> SeriesPoint:
    year = population_year(point.period)
    children = population(area_code, year)
    value = rate_per_10k(point.value, children, decimals)
    status = point.status if point.value is None else (None if value is not None else "x")
    source = f"{point.source}; population mid-{year}: {children:,.0f}" if children else point.source
    return SeriesPoint(point.period, value, status, point.raw, source, point.publisher,
                       source_files=point.source_files)


def rate_series_from_counts(counts: Series, rate_indicator: Indicator,
                            population: PopulationLookup) -> Series:
    """The count series as rates per 10,000; a point without a population estimate becomes "x"."""
    decimals = rate_indicator.decimals
    points = tuple(_rate_point(p, counts.area_code, population, decimals) for p in counts.points)
    return Series(rate_indicator.id, counts.area_code, counts.name, counts.role, points, COMPUTED_RATE)
