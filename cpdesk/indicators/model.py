"""Plain data types shared by every layer: indicators, breakdowns, periods and areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

UNITS = ("count", "rate_per_10k", "percent", "days", "months", "ratio")
# Each unit as an officer would name it ("this figure is a ...").
UNIT_NAMES = {"count": "count", "rate_per_10k": "rate per 10,000 children", "percent": "percentage",
              "days": "number of days", "months": "number of months", "ratio": "ratio"}
POLARITIES = ("high", "low", "none")
# Period kinds: a snapshot at a date, a financial year (1 April - 31 March), a quarter of a
# financial year, a calendar month, and the ONS mid-year estimate (30 June).
PERIOD_KINDS = ("snapshot", "year", "quarter", "month", "mid_year")


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time an observation is measured over.

    ``start`` and ``end`` are inclusive dates; a snapshot has ``start == end``.
    ``label`` is the canonical label ("2019/20", "Q1 20/21", "Mar 2020", "31 Mar 2019", "mid-2018").
    """

    kind: str
    start: dt.date
    end: dt.date
    label: str
    # (kind, start, end): what identifies the period (the label is only how it is shown). Worked out
    # once, as every figure's key is built from it.
    key: tuple[str, dt.date, dt.date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.kind, self.start, self.end))


@dataclass(frozen=True, slots=True)
class Category:
    """One category of a breakdown dimension, e.g. ``neglect`` of ``category``."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A breakdown dimension such as ``category`` (of abuse) or ``age_band``."""

    id: str
    title: str
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    unit: str
    polarity: str
    decimals: int
    valid_min: float
    valid_max: float
    period_kind: str
    breakdown: str | None = None  # id of a Breakdown, or None
    theme: str = ""
    definition: str = ""
    source: str = ""
    aliases: tuple[str, ...] = ()
    dfe_columns: tuple[str, ...] = ()
    # For rates: the count indicator this rate is computed from (count / child population).
    rate_of: str | None = None
    local: bool = False  # defined by the council, not the package
    # The parts a label must name for this indicator (see resources/lexicon.toml and
    # cpdesk.recognise): concepts counted, and qualifiers. "x?" is optional, "a|b" is either.
    concepts: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Area:
    """An area: an LA, a district, an operational area, a region, England or a comparator."""

    code: str  # ONS code, or "SN-<LA code>", or "<LA code>-<slug>"
    name: str
    kind: str  # "la", "district", "operational", "region", "country", "sn"
    parent_code: str | None = None
    old_code: str | None = None  # DfE 3-digit code for LAs
    region_code: str | None = None
    opened: dt.date | None = None
    closed: dt.date | None = None
    aliases: tuple[str, ...] = field(default=())
