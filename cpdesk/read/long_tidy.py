"""The tidy return's rows read one at a time, each into an Observation: the row path of ``long.LongReader``.

A national tidy sheet is tens of thousands of rows that repeat a few hundred labels, so everything a
label means (its indicator, area, period or breakdown, or the reason it means none) is looked up once
per distinct cell and the row itself costs a handful of dictionary look-ups. It gives exactly the
observations and issues, in the same order, that ``_SheetRows.observation`` gives row by row (a test
holds the two side by side); cpdesk's own format, with its many columns, keeps the general path. The
column-wise path (``long_figures``) gives each row it cannot take plainly to ``TidyRows.figure``, and
this path, whole, is the reference it is held to.
"""

from __future__ import annotations

import datetime as dt
import logging

from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.unit_words import counterpart
from cpdesk.observation import CellRef, Observation
from cpdesk.read.long_columns import unit_named, unit_problem
from cpdesk.read.values import as_shown, not_a_figure, parse_cell, raw_text
from cpdesk.recognise import resolver_for

logger = logging.getLogger(__name__)

_UNSEEN = object()


class _Labels:
    """What each distinct cell of one column resolves to, resolved on first sight."""

    def __init__(self, resolve):
        self.resolve = resolve
        self.seen: dict = {}

    def __call__(self, cell):
        try:
            found = self.seen.get(cell, _UNSEEN)
        except TypeError:  # an unhashable cell value: resolve it afresh
            return self.resolve(cell)
        if found is _UNSEEN:
            found = self.seen[cell] = self.resolve(cell)
        return found


def _text(cell) -> str:
    return str(cell or "").strip()


def read_tidy_rows(rows, first: int) -> list[Observation]:
    """Observations of the rows from ``first`` on; issues go to ``rows.result`` as on the general path."""
    tidy = TidyRows(rows)
    found = []
    for r in range(first, rows.sheet.n_rows):
        observation = tidy.figure(r, rows.sheet.rows[r])
        if observation is not None:
            found.append(observation)
    return found


class TidyRows:
    """One tidy row at a time: its figure, or None after reporting (or passing over) what it lacks."""

    def __init__(self, rows):
        self.rows = rows
        columns, sheet = rows.columns, rows.sheet
        self.indicator_of = _Labels(lambda cell: rows.indicator_named(_text(cell)))
        self.area_of = _area_lookup(rows)
        self.period_of = _period_lookup(rows)
        self.breakdown_of = _Labels(_text)
        self.publisher_of = _Labels(lambda cell: str(cell or "local").strip() or "local")
        self.ci, self.cv = columns["indicator"], columns["value"]
        self.cb, self.cpub, self.cu = columns.get("breakdown"), columns.get("publisher"), columns.get("unit")
        self.ct = columns.get("target")
        self.unit_problems: dict = {}
        self.quietly = rows.not_read is not None  # a list found by content: an unknown measure says no more
        self.formats, self.width, self.letter = sheet.formats or None, rows.width, rows.letters["value"]
        self.file_name, self.sheet_name = rows.reader.file_name, sheet.name

    def figure(self, r: int, row: list) -> Observation | None:
        """Row ``r``'s figure, or None (a blank row, or one whose problem was reported)."""
        rows, formats, cu, ct = self.rows, self.formats, self.cu, self.ct
        if len(row) < self.width:
            row = row + [None] * (self.width - len(row))
        if row[self.ci] in _BLANK and all(v in _BLANK for v in row):
            return None
        indicator = self.indicator_of(row[self.ci])
        if cu is not None and row[cu] not in _BLANK:
            indicator = _as_its_unit(rows, row[self.ci], row[cu], indicator)
        if not isinstance(indicator, Indicator):
            rows.unknown_indicator(r, indicator)
            indicator = None
            if self.quietly:
                return None
        area_code = self.area_of(r, row)
        if area_code is None and self.quietly:
            return None
        period = self.period_of(r, row, indicator)
        if indicator is None or area_code is None or period is None:
            return None
        if ct is not None and row[ct] not in _BLANK:
            rows.take_target(row[ct], indicator, area_code, period, formats.get((r, ct)) if formats else None)
        if cu is not None and _unit_refused(rows, r, row[cu], indicator, self.unit_problems):
            return None
        cell = row[self.cv]
        where = CellRef(self.file_name, self.sheet_name, f"{self.letter}{r + 1}")
        number_format = formats.get((r, self.cv)) if formats else None
        value: float | None
        if number_format is None and type(cell) is float and cell == cell:  # a plain number (not NaN)
            value, status, raw = cell, None, plain_text(cell)
        else:
            parsed = parse_cell(cell, number_format, indicator.unit)
            value, status, raw = parsed.value, parsed.status, parsed.raw
            if value is None and status is None:
                rows._issue("not-a-number", f"{not_a_figure(raw, indicator.unit)}.", where)
                return None
        return Observation(area_code, indicator.id, period, value, status, raw,
                           self.breakdown_of(row[self.cb]) if self.cb is not None else "", where,
                           self.publisher_of(row[self.cpub]) if self.cpub is not None else "local")


