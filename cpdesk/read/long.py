"""Long (tidy) returns: one figure per row, under a header naming its columns.

Two flavours share this reader:

* the **tidy return** councils and cpdesk's samples use: ``area_code`` (or ``area``/``area_name``),
  ``indicator``, ``breakdown`` (optional), ``period``, ``value`` (the text as written: "23.8%", "TBC");
* **cpdesk's own format** (what ``cpdesk export --format cpdesk`` writes): the tidy columns plus
  ``period_kind``, ``period_start``, ``period_end``, ``status``, ``raw``, ``publisher`` and the
  original ``source_file``/``source_sheet``/``source_cell``, so a round trip is exact.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import operator
from dataclasses import dataclass

from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.indicators.periods import coerce_period, month_period, parse_period
from cpdesk.issues import ERROR, Issue
from cpdesk.observation import CellRef, Observation
from cpdesk.read.cpdesk_rows import cpdesk_period, cpdesk_value, provenance_problem, unquoted
from cpdesk.read.fractions import SuspectedFraction, split_fractions
from cpdesk.read.grid import Sheet, column_letter
from cpdesk.read.long_columns import ignored_columns_note, with_aliases
from cpdesk.read.long_figures import fractions_in_doubt, read_tidy_figures
from cpdesk.read.long_not_read import AreaFound, NotAnIndicator, NotReadBecause, RowsNotRead, UnknownIndicator
from cpdesk.read.long_tidy import read_tidy_rows
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.wording import bare_year_on, is_bare_year
from cpdesk.read.values import as_shown, not_a_figure, parse_cell, raw_text
from cpdesk.recognise import Scope, resolver_for

logger = logging.getLogger(__name__)

AREA_COLUMNS = ("area_code", "area", "area_name", "la_code", "new_la_code")
REQUIRED = ("indicator", "value")
CPDESK_COLUMNS = ("period_kind", "period_start", "period_end", "status", "raw")
_NO_INDICATOR = object()  # the period kind to coerce to when the row's indicator is unknown


@dataclass(frozen=True)
class LongHeader:
    row: int
    columns: dict[str, int]
    # Found by what the columns hold (``long_roles``): rows whose measure or area cpdesk does not know are
    # passed over with one warning, not an error each, and ``fixed_area`` is the area of every row
    # when no column names one.
    by_content: bool = False
    fixed_area: str | None = None

    @functools.cached_property
    def is_cpdesk(self) -> bool:
        return all(c in self.columns for c in CPDESK_COLUMNS)


def find_long_header(sheet: Sheet, max_rows: int = 10) -> LongHeader | None:
    """The header row of a long table, if one of the first rows names the tidy columns."""
    for r in range(min(max_rows, sheet.n_rows)):
        names = with_aliases({_column_key(v): c for c, v in enumerate(sheet.rows[r]) if v not in (None, "")})
        has_area = any(a in names for a in AREA_COLUMNS)
        has_period = "period" in names or "period_label" in names
        if has_area and has_period and all(k in names for k in REQUIRED):
            return LongHeader(r, names)
    return None


def _column_key(value) -> str:
    return str(value).strip().lower().replace(" ", "_")


class LongReader:
    """Reads the rows under a long header into observations, reporting what it cannot place."""

    def __init__(self, schema, areas, *, file_name: str, council: str | None = None,
                 column_wise: bool = True):
        self.schema = schema
        self.areas = areas
        self.file_name = file_name
        self.council = council
        # A tidy return's plain rows written straight into Figures' columns (``long_figures``); False reads
        # every row into an Observation (``long_tidy``), the reference the column-wise path is held to.
        self.column_wise = column_wise

    def read(self, sheet: Sheet, header: LongHeader, result: ReadResult,
             not_read: RowsNotRead | None = None) -> None:
        """The figures under ``header``; with ``not_read`` (a list found by content), rows of unknown
        measures or areas are gathered there instead of being reported one by one."""
        rows = _SheetRows(self, sheet, header, result, not_read)
        with without_gc_pauses():
            if header.is_cpdesk:
                _add_read_at(result, rows.every_observation(header.row + 1), rows.read_at)
            elif self.column_wise:
                figures, suspected = fractions_in_doubt(read_tidy_figures(rows, header.row + 1), self.schema)
                rows.report_fractions(suspected)
                result.observations.take_over(figures)
            else:
                found = read_tidy_rows(rows, header.row + 1)
                result.observations.extend(self._without_fractions(found, rows))
        result.tables_found += 1
        note = None if header.by_content else ignored_columns_note(header.columns, header.row, sheet.name,
                                                                  self.file_name)
        if note is not None:
            result.issues.append(note)

    def _without_fractions(self, found: list[Observation], rows: _SheetRows) -> list[Observation]:
        """A tidy return's percentages that may be fractions are reported, not read (see ``fractions``).
        cpdesk's own format is left alone: its plain numbers are its percentages, exactly."""
        ids = {obs.indicator_id for obs in found}
        if not any(getattr(self.schema.get(i), "unit", "") == "percent" for i in ids):
            return found
        kept, suspected = split_fractions([(obs, obs.raw.endswith("%")) for obs in found], self.schema.get)
        rows.report_fractions(suspected)
        return kept

    def resolve_indicator(self, text: str):
        """The indicator a label names, or an :class:`UnknownIndicator` saying why it names none."""
        if text in self.schema:
            return self.schema.get(text)
        reading = resolver_for(self.schema).indicator(text) if text else None
        if reading is not None and reading.resolved and reading.scope is Scope.YTD:
            return UnknownIndicator(text, "is year to date (cumulative): totals so far are not a month's or "
                                          "quarter's own figure, so it is not read")
        if reading is not None and reading.resolved:
            return reading.indicator
        if reading is not None and reading.when_unsaid:
            return UnknownIndicator(text, reading.reason.removeprefix("is not read: it "))
        known = reading is not None and reading.names_something
        verdict = str(NotAnIndicator.UNKNOWN)
        return UnknownIndicator(text, f"{verdict} ({reading.reason})" if known and reading else verdict)

    def resolve_area(self, text: str) -> AreaFound:
        """The code of a known area, else None with the reason for the officer."""
        area = self.areas.find(text)
        if area is not None:
            return AreaFound(area.code)
        match = self.areas.match(text, context=self.council)
        if match.area is not None:
            return AreaFound(match.area.code)
        if match.reason.startswith("no area is called"):
            return AreaFound(None, f"area '{text}' is not one cpdesk knows. Give its ONS code (such as "
                             "E10000031) or its name as the DfE writes it.", "is not an area cpdesk knows")
        return AreaFound(None, f"area '{text}' is not one cpdesk knows ({match.reason}).",
                         f"is not an area cpdesk can place ({match.reason})")


