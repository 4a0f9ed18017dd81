"""Plain data types shared by every layer: indicators, breakdowns, periods and areas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

# The values of these enums are what the schema file, the database and exported files hold. A StrEnum
# member equals its string, so a value read back as plain text compares and hashes the same.


class Unit(StrEnum):
    COUNT = "count"
    RATE_PER_10K = "rate_per_10k"
    PERCENT = "percent"
    DAYS = "days"
    MONTHS = "months"
    RATIO = "ratio"


class PeriodKind(StrEnum):
    """A snapshot at a date, a financial year (1 April - 31 March), a quarter of a financial year,
    a calendar month, and the ONS mid-year estimate (30 June)."""

    SNAPSHOT = "snapshot"
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    MID_YEAR = "mid_year"


class AreaKind(StrEnum):
    LA = "la"
    DISTRICT = "district"
    OPERATIONAL = "operational"  # a council's own area, made of districts ("North")
    REGION = "region"
    COUNTRY = "country"
    SN = "sn"  # a council's statistical neighbours, as one comparator


UNITS = tuple(Unit)
# Each unit as an officer would name it ("this figure is a ...").
UNIT_NAMES: dict[str, str] = {
    Unit.COUNT: "count", Unit.RATE_PER_10K: "rate per 10,000 children", Unit.PERCENT: "percentage",
    Unit.DAYS: "number of days", Unit.MONTHS: "number of months", Unit.RATIO: "ratio",
}
POLARITIES = ("high", "low", "none")
PERIOD_KINDS = tuple(PeriodKind)
SUB_AREA_KINDS = (AreaKind.DISTRICT, AreaKind.OPERATIONAL)


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time an observation is measured over.

    ``start`` and ``end`` are inclusive dates; a snapshot has ``start == end``.
    ``label`` is the canonical label ("2019/20", "Q1 20/21", "Mar 2020", "31 Mar 2019", "mid-2018").
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date
    label: str
    # (kind, start, end): what identifies the period (the label is only how it is shown). Worked out
    # once, as every figure's key is built from it.
    key: tuple[PeriodKind, dt.date, dt.date] = field(init=False, repr=False, compare=False)

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
    unit: Unit
    polarity: str
    decimals: int
    valid_min: float
    valid_max: float
    period_kind: PeriodKind
    breakdown: str | None = None  # id of a Breakdown, or None
    # At most 28 characters, unique: sheet names, grid headers and chart legends ("CP-plan rate").
    short_title: str = ""
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

    def title_for(self, period: Period) -> str:
        """The title beside a figure for ``period``: a title that says "at 31 March" names the day of a
        figure counted on another ("Children subject to a child protection plan at 30 April" beside
        30 Apr 2024), so it never claims 31 March for an in-year month end."""
        end = period.end
        if (end.month, end.day) == (3, 31) or AT_31_MARCH not in self.title:
            return self.title
        return self.title.replace(AT_31_MARCH, f"at {end.day} {MONTH_NAMES[end.month - 1]}")

    def title_beside(self, periods: Iterable[Period]) -> str:
        """The title beside a list of periods: ``title_for`` their day when they all end on one day of
        the year, else the title without "at 31 March" (the periods listed name their own days)."""
        titles = {self.title_for(period) for period in periods}
        return titles.pop() if len(titles) == 1 else self.title.replace(f" {AT_31_MARCH}", "")


AT_31_MARCH = "at 31 March"
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # in English whatever the locale


@dataclass(frozen=True, slots=True)
class Area:
    """An area: an LA, a district, an operational area, a region, England or a comparator."""

    code: str  # ONS code, or "SN-<LA code>", or "<LA code>-<slug>"
    name: str
    kind: AreaKind
    parent_code: str | None = None
    old_code: str | None = None  # DfE 3-digit code for LAs
    region_code: str | None = None
    opened: dt.date | None = None
    closed: dt.date | None = None
    aliases: tuple[str, ...] = field(default=())
