"""A published figure against cpdesk's own working: do they differ by more than rounding explains?

A figure written "23.8" stands for anything from 23.75 to 23.85, and a count the DfE gives for
England or a region is rounded to the nearest 10 ("61840" is 61,835 to 61,845). Working a
percentage or a rate out from such parts therefore gives a range, not one number; the published
figure agrees when its own range meets that one. Only a difference no rounding can explain is
reported, and the published figure is kept either way: it is the DfE's, cpdesk's working is not.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cpdesk.observation import Observation

__all__ = ["Checked", "Disagreement", "Written", "agrees", "ratio_range", "written", "written_number"]

logger = logging.getLogger(__name__)

HALF = Decimal("0.5")
NEAREST_TEN = Decimal(5)


@dataclass(frozen=True, slots=True)
class Written:
    """A figure as written, and how far the figure it stands for may lie from it."""

    value: Decimal
    margin: Decimal

    @property
    def low(self) -> Decimal:
        return self.value - self.margin

    @property
    def high(self) -> Decimal:
        return self.value + self.margin


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A published figure that cpdesk's working from the same release does not give."""

    published: Observation
    derived: float  # cpdesk's working, rounded as the indicator is
    working: str  # "81770 / 12183016 x 10,000"


@dataclass(frozen=True, slots=True)
class Checked:
    """A published figure checked against cpdesk's working, and the disagreement if they differ."""

    indicator_id: str
    disagreement: Disagreement | None = None


def written(text: str, *, to_nearest_ten: bool = False) -> Written | None:
    """The figure ``text`` and its rounding: half a unit of its last digit, or 5 for a count given to
    the nearest 10 (``to_nearest_ten``: England and regional counts). None if it is not a number."""
    cleaned = text.strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    decimals = len(cleaned.partition(".")[2])
    margin = HALF.scaleb(-decimals)
    if to_nearest_ten and decimals == 0 and value % 10 == 0 and value != 0:
        margin = NEAREST_TEN
    return Written(value, margin)


def written_number(number: float) -> Written:
    """A figure known only as a number (a child population): whole numbers are exact to half a unit."""
    value = Decimal(repr(float(number)))
    return Written(value, HALF if value == value.to_integral_value() else Decimal(0))


def ratio_range(numerator: Sequence[Written], denominator: Sequence[Written],
                per: int) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest sum(numerator) / sum(denominator) x ``per`` the parts allow.

    None when the denominator could be nothing at all, so no range can be given.
    """
    top_low = max(sum((part.low for part in numerator), Decimal(0)), Decimal(0))
    top_high = sum((part.high for part in numerator), Decimal(0))
    bottom_low = sum((part.low for part in denominator), Decimal(0))
    bottom_high = sum((part.high for part in denominator), Decimal(0))
    if bottom_low <= 0:
        return None
    return top_low * per / bottom_high, top_high * per / bottom_low


def agrees(published: Written, low: Decimal, high: Decimal) -> bool:
    """True when the published figure's range meets the range the working allows."""
    return published.high >= low and published.low <= high
