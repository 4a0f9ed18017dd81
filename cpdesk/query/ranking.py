"""Ranking every LA on one indicator and period, with quartile bands A (best) to D.

Conventions (the tests pin each of them):

- Rank 1 is the best for the indicator's polarity: the smallest value when lower is better
  ("low"), the largest when higher is better ("high").
- Ties share the better rank and the next rank is skipped (values 10, 12, 12, 15 with polarity
  low rank 1, 2, 2, 4), as in the DfE's and LAIT's league tables.
- Quartile cut-offs are the 25th, 50th and 75th percentiles of all ranked LAs' values by linear
  interpolation between the two nearest values (``numpy.percentile``'s default method, worked out
  here without numpy, which the report card on the first page would otherwise wait for).
- Bands: with polarity high, A is a value at or above Q3, B at or above the median, C at or above
  Q1, D below Q1. With polarity low the mirror: A at or below Q1, B at or below the median, C at
  or below Q3, D above Q3. A value exactly on a cut-off therefore goes to the better band.
- Polarity "none" (neither high nor low is better): ranked by value as LAIT does, 1 = the lowest
  value, with quartile bands A (the lowest quarter of values) to D (the highest); the words that go
  with it say "lowest" and "highest", never "best" or "worse" (:func:`judged`).
- A ranking is drawn only when at least half the LAs that existed at the period's end have a
  figure (:func:`has_national_figures`): one council's own figures ranked against nothing are not
  "all local authorities in England".
- Only LAs (ONS codes E06, E08, E09, E10) with a value are ranked; England, regions, districts and
  comparators are left out. The DfE's published figures are preferred over a council's own, so
  that every LA is measured the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cpdesk.indicators.model import AreaKind, Indicator, Period
from cpdesk.observation import TOTAL
from cpdesk.query.observations import DFE_FIRST, ObservationIndex, as_index, source_file_of
from cpdesk.query.series import area_name

LA_CODE_PREFIXES = ("E06", "E08", "E09", "E10")
BANDS = ("A", "B", "C", "D")
# A ranking needs the national figures: at least half the LAs existing at the time must have one.
MIN_NATIONAL_SHARE = 0.5


@dataclass(frozen=True)
class Quartiles:
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class RankedEntry:
    area_code: str
    name: str
    value: float
    rank: int
    band: str | None
    publisher: str = ""
    source_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """Every LA with a value, best first (lowest first for polarity none)."""

    indicator_id: str
    period: Period
    polarity: str
    entries: tuple[RankedEntry, ...]
    cutoffs: Quartiles | None

    @property
    def count(self) -> int:
        return len(self.entries)

    def entry(self, area_code: str) -> RankedEntry | None:
        for entry in self.entries:
            if entry.area_code == area_code:
                return entry
        return None


def is_la_code(code: str) -> bool:
    return code[:3] in LA_CODE_PREFIXES


def quartile_cutoffs(values: Sequence[float]) -> Quartiles | None:
    """Q1, median and Q3 by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(float(value) for value in values)
    return Quartiles(*(percentile(ordered, share) for share in (0.25, 0.5, 0.75)))


def percentile(ordered: Sequence[float], share: float) -> float:
    """The value ``share`` (0 to 1) of the way along ``ordered``, interpolated linearly between the
    two values either side of that position."""
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def judged(polarity: str) -> bool:
    """Whether a rank says better or worse (polarity high or low), or only where a value lies (none)."""
    return polarity in ("high", "low")


def band_for(value: float, cutoffs: Quartiles, polarity: str) -> str | None:
    """The quartile band (A best; A lowest for polarity none); a value on a cut-off takes band nearer A."""
    if polarity == "high":
        limits = (cutoffs.q3, cutoffs.median, cutoffs.q1)
        for band, limit in zip(BANDS, limits, strict=False):
            if value >= limit:
                return band
        return "D"
    if polarity in ("low", "none"):
        limits = (cutoffs.q1, cutoffs.median, cutoffs.q3)
        for band, limit in zip(BANDS, limits, strict=False):
            if value <= limit:
                return band
        return "D"
    return None


def competition_ranks(values: Sequence[float], polarity: str) -> list[int]:
    """Each value's rank (1 = best, or the lowest for polarity none); equal values share the rank
    nearer 1 ("1224" ranking)."""
    ordered = sorted(values, reverse=polarity == "high")
    first_position: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]


def rank_all_las(
    observations: Iterable[Any] | ObservationIndex,
    indicator: Indicator,
    period: Period,
    *,
    breakdown: str = TOTAL,
    prefer: Sequence[str] = DFE_FIRST,
    areas: Any | None = None,
) -> Ranking:
    """Rank every LA that has a value for the indicator in the period."""
    index = as_index(observations)
    figures = index.figures_for_period(indicator.id, period.key, breakdown, prefer)
    chosen = {code: obs for code, obs in figures.items() if is_la_code(code) and obs.value is not None}
    codes = list(chosen)
    numbers = [chosen[code].value for code in codes]
    cutoffs = quartile_cutoffs(numbers)
    ranks = competition_ranks(numbers, indicator.polarity)
    entries = [
        RankedEntry(
            area_code=code,
            name=area_name(code, areas, index),
            value=value,
            rank=rank,
            band=band_for(value, cutoffs, indicator.polarity) if cutoffs else None,
            publisher=chosen[code].publisher,
            source_files=tuple(filter(None, (source_file_of(chosen[code]),))),
        )
        for code, value, rank in zip(codes, numbers, ranks, strict=True)
    ]
    entries.sort(key=lambda e: (e.rank, e.name))
    return Ranking(indicator.id, period, indicator.polarity, tuple(entries), cutoffs)


def las_existing(areas: Any, period: Period) -> int:
    """How many LAs existed on the period's last day (the number a full national file holds)."""
    return sum(1 for area in areas.all(AreaKind.LA)
               if (area.opened is None or area.opened <= period.end)
               and (area.closed is None or area.closed >= period.end))


def has_national_figures(ranking: Ranking, areas: Any) -> bool:
    """Whether at least half the LAs of the time have a figure (see the module docstring)."""
    expected = las_existing(areas, ranking.period)
    return expected > 0 and ranking.count >= expected * MIN_NATIONAL_SHARE