class _SheetRows:
    """Turns the rows of one long table into observations.

    A long sheet repeats a handful of indicator, area and period labels tens of thousands of times,
    so each distinct label is resolved once and the answer (or the reason it failed) reused; the
    issues raised are exactly those of resolving every row afresh.
    """

    def __init__(self, reader: LongReader, sheet: Sheet, header: LongHeader, result: ReadResult,
                 not_read: RowsNotRead | None = None):
        self.reader = reader
        self.not_read = not_read
        self.sheet = sheet
        self.header = header
        self.result = result
        self.columns = header.columns
        self.letters = {name: column_letter(c) for name, c in header.columns.items()}
        self.is_cpdesk = header.is_cpdesk
        self.names = tuple(header.columns) + ("",)  # "": a sentinel so that itemgetter returns a tuple
        indices = tuple(header.columns.values())
        self.pick = operator.itemgetter(*indices, 0)
        self.width = max(indices, default=-1) + 1
        self.period_column = "period" if "period" in header.columns else "period_label"
        self.area_columns = [(name, header.columns[name]) for name in AREA_COLUMNS if name in header.columns]
        self.indicators: dict[str, object] = {}
        self.areas: dict[str, AreaFound] = {}
        self.periods: dict[tuple, Period | None] = {}
        self.months = _dates_are_months(sheet, self.columns.get(self.period_column))
        # Where this file holds a figure whose ``source`` names another file (cpdesk's own format), by
        # ``id()`` of the observation while the list of them is alive; ``_add_read_at`` files it by index.
        self.read_at: dict[int, CellRef] = {}

    def every_observation(self, first: int) -> list[Observation]:
        """The observations of the rows from ``first`` on, row by row (any long layout)."""
        found = []
        for r in range(first, self.sheet.n_rows):
            row = self.sheet.rows[r]
            if all(v in (None, "") for v in row):
                continue
            obs = self.observation(r, row)
            if obs is not None:
                found.append(obs)
        return found

    def _where(self, r: int, name: str) -> CellRef:
        letter = self.letters.get(name) or column_letter(0)
        return CellRef(self.reader.file_name, self.sheet.name, f"{letter}{r + 1}")

    def observation(self, r: int, row: list) -> Observation | None:
        if len(row) < self.width:
            row = row + [None] * (self.width - len(row))
        if self.is_cpdesk:
            row = unquoted(row)
        get = dict(zip(self.names, self.pick(row), strict=True)).get
        if self.is_cpdesk and not self._provenance_fits(r, get):
            return None
        indicator = self._indicator(r, get)
        if indicator is None and self.not_read is not None:
            return None  # a list found by content: a row of an unknown measure says no more
        area_code = self._area(r, get)
        if area_code is None and self.not_read is not None:
            return None
        period = self._period(r, get, indicator)
        if indicator is None or area_code is None or period is None:
            return None
        if "target" in self.columns:
            number_format = self.sheet.number_format(r, self.columns["target"])
            self.take_target(get("target"), indicator, area_code, period, number_format)
        value_where = self._where(r, "value")
        parsed = self._value(r, get, indicator)
        if parsed is None:
            return None
        value, status, raw = parsed
        if value is None and status is None:
            self._issue("not-a-number", f"{not_a_figure(raw, indicator.unit)}.", value_where)
            return None
        obs = Observation(
            area_code=area_code, indicator_id=indicator.id, period=period, value=value, status=status,
            raw=raw, breakdown=str(get("breakdown") or "").strip(), source=self._source(get, value_where),
            publisher=str(get("publisher") or "local").strip() or "local",
        )
        if obs.source is not value_where:
            self.read_at[id(obs)] = value_where
        return obs

    def _provenance_fits(self, r: int, get) -> bool:
        problem = provenance_problem(get, self.columns.__contains__)
        if problem is not None:
            column, message = problem
            self._issue("cpdesk-provenance", message, self._where(r, column))
        return problem is None

    def report_fractions(self, suspected: list[SuspectedFraction]) -> None:
        """An error at each figure not read because it may be a fraction (``fractions``)."""
        for doubt in suspected:
            where = doubt.observation.source or CellRef(self.reader.file_name, self.sheet.name)
            self._issue("percent-as-fraction", doubt.message(name_the_cell=False), where)

    def _issue(self, code: str, message: str, where: CellRef) -> None:
        self.result.issues.append(Issue.at(code, ERROR, f"{where.describe()}: {message}", where))

    def _source(self, get, value_where: CellRef) -> CellRef:
        if not self.is_cpdesk or "source_file" not in self.columns:
            return value_where
        return CellRef(str(get("source_file") or ""), str(get("source_sheet") or ""),
                       str(get("source_cell") or ""))

    def indicator_named(self, text: str):
        """The indicator a label names, or why it names none (an ``UnknownIndicator``); each label
        resolved once."""
        found = self.indicators.get(text)
        if found is None:
            found = self.indicators[text] = self.reader.resolve_indicator(text)
        return found

    def _indicator(self, r: int, get):
        found = self.indicator_named(str(get("indicator") or "").strip())
        if isinstance(found, UnknownIndicator):
            self.unknown_indicator(r, found)
            return None
        return found

    def unknown_indicator(self, r: int, unknown: UnknownIndicator) -> None:
        """Row ``r`` names no indicator: an error at its cell, or one of the rows a list found by
        content passes over."""
        if self.not_read is None:
            self._issue("unknown-indicator", unknown.message, self._where(r, "indicator"))
        else:
            self.not_read.add(NotReadBecause.INDICATOR, unknown.text, str(unknown.verdict), r,
                              self.columns["indicator"])

    def take_target(self, cell, indicator, area_code: str, period: Period, number_format: str | None) -> None:
        """A target beside the figure, kept as the tables reader keeps a "Target" column's."""
        if cell in (None, ""):
            return
        value = parse_cell(cell, number_format, indicator.unit).value
        if value is not None:
            self.result.targets.append((indicator.id, area_code, period.label, value))

    def _area(self, r: int, get) -> str | None:
        return self.area_from(r, ((name, raw_text(get(name))) for name in AREA_COLUMNS))

    def area_from(self, r: int, named_texts) -> str | None:
        """The code of the first area given in row ``r`` (``named_texts``: (column, text) pairs in
        ``AREA_COLUMNS`` order), or None after reporting why there is none."""
        for name, text in named_texts:
            if not text:
                continue
            found = self.areas.get(text)
            if found is None:
                found = self.areas[text] = self.reader.resolve_area(text)
            if found.code is None and self.not_read is not None:
                self.not_read.add(NotReadBecause.AREA, text, found.why, r, self.columns[name])
            elif found.code is None:
                self._issue("unknown-area", found.reason, self._where(r, name))
            return found.code
        if self.header.fixed_area is not None:
            return self.header.fixed_area
        self._issue("unknown-area", "no area given.", self._where(r, "area_code"))
        return None

    def _period(self, r: int, get, indicator) -> Period | None:
        if self.is_cpdesk:
            spelled = cpdesk_period(get)
            if isinstance(spelled, str):
                self._issue("cpdesk-period", spelled, self._where(r, "period_kind"))
                return None
            if spelled is not None:
                return spelled
        raw = as_shown(get(self.period_column), self.sheet.number_format(r, self.columns[self.period_column]))
        kind = indicator.period_kind if indicator is not None else _NO_INDICATOR
        key = (type(raw), raw, kind)
        try:
            period = self.periods[key]
        except KeyError:
            period = self.periods[key] = _read_period(raw, kind, self.months)
        except TypeError:  # an unhashable cell value: read it afresh
            period = _read_period(raw, kind, self.months)
        if period is None:
            self._issue("unknown-period", f"'{raw}' is not a period cpdesk can read.",
                        self._where(r, self.period_column))
            return None
        return self._on_its_day(period, raw, get, indicator)

    def _on_its_day(self, period: Period, raw, get, indicator) -> Period:
        """A bare year ("2023") for a measure its label says is counted "at 30 September": that day of
        that year, not 31 March (the workforce census)."""
        if indicator is None or indicator.period_kind != PeriodKind.SNAPSHOT or not is_bare_year(str(raw)):
            return period
        day = resolver_for(self.reader.schema).indicator(str(get("indicator") or "").strip()).counted_on
        return bare_year_on(raw, day) or period

    def _value(self, r: int, get, indicator):
        cell = get("value")
        if self.is_cpdesk:
            checked = cpdesk_value(cell, get("status"), get("raw"))
            if isinstance(checked, str):
                self._issue("not-a-number", checked, self._where(r, "value"))
                return None
            return checked
        number_format = self.sheet.formats.get((r, self.columns["value"])) if self.sheet.formats else None
        if number_format is None and type(cell) is float and cell == cell:  # a plain number (not NaN)
            return cell, None, raw_text(cell)
        parsed = parse_cell(cell, number_format, indicator.unit)
        return parsed.value, parsed.status, parsed.raw


