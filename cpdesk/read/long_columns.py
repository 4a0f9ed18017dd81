"""The columns of a long (tidy) return: their other names, the ones cpdesk reads, and unit columns.

A council's own tidy return may call the breakdown "category", add a "unit" or "target" column or
columns of its own ("notes", "rag"). "category" is read as the breakdown; a unit column is checked
against each indicator's unit, so "per 1,000" is never stored as a rate per 10,000; a target column
gives targets, as a laid-out table's does; other columns are named once in a note, so nothing in the
file is passed over without a word.
"""

from __future__ import annotations

import re

from cpdesk.indicators.model import UNIT_NAMES
from cpdesk.issues import INFO, Issue
from cpdesk.observation import CellRef
from cpdesk.read.grid import column_letter

# Other names for the columns cpdesk reads (applied only where the file has no column of that name).
COLUMN_ALIASES = {"category": "breakdown", "breakdown_category": "breakdown", "sub_category": "breakdown",
                  "la_name": "area_name"}
READ_COLUMNS = frozenset({
    "area_code", "area", "area_name", "la_code", "new_la_code", "indicator", "breakdown", "period",
    "period_label", "period_kind", "period_start", "period_end", "value", "status", "raw", "publisher",
    "source_file", "source_sheet", "source_cell", "unit", "target",
})
_UNIT_WORDS = {
    "percent": ("%", "percent", "percentage", "pct", "per cent"),
    "rate_per_10k": ("per 10,000", "per 10000", "rate per 10,000", "rate per 10000", "per 10k", "rate",
                     "per 10,000 children", "rate per 10,000 children", "rate per 10,000 children aged 0-17",
                     "per 10,000 children aged 0-17", "rate per 10,000 under 18s"),
    "count": ("number", "count", "no", "no.", "nos", "nos.", "n", "children", "cases", "plans", "figure",
              "number of children", "no. of children", "number of plans", "number of cases"),
    "days": ("days",),
    "months": ("months",),
    "ratio": ("ratio",),
}
_UNIT_OF = {re.sub(r"\s+", " ", word): unit for unit, words in _UNIT_WORDS.items() for word in words}


def with_aliases(names: dict[str, int]) -> dict[str, int]:
    """The header's column names with other names mapped to cpdesk's, where cpdesk's is absent."""
    found = dict(names)
    for alias, name in COLUMN_ALIASES.items():
        if alias in found and name not in found:
            found[name] = found[alias]
    return found


def ignored_columns(columns: dict[str, int]) -> list[str]:
    """The columns cpdesk does not read (``columns`` after ``with_aliases``), in the order they stand."""
    def read_as_alias(name: str) -> bool:
        return name in COLUMN_ALIASES and columns.get(COLUMN_ALIASES[name]) == columns[name]

    return [name for name in sorted(columns, key=columns.__getitem__)
            if name not in READ_COLUMNS and not read_as_alias(name)]


def unit_named(text: str) -> str | None:
    """The unit a unit cell names ("%" -> "percent", "per 10,000" -> "rate_per_10k"), None if none."""
    return _UNIT_OF.get(re.sub(r"\s+", " ", str(text or "").strip().lower()))


def unit_problem(text: str, unit: str) -> str:
    """Why a unit cell does not fit an indicator of ``unit``, or "" when it does (or is blank)."""
    if not str(text or "").strip():
        return ""
    named = unit_named(text)
    if named == unit:
        return ""
    wanted = UNIT_NAMES.get(unit, unit)
    if named is None:
        return f"the unit '{text}' is not one cpdesk knows, and this indicator is a {wanted}"
    return f"the unit '{text}' is a {UNIT_NAMES.get(named, named)}, but this indicator is a {wanted}"


def ignored_columns_note(columns: dict[str, int], header_row: int, sheet: str,
                         file_name: str) -> Issue | None:
    """A note naming the columns of a long sheet that cpdesk does not read, at the first of them."""
    ignored = ignored_columns(columns)
    if not ignored:
        return None
    named = ", ".join(f"'{name}'" for name in ignored)
    where = CellRef(file_name, sheet, f"{column_letter(columns[ignored[0]])}{header_row + 1}")
    message = (f"{where.describe()}: the column(s) {named} are not ones cpdesk reads; what they hold was "
               "not imported.")
    return Issue.at("ignored-columns", INFO, message, where)
