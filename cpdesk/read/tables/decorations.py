"""What councils add around a label without changing what it names, taken off for a second reading.

"Number of referrals¹", "2023/24 (provisional)", "FY22/23", "2022/23 Actual", "Children subject to a
plan per 10,000 children at 31 March", "Child Protection Rate per 10,000 by district", "Warwick
District", "Rugby Borough Council". A label is read as written first; only when that names nothing
is it read again without these, and it counts only if the rest names something exactly (so the
second reading can never turn a known label into another one).
"""

from __future__ import annotations

import re

# Each pattern is one decoration; they are taken off one after another, each as often as it applies.
_DECORATIONS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\s*[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+$"),                                # footnote marks
    re.compile(r"\s*\((?:[a-z]|\d{1,2}|note \d{1,2})\)$", re.IGNORECASE),   # "(a)", "(1)", "(note 2)"
    re.compile(r"\s*\(?\b(?:provisional|final|revised|draft|estimated?)\)?$", re.IGNORECASE),
    re.compile(r"\s*\((?:p|r)\)$", re.IGNORECASE),                          # "(p)" provisional, "(r)" revised
    re.compile(r"\s+(?:actual|actuals|outturn|out-turn|ytd actual)$", re.IGNORECASE),
    re.compile(r"^(?:fye?|financial year)\s*(?=\d)", re.IGNORECASE),       # "FY22/23", "FYE 2023"
    re.compile(r"\s*,?\s+(?:as\s+)?at\s+(?:31(?:st)?\s+march|year[\s-]end)$", re.IGNORECASE),
    re.compile(r"\s+by\s+(?:district|districts|area|areas|locality|localities)$", re.IGNORECASE),
    re.compile(r"\s+by\s+(?:category|categories|age|age group|gender|sex|ethnicity|legal status)"
               r"(?:\s+of\s+(?:abuse|need))?$", re.IGNORECASE),
    re.compile(r"\s+(?:district|borough|city)(?:\s+council)?$", re.IGNORECASE),
)


def without_decorations(text: str) -> str:
    """The label with what councils add around it taken off; the text itself when there is nothing."""
    plain = text.strip()
    changed = True
    while changed and plain:
        changed = False
        for pattern in _DECORATIONS:
            shorter = pattern.sub("", plain).strip()
            if shorter != plain and shorter:
                plain, changed = shorter, True
    return plain
