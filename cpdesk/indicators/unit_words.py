"""How a label names its unit: "% of ...", "Rate of ... per 10,000 children", "Number of ...".

Councils put the unit around an indicator's words in many ways: "% of ICPCs held within 15 working
days", "ICPCs held within 15 working days (%)", "Rate of children subject to a CP plan per 10,000
children", "Number of children subject to a CP plan". When a label matches no title or alias as it
stands, the unit words are taken off and what is left is matched again; the match counts only if
the indicator found has exactly the unit the words named. So "% of X" can only ever be the
percentage indicator X, never a count called X, and nothing is guessed.

Labels here are already normalised (``text.normalise_label``): "%" reads "percent", "per 10,000"
reads "per 10000", "No. of" reads "number of".
"""

from __future__ import annotations

import logging
import re

from cpdesk.indicators.model import Indicator

logger = logging.getLogger(__name__)

# (unit, pattern): the pattern's group "core" is the label without the words naming the unit.
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("percent", re.compile(r"^(?:percent|proportion)(?: of)? (?P<core>.+)$")),
    ("percent", re.compile(r"^(?P<core>.+?) (?:as )?(?:a )?percent(?:age)?$")),
    ("rate_per_10k", re.compile(
        r"^(?:rates? of )?(?P<core>.+?) (?:rate )?per 10000(?: children| child population| population"
        r"| of child population| of 0 17 child population| children aged 0 17| aged 0 17)?$")),
    ("rate_per_10k", re.compile(r"^rates? of (?P<core>.+)$")),
    ("count", re.compile(r"^(?:total )?(?:number|count) of (?P<core>.+)$")),
    ("count", re.compile(r"^(?P<core>.+?) (?:number|count)$")),
)
# How an indicator's own titles and aliases may spell the core with its unit, tried in this order.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "percent": ("{core}", "{core} percent", "percent {core}", "percent of {core}"),
    "rate_per_10k": ("{core} per 10000", "{core} per 10000 children", "{core}", "rate of {core} per 10000"),
    "count": ("{core}", "number of {core}", "{core} number"),
}


def unit_variants(label: str) -> list[tuple[str, str]]:
    """(label spelled another way, the unit its words named), for each unit phrasing the label has."""
    variants: list[tuple[str, str]] = []
    for unit, pattern in _UNIT_PATTERNS:
        match = pattern.match(label)
        if match is None:
            continue
        core = match.group("core").strip()
        variants.extend((spelling.format(core=core), unit) for spelling in _SPELLINGS[unit]
                        if spelling.format(core=core) != label)
    return variants


def counterpart(indicator: Indicator, unit: str, schema) -> Indicator | None:
    """The indicator of ``unit`` that ``indicator`` is, or is the count or rate of; None if none."""
    if indicator.unit == unit:
        return indicator
    if unit == "count" and indicator.rate_of:
        found = schema.get(indicator.rate_of)
        return found if found is not None and found.unit == "count" else None
    if unit == "rate_per_10k" and indicator.unit == "count":
        rates = [i for i in schema if i.rate_of == indicator.id]
        return rates[0] if len(rates) == 1 else None
    return None
