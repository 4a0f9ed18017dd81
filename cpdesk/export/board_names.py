"""Sheet names for the board workbook: each indicator's short title, as the schema declares it.

Excel allows 31 characters, none of ``[]:*?/\\``, and no two sheets may share a name (ignoring
case). The schema gives every indicator a short title of at most 28 characters, unique among
indicators ("CP-plan rate", "ICPCs in 15 days"), so names are read whole, never cut mid-phrase. A
council's own indicator without one, or one that would still clash (with "Report card" or the
hidden "Chart figures"), gets
" (2)", " (3)" ... within the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cpdesk.indicators.model import Indicator

MAX_SHEET_NAME = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
REPORT_CARD = "Report card"
CHART_FIGURES = "Chart figures"  # the hidden sheet the board charts plot


def short_title(title: str, limit: int = MAX_SHEET_NAME) -> str:
    """The title without Excel's forbidden characters, cut at a word to at most ``limit`` characters."""
    clean = " ".join(FORBIDDEN.sub(" ", title).split()).strip("'")
    if len(clean) <= limit:
        return clean
    cut = clean[:limit + 1].rsplit(" ", 1)[0] if " " in clean[:limit + 1] else clean[:limit]
    return cut[:limit].rstrip(" ,;-(")


def sheet_names(indicators: Iterable[Indicator]) -> dict[str, str]:
    """A unique, readable sheet name for each indicator, by indicator id."""
    taken, names = {REPORT_CARD.lower(), CHART_FIGURES.lower()}, {}
    for indicator in indicators:
        base = (short_title(indicator.short_title or indicator.title or indicator.id)
                or indicator.id[:MAX_SHEET_NAME])
        name = base
        for number in range(2, 100):
            if name.lower() not in taken:
                break
            suffix = f" ({number})"
            name = short_title(base, MAX_SHEET_NAME - len(suffix)) + suffix
        taken.add(name.lower())
        names[indicator.id] = name
    return names
