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
from dataclasses import dataclass

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import coerce_period, parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.read.grid import Sheet, cell_name
from cpdesk.read.result import ReadResult
from cpdesk.read.values import parse_cell
from cpdesk.validate.issues import ERROR, Issue

logger = logging.getLogger(__name__)

AREA_COLUMNS = ("area_code", "area", "area_name", "la_code", "new_la_code")
REQUIRED = ("indicator", "value")
CPDESK_COLUMNS = ("period_kind", "period_start", "period_end", "status", "raw")


@dataclass(frozen=True)
class LongHeader:
    row: int
    columns: dict[str, int]

    @functools.cached_property
    def is_cpdesk(self) -> bool:
        return all(c in self.columns for c in CPDESK_COLUMNS)


def find_long_header(sheet: Sheet, max_rows: int = 10) -> LongHeader | None:
    """The header row of a long table, if one of the first rows names the tidy columns."""
    for r in range(min(max_rows, sheet.n_rows)):
        names = {_column_key(v): c for c, v in enumerate(sheet.rows[r]) if v not in (None, "")}
        has_area = any(a in names for a in AREA_COLUMNS)
        has_period = "period" in names or "period_label" in names
        if has_area and has_period and all(k in names for k in REQUIRED):
            return LongHeader(r, names)
    return None


def _column_key(value) -> str:
    return str(value).strip().lower().replace(" ", "_")


class LongReader:
    """Reads the rows under a long header into observations, reporting what it cannot place."""

    def __init__(self, schema, areas, *, file_name: str, council: str | None = None):
        self.schema = schema
        self.areas = areas
        self.file_name = file_name
        self.council = council

    def read(self, sheet: Sheet, header: LongHeader, result: ReadResult) -> None:
        for r in range(header.row + 1, sheet.n_rows):
            row = sheet.rows[r]
            if all(v in (None, "") for v in row):
                continue
            obs = self._row(sheet, header, r, result)
            if obs is not None:
                result.observations.append(obs)
        result.tables_found += 1

    def _get(self, sheet: Sheet, header: LongHeader, r: int, name: str):
        c = header.columns.get(name)
        return None if c is None else sheet.value(r, c)

    def _where(self, sheet: Sheet, header: LongHeader, r: int, name: str) -> CellRef:
        c = header.columns.get(name, 0)
        return CellRef(self.file_name, sheet.name, cell_name(r, c))

    def _fail(self, result: ReadResult, code: str, message: str, where: CellRef) -> None:
        result.issues.append(Issue.at(code, ERROR, f"{where.describe()}: {message}", where))

    def _row(self, sheet: Sheet, header: LongHeader, r: int, result: ReadResult) -> Observation | None:
        indicator = self._indicator(sheet, header, r, result)
        area_code = self._area(sheet, header, r, result)
        period = self._period(sheet, header, r, result, indicator)
        if indicator is None or area_code is None or period is None:
            return None
        value_where = self._where(sheet, header, r, "value")
        parsed = self._value(sheet, header, r, indicator)
        if parsed is None:
            return None
        value, status, raw = parsed
        if value is None and status is None:
            self._fail(result, "not-a-number", f"'{raw}' is not a number or a known status symbol.",
                       value_where)
            return None
        return Observation(
            area_code=area_code,
            indicator_id=indicator.id,
            period=period,
            value=value,
            status=status,
            raw=raw,
            breakdown=str(self._get(sheet, header, r, "breakdown") or "").strip(),
            source=self._source(sheet, header, r, value_where),
            publisher=str(self._get(sheet, header, r, "publisher") or "local").strip() or "local",
        )

    def _source(self, sheet, header, r, value_where: CellRef) -> CellRef:
        if not header.is_cpdesk or "source_file" not in header.columns:
            return value_where
        return CellRef(
            str(self._get(sheet, header, r, "source_file") or ""),
            str(self._get(sheet, header, r, "source_sheet") or ""),
            str(self._get(sheet, header, r, "source_cell") or ""),
        )

    def _indicator(self, sheet, header, r, result):
        text = str(self._get(sheet, header, r, "indicator") or "").strip()
        if text in self.schema:
            return self.schema.get(text)
        matches = self.schema.match_title(text) if text else []
        if len(matches) == 1:
            return matches[0]
        reason = "is ambiguous" if matches else "is not an indicator cpdesk knows"
        self._fail(result, "unknown-indicator", f"indicator '{text}' {reason}.",
                   self._where(sheet, header, r, "indicator"))
        return None

    def _area(self, sheet, header, r, result) -> str | None:
        for name in AREA_COLUMNS:
            text = str(self._get(sheet, header, r, name) or "").strip()
            if not text:
                continue
            area = self.areas.find(text)
            if area is not None:
                return area.code
            match = self.areas.match(text, context=self.council)
            if match.area is not None:
                return match.area.code
            self._fail(result, "unknown-area", f"area '{text}' is not one cpdesk knows ({match.reason}).",
                       self._where(sheet, header, r, name))
            return None
        self._fail(result, "unknown-area", "no area given.", self._where(sheet, header, r, "area_code"))
        return None

    def _period(self, sheet, header, r, result, indicator) -> Period | None:
        if header.is_cpdesk:
            period = _exact_period(sheet, header, r, self)
            if period is not None:
                return period
        name = "period" if "period" in header.columns else "period_label"
        raw = self._get(sheet, header, r, name)
        period = _parse_period_cached(raw) if raw not in (None, "") else None
        if period is None:
            self._fail(result, "unknown-period", f"'{raw}' is not a period cpdesk can read.",
                       self._where(sheet, header, r, name))
            return None
        return coerce_period(period, indicator.period_kind) if indicator is not None else period

    def _value(self, sheet, header, r, indicator):
        cell = self._get(sheet, header, r, "value")
        c = header.columns["value"]
        if header.is_cpdesk:
            status = str(self._get(sheet, header, r, "status") or "").strip() or None
            raw = self._get(sheet, header, r, "raw")
            raw_text = "" if raw is None else str(raw)
            if cell in (None, ""):
                return None, status or "blank", raw_text
            return float(cell), status, raw_text
        parsed = parse_cell(cell, sheet.number_format(r, c), indicator.unit)
        return parsed.value, parsed.status, parsed.raw


@functools.lru_cache(maxsize=4096)
def _parse_period_text(text: str) -> Period | None:
    return parse_period(text)


def _parse_period_cached(raw) -> Period | None:
    """A long sheet repeats a handful of period labels thousands of times: parse each once."""
    return _parse_period_text(raw) if isinstance(raw, str) else parse_period(raw)


def _exact_period(sheet, header, r, reader) -> Period | None:
    kind = str(reader._get(sheet, header, r, "period_kind") or "").strip()
    start = _as_date(reader._get(sheet, header, r, "period_start"))
    end = _as_date(reader._get(sheet, header, r, "period_end"))
    label = reader._get(sheet, header, r, "period_label") or reader._get(sheet, header, r, "period")
    label = str(label or "")
    if kind and start and end:
        return Period(kind, start, end, label)
    return None


def _as_date(value) -> dt.date | None:
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
