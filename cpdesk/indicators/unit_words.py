"""The count or the rate of an indicator: the schema's ``rate_of`` links, never the wording.

A unit cell beside a label ("Average caseload" | "cases", "Children on CPP" | "Rate per 10,000")
says which of an indicator's count and rate a figure is; what the label itself means is the
resolver's question (:mod:`cpdesk.recognise.resolver`).
"""

from __future__ import annotations

import logging

from cpdesk.indicators.model import Indicator

logger = logging.getLogger(__name__)

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
