"""Red/amber/green ratings and direction of travel, both driven by the indicator's polarity.

Against a target (with a tolerance, 0 if none is set):

- polarity high: green if value >= target, amber if value >= target - tolerance, else red;
- polarity low (the mirror): green if value <= target, amber if value <= target + tolerance, else red.

Without a target, against the statistical neighbours' figure for the same period (else England's):
green if the value is as good as it or better, amber if it is worse by no more than the tolerance,
red if it is worse by more.
The tolerance defaults to 5% of the mean (:data:`SN_TOLERANCE_FRACTION`), so "a little worse than
our neighbours" is amber whatever the unit. The mean is rounded to the indicator's decimals first,
so the rating agrees with the figures printed beside it.

Counts without a target get no rating: a count follows the council's size, so a county's 878
re-referrals against its neighbours' average of 2,559 says nothing about how well it does. Rates
and percentages are still rated against the neighbours; a count with a target is rated against it.

Polarity "none" (e.g. the CP rate: neither high nor low is good in itself) gets no rating:
"neutral". No value gives "none"; nothing to compare with gives "none" too, and says how to get a
rating: set a target. Every rating's ``basis`` names what it was measured against and the polarity
("England 78.2% for 2019/20; higher is better").
"""

from __future__ import annotations

from dataclasses import dataclass

from cpdesk.indicators.model import Unit
from cpdesk.indicators.rates import round_half_up

SN_TOLERANCE_FRACTION = 0.05
RAG_LABELS = {
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "neutral": "No RAG (neither higher nor lower is better)",
    "none": "No RAG (no figure to rate)",
}
POLARITY_WORDS = {"high": "higher is better", "low": "lower is better"}
SET_A_TARGET = "No RAG: set a target (no neighbours' or England figure to rate against)"
DIRECTIONS = ("improving", "worsening", "same", "n/a")


@dataclass(frozen=True)
class Rag:
    """A rating and what it was measured against, in words."""

    status: str  # a key of RAG_LABELS
    basis: str = ""
    comparator: float | None = None
    tolerance: float | None = None
    words: str = ""  # the label, where it says more than RAG_LABELS does
    advice: str = ""  # without a rating: why, or how to get one, in a few words ("set a target")

    @property
    def label(self) -> str:
        return self.words or RAG_LABELS[self.status]


NEUTRAL = Rag("neutral", "neither higher nor lower is better", advice="context only")
NO_DATA = Rag("none", "no figure to rate", advice="no figure")
NOTHING_TO_RATE_AGAINST = Rag("none", "no target, and no neighbours' or England figure for the period",
                              words=SET_A_TARGET, advice="set a target")
COUNT_WITHOUT_TARGET = Rag("neutral", "a count follows the council's size",
                           words="No RAG (a count follows the council's size: set a target to rate it)",
                           advice="set a target")


def worse_by(value: float, comparator: float, polarity: str) -> float:
    """How far ``value`` is worse than ``comparator`` (negative when it is better)."""
    return comparator - value if polarity == "high" else value - comparator


def rag_against_target(value: float | None, target: float, tolerance: float | None, polarity: str) -> Rag:
    if polarity not in ("high", "low"):
        return NEUTRAL
    if value is None:
        return NO_DATA
    allowed = tolerance or 0.0
    gap = worse_by(value, target, polarity)
    status = "green" if gap <= 0 else "amber" if gap <= allowed else "red"
    basis = f"target {target:g}" + (f" (tolerance {allowed:g})" if allowed else "")
    basis += f"; {POLARITY_WORDS[polarity]}"
    return Rag(status, basis, target, allowed)


def rag_against_comparator(value: float | None, comparator: float | None, polarity: str, *,
                           tolerance: float | None = None, decimals: int = 1,
                           name: str = "statistical neighbours' mean", suffix: str = "") -> Rag:
    """Rate against a comparator such as the SN mean (see the module docstring)."""
    if polarity not in ("high", "low"):
        return NEUTRAL
    if value is None:
        return NO_DATA
    if comparator is None:
        return NOTHING_TO_RATE_AGAINST
    shown = round_half_up(comparator, decimals)
    allowed = abs(shown) * SN_TOLERANCE_FRACTION if tolerance is None else tolerance
    gap = worse_by(value, shown, polarity)
    status = "green" if gap <= 0 else "amber" if gap <= allowed else "red"
    return Rag(status, f"{name} {shown:.{decimals}f}{suffix}; {POLARITY_WORDS[polarity]}", shown, allowed)


def rag_for(value: float | None, polarity: str, *, target: float | None = None,
            tolerance: float | None = None, sn_mean: float | None = None, decimals: int = 1,
            unit: str | None = None, england: float | None = None,
            sn_name: str = "statistical neighbours' mean", when: str = "") -> Rag:
    """Against the target when there is one, else against the statistical neighbours' figure, else
    England's (never for a count, whose size follows the council's). ``when`` names the period both
    figures are for ("in 2019/20"), so the basis reads "England in 2019/20: 78.2; higher is better"."""
    if target is not None:
        return rag_against_target(value, target, tolerance, polarity)
    if unit == Unit.COUNT and polarity in ("high", "low"):
        return COUNT_WITHOUT_TARGET
    comparator, name = (sn_mean, sn_name) if sn_mean is not None else (england, "England")
    return rag_against_comparator(value, comparator, polarity, decimals=decimals,
                                  name=f"{name} {when}:" if when else name,
                                  suffix="%" if unit == Unit.PERCENT else "")


def direction_of_travel(latest: float | None, previous: float | None, polarity: str,
                        decimals: int | None = None) -> str:
    """Improving, worsening or the same since the previous figure; "n/a" without polarity or data.

    With ``decimals`` both figures are compared as published (rounded), so 23.04 and 22.96 are the same.
    """
    if polarity not in ("high", "low") or latest is None or previous is None:
        return "n/a"
    if decimals is not None:
        latest, previous = round_half_up(latest, decimals), round_half_up(previous, decimals)
    if latest == previous:
        return "same"
    went_up = latest > previous
    return "improving" if went_up == (polarity == "high") else "worsening"
