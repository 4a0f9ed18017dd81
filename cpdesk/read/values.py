"""Turn one cell (a number, a date, or text as councils write it) into a value or a status.

"23.8%", 0.238 formatted ``0.0%``, "1,084", "25.1*", "42¹", "TBC", "N/A", "c", "x" and blanks
all arrive here. The raw text is always kept; nothing that cannot be read is turned into a number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TypeGuard

from cpdesk.indicators.model import UNIT_NAMES, Unit

# Raw symbols (lower-cased, stripped) -> status codes of cpdesk.observation.STATUSES.
STATUS_SYMBOLS: dict[str, str] = {
    "c": "c",
    "x": "x",
    "z": "z",
    "u": "u",
    "low": "low",
    "k": "low",
    ":": "x",
    "~": "low",
    "..": "x",
    ".": "x",
    "-": "x",
    "tbc": "tbc",
    "tba": "tbc",
    "to be confirmed": "tbc",
    "n/a": "na",
    "na": "na",
    "n.a.": "na",
    "not available": "na",
    "": "blank",
    # The Government Statistical Service's shorthand as its spreadsheet guidance writes it, in square
    # brackets: [c] confidential, [x] not available, [z] not applicable, [u] low reliability, [w] and
    # [low] less than half the last digit shown.
    "[c]": "c",
    "[x]": "x",
    "[z]": "z",
    "[u]": "u",
    "[w]": "low",
    "[low]": "low",
}

EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")

# An amount of money is never one of cpdesk's figures (counts, rates, percentages, days, months, ratios):
# "£345" in a count column is a cost pasted into the wrong cell, not 345 children.
_MONEY = ("£", "$", "€")
# "25,9": a decimal comma (a comma before one or two digits can never group thousands).
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d{1,2}$")
# "<5", "*", "—": a mark standing in for a figure, as councils suppress or leave out small numbers, but
# not one of the symbols cpdesk knows (STATUS_SYMBOLS). Reported at its cell, never given a meaning.
_UNKNOWN_MARK = re.compile(r"^(?:[<>≤≥]\s*\d+|[*†‡—–?]+)$")
_FOOTNOTE = re.compile(r"(?<=\d)\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\w\))$")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class CellValue:
    """A parsed cell: ``value`` or ``status``, never both; ``problem`` says why neither was found."""

    value: float | None
    status: str | None
    raw: str
    # "not_a_number", "money", "decimal_comma", "unknown_mark", "percent_not_wanted", "excel_error", "date"
    problem: str = ""
    was_percent: bool = False  # written with % or formatted as a percentage


def raw_text(cell) -> str:
    """The cell as an officer would read it (numbers without float noise)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float):
        if math.isnan(cell):
            return ""
        return repr(cell) if not cell.is_integer() else str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def is_percent_format(number_format: str | None) -> TypeGuard[str]:
    """True for Excel formats such as ``0.0%`` (but not a literal "%" inside quotes)."""
    if not number_format:
        return False
    return "%" in re.sub(r'"[^"]*"', "", number_format)


def shows_month_only(number_format: str | None) -> bool:
    """True for date formats that show a month and year but no day (``mmm-yy``, ``mmmm yyyy``)."""
    if not number_format:
        return False
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    return "m" in plain and "y" in plain and not any(ch in plain for ch in "dhs")


def as_shown(cell, number_format: str | None):
    """A date cell as its heading reads: one formatted to show only its month ("Apr-24") means that
    month, as the same heading typed as text does, whichever day of it the cell holds."""
    if isinstance(cell, dt.date) and shows_month_only(number_format):
        return f"{cell:%b %Y}"
    return cell


def parse_cell(cell, number_format: str | None = None, unit: str | None = None) -> CellValue:
    """Read a cell for an indicator of ``unit``; percentages always come back as 0-100."""
    raw = raw_text(cell)
    if isinstance(cell, bool):
        return CellValue(None, None, raw, "not_a_number")
    if isinstance(cell, (int, float)) and not (isinstance(cell, float) and math.isnan(cell)):
        return _from_number(float(cell), raw, number_format, unit)
    if isinstance(cell, (dt.date, dt.datetime)):
        return CellValue(None, None, raw, "date")
    return parse_text(raw, unit)


