"""Reading a period from the text councils write in headers and first columns.

Each accepted form has its own pattern, tried in an order that keeps the readings apart: "2019-20"
is a financial year (the two parts follow on), "2019-12" a month, "16-17" is neither (two-digit
years need "/" so that an age band is never read as a year). Anything not recognised gives None:
a header such as "Total" or "TBC" is not a period, and guessing would misfile a whole column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from cpdesk.indicators import period_spans as spans
from cpdesk.indicators.model import Period, PeriodKind

EARLIEST_YEAR = 1980
LATEST_YEAR = 2099
TWO_DIGIT_PIVOT = 80

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(spans.MONTH_ABBREVIATIONS, start=1)}
_YEAR = r"(\d{2}|\d{4})"
_FY = r"(?:fy\s*|financial year\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})"
_QUARTER = r"(?:q|qtr|quarter)\s*([1-4])"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# "2023-24 Full Year", "2023/24 (full year)": the whole year, as the period alone says.
_SUFFIXES = re.compile(r"\s*\(?\b(?:full|whole)\s+year\)?$")
_PREFIXES = re.compile(r"^(?:as at|as of|at|position at|snapshot at)\s+")


def parse_period_text(text: str, prefer: str | None = None) -> Period | None:
    """The period a label names, or None. See :func:`cpdesk.indicators.periods.parse_period`."""
    value = _clean(text)
    if not value:
        return None
    for pattern, build in _RULES:
        match = pattern.match(value)
        if not match:
            continue
        try:
            return build(match, prefer)
        except ValueError:
            # Not this reading ("2019-12" is no financial year; "31/02/2019" no date): try the next.
            continue
    return None


def _clean(text: str) -> str:
    value = unicodedata.normalize("NFKC", str(text)).lower().strip()
    value = re.sub(r"[\u2010-\u2015\u2212]", "-", value)
    value = re.sub(r"\s+", " ", value).strip(" .:;*")
    return _SUFFIXES.sub("", _PREFIXES.sub("", value))


def full_year(text: str) -> int:
    """A four-digit year from "2019" or "19" (two-digit years 80-99 are 1980-1999, 00-79 2000-2079)."""
    number = int(text)
    if len(text) <= 2:
        number += 1900 if number >= TWO_DIGIT_PIVOT else 2000
    if not EARLIEST_YEAR <= number <= LATEST_YEAR:
        raise ValueError(f"year {number} is out of range")
    return number


def fy_end_year(first: str, second: str) -> int:
    """The end year of the financial year written as ``first``/``second``; parts must follow on."""
    start = full_year(first)
    if len(second) == 4:
        end = full_year(second)
    else:  # "2019/20", "2008/9", "1999/00"
        modulus = 10 ** len(second)
        end = start - start % modulus + int(second)
        if end <= start:
            end += modulus
    if end != start + 1:
        raise ValueError(f"{first}/{second} is not a financial year")
    return end


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3]]


def _bare_year(match: re.Match[str], prefer: str | None) -> Period:
    year = full_year(match[1])
    if prefer == PeriodKind.YEAR:
        return spans.financial_year(year)
    if prefer == PeriodKind.MID_YEAR:
        return spans.mid_year(year)
    return spans.snapshot(dt.date(year, 3, 31))


def _month_range(match: re.Match[str], prefer: str | None) -> Period:
    """"Apr-Jun 2023", "Jan - Mar 2024": a financial quarter spelt by its months (the year is the last
    month's). Three months that are not one quarter are no period cpdesk keeps."""
    first, last, year = _month_number(match[1]), _month_number(match[2]), full_year(match[3])
    if (last - first) % 12 != 2 or first % 3 != 1:
        raise ValueError("the months are not one quarter")
    end_year = year + 1 if last >= spans.FIRST_MONTH_OF_FY else year  # Jan-Mar 2024 ends 2023/24
    number = ((first - spans.FIRST_MONTH_OF_FY) % 12) // 3 + 1
    return spans.fy_quarter(end_year, number)


def _year_ending(match: re.Match[str], prefer: str | None) -> Period:
    day = dt.date(full_year(match[3]), _month_number(match[2]), int(match[1]))
    if (day.month, day.day) != (3, 31):
        raise ValueError("only years ending 31 March are financial years")
    return spans.financial_year(day.year)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], str | None], Period]]
_RULES: list[Rule] = [
    (re.compile(r"^mid[ -]?(?:year[ -]?)?(\d{4})$"), lambda m, p: spans.mid_year(full_year(m[1]))),
    (
        re.compile(rf"^{_QUARTER}\s*(?:of\s+)?{_FY}$"),
        lambda m, p: spans.fy_quarter(fy_end_year(m[2], m[3]), int(m[1])),
    ),
    (re.compile(rf"^{_FY}\s*{_QUARTER}$"), lambda m, p: spans.fy_quarter(fy_end_year(m[1], m[2]), int(m[3]))),
    (re.compile(rf"^{_MONTH}\s*(?:-|to)\s*{_MONTH}[\s,]+{_YEAR}$"), _month_range),
    (re.compile(rf"^(?:financial )?year (?:ending|ended|to) {_DAY}\s*{_MONTH}\s*{_YEAR}$"), _year_ending),
    (
        re.compile(r"^(?:fy\s*|financial year\s*)?(\d{4})\s*[/-]\s*(\d{1,2}|\d{4})$"),
        lambda m, p: spans.financial_year(fy_end_year(m[1], m[2])),
    ),
    (re.compile(r"^(\d{2})\s*/\s*(\d{2})$"), lambda m, p: spans.financial_year(fy_end_year(m[1], m[2]))),
    (
        re.compile(r"^(?:fy\s*|financial year\s*)(\d{2})\s*-\s*(\d{2})$"),
        lambda m, p: spans.financial_year(fy_end_year(m[1], m[2])),
    ),
    (re.compile(r"^(\d{4})(\d{2})$"), lambda m, p: spans.financial_year(fy_end_year(m[1], m[2]))),
    (
        re.compile(rf"^{_DAY}[\s/.-]*{_MONTH}[\s/.,-]*{_YEAR}$"),
        lambda m, p: spans.snapshot(dt.date(full_year(m[3]), _month_number(m[2]), int(m[1]))),
    ),
    (
        re.compile(rf"^{_MONTH}\s+{_DAY},?\s+(\d{{4}})$"),
        lambda m, p: spans.snapshot(dt.date(full_year(m[3]), _month_number(m[1]), int(m[2]))),
    ),
    (
        re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$"),
        lambda m, p: spans.snapshot(dt.date(full_year(m[3]), int(m[2]), int(m[1]))),
    ),
    (
        re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$"),
        lambda m, p: spans.snapshot(dt.date(full_year(m[1]), int(m[2]), int(m[3]))),
    ),
    (
        re.compile(rf"^{_MONTH}[\s/.,'-]*{_YEAR}$"),
        lambda m, p: spans.month_period(full_year(m[2]), _month_number(m[1])),
    ),
    (re.compile(r"^(\d{4})-(\d{2})$"), lambda m, p: spans.month_period(full_year(m[1]), int(m[2]))),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), lambda m, p: spans.month_period(full_year(m[2]), int(m[1]))),
    (re.compile(r"^(\d{4})$"), _bare_year),
]