def plain_text(number: float) -> str:
    """A plain number's text as the figure keeps it: "563", "23.8"."""
    return str(int(number)) if number.is_integer() else repr(number)


_BLANK = (None, "")


def _as_its_unit(rows, text, unit_cell, found):
    """The indicator a measure names in the unit its row gives: "Children on CP plans" with unit
    "per 10,000" is the rate (the schema's ``rate_of`` link); "Re-referrals within 12 months" with
    unit "%" is the percentage, where the words alone fit the count and the percentage."""
    unit = unit_named(_text(unit_cell))
    schema = rows.reader.schema
    if unit is None:
        return found
    if isinstance(found, Indicator):
        return found if found.unit == unit else counterpart(found, unit, schema) or found
    reading = resolver_for(schema).indicator(str(text or "").strip())
    fits = [schema[i] for i in reading.candidates if i in schema and schema[i].unit == unit]
    return fits[0] if len(fits) == 1 else found


def _unit_refused(rows, r: int, unit_cell, indicator, known: dict) -> bool:
    """True, after reporting it, when the row's unit cell is not its indicator's unit ("per 1,000")."""
    key = (_text(unit_cell), indicator.unit)
    if key not in known:
        known[key] = unit_problem(*key)
    if known[key]:
        rows._issue("unit-mismatch", f"{known[key]}; the figure was not read.", rows._where(r, "unit"))
    return bool(known[key])


def _area_lookup(rows):
    """(r, row) -> the row's area code, or None after reporting why, exactly as ``_SheetRows._area``.

    The answer depends only on the row's area cells, so it is remembered for each distinct set of
    them; a set that names no known area is worked out afresh, so every such row reports its issue.
    """
    present = rows.area_columns
    columns = [c for _, c in present]
    known: dict = {}

    def area_of(r: int, row: list) -> str | None:
        cells: tuple | None = tuple([row[c] for c in columns])
        try:
            code = known.get(cells)
        except TypeError:  # an unhashable cell value
            code, cells = None, None
        if code is None:
            code = rows.area_from(r, ((name, raw_text(row[c])) for name, c in present))
            if code is not None and cells is not None:
                known[cells] = code
        return code

    return area_of


def _period_lookup(rows):
    """(r, row, indicator) -> the row's period, or None after reporting why, as ``_SheetRows._period``."""
    column = rows.columns[rows.period_column]
    named = rows.columns.get("indicator")  # its label may say the day it is counted on
    formats = rows.sheet.formats
    known: dict = {}

    def period_of(r: int, row: list, indicator) -> Period | None:
        cell = row[column]
        if formats and isinstance(cell, dt.date):  # "Apr-24" shown: the month, whatever day it holds
            cell = as_shown(cell, formats.get((r, column)))
        label = row[named] if named is not None and named < len(row) else None
        kind = indicator.period_kind if indicator is not None else None
        key: tuple | None = (type(cell), cell, kind, label)
        try:
            period = known.get(key)
        except TypeError:  # an unhashable cell value
            period, key = None, None
        if period is None:
            period = rows._period(r, {rows.period_column: cell, "indicator": label}.get, indicator)
            if period is not None and key is not None:
                known[key] = period
        return period

    return period_of