def _from_number(number: float, raw: str, number_format: str | None, unit: str | None) -> CellValue:
    if is_percent_format(number_format):
        shown = _tidy(number * 100)
        return _percent_for(unit, CellValue(shown, None, f"{shown:.{_format_decimals(number_format)}f}%",
                                            was_percent=True))
    return CellValue(number, None, raw)


def _percent_for(unit: str | None, parsed: CellValue) -> CellValue:
    """A percentage is only ever a percentage indicator's figure: 12% is not 12 children."""
    if unit is None or unit == Unit.PERCENT:
        return parsed
    return CellValue(None, None, parsed.raw, "percent_not_wanted", was_percent=True)


def parse_text(raw: str, unit: str | None = None) -> CellValue:
    text = raw.strip().replace("\u00a0", " ")
    lowered = text.lower()
    if lowered in STATUS_SYMBOLS:
        return CellValue(None, STATUS_SYMBOLS[lowered], raw)
    if text.upper() in EXCEL_ERRORS:
        return CellValue(None, None, raw, "excel_error")
    was_percent = text.endswith("%")
    body = text[:-1].strip() if was_percent else text
    body = _FOOTNOTE.sub("", body).replace(" ", "")
    if body.lstrip("+-").startswith(_MONEY) or body.endswith(_MONEY):
        return CellValue(None, None, raw, "money")
    if _DECIMAL_COMMA.match(body):
        return CellValue(None, None, raw, "decimal_comma")
    if _UNKNOWN_MARK.match(text):
        return CellValue(None, None, raw, "unknown_mark")
    if not body or not _NUMBER.match(body) or body in {"+", "-", "."}:
        return CellValue(None, None, raw, "not_a_number")
    parsed = CellValue(float(body.replace(",", "")), None, raw, was_percent=was_percent)
    return _percent_for(unit, parsed) if was_percent else parsed


# Text that is plainly meant as a figure, though it cannot be read as one: a table holding it is still
# a table, and each such cell is reported where it is.
FIGURE_LIKE_PROBLEMS = frozenset({"excel_error", "money", "decimal_comma", "unknown_mark"})


def footnote_mark(raw: str) -> str:
    """The footnote mark after a figure ("*" of "25.1*", "(a)" of "42 (a)"), or "" if it has none."""
    if not raw or raw[-1] in "0123456789":  # most figures: a mark never ends in 0-9 ("¹" is no 0-9)
        return ""
    text = raw.strip().removesuffix("%").strip()
    match = _FOOTNOTE.search(text)
    return match.group(0).strip() if match else ""


def not_a_figure(raw: str, unit: str | None = None) -> str:
    """Why a cell's text gave neither a figure nor a status, in the officer's words."""
    problem = parse_text(raw, unit).problem
    if problem == "percent_not_wanted" and unit is not None:  # only a figure with a unit refuses a %
        return f"'{raw}' is a percentage, but this figure is a {UNIT_NAMES.get(unit, unit)}, not a percentage"
    if problem == "decimal_comma":
        return (f"'{raw}' has a decimal comma; cpdesk reads a comma as a thousands separator, so type "
                f"{raw.strip().replace(',', '.')} with a decimal point")
    if problem == "unknown_mark":
        return (f"'{raw}' stands in for a figure but is not a symbol cpdesk knows; write c for a suppressed "
                "figure, x for one not available or TBC for one to come")
    if problem == "money":
        return (f"'{raw}' is an amount of money, and cpdesk's figures are counts, rates, percentages, days, "
                "months or ratios, never money")
    return f"'{raw}' is not a number or a known status symbol (such as TBC, c or x)"


def _tidy(number: float) -> float:
    """Undo binary noise from scaling (0.238 * 100 = 23.799999999999997 -> 23.8)."""
    return float(f"{number:.10g}")


def _format_decimals(number_format: str) -> int:
    """Decimal places an Excel format shows: ``0.0%`` -> 1, ``0%`` -> 0."""
    match = re.search(r"\.([0#]+)", re.sub(r'"[^"]*"', "", number_format))
    return len(match.group(1)) if match else 0