def _add_read_at(result: ReadResult, found: list[Observation], read_at: dict[int, CellRef]) -> None:
    """``found`` after the result's figures, with where each was read (by ``id()`` in ``read_at``)
    filed under its index."""
    figures = result.observations
    offset = len(figures)
    figures.extend(found)
    if read_at:
        figures.read_at.update({offset + i: read_at[id(obs)] for i, obs in enumerate(found)
                                if id(obs) in read_at})


def _read_period(raw, kind, months: bool = False) -> Period | None:
    period = parse_period_cached(raw) if raw not in (None, "") else None
    if period is None:
        return None
    if months and period.kind == PeriodKind.SNAPSHOT and kind not in (PeriodKind.SNAPSHOT, _NO_INDICATOR):
        return month_period(period.end.year, period.end.month)  # "2024-03-31" in a months column: March
    return coerce_period(period, kind) if kind is not _NO_INDICATOR else period


def _dates_are_months(sheet: Sheet, column: int | None) -> bool:
    """A column of dates that stand for months: a month-end (or first) date in each of two or more
    months, as data warehouses write "ReportingMonth". A figure over time dated 31 March there is
    March's own, never the year to 31 March."""
    if column is None:
        return False
    days = set()
    for row in sheet.rows[:400]:
        value = row[column] if column < len(row) else None
        period = parse_period_cached(value) if value not in (None, "") else None
        if period is not None and period.kind == PeriodKind.SNAPSHOT and len(str(value)) > 4:
            days.add(period.end)
    month_ends = {d for d in days if (d + dt.timedelta(days=1)).day == 1}
    firsts = {d for d in days if d.day == 1}
    months = {(d.year, d.month) for d in days}
    return len(months) >= 2 and days in (month_ends, firsts)


@functools.lru_cache(maxsize=4096)
def _parse_period_text(text: str) -> Period | None:
    return parse_period(text)


def parse_period_cached(raw) -> Period | None:
    """A long sheet repeats a handful of period labels thousands of times: parse each once."""
    return _parse_period_text(raw) if isinstance(raw, str) else parse_period(raw)
