"""Rates per 10,000 children and the rounding the DfE publishes them with.

Published rates are count / ONS mid-year estimate of children aged 0-17 x 10,000, rounded half up
to one decimal. Python's ``round`` rounds half to even and works on binary floats (``round(2.675, 2)``
is 2.67), so a rate computed that way can differ from the published figure in the last digit and be
flagged as a discrepancy that is not one. Rounding here goes through ``decimal`` instead.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.indicators.period_spans import fy_start_year

PER = 10_000


def round_half_up(value: float, decimals: int) -> float:
    """``value`` rounded to ``decimals`` places, halves away from zero, as written (0.05 -> 0.1).

    The float is read through its shortest repr, so 2.675 is taken as written and becomes 2.68.
    NaN and infinities are returned unchanged.
    """
    if not math.isfinite(value):
        return value
    return round_decimal_half_up(Decimal(repr(float(value))), decimals)


def rate_per_10k(count: float | None, population: float | None, decimals: int = 1) -> float | None:
    """``count`` per 10,000 of ``population``, rounded half up; None without a usable denominator.

    The division is done in decimal arithmetic so that an exact half (e.g. 1 / 80,000 x 10,000 =
    0.125) is not nudged below the half by binary floating point before rounding.
    """
    if count is None or population is None:
        return None
    try:
        numerator = Decimal(repr(float(count)))
        denominator = Decimal(repr(float(population)))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not numerator.is_finite() or not denominator.is_finite() or denominator <= 0:
        return None
    rate = round_decimal_half_up(numerator * PER / denominator, decimals)
    return rate if math.isfinite(rate) else None  # 1e308 children is no count to take a rate of


def round_decimal_half_up(number: Decimal, decimals: int) -> float:
    """``number`` rounded half up to ``decimals`` places, as a float."""
    try:
        return float(number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # over 28 digits, decimal's precision: far past any figure, and a float's
        return float(number)


def population_year(period: Period) -> int:
    """The ONS mid-year estimate used as the denominator for a figure over ``period``.

    DfE reporting year T (the year to 31 March T) uses the mid-(T-1) estimate: the mid-year of the
    calendar year in which that financial year began. A snapshot at 31 March 2019 and the year
    2018/19 both use mid-2018; a quarter or month uses the estimate of its financial year; a mid-year
    period is its own year.
    """
    if period.kind == PeriodKind.MID_YEAR:
        return period.end.year
    return fy_start_year(period.end)
