"""Shared set-up for the validation tests: the real schema and areas, and observations as readers make them.

Figures are Warwickshire's (seed report 003, Sep 2020) and Hampshire's (seed report 004) unless a
test says otherwise; "today" is the Warwickshire report's committee date, 29 September 2020.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from cpdesk.indicators.areas import AreaRegistry, load_areas
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.schema import Schema, load_schema
from cpdesk.issues import Issue
from cpdesk.observation import CellRef, Observation
from cpdesk.validate.engine import RULES, ValidationContext

FILE = "warwickshire.xlsx"
SHEET = "CP tables"
TODAY = dt.date(2020, 9, 29)
WARWICKSHIRE = "E10000031"
HAMPSHIRE = "E10000014"
WARWICKSHIRE_DISTRICTS = {
    "North Warwickshire": "E07000218",
    "Nuneaton and Bedworth": "E07000219",
    "Rugby": "E07000220",
    "Stratford-on-Avon": "E07000221",
    "Warwick": "E07000222",
}


@cache
def schema() -> Schema:
    return load_schema()


@cache
def areas() -> AreaRegistry:
    return load_areas()


def context(**overrides) -> ValidationContext:
    settings = {"file": FILE, "schema": schema(), "areas": areas(), "today": TODAY}
    settings.update(overrides)
    return ValidationContext(**settings)


def obs(indicator: str, area: str, period: str, value: float | None, cell: str = "B5", *,
        status: str | None = None, raw: str | None = None, breakdown: str = "",
        sheet: str = SHEET) -> Observation:
    """An observation as a reader makes it: parsed period, raw text as written, source cell."""
    parsed = parse_period(period)
    assert parsed is not None, period
    if raw is None:
        raw = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return Observation(area_code=area, indicator_id=indicator, period=parsed, value=value, status=status,
                       raw=raw, breakdown=breakdown, source=CellRef(FILE, sheet, cell))


def run(code: str, observations: list[Observation], ctx: ValidationContext | None = None) -> list[Issue]:
    """The issues one rule (looked up by its code in RULES) finds."""
    rule = next(r for r in RULES if r.code == code)
    return list(rule.function(observations, ctx or context()))


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]
