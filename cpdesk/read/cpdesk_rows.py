"""The columns only cpdesk's own format has, checked like any other input.

A cpdesk-format file is meant to come from ``cpdesk export --format cpdesk``, but it is a file like
any other: it may have been edited, or made by hand. So its period (kind, start, end), its value and
status, and its provenance (publisher, original source cell) are checked, and each problem is a
plain message for the row's cell; nothing is taken on trust, and nothing raises.

* the period kind must be one cpdesk knows, the dates must be dates, the start not after the end,
  and the span the kind's own (a year is 1 April to 31 March, a month a whole calendar month, ...);
* the value must be a number (finite), else blank with a status cpdesk knows;
* the publisher must be ``local`` or ``dfe``, and the source cell a cell reference such as ``D10``.

Text cells of the CSV variant may carry a single quote against formula injection
(:mod:`cpdesk.csv_cells`); :func:`unquoted` takes it off before anything is read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from cpdesk.csv_cells import restored
from cpdesk.indicators.model import PERIOD_KINDS, Period, PeriodKind
from cpdesk.indicators.period_spans import financial_year, fy_quarter, fy_start_year, mid_year, month_period
from cpdesk.observation import STATUSES

PUBLISHERS = ("local", "dfe")
PERIOD_COLUMNS = ("period_kind", "period_start", "period_end")
_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?[1-9]\d{0,6}$")
_SPANS = {
    PeriodKind.YEAR: "a financial year, 1 April to 31 March",
    PeriodKind.QUARTER: "a quarter of a financial year (April-June, July-September, ...)",
    PeriodKind.MONTH: "a whole calendar month",
    PeriodKind.SNAPSHOT: "one day, starting and ending on the same date",
    PeriodKind.MID_YEAR: "the ONS mid-year date, 30 June",
}

Get = Callable[[str], Any]


def unquoted(row: list) -> list:
    """The row's cells without the quote a CSV export put before formula-like text."""
    return [restored(cell) for cell in row]


def cpdesk_period(get: Get) -> Period | str | None:
    """The period a row spells out, a plain problem if it spells one out wrongly, or None when the row
    gives no kind and no dates (the period is then read from its label, as in any tidy return)."""
    texts = {name: get(name) for name in PERIOD_COLUMNS}
    if all(value in (None, "") for value in texts.values()):
        return None
    kind = str(texts["period_kind"] or "").strip()
    if kind not in PERIOD_KINDS:
        return (f"the period kind '{kind}' is not one cpdesk knows ({', '.join(PERIOD_KINDS)})."
                if kind else "the period kind is blank, but the period's dates are given.")
    start, end = as_date(texts["period_start"]), as_date(texts["period_end"])
    for name, day in (("period_start", start), ("period_end", end)):
        if day is None:
            return f"{name} '{texts[name] or ''}' is not a date (cpdesk writes them as 2019-03-31)."
    assert start is not None and end is not None
    if start > end:
        return f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})."
    canonical = _span(PeriodKind(kind), end)
    if canonical is None or (canonical.start, canonical.end) != (start, end):
        return (f"a '{kind}' period is {_SPANS[PeriodKind(kind)]}, not {start.isoformat()} to "
                f"{end.isoformat()}.")
    label = str(get("period_label") or get("period") or "").strip()
    return Period(canonical.kind, start, end, label or canonical.label)


def _span(kind: PeriodKind, end: dt.date) -> Period | None:
    """The period of ``kind`` ending on ``end``, if one does."""
    if kind is PeriodKind.YEAR:
        return financial_year(end.year) if (end.month, end.day) == (3, 31) else None
    if kind is PeriodKind.QUARTER:
        fy_end = fy_start_year(end) + 1
        number = (end.month - 4) % 12 // 3 + 1
        return fy_quarter(fy_end, number)
    if kind is PeriodKind.MONTH:
        return month_period(end.year, end.month)
    if kind is PeriodKind.MID_YEAR:
        return mid_year(end.year)
    return Period(kind, end, end, "")


def cpdesk_value(cell: Any, status: Any, raw: Any) -> tuple[float | None, str | None, str] | str:
    """(value, status, raw) of a row, or a plain problem: a value that is not a number, a status
    cpdesk does not know."""
    raw_text = "" if raw is None else str(raw)
    code = str(status or "").strip() or None
    if code is not None and code not in STATUSES and code != "blank":
        return f"the status '{code}' is not one cpdesk knows ({', '.join(STATUSES)})."
    if cell in (None, ""):
        return None, code or "blank", raw_text
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return f"the value '{cell}' is not a number."
    if not math.isfinite(value):
        return f"the value '{cell}' is not a finite number."
    return value, code, raw_text


def provenance_problem(get: Get, has: Callable[[str], bool]) -> tuple[str, str] | None:
    """(column, problem) when the row's publisher or original source cell cannot be right."""
    publisher = str(get("publisher") or "").strip()
    if has("publisher") and publisher and publisher not in PUBLISHERS:
        return "publisher", f"the publisher '{publisher}' is not 'local' or 'dfe'."
    cell = str(get("source_cell") or "").strip()
    if has("source_cell") and cell and not _CELL.match(cell.upper()):
        return "source_cell", f"the source cell '{cell}' is not a cell reference such as D10."
    return None


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
