"""Sheet names for the board workbook: the indicator's title, short enough for Excel.

Excel allows 31 characters, none of ``[]:*?/\\``, and no two sheets may share a name (ignoring
case). A title is cut at the last whole word that fits; a name already taken gets its unit
(" (%)", " (number)"), else " (2)", " (3)" ..., within the same limit. "Report card" is the first
sheet's and never given to an indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cpdesk.indicators.model import Indicator, Unit

MAX_SHEET_NAME = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
REPORT_CARD = "Report card"
UNIT_SUFFIXES = {Unit.COUNT: " (number)", Unit.PERCENT: " (%)", Unit.RATE_PER_10K: " (rate)"}


def short_title(title: str, limit: int = MAX_SHEET_NAME) -> str:
    """The title without Excel's forbidden characters, cut at a word to at most ``limit`` characters."""
    clean = " ".join(FORBIDDEN.sub(" ", title).split()).strip("'")
    if len(clean) <= limit:
        return clean
    cut = clean[:limit + 1].rsplit(" ", 1)[0] if " " in clean[:limit + 1] else clean[:limit]
    return cut[:limit].rstrip(" ,;-(")


def sheet_names(indicators: Iterable[Indicator]) -> dict[str, str]:
    """A unique, readable sheet name for each indicator, by indicator id."""
    taken, names = {REPORT_CARD.lower()}, {}
    for indicator in indicators:
        base = short_title(indicator.title or indicator.id) or indicator.id[:MAX_SHEET_NAME]
        unit = UNIT_SUFFIXES.get(indicator.unit, "")
        suffixes = [unit, *(f" ({n})" for n in range(2, 100))]
        name = base
        for suffix in suffixes:
            if name.lower() not in taken:
                break
            name = short_title(base, MAX_SHEET_NAME - len(suffix)) + suffix
        taken.add(name.lower())
        names[indicator.id] = name
    return names
